"""The governance programme's card on a municipality's home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.governance import selectors
from maeul.governance.models import Body


def _cards(municipality: Any) -> list[ProgrammeCard]:
    cards = []
    bodies = Body.objects.filter(municipality__in=municipality.subtree()).count()
    if bodies:
        cards.append(
            ProgrammeCard(
                title=_("Councils and committees"),
                url=reverse("governance:bodies", args=[municipality.slug]),
                summary=_("%(count)s governance bodies") % {"count": bodies},
            )
        )
    years = selectors.periods_with_sessions(municipality)
    if years:
        cards.append(
            ProgrammeCard(
                title=_("Deliberation statistics"),
                url=reverse("governance:statistics", args=[municipality.slug]),
                status=str(years[0]),
                summary=_("Attendance, hours and meetings of deliberation sessions by district."),
            )
        )
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
    )
)
