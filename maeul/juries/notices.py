"""What citizens' juries tell the volunteers who applied on Maeul (issue 15): application
received, drawn onto the panel, drawn as a reserve, called up to replace a juror.

Only volunteers with an account (those who applied through the web form) can be told;
volunteers taken in by phone or imported from a spreadsheet have none, and the organisers
contact them as they chose (``contact_by``). Each notice names the jury and the volunteer,
so a step repeated tells nobody twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.juries.models import Jury, Volunteer, VolunteerStatus
from maeul.notifications.kinds import Audience, NoticeKind, register
from maeul.notifications.services import notify

RECEIVED = register(
    NoticeKind(
        code="juries.application_received",
        audience=Audience.RESIDENT,
        label=_("My application to a citizens' jury was received"),
        subject=_("Your application to %(jury)s was received"),
        body=_(
            "The jurors will be drawn by lot from all volunteers; you will be told the outcome."
        ),
    )
)
DRAWN = register(
    NoticeKind(
        code="juries.drawn",
        audience=Audience.RESIDENT,
        label=_("I was drawn onto a citizens' jury"),
        subject=_("You were drawn as a juror of %(jury)s"),
        body=_("The organisers will contact you about the sessions."),
    )
)
RESERVE = register(
    NoticeKind(
        code="juries.reserve",
        audience=Audience.RESIDENT,
        label=_("I was drawn as a reserve of a citizens' jury"),
        subject=_("You were drawn as reserve no. %(rank)s of %(jury)s"),
        body=_("If a juror drops out, a reserve who keeps the panel's balance is called up."),
    )
)
CALLED_UP = register(
    NoticeKind(
        code="juries.replacement",
        audience=Audience.RESIDENT,
        label=_("I was called up to replace a juror"),
        subject=_("You now sit on %(jury)s, replacing a juror who dropped out"),
        body=_("The organisers will contact you about the sessions."),
    )
)


def _tell(kind: NoticeKind, volunteer: Volunteer, jury: Jury, step: str, **data: object) -> None:
    if volunteer.user_id is None:
        return
    notify(
        kind.code,
        [volunteer.user_id],
        event_key=f"juries.volunteer:{volunteer.pk}:{step}",
        data={"jury": jury.name, **data},
        url=reverse("juries:detail", args=[jury.pk]),
        municipality_id=jury.municipality_id,
    )


def application_received(volunteer: Volunteer) -> None:
    _tell(RECEIVED, volunteer, volunteer.jury, "applied")


def drawn(jury: Jury) -> None:
    """The lottery of ``jury`` ran: its jurors and reserves hear which they are."""
    seated = jury.volunteers.filter(
        status__in=[VolunteerStatus.JUROR, VolunteerStatus.RESERVE], user__isnull=False
    )
    for volunteer in seated.order_by("pk"):
        if volunteer.status == VolunteerStatus.JUROR:
            _tell(DRAWN, volunteer, jury, "drawn")
        else:
            _tell(RESERVE, volunteer, jury, "reserve", rank=volunteer.reserve_rank)


def called_up(jury: Jury, codes: Iterable[str]) -> None:
    """Volunteers ``codes`` were seated in place of a juror who dropped out."""
    for volunteer in jury.volunteers.filter(code__in=list(codes), user__isnull=False):
        _tell(CALLED_UP, volunteer, jury, "called_up")
