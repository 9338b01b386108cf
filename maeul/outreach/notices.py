"""What outreach tells the people concerned (issue 20): a learner's enrolment and completion
(the certificate is ready), a reporter's selection, a mission given to the team, and a
resident's sign-up for an autonomy programme, confirmed or on the waiting list.

Each notice goes only to people with an account (learners and reporters the office entered
by name have none) and names the row it is about, so a repeated call tells nobody twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.notifications.kinds import Audience, NoticeKind, register
from maeul.notifications.services import notify
from maeul.outreach.models import AutonomySignup, Enrolment, Mission, Reporter

ENROLLED = register(
    NoticeKind(
        code="outreach.enrolled",
        audience=Audience.RESIDENT,
        label=_("I was enrolled on a course"),
        subject=_("You are enrolled on %(course)s"),
        body=_("The course page lists its sessions and the attendance needed to complete it."),
    )
)
COMPLETED = register(
    NoticeKind(
        code="outreach.completed",
        audience=Audience.RESIDENT,
        label=_("I completed a course"),
        subject=_("You completed %(course)s"),
        body=_("Your certificate (No. %(number)s) is ready to download."),
    )
)
REPORTER_SELECTED = register(
    NoticeKind(
        code="outreach.reporter_selected",
        audience=Audience.RESIDENT,
        label=_("I was selected as a reporter"),
        subject=_("You were selected for %(team)s"),
        body=_("Your term runs from %(starts)s to %(ends)s."),
    )
)
MISSION_ASSIGNED = register(
    NoticeKind(
        code="outreach.mission_assigned",
        audience=Audience.RESIDENT,
        label=_("My reporter team got a mission"),
        subject=_("New mission: %(mission)s"),
        body=_("Due: %(due)s."),
    )
)
SIGNUP_CONFIRMED = register(
    NoticeKind(
        code="outreach.signup_confirmed",
        audience=Audience.RESIDENT,
        label=_("My sign-up for an autonomy programme was confirmed"),
        subject=_("You have a place in %(programme)s"),
        body=_("%(dong)s · %(schedule)s"),
    )
)
SIGNUP_WAITLISTED = register(
    NoticeKind(
        code="outreach.signup_waitlisted",
        audience=Audience.RESIDENT,
        label=_("I am on an autonomy programme's waiting list"),
        subject=_("You are on the waiting list of %(programme)s"),
        body=_("The programme is full; you are number %(position)s on its waiting list."),
    )
)


def _course_url(course_id: int) -> str:
    return reverse("outreach:course", args=[course_id])


def enrolled(enrolment: Enrolment) -> None:
    if enrolment.user_id is None:
        return
    notify(
        ENROLLED.code,
        [enrolment.user_id],
        event_key=f"outreach.enrolment:{enrolment.pk}",
        data={"course": enrolment.course.title},
        url=_course_url(enrolment.course_id),
        municipality_id=enrolment.course.municipality_id,
    )


def completed(enrolment: Enrolment) -> None:
    if enrolment.user_id is None:
        return
    notify(
        COMPLETED.code,
        [enrolment.user_id],
        event_key=f"outreach.enrolment:{enrolment.pk}:completed",
        data={"course": enrolment.course.title, "number": enrolment.certificate_number},
        url=reverse("outreach:certificate", args=[enrolment.pk]),
        municipality_id=enrolment.course.municipality_id,
    )


def reporter_selected(reporter: Reporter) -> None:
    if reporter.user_id is None or not reporter.selected:
        return
    team = reporter.team
    notify(
        REPORTER_SELECTED.code,
        [reporter.user_id],
        event_key=f"outreach.reporter:{reporter.pk}:selected",
        data={
            "team": team.name,
            "starts": team.term_starts.isoformat(),
            "ends": team.term_ends.isoformat(),
        },
        url=reverse("outreach:team", args=[team.pk]),
        municipality_id=team.municipality_id,
    )


def mission_assigned(mission: Mission) -> None:
    """Every selected reporter of the team with an account hears of the mission."""
    recipients: Iterable[int] = mission.team.reporters.filter(
        selected=True, user__isnull=False
    ).values_list("user_id", flat=True)
    notify(
        MISSION_ASSIGNED.code,
        list(recipients),
        event_key=f"outreach.mission:{mission.pk}",
        data={
            "mission": mission.title,
            "due": mission.due_on.isoformat() if mission.due_on else "—",
        },
        url=reverse("outreach:team", args=[mission.team_id]),
        municipality_id=mission.team.municipality_id,
    )


def signed_up(signup: AutonomySignup, position: int = 0) -> None:
    """Confirmed, or waitlisted at ``position`` (1 = next to get a place)."""
    programme = signup.programme
    data = {
        "programme": programme.title,
        "dong": programme.dong.name,
        "schedule": programme.schedule or "—",
        "position": position,
    }
    notify(
        SIGNUP_WAITLISTED.code if signup.waitlisted else SIGNUP_CONFIRMED.code,
        [signup.user_id],
        event_key=f"outreach.signup:{signup.pk}",
        data=data,
        url=reverse("outreach:programmes", args=[programme.municipality.slug]),
        municipality_id=programme.municipality_id,
    )
