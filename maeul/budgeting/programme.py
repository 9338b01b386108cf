"""Participatory budgeting's cards on a municipality's home page: the current cycle and the
yearly history."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.budgeting.models import Phase
from maeul.budgeting.selectors import cycles_of
from maeul.core.programmes import Programme, ProgrammeCard, register_programme


def _cards(municipality: Any) -> list[ProgrammeCard]:
    cycles = list(cycles_of(municipality).exclude(phase=Phase.SETUP).order_by("-cycle_year"))
    if not cycles:
        return []
    cards = []
    current = cycles[0]
    if not hasattr(current, "summary"):
        cards.append(
            ProgrammeCard(
                title=current.title,
                url=reverse("budgeting:cycle", args=[municipality.slug, current.cycle_year]),
                status=str(Phase(current.phase).label),
                summary=_("Budget year %(year)s, %(amount)s won for residents' proposals.")
                % {"year": current.budget_year, "amount": f"{current.total_amount_won:,}"},
            )
        )
    cards.append(
        ProgrammeCard(
            title=_("Participatory budgeting by year"),
            url=reverse("budgeting:history", args=[municipality.slug]),
            summary=_("%(n)s cycles: proposals, adopted projects and execution rates.")
            % {"n": len(cycles)},
        )
    )
    return cards


register_programme(
    Programme(
        key="budgeting",
        title=gettext_lazy("Participatory budgeting"),
        description=gettext_lazy(
            "Residents propose projects for next year's budget; departments screen them, dong "
            "meetings and the committee deliberate, and the committee and a mobile vote decide."
        ),
        order=10,
        cards=_cards,
    )
)
