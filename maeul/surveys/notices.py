"""The notice a participants' survey sends when it opens (through the notifications
foundation: surveys chooses the recipients, the foundation stores and delivers)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.notifications.kinds import Audience, NoticeKind, register
from maeul.notifications.services import notify
from maeul.surveys.models import Participant, Survey

SURVEY_OPENED = "surveys.survey_opened"

register(
    NoticeKind(
        code=SURVEY_OPENED,
        audience=Audience.RESIDENT,
        label=_("A survey for the participants of a programme you took part in"),
        subject=_("Survey: %(title)s"),
        body=_(
            "%(place)s asks the participants of its programme. Your answers are stored "
            "without your name."
        ),
    )
)


def participants_of(survey: Survey) -> list[int]:
    """The accounts on the roster of the survey's programme (any, when it names none) in its
    municipality or below."""
    rows = Participant.objects.filter(municipality__path__startswith=survey.municipality.path)
    if survey.programme:
        rows = rows.filter(programme=survey.programme)
    return list(rows.values_list("user_id", flat=True).distinct())


def announce_opened(survey: Survey) -> None:
    """Tell the participants, once the opening commits (call inside its transaction)."""
    notify(
        SURVEY_OPENED,
        participants_of(survey),
        event_key=f"surveys.survey_opened:{survey.pk}",
        data={"title": survey.title, "place": survey.municipality.name},
        url=reverse("surveys:detail", args=[survey.pk]),
        municipality_id=survey.municipality_id,
    )
