"""The jury at work: sessions within its term, attendance, the subgroups (분임) that share
out the pledges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.core.errors import Conflict, ServiceError
from maeul.juries.models import Attendance, Jury, Session, Subgroup, VolunteerStatus
from maeul.juries.rules import JuryPermission
from maeul.juries.services._base import audit, locked_jury
from maeul.pledges.interface import pledges_in_order

MANAGE = JuryPermission.MANAGE


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
    return count


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
