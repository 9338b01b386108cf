"""What a cycle's public page and the downloads tell besides proposals and the result: the
general assembly, the budget school's figures and the count of screened-out proposals by
coded reason. Readers only; the writes are in ``services.assembly`` and ``services.reasons``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from maeul.budgeting import selectors
from maeul.budgeting.models import (
    Cycle,
    GeneralAssembly,
    Proposal,
    ProposalStatus,
    ScreeningReason,
)
from maeul.core import sqlplan
from maeul.outreach import interface as outreach_interface

SCREENED_OUT = (ProposalStatus.INFEASIBLE, ProposalStatus.MERGED)


@dataclass(frozen=True)
class ReasonCount:
    """Proposals screened out (infeasible or merged) with one coded reason; ``reason`` is
    None for those whose reason is written in words only (screened before the list, or where
    the municipality keeps none)."""

    reason: ScreeningReason | None
    proposals: int

    @property
    def code(self) -> str:
        return self.reason.code if self.reason is not None else ""

    @property
    def label(self) -> str:
        if self.reason is None:
            return str(_("Reason given in words (no code)"))
        return self.reason.display_label


_REASONS = sqlplan.Plan(
    lambda pk: ScreeningReason.objects.filter(
        Exists(
            Proposal.objects.filter(
                cycle_id=pk, status__in=SCREENED_OUT, screening_code=OuterRef("pk")
            )
        )
    ),
    int,
)
"""The coded reasons of the cycle's screened-out proposals, in the list's order."""


def reason_counts(cycle: Cycle, tally: list[dict[str, Any]] | None = None) -> list[ReasonCount]:
    """Screened-out proposals of ``cycle`` by reason, in the list's order, then the ones
    without a code; reasons with no proposal are left out. ``tally`` is the cycle's
    ``selectors.proposal_tally`` when the caller has it (the cycle's page); two queries
    without it, one with it."""
    rows = selectors.proposal_tally(cycle) if tally is None else tally
    counts: dict[int, int] = {}
    uncoded = 0
    for row in rows:
        if row["status"] not in SCREENED_OUT:
            continue
        code = row["screening_code"]
        if code is not None:
            counts[code] = counts.get(code, 0) + row["n"]
        elif row["status"] == ProposalStatus.INFEASIBLE:
            uncoded += row["n"]
    out = []
    if counts:
        out = [ReasonCount(reason, counts[reason.pk]) for reason in _REASONS.objects(cycle.pk)]
    if uncoded:
        out.append(ReasonCount(None, uncoded))
    return out


def reason_rows(municipality: Any) -> Iterable[list[Any]]:
    """The ``screening-reasons`` export: per cycle of ``municipality`` (every municipality's
    with None; oldest first) and reason, the number of screened-out proposals; the uncoded
    ones under an empty code."""
    cycles = Cycle.objects.order_by("municipality__path", "cycle_year")
    if municipality is not None:
        cycles = cycles.filter(municipality=municipality)
    for cycle in cycles.select_related("municipality"):
        for row in reason_counts(cycle):
            yield [cycle.municipality.name, cycle.cycle_year, row.code, row.proposals]


SchoolFigures = outreach_interface.SchoolFigures
"""The budget school (예산학教) of a cycle: an outreach course of kind ``pb_budget_school``
(one model for every course); its figures come through ``maeul.outreach.interface``."""


def school_figures(cycle: Cycle) -> SchoolFigures:
    """Sessions and attendance counted from the recorded sessions, or as the municipality
    reported them for a cycle run before Maeul (Geumcheon-gu: 5 / 137 in 2018, 5 / 682 in
    2019)."""
    return outreach_interface.budget_school_figures([cycle.pk])[cycle.pk]


_ASSEMBLIES = sqlplan.Plan(
    lambda pk: GeneralAssembly.objects.filter(cycle_id=pk).order_by("held_on", "pk"), int
)


def assemblies(cycle: Cycle) -> list[GeneralAssembly]:
    return cast(list[GeneralAssembly], _ASSEMBLIES.objects(cycle.pk))
