"""Fair citizens' jury lottery (주민참여배심원단 추첨): quotas, LEXIMIN, reserves, replacements.

Pure Python on the open-source HiGHS solver; no Django. The jury app calls
:func:`run_lottery` (or the steps: :func:`check_feasibility`, :func:`find_distribution`,
:func:`draw_panel`, :func:`draw_reserves`, :func:`replace_dropouts`) and stores the
:class:`LotteryResult`. See ``docs/subsystems/sortition.md`` for the why.
"""

from maeul.engine.sortition.csvio import (
    parse_features,
    parse_people,
    parse_shares,
    read_features_csv,
    read_people_csv,
    read_shares_csv,
    write_features_csv,
    write_people_csv,
)
from maeul.engine.sortition.distribution import ALGORITHMS, find_distribution
from maeul.engine.sortition.draw import (
    ENGINE_VERSION,
    draw_panel,
    draw_reserves,
    equally_likely_panels,
    inputs_sha256,
    panel_violations,
    replace_dropouts,
    run_lottery,
    seeded_uniform,
)
from maeul.engine.sortition.errors import (
    InfeasibleQuotas,
    InvalidInput,
    InvalidPool,
    InvalidQuotas,
    SolverError,
    SortitionError,
)
from maeul.engine.sortition.feasibility import check_feasibility
from maeul.engine.sortition.model import (
    Distribution,
    FeasibilityReport,
    FeatureQuota,
    Finding,
    LotteryResult,
    Person,
    Relaxation,
    Replacement,
    SolveStats,
)
from maeul.engine.sortition.pool import normalise_household
from maeul.engine.sortition.quotas import largest_remainder, quotas_from_shares

__version__ = ENGINE_VERSION

__all__ = [
    "ALGORITHMS",
    "ENGINE_VERSION",
    "Distribution",
    "FeasibilityReport",
    "FeatureQuota",
    "Finding",
    "InfeasibleQuotas",
    "InvalidInput",
    "InvalidPool",
    "InvalidQuotas",
    "LotteryResult",
    "Person",
    "Relaxation",
    "Replacement",
    "SolveStats",
    "SolverError",
    "SortitionError",
    "check_feasibility",
    "draw_panel",
    "draw_reserves",
    "equally_likely_panels",
    "find_distribution",
    "inputs_sha256",
    "largest_remainder",
    "normalise_household",
    "panel_violations",
    "parse_features",
    "parse_people",
    "parse_shares",
    "quotas_from_shares",
    "read_features_csv",
    "read_people_csv",
    "read_shares_csv",
    "replace_dropouts",
    "run_lottery",
    "seeded_uniform",
    "write_features_csv",
    "write_people_csv",
]
