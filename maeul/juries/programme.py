"""The citizens' jury card on a municipality's home page."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy

from maeul.core.programmes import Cards, Programme, ProgrammeCard, register_programme
from maeul.core.sqlplan import Plan
from maeul.juries.models import Jury

SHOWN = 4


def _card(jury: Jury) -> ProgrammeCard:
    return ProgrammeCard(
        title=jury.name,
        url=reverse("juries:detail", args=[jury.pk]),
        status=str(jury.get_phase_display()),
        summary=jury.description[:140],
    )


def _cards_of(municipality: Any, juries: list[Jury]) -> list[ProgrammeCard]:
    """The newest ``SHOWN`` juries, with how many there are and a link to the jury list."""
    return Cards(
        [_card(jury) for jury in juries[:SHOWN]],
        total=len(juries),
        more_url=reverse("juries:index", args=[municipality.slug]),
    )


def _cards(municipality: Any) -> list[ProgrammeCard]:
    """The place's newest ``SHOWN`` juries and how many there are (a window count on the
    shown rows), from one query whose text is compiled once per process
    (``maeul.core.sqlplan``)."""
    rows = _HOME_CARDS.dicts(municipality.pk)
    juries = [
        Jury(pk=r["pk"], name=r["name"], description=r["description"], phase=r["phase"])
        for r in rows
    ]
    return Cards(
        [_card(jury) for jury in juries],
        total=rows[0]["total"] if rows else 0,
        more_url=reverse("juries:index", args=[municipality.slug]),
    )


def _cards_for_many(municipalities: list[Any]) -> dict[int, list[ProgrammeCard]]:
    """Every place's cards from one query over their juries (the ``/juries/`` index)."""
    by_place: dict[int, list[Jury]] = defaultdict(list)
    for jury in _juries().filter(municipality__in=[m.pk for m in municipalities]):
        by_place[jury.municipality_id].append(jury)
    return {m.pk: _cards_of(m, by_place[m.pk]) for m in municipalities}


def _juries() -> Any:
    return Jury.objects.order_by("-recruitment_year", "name", "pk")


_HOME_CARDS = Plan(
    lambda pk: (
        _juries()
        .filter(municipality=pk)
        .annotate(total=Window(Count("pk")))
        .values("pk", "name", "description", "phase", "total")[:SHOWN]
    ),
    int,
)


register_programme(
    Programme(
        key="juries",
        title=gettext_lazy("Citizens' jury"),
        description=gettext_lazy(
            "Residents drawn by lottery check and grade the progress of the election pledges."
        ),
        order=55,
        cards=_cards,
        cards_for_many=_cards_for_many,
    )
)
