"""Can any panel meet the quotas? If not, what is the smallest change that makes one possible?

Officials set quotas from census shares, then the volunteers who answer are older, or from
some districts more than others, and the quotas can no longer be met. A crash is useless to
them; "lower the minimum of men in their twenties from 5 to 3" is what they need. The
suggestion comes from a small integer program: the same panel constraints as the lottery,
with every quota bound allowed to move at a cost of one per seat, minimising the total move.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import highspy
import numpy as np

from maeul.engine.sortition._highs import INF, PanelModel, add_cols, add_row, new_highs
from maeul.engine.sortition.errors import SolverError
from maeul.engine.sortition.model import (
    FeasibilityReport,
    FeatureQuota,
    Finding,
    Person,
    Relaxation,
)
from maeul.engine.sortition.pool import Instance, build_instance


def check_feasibility(
    people: Sequence[Person],
    quotas: Sequence[FeatureQuota],
    k: int,
    household_rule: bool = True,
) -> FeasibilityReport:
    """Diagnose whether a panel of ``k`` from ``people`` can meet ``quotas``.

    Raises :class:`InvalidPool`/:class:`InvalidQuotas` only for malformed input; an unmeetable
    but well-formed quota table gives ``feasible=False`` with problems and a relaxation.
    """
    return report_for_instance(build_instance(people, quotas, k, household_rule=household_rule))


def _problems(instance: Instance) -> list[Finding]:
    """Plain-language reasons found by counting alone (they explain the relaxation)."""
    k = instance.k
    problems: list[Finding] = []
    by_feature: dict[str, list[FeatureQuota]] = {}
    for q in instance.quotas:
        by_feature.setdefault(q.feature, []).append(q)
    for feature, qs in by_feature.items():
        low = sum(q.min for q in qs)
        high = sum(q.max for q in qs)
        if low > k:
            problems.append(
                Finding(
                    "minimums_exceed_panel",
                    f"the minimums of {feature} add up to {low}, more than the panel of {k}",
                    {"feature": feature, "total": low, "k": k},
                )
            )
        if high < k:
            problems.append(
                Finding(
                    "maximums_below_panel",
                    f"the maximums of {feature} add up to {high}, less than the panel of {k}",
                    {"feature": feature, "total": high, "k": k},
                )
            )
    available = Counter(
        qi for g, qs in enumerate(instance.group_quotas) for qi in qs for _ in instance.groups[g]
    )
    for qi, q in enumerate(instance.quotas):
        if available[qi] < q.min:
            problems.append(
                Finding(
                    "too_few_with_value",
                    f"only {available[qi]} volunteer(s) have {q.feature}={q.value}, "
                    f"but the minimum is {q.min}",
                    {
                        "feature": q.feature,
                        "value": q.value,
                        "available": available[qi],
                        "min": q.min,
                    },
                )
            )
    singles = len(instance.people) - sum(len(h) for h in instance.households)
    units = singles + len(instance.households)
    if units < k:
        what = "households" if instance.households else "volunteers"
        problems.append(
            Finding(
                "pool_too_small",
                f"the pool has only {units} {what}, fewer than the panel of {k}",
                {"units": units, "k": k, "households": bool(instance.households)},
            )
        )
    return problems


def report_for_instance(instance: Instance) -> FeasibilityReport:
    model = PanelModel(instance)
    if model.maximise(np.zeros(len(instance.groups))) is not None:
        return FeasibilityReport(feasible=True, k=instance.k)
    findings = _problems(instance)
    relaxations = _relaxation(instance, use_flex=True)
    if relaxations is None:
        relaxations = _relaxation(instance, use_flex=False)
    if relaxations is None:
        findings = findings or [
            Finding(
                "household_rule",
                f"the pool cannot fill a panel of {instance.k} under the household rule",
                {"k": instance.k},
            )
        ]
        return FeasibilityReport(
            feasible=False,
            k=instance.k,
            problems=tuple(f.text for f in findings),
            panel_size_possible=False,
            findings=tuple(findings),
        )
    if not findings:
        findings.append(
            Finding(
                "features_conflict", "the quotas of different features cannot all be met together"
            )
        )
    return FeasibilityReport(
        feasible=False,
        k=instance.k,
        problems=tuple(f.text for f in findings),
        relaxations=tuple(relaxations),
        findings=tuple(findings),
    )


def _relaxation(instance: Instance, *, use_flex: bool) -> list[Relaxation] | None:
    """Smallest total change of quota bounds under which a panel exists (None: none helps).

    With ``use_flex`` the Sortition Foundation's ``min_flex``/``max_flex`` columns limit how
    far each bound may move; without, bounds may move anywhere (0..k).
    """
    k = instance.k
    groups = instance.groups
    quotas = instance.quotas
    n_groups = len(groups)
    n_quotas = len(quotas)
    h = new_highs()
    lower_slack_ub = []
    upper_slack_ub = []
    for q in quotas:
        lo_cap = float(q.min)
        hi_cap = float(max(0, k - q.max))
        if use_flex and q.min_flex is not None:
            lo_cap = float(max(0, q.min - q.min_flex))
        if use_flex and q.max_flex is not None:
            hi_cap = float(max(0, q.max_flex - q.max))
        lower_slack_ub.append(lo_cap)
        upper_slack_ub.append(hi_cap)
    # Columns: group counts, then lower-bound slacks, then upper-bound slacks.
    costs = [0.0] * n_groups + [1.0] * (2 * n_quotas)
    lower = [0.0] * (n_groups + 2 * n_quotas)
    upper = [float(len(g)) for g in groups] + lower_slack_ub + upper_slack_ub
    add_cols(h, costs, lower, upper)
    total = n_groups + 2 * n_quotas
    h.changeColsIntegrality(
        total,
        np.arange(total, dtype=np.int32),
        np.array([highspy.HighsVarType.kInteger] * total),
    )
    add_row(h, k, k, range(n_groups), [1.0] * n_groups)
    members: list[list[int]] = [[] for _ in quotas]
    for g, qs in enumerate(instance.group_quotas):
        for qi in qs:
            members[qi].append(g)
    for qi, q in enumerate(quotas):
        ones = [1.0] * len(members[qi])
        add_row(h, q.min, INF, [*members[qi], n_groups + qi], [*ones, 1.0])
        add_row(h, -INF, q.max, [*members[qi], n_groups + n_quotas + qi], [*ones, -1.0])
    for household in instance.households:
        add_row(h, -INF, 1.0, household, [1.0] * len(household))
    h.run()
    st = h.getModelStatus()
    if st == highspy.HighsModelStatus.kInfeasible:
        return None
    if st != highspy.HighsModelStatus.kOptimal:
        raise SolverError(f"HiGHS could not compute a relaxation: {h.modelStatusToString(st)}")
    values = np.rint(np.asarray(h.getSolution().col_value)).astype(int)
    out = []
    for qi, q in enumerate(quotas):
        down = int(values[n_groups + qi])
        up = int(values[n_groups + n_quotas + qi])
        if down or up:
            out.append(Relaxation(q.feature, q.value, q.min, q.max, q.min - down, q.max + up))
    return out
