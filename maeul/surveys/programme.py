"""The surveys programme's cards on a municipality's home page: its open and published
surveys (drafts and closed surveys awaiting results are not news for residents)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.core.programmes import Cards, Programme, ProgrammeCard, register_programme
from maeul.core.sqlplan import Plan
from maeul.surveys.models import Survey, SurveyState

SHOWN = 6
LISTED = (SurveyState.OPEN, SurveyState.PUBLISHED)


def _card(survey: Survey) -> ProgrammeCard:
    if survey.state == SurveyState.PUBLISHED:
        url = reverse("surveys:results", args=[survey.pk])
    else:
        url = reverse("surveys:detail", args=[survey.pk])
    return ProgrammeCard(title=survey.title, url=url, status=str(survey.get_state_display()))


_HOME_CARDS = Plan(
    lambda pk: (
        Survey.objects.filter(municipality=pk, state__in=LISTED)
        .annotate(total=Window(Count("pk")))
        .order_by("-created_at", "-pk")
        .values("pk", "title", "state", "total")[:SHOWN]
    ),
    int,
)


def _cards(municipality: Any) -> list[ProgrammeCard]:
    """The place's newest ``SHOWN`` listed surveys, and how many there are when more are
    listed (a window count on the shown rows), from one query whose text is compiled once per
    process (``maeul.core.sqlplan``)."""
    rows = _HOME_CARDS.dicts(municipality.pk)
    cards = [_card(Survey(pk=r["pk"], title=r["title"], state=r["state"])) for r in rows]
    if len(rows) < SHOWN:
        return cards
    return Cards(
        cards, total=rows[0]["total"], more_url=reverse("surveys:list", args=[municipality.slug])
    )


def _cards_for_many(municipalities: list[Any]) -> dict[int, list[ProgrammeCard]]:
    found: dict[int, list[ProgrammeCard]] = {m.pk: [] for m in municipalities}
    rows = Survey.objects.filter(
        municipality__in=[m.pk for m in municipalities], state__in=LISTED
    ).order_by("-created_at", "-pk")
    for survey in rows:
        cards = found[survey.municipality_id]
        if len(cards) < SHOWN:
            cards.append(_card(survey))
    return found


register_programme(
    Programme(
        key="surveys",
        title=_("Surveys"),
        description=_(
            "Questionnaires to residents and to the participants of a programme, answered "
            "anonymously, with results compared between participants and the general public."
        ),
        order=80,
        cards=_cards,
        cards_for_many=_cards_for_many,
    )
)
