"""The points scheme's card on a municipality's home page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.core.prepared import prepared_rows
from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.points.models import AwardTable, PointsTransaction, TransactionKind


def _cards(municipality: Any) -> list[ProgrammeCard]:
    """The latest award table and what residents earned, each query's text compiled once per
    process (``maeul.core.prepared``)."""
    tables = prepared_rows(
        "points.home_table",
        AwardTable,
        [municipality.pk],
        lambda: (
            AwardTable.objects.filter(municipality=municipality.pk)
            .order_by("-effective_from")
            .values("version")[:1]
        ),
    )
    if not tables:
        return []
    earned = prepared_rows(
        "points.home_earned",
        PointsTransaction,
        [TransactionKind.EARN, municipality.pk],
        lambda: (
            PointsTransaction.objects.filter(
                municipality=municipality.pk, kind=TransactionKind.EARN
            )
            .values("municipality")
            .annotate(residents=Count("resident", distinct=True), points=Sum("amount"))
            .order_by()
        ),
    )
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
