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
