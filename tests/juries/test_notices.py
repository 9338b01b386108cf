"""What citizens' juries tell volunteers (issue 15): application received, drawn as a juror,
drawn as a reserve (with the rank), called up to replace a juror; each to that volunteer
only, nothing to those not selected, nothing for a volunteer without an account. Notices are
stored after the commit, hence transactional tests."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.accounts.models import User
from maeul.juries import services
from maeul.juries.models import Volunteer, VolunteerStatus
from maeul.notifications.models import Notice

pytestmark = pytest.mark.django_db(transaction=True)


def told(kind: str) -> list[int]:
    return sorted(Notice.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def users_with(jury: Any, status: str) -> list[int]:
    """Accounts of the volunteers of ``jury`` in ``status`` (those without one are left out)."""
    rows = jury.volunteers.filter(status=status, user__isnull=False)
    return sorted(rows.values_list("user_id", flat=True))


def test_a_web_application_is_acknowledged_to_the_applicant(
    jury_factory: Any, places: dict[str, Any], make_resident: Any
) -> None:
    jury = jury_factory(pool=0)
    resident = make_resident(places["geumcheon"], places["gasan"], birth_year=1990)
    services.volunteer_apply(
        actor=resident, jury=jury, dong=None, phone="010-3333-0000", contact_by="sms", consent=True
    )
    notice = Notice.objects.get(kind="juries.application_received")
    assert notice.recipient_id == resident.pk
    assert notice.data == {"jury": jury.name}
    assert notice.url == f"/juries/jury/{jury.pk}/"


def test_the_draw_and_a_replacement_tell_each_volunteer_their_place(jury_factory: Any) -> None:
    jury = jury_factory()
    # Give every imported volunteer but one an account, as if each had applied on the web.
    volunteers = list(jury.volunteers.order_by("pk"))
    accounts = User.objects.bulk_create([User(username=f"volunteer{v.pk}") for v in volunteers[1:]])
    for volunteer, account in zip(volunteers[1:], accounts, strict=True):
        Volunteer.objects.filter(pk=volunteer.pk).update(user=account)
    services.jury_draw(actor=jury.admin, jury=jury, seed=7)

    jurors = users_with(jury, VolunteerStatus.JUROR)
    reserves = users_with(jury, VolunteerStatus.RESERVE)
    assert jurors and told("juries.drawn") == jurors
    assert told("juries.reserve") == reserves
    ranks = set(Notice.objects.filter(kind="juries.reserve").values_list("data__rank", flat=True))
    assert ranks <= {1, 2} and len(ranks) == len(reserves)
    not_selected = users_with(jury, VolunteerStatus.NOT_SELECTED)
    assert not Notice.objects.filter(recipient_id__in=not_selected).exists()

    before = set(jurors)
    dropout = jury.volunteers.filter(status=VolunteerStatus.JUROR, user__isnull=False).first()
    services.juror_replace(actor=jury.admin, jury=jury, volunteer=dropout)
    newcomers = set(users_with(jury, VolunteerStatus.JUROR)) - before
    assert newcomers and told("juries.replacement") == sorted(newcomers)
    assert not Notice.objects.filter(kind="juries.replacement", recipient=dropout.user).exists()
