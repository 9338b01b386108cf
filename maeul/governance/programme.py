"""The governance programme's card on a municipality's home page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.core.sqlplan import Plan
from maeul.governance import selectors
from maeul.governance.models import Body, DeliberationSession, ReportStatus


def _card_list(municipality: Any, bodies: int, latest_year: int | None) -> list[ProgrammeCard]:
    cards = []
    if bodies:
        cards.append(
            ProgrammeCard(
                title=_("Councils and committees"),
                url=reverse("governance:bodies", args=[municipality.slug]),
                summary=_("%(count)s governance bodies") % {"count": bodies},
            )
        )
    if latest_year is not None:
        cards.append(
            ProgrammeCard(
                title=_("Deliberation statistics"),
                url=reverse("governance:statistics", args=[municipality.slug]),
                status=str(latest_year),
                summary=_("Attendance, hours and meetings of deliberation sessions by district."),
            )
        )
    return cards


# A subtree's bodies counted per place, and its latest session of an accepted report per
# place, by the subtree's path (compiled once per process: ``maeul.core.sqlplan``).
_HOME_BODIES = Plan(
    lambda path: (
        Body.objects.filter(municipality__path__startswith=path)
        .values("municipality__path")
        .annotate(n=Count("id"))
        .order_by()
    ),
    str,
)
_HOME_SESSIONS = Plan(
    lambda path: (
        DeliberationSession.objects.filter(
            report__status=ReportStatus.ACCEPTED, municipality__path__startswith=path
        )
        .values("municipality__path")
        .annotate(last=Max("starts_at"))
        .order_by()
    ),
    str,
)


def _cards(municipality: Any) -> list[ProgrammeCard]:
    """One place's cards: the bodies of the place and the places below it, and the year of
    their latest session of an accepted report, as ``_cards_for_many`` rolls them up, but
    read for that subtree only, by two planned queries."""
    bodies = _HOME_BODIES.dicts(municipality.path)
    sessions = _HOME_SESSIONS.dicts(municipality.path)
    years = [timezone.localtime(row["last"]).year for row in sessions]
    return _card_list(municipality, sum(row["n"] for row in bodies), max(years, default=None))


def _cards_for_many(municipalities: list[Any]) -> dict[int, list[ProgrammeCard]]:
    """Every place's cards from two grouped queries, whatever the number of places and bodies:
    bodies counted per place and the latest accepted session per place, each rolled up to the
    places above it by their paths (``/governance/`` ran 85 queries, three per place)."""
    bodies, latest = selectors.programme_figures()
    cards = {}
    for municipality in municipalities:
        below = [path for path in {*bodies, *latest} if path.startswith(municipality.path)]
        count = sum(bodies.get(path, 0) for path in below)
        years = [latest[path] for path in below if path in latest]
        cards[municipality.pk] = _card_list(municipality, count, max(years, default=None))
    return cards


register_programme(
    Programme(
        key="governance",
        title=gettext_lazy("Governance councils and deliberation"),
        description=gettext_lazy(
            "Councils where residents, council members and officials decide together, and the "
            "records of their deliberation sessions."
        ),
        order=70,
        cards=_cards,
        cards_for_many=_cards_for_many,
    )
)
