"""Participatory budgeting engine (주민참여예산 선정 엔진).

Pure Python, no Django: the decision core that the ``maeul.budgeting`` app and the
``maeul pb`` command call. It reads and writes Pabulib ``.pb`` files and computes outcomes,
exactly (integers and fractions, never floats in a result), each with a trace that explains
every decision:

- :func:`korean_mixed_rule` -- the Korean committee + mobile vote rule (SPEC section 1),
- :func:`greedy` -- utilitarian greedy by votes or votes per cost, with or without skipping,
- :func:`method_of_equal_shares` -- MES with add1, add1u and the comparison step,
- :func:`phragmen` -- sequential Phragmén.

Errors a person can cause are :class:`BudgetingError` subclasses with ``field``/``line``.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Light modules (no numpy), imported at once. ``explain``, ``greedy`` and ``phragmen`` are
# also the names of their modules: importing them here binds the package attribute to the
# function for good (a later first import of the submodule would bind it to the module).
from .errors import (
    BudgetingError,
    InvalidInstance,
    InvalidParameter,
    InvalidProfile,
    ParseError,
    UnresolvedTie,
)
from .explain import explain
from .greedy import greedy, project_scores, vote_counts
from .model import Ballot, Ineligible, Instance, Outcome, Profile, Project, Step
from .numbers import format_amount, parse_amount
from .phragmen import phragmen

if TYPE_CHECKING:
    from .korean import (
        KoreanProject,
        KoreanSettings,
        MixedOutcome,
        korean_mixed_rule,
        load_mixed_csv,
        load_mixed_json,
    )
    from .mes import method_of_equal_shares
    from .pabulib import read_pb, write_pb

# The other public names -> the module that defines them, loaded on first use (PEP 562), so
# that ``maeul pb`` imports numpy, MES and the Korean rule only when its sub-command needs
# them: importing everything cost about 0.17 s before any work.
_MODULES = {
    "KoreanProject": "korean",
    "KoreanSettings": "korean",
    "MixedOutcome": "korean",
    "korean_mixed_rule": "korean",
    "load_mixed_csv": "korean",
    "load_mixed_json": "korean",
    "method_of_equal_shares": "mes",
    "read_pb": "pabulib",
    "write_pb": "pabulib",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_MODULES))


__all__ = [
    "Ballot",
    "BudgetingError",
    "Ineligible",
    "Instance",
    "InvalidInstance",
    "InvalidParameter",
    "InvalidProfile",
    "KoreanProject",
    "KoreanSettings",
    "MixedOutcome",
    "Outcome",
    "ParseError",
    "Profile",
    "Project",
    "Step",
    "UnresolvedTie",
    "explain",
    "format_amount",
    "greedy",
    "korean_mixed_rule",
    "load_mixed_csv",
    "load_mixed_json",
    "method_of_equal_shares",
    "parse_amount",
    "phragmen",
    "project_scores",
    "read_pb",
    "vote_counts",
    "write_pb",
]
