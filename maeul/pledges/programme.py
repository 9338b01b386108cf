"""The pledges card on a municipality's home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.pledges.models import Pledge


def _cards(municipality: Any) -> list[ProgrammeCard]:
    count = Pledge.objects.filter(municipality=municipality).count()
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


register_programme(
    Programme(
        key="pledges",
        title=gettext_lazy("Election pledges"),
        description=gettext_lazy(
            "The mayor's election pledges, tracked sheet by sheet and graded by a citizens' jury."
        ),
        order=50,
        cards=_cards,
    )
)
