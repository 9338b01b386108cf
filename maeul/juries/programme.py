"""The citizens' jury card on a municipality's home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.juries.models import Jury


def _cards(municipality: Any) -> list[ProgrammeCard]:
    return [
        ProgrammeCard(
            title=jury.name,
            url=reverse("juries:detail", args=[jury.pk]),
            status=str(jury.get_phase_display()),
            summary=jury.description[:140],
        )
        for jury in Jury.objects.filter(municipality=municipality).order_by("-recruitment_year")
    ]


register_programme(
    Programme(
        key="juries",
        title=gettext_lazy("Citizens' jury"),
        description=gettext_lazy(
            "Residents drawn by lottery check and grade the progress of the election pledges."
        ),
        order=55,
        cards=_cards,
    )
)
