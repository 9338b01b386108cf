"""The points scheme's card on a municipality's home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.core.sqlplan import Plan
from maeul.points.models import AwardTable
from maeul.points.selectors import points_earned_figures

_HOME_TABLE = Plan(
    lambda pk: (
        AwardTable.objects.filter(municipality=pk).order_by("-effective_from").values("version")[:1]
    ),
    int,
)


def _cards(municipality: Any) -> list[ProgrammeCard]:
    """The latest award table (its query's text compiled once per process,
    ``maeul.core.sqlplan``) and what residents earned, as the ledger keeps it."""
    tables = _HOME_TABLE.dicts(municipality.pk)
    if not tables:
        return []
    # Kept by the ledger with every award (docs/subsystems/points-ledger.md, invariant 8):
    # counting the awards here grew with the residents.
    residents, points = points_earned_figures(municipality)
    return [
        ProgrammeCard(
            title=_("Participation points"),
            url=reverse("points:scheme", args=[municipality.slug]),
            status=_("Award table version %(version)s") % {"version": tables[0]["version"]},
            summary=_("%(residents)s residents have earned %(points)s points.")
            % {
                "residents": f"{residents:,}",
                "points": f"{points:,}",
            },
        )
    ]


register_programme(
    Programme(
        key="points",
        title=gettext_lazy("Participation points"),
        description=gettext_lazy(
            "Residents earn points for taking part (votes, meetings, surveys, volunteering) "
            "and exchange 10,000 points for a 10,000-won traditional-market voucher."
        ),
        order=60,
        cards=_cards,
    )
)
