"""The innovation programme's card on a city's home page: its rounds of plans and its
published evaluations."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.innovation.models import EvaluationRound, EvaluationState, PlanRound


def _cards(municipality: Any) -> list[ProgrammeCard]:
    cards = [
        ProgrammeCard(
            title=_("Community innovation plans %(year)d") % {"year": r.year},
            url=reverse("innovation:round", args=[r.pk]),
            status="",
        )
        for r in PlanRound.objects.filter(municipality=municipality).order_by("-year")[:3]
    ]
    cards += [
        ProgrammeCard(
            title=_("District evaluation %(year)d") % {"year": e.year},
            url=reverse("innovation:evaluation", args=[e.pk]),
            status=_("Published"),
        )
        for e in EvaluationRound.objects.filter(
            municipality=municipality, state=EvaluationState.PUBLISHED
        ).order_by("-year")[:3]
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
