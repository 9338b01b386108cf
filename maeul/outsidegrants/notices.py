"""What the register of outside grant programmes tells officials (through the notifications
foundation): a programme's deadline is within a week and the district has not decided
whether to apply (sent by the daily job, once per programme and deadline), and an outcome was
recorded. Recipients are the officials who may record on the register (``MANAGE``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.accounts.selectors import officials_holding
from maeul.notifications.kinds import Audience, NoticeKind, register
from maeul.notifications.services import notify

DEADLINE_DAYS = 7
"""How far ahead the daily job warns of an undecided programme's deadline."""

DEADLINE = register(
    NoticeKind(
        code="outsidegrants.deadline",
        audience=Audience.OFFICIAL,
        label=_("An outside grant programme closes within a week and nobody has decided"),
        subject=_("Deadline %(deadline)s: %(title)s"),
        body=_("Decide whether %(place)s applies, with its pre-check, before the deadline."),
    )
)
OUTCOME = register(
    NoticeKind(
        code="outsidegrants.outcome",
        audience=Audience.OFFICIAL,
        label=_("The outcome of an outside grant application was recorded"),
        subject=_("Outcome: %(title)s"),
        body=_("%(department)s: %(outcome)s."),
    )
)


def _managers(programme: Any) -> list[int]:
    from maeul.outsidegrants.rules import OutsideGrantPermission

    return officials_holding(OutsideGrantPermission.MANAGE, programme)


def _url(programme: Any) -> str:
    return reverse("outsidegrants:programme", args=[programme.pk])


def deadline_near(programme: Any) -> None:
    deadline = programme.deadline.isoformat()
    notify(
        DEADLINE.code,
        _managers(programme),
        event_key=f"outsidegrants.programme:{programme.pk}:deadline:{deadline}",
        data={"title": programme.title, "deadline": deadline, "place": programme.municipality.name},
        url=_url(programme),
        municipality_id=programme.municipality_id,
    )


def outcome_recorded(application: Any) -> None:
    programme = application.programme
    notify(
        OUTCOME.code,
        _managers(programme),
        event_key=f"outsidegrants.application:{application.pk}:outcome:{application.outcome}",
        data={
            "title": programme.title,
            "department": application.department,
            "outcome": str(application.get_outcome_display()),
        },
        url=_url(programme),
        municipality_id=programme.municipality_id,
    )
