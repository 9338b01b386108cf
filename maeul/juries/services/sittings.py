"""The jury at work: sessions within its term, attendance, the subgroups (분임) that share
out the pledges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.core import participation
from maeul.core.errors import Conflict, ServiceError
from maeul.core.participation import ActivityCode, ParticipationEvent
from maeul.juries.models import Attendance, Jury, Session, Subgroup, VolunteerStatus
from maeul.juries.rules import JuryPermission
from maeul.juries.services._base import audit, locked_jury
from maeul.pledges.interface import pledges_in_order

MANAGE = JuryPermission.MANAGE
SEOUL = ZoneInfo("Asia/Seoul")
# A session has a date, not a time: its participation counts at ten in the morning, Korean
# time, so it always falls in the session's own day and month in the points ledger.
SESSION_HOUR = dt.time(10, 0)


def session_schedule(
    *, actor: Any, jury: Jury, held_on: dt.date, title: str, place: str = ""
) -> Session:
    """Schedule the next numbered session, on a day within the jury's term."""
    require_permission(actor, MANAGE, jury.municipality)
    if not title.strip():
        raise ServiceError(_("Give the session a title."), field="title")
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, MANAGE, "session")
        if locked.term_start is None or locked.term_end is None:
            raise ServiceError(_("Set the jury's term first."), field="held_on")
        if not locked.term_start <= held_on <= locked.term_end:
            raise ServiceError(
                _("The session must fall within the jury's term (%(start)s – %(end)s).")
                % {"start": locked.term_start, "end": locked.term_end},
                field="held_on",
            )
        number = (
            locked.sessions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        session = Session.objects.create(
            jury=locked, number=number, held_on=held_on, title=title.strip(), place=place
        )
        audit("session_scheduled", actor, locked, session, number=number, held_on=held_on)
    return session


def attendance_record(*, actor: Any, session: Session, present_ids: Sequence[int]) -> int:
    """Record who attended: every current juror gets a row, present or not."""
    jury = session.jury
    require_permission(actor, MANAGE, jury.municipality)
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, MANAGE, "attendance")
        jurors = list(locked.volunteers.filter(status=VolunteerStatus.JUROR))
        present = set(present_ids)
        for juror in jurors:
            Attendance.objects.update_or_create(
                session=session, volunteer=juror, defaults={"present": juror.pk in present}
            )
        count = sum(1 for j in jurors if j.pk in present)
        audit("attendance_recorded", actor, locked, session, present=count, of=len(jurors))
        _announce_service(locked, session, [j for j in jurors if j.pk in present])
    return count


def _announce_service(jury: Jury, session: Session, present: Sequence[Any]) -> None:
    """Jurors with an account who attended are announced as jury service once the
    attendance commits (points, where the municipality's award table pays for it). The source
    key names the session and the person, so recording the attendance again pays nobody
    twice; marking someone absent later takes nothing back (a correction does)."""
    occurred_at = dt.datetime.combine(session.held_on, SESSION_HOUR, tzinfo=SEOUL)
    for juror in present:
        if juror.user_id is None:
            continue
        participation.announce(
            ParticipationEvent(
                activity=ActivityCode.JURY_SERVICE,
                resident_id=juror.user_id,
                municipality_id=jury.municipality_id,
                source_key=f"juries.attendance:{session.pk}:{juror.user_id}",
                occurred_at=occurred_at,
            )
        )


def subgroups_form(*, actor: Any, jury: Jury, count: int = 4) -> list[Subgroup]:
    """Split the jurors into ``count`` subgroups (by code, in turn) and share the
    municipality's pledges among them (by number, in turn)."""
    require_permission(actor, MANAGE, jury.municipality)
    if not 1 <= count <= 12:
        raise ServiceError(_("Choose between 1 and 12 subgroups."), field="count")
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, MANAGE, "subgroups")
        if locked.reviews.exists():
            raise Conflict(_("Reviews have started; the subgroups can no longer change."))
        locked.volunteers.update(subgroup=None)
        locked.subgroups.all().delete()
        groups = [
            Subgroup.objects.create(jury=locked, number=n, name=_("Subgroup %(n)s") % {"n": n})
            for n in range(1, count + 1)
        ]
        jurors = list(locked.volunteers.filter(status=VolunteerStatus.JUROR).order_by("code"))
        for index, juror in enumerate(jurors):
            juror.subgroup = groups[index % count]
            juror.save(update_fields=["subgroup"])
        pledges = list(pledges_in_order(locked.municipality))
        for index, pledge in enumerate(pledges):
            groups[index % count].pledges.add(pledge)
        audit(
            "subgroups_formed", actor, locked, count=count, jurors=len(jurors), pledges=len(pledges)
        )
    return groups
