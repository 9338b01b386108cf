"""What governance tells officials (issue 15): a committee member's term ends within 30
days, so that a reappointment or a successor is prepared in time. Told to the officials who
may manage the body (its municipality's administrators and programme managers, and those
above it), once per membership and term end: a renewed term is news again."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.accounts.selectors import officials_holding
from maeul.governance.models import Membership
from maeul.governance.rules import GovernancePermission
from maeul.notifications.kinds import Audience, NoticeKind, register
from maeul.notifications.services import notify

TERM_ENDING = register(
    NoticeKind(
        code="governance.term_ending",
        audience=Audience.OFFICIAL,
        label=_("A committee member's term ends within 30 days"),
        subject=_("%(person)s's term on %(body)s ends on %(term_end)s"),
        body=_("Prepare the reappointment or the appointment of a successor."),
    )
)

NOTICE_DAYS = 30


def term_ending(membership: Membership) -> None:
    body = membership.body
    notify(
        TERM_ENDING.code,
        officials_holding(GovernancePermission.MANAGE_BODIES, body),
        event_key=(
            f"governance.membership:{membership.pk}:ending:{membership.term_end.isoformat()}"
        ),
        data={
            "person": membership.person_name,
            "body": body.name,
            "term_end": membership.term_end.isoformat(),
        },
        url=reverse("governance:body", args=[body.pk]),
        municipality_id=body.municipality_id,
    )
