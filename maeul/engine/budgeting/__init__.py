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

if TYPE_CHECKING:
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
    from .korean import (
        KoreanProject,
        KoreanSettings,
        MixedOutcome,
        korean_mixed_rule,
        load_mixed_csv,
        load_mixed_json,
    )
    from .mes import method_of_equal_shares
    from .model import Ballot, Ineligible, Instance, Outcome, Profile, Project, Step
    from .numbers import format_amount, parse_amount
    from .pabulib import read_pb, write_pb
    from .phragmen import phragmen

# Public name -> the module that defines it. The names are loaded on first use (PEP 562),
# so that ``maeul pb`` imports only what its sub-command needs: importing every rule, and
# numpy with them, cost about 0.17 s before any work.
_MODULES = {
    "BudgetingError": "errors",
    "InvalidInstance": "errors",
    "InvalidParameter": "errors",
    "InvalidProfile": "errors",
    "ParseError": "errors",
    "UnresolvedTie": "errors",
    "explain": "explain",
    "greedy": "greedy",
    "project_scores": "greedy",
    "vote_counts": "greedy",
    "KoreanProject": "korean",
    "KoreanSettings": "korean",
    "MixedOutcome": "korean",
    "korean_mixed_rule": "korean",
    "load_mixed_csv": "korean",
    "load_mixed_json": "korean",
    "method_of_equal_shares": "mes",
    "Ballot": "model",
    "Ineligible": "model",
    "Instance": "model",
    "Outcome": "model",
    "Profile": "model",
    "Project": "model",
    "Step": "model",
    "format_amount": "numbers",
    "parse_amount": "numbers",
    "read_pb": "pabulib",
    "write_pb": "pabulib",
    "phragmen": "phragmen",
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
