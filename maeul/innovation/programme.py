"""The innovation programme's card on a city's home page: its rounds of plans and its
published evaluations."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.core.sqlplan import Plan
from maeul.innovation.models import EvaluationRound, EvaluationState, PlanRound

_HOME_ROUNDS = Plan(
    lambda pk: PlanRound.objects.filter(municipality=pk).order_by("-year").values("pk", "year")[:3],
    int,
)
_HOME_EVALUATIONS = Plan(
    lambda pk: (
        EvaluationRound.objects.filter(municipality=pk, state=EvaluationState.PUBLISHED)
        .order_by("-year")
        .values("pk", "year")[:3]
    ),
    int,
)


def _cards(municipality: Any) -> list[ProgrammeCard]:
    """The three latest rounds of plans and published evaluations, from two queries whose
    text is compiled once per process (``maeul.core.sqlplan``)."""
    rounds = _HOME_ROUNDS.dicts(municipality.pk)
    cards = [
        ProgrammeCard(
            title=_("Community innovation plans %(year)d") % {"year": r["year"]},
            url=reverse("innovation:round", args=[r["pk"]]),
            status="",
        )
        for r in rounds
    ]
    evaluations = _HOME_EVALUATIONS.dicts(municipality.pk)
    cards += [
        ProgrammeCard(
            title=_("District evaluation %(year)d") % {"year": e["year"]},
            url=reverse("innovation:evaluation", args=[e["pk"]]),
            status=_("Published"),
        )
        for e in evaluations
    ]
    return cards


register_programme(
    Programme(
        key="innovation",
        title=_lazy("Community innovation plans"),
        description=_lazy(
            "The districts' community innovation plans, checked against the city's rules, "
            "and the yearly evaluation that grades next year's funding."
        ),
        order=85,
        cards=_cards,
    )
)
