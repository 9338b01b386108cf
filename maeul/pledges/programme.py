"""The pledges card on a municipality's home page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.core.sqlplan import Plan
from maeul.pledges.models import Pledge


def _card(municipality: Any, count: int) -> list[ProgrammeCard]:
    if not count:
        return []
    return [
        ProgrammeCard(
            title=_("Election pledges"),
            url=reverse("pledges:dashboard", args=[municipality.slug]),
            status=_("%(count)s pledges") % {"count": count},
            summary=_("Progress of each pledge, budget execution and the citizens' jury."),
        )
    ]


_HOME_COUNT = Plan(
    lambda pk: (
        Pledge.objects.filter(municipality=pk)
        .values("municipality")
        .annotate(n=Count("id"))
        .order_by()
    ),
    int,
)


def _cards(municipality: Any) -> list[ProgrammeCard]:
    """One grouped count, its text compiled once per process (``maeul.core.sqlplan``)."""
    rows = _HOME_COUNT.dicts(municipality.pk)
    return _card(municipality, rows[0]["n"] if rows else 0)


def _cards_for_many(municipalities: list[Any]) -> dict[int, list[ProgrammeCard]]:
    """Every place's card from one grouped count (the ``/pledges/`` index)."""
    counts = dict(
        Pledge.objects.filter(municipality__in=[m.pk for m in municipalities])
        .values_list("municipality")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {m.pk: _card(m, counts.get(m.pk, 0)) for m in municipalities}


register_programme(
    Programme(
        key="pledges",
        title=gettext_lazy("Election pledges"),
        description=gettext_lazy(
            "The mayor's election pledges, tracked sheet by sheet and graded by a citizens' jury."
        ),
        order=50,
        cards=_cards,
        cards_for_many=_cards_for_many,
    )
)
