"""The points scheme's card on a municipality's home page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.core.sqlplan import Plan
from maeul.points.models import AwardTable, PointsTransaction, TransactionKind

_HOME_TABLE = Plan(
    lambda pk: (
        AwardTable.objects.filter(municipality=pk).order_by("-effective_from").values("version")[:1]
    ),
    int,
)
_HOME_EARNED = Plan(
    lambda pk: (
        PointsTransaction.objects.filter(municipality=pk, kind=TransactionKind.EARN)
        .values("municipality")
        .annotate(residents=Count("resident", distinct=True), points=Sum("amount"))
        .order_by()
    ),
    int,
)


def _cards(municipality: Any) -> list[ProgrammeCard]:
    """The latest award table and what residents earned, each query's text compiled once per
    process (``maeul.core.sqlplan``)."""
    tables = _HOME_TABLE.dicts(municipality.pk)
    if not tables:
        return []
    earned = _HOME_EARNED.dicts(municipality.pk)
    figures = earned[0] if earned else {"residents": 0, "points": 0}
    return [
        ProgrammeCard(
            title=_("Participation points"),
            url=reverse("points:scheme", args=[municipality.slug]),
            status=_("Award table version %(version)s") % {"version": tables[0]["version"]},
            summary=_("%(residents)s residents have earned %(points)s points.")
            % {
                "residents": f"{figures['residents'] or 0:,}",
                "points": f"{figures['points'] or 0:,}",
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
