"""Organisations apply: drafts, consortium confirmation, submission before the deadline with
the call's rules, withdrawal; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.grants import services
from maeul.grants.models import Application, ConsortiumMember, GrantCall
from tests.grants.conftest import budget


def test_a_consortium_submits_before_the_deadline(
    seoul_call: Any, consortium_application: Any
) -> None:
    call = seoul_call()
    draft = consortium_application(call)
    done = services.application_submit(actor=draft.applicant, application_id=draft.pk)
    assert done.state == "submitted" and done.eligible is True
    assert AuditEntry.objects.filter(kind="grants.application_submitted").count() == 1


def test_submission_waits_for_every_member_to_confirm(
    seoul_call: Any, consortium_application: Any
) -> None:
    draft = consortium_application(seoul_call(), confirm=False)
    with pytest.raises(Conflict, match="참여 확인"):
        services.application_submit(actor=draft.applicant, application_id=draft.pk)
    assert Application.objects.get(pk=draft.pk).state == "draft"


def test_only_a_person_acting_for_the_listed_organisation_confirms(
    seoul_call: Any, consortium_application: Any
) -> None:
    draft = consortium_application(seoul_call(), confirm=False)
    member = ConsortiumMember.objects.filter(application=draft).first()
    with pytest.raises(NotAllowed):
        services.consortium_confirm(
            actor=draft.applicant, application_id=draft.pk, organisation_id=member.organisation_id
        )
    assert ConsortiumMember.objects.get(pk=member.pk).confirmed_at is None


def test_several_people_act_for_one_organisation(
    seoul_call: Any, make_org: Any, make_resident: Any, places: dict[str, Any]
) -> None:
    org, representative = make_org()
    colleague = make_resident(places["geumcheon"])
    services.organisation_add_person(actor=representative, organisation_id=org.pk, user=colleague)
    draft = services.application_create(
        actor=colleague,
        call_id=seoul_call().pk,
        organisation_id=org.pk,
        data={"title": "x", "requested_won": 20_000_000, "budget": budget()},
    )
    assert draft.organisation == org
    with pytest.raises(NotAllowed):
        services.organisation_add_person(
            actor=colleague, organisation_id=org.pk, user=representative
        )


def test_two_members_fail_with_the_reason_in_korean(seoul_call: Any, make_org: Any) -> None:
    call = seoul_call()
    lead, person = make_org()
    other, helper = make_org()
    draft = services.application_create(
        actor=person,
        call_id=call.pk,
        organisation_id=lead.pk,
        data={"title": "x", "requested_won": 20_000_000, "budget": budget()},
    )
    services.consortium_add(actor=person, application_id=draft.pk, organisation_id=other.pk)
    services.consortium_confirm(actor=helper, application_id=draft.pk, organisation_id=other.pk)
    from django.utils import translation

    with translation.override("ko"), pytest.raises(ServiceError) as caught:
        services.application_submit(actor=person, application_id=draft.pk)
    assert "최소 3곳" in caught.value.message
    assert Application.objects.get(pk=draft.pk).state == "draft"


def test_staff_share_and_capital_are_refused_at_submission(
    seoul_call: Any, consortium_application: Any
) -> None:
    call = seoul_call()
    over = consortium_application(
        call, requested=10_000, budget=budget(staff=5_001, activity=4_999)
    )
    with pytest.raises(ServiceError) as caught:
        services.application_submit(actor=over.applicant, application_id=over.pk)
    assert "50%" in caught.value.message
    capital = consortium_application(
        call,
        requested=10_000_000,
        budget=[
            {"item": "운영", "category": "activity", "amount_won": 9_000_000},
            {"item": "냉장고", "category": "capital", "amount_won": 1_000_000},
        ],
    )
    with pytest.raises(ServiceError):
        services.application_submit(actor=capital.applicant, application_id=capital.pk)


def test_a_member_outside_the_district_is_refused_and_nothing_saved(
    seoul_call: Any, make_org: Any
) -> None:
    call = seoul_call()
    lead, person = make_org()
    outsider, _ = make_org(place="gwanak")
    draft = services.application_create(
        actor=person,
        call_id=call.pk,
        organisation_id=lead.pk,
        data={"title": "x", "requested_won": 20_000_000, "budget": budget()},
    )
    with pytest.raises(ServiceError, match="관악구|Gwanak|outside"):
        services.consortium_add(actor=person, application_id=draft.pk, organisation_id=outsider.pk)
    assert not ConsortiumMember.objects.filter(application=draft).exists()
    with pytest.raises(ServiceError):
        services.application_create(
            actor=make_org(place="gwanak")[1],
            call_id=call.pk,
            organisation_id=outsider.pk,
            data={"title": "x", "requested_won": 1, "budget": []},
        )


@pytest.mark.parametrize("amount", ["-5", "1.5", "삼천만", "", True, -1, "1e9"])
def test_negative_or_non_integer_amounts_are_refused(
    seoul_call: Any, make_org: Any, amount: Any
) -> None:
    call = seoul_call()
    lead, person = make_org()
    with pytest.raises(ServiceError):
        services.application_create(
            actor=person,
            call_id=call.pk,
            organisation_id=lead.pk,
            data={"title": "x", "requested_won": amount, "budget": budget()},
        )
    with pytest.raises(ServiceError):
        services.application_create(
            actor=person,
            call_id=call.pk,
            organisation_id=lead.pk,
            data={
                "title": "x",
                "requested_won": 1000,
                "budget": [{"item": "a", "category": "staff", "amount_won": amount}],
            },
        )
    assert not Application.objects.exists()


def test_a_passed_deadline_refuses_drafts_and_submission(
    seoul_call: Any, consortium_application: Any
) -> None:
    call = seoul_call()
    draft = consortium_application(call)
    GrantCall.objects.filter(pk=call.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(Conflict, match="마감"):
        services.application_submit(actor=draft.applicant, application_id=draft.pk)
    assert Application.objects.get(pk=draft.pk).state == "draft"


def test_withdrawal_and_a_new_application_after_it(
    seoul_call: Any, consortium_application: Any
) -> None:
    call = seoul_call()
    draft = consortium_application(call)
    services.application_submit(actor=draft.applicant, application_id=draft.pk)
    services.application_withdraw(actor=draft.applicant, application_id=draft.pk)
    assert Application.objects.get(pk=draft.pk).state == "withdrawn"
    again = services.application_create(
        actor=draft.applicant,
        call_id=call.pk,
        organisation_id=draft.organisation_id,
        data={"title": "다시", "requested_won": 20_000_000, "budget": budget()},
    )
    assert again.pk != draft.pk
    with pytest.raises(Conflict):
        services.application_create(
            actor=draft.applicant,
            call_id=call.pk,
            organisation_id=draft.organisation_id,
            data={"title": "셋째", "requested_won": 20_000_000, "budget": budget()},
        )


def test_attachments_are_checked_by_content(
    seoul_call: Any, consortium_application: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    draft = consortium_application(seoul_call())
    pdf = SimpleUploadedFile("사업계획서.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    attachment = services.attachment_add(actor=draft.applicant, application_id=draft.pk, upload=pdf)
    assert attachment.name.endswith(".pdf")
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(ServiceError):
        services.attachment_add(actor=draft.applicant, application_id=draft.pk, upload=fake)
    assert draft.attachments.count() == 1
