"""Members: term rules refused with messages naming the field, composition warnings before
saving (services and the two-step screen), alerts of terms ending within 60 days."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import ServiceError
from maeul.governance import services
from maeul.governance.models import Body, Membership

D = dt.date


@pytest.fixture
def council(places: dict[str, Any], make_official: Any) -> tuple[Body, Any]:
    manager = make_official(places["geumcheon"], "programme_manager")
    body = services.body_create(
        actor=manager,
        municipality=places["geumcheon"],
        name="금천구 협치회의",
        kind="district_governance_council",
    )
    for i, (sector, gender) in enumerate(
        [("civil", "female")] * 4 + [("civil", "male")] * 3 + [("government", "male")] * 3
    ):
        Membership.objects.create(
            body=body,
            person_name=f"위원 {i}",
            sector=sector,
            gender=gender,
            appointment="commissioned",
            term_start=D(2026, 1, 1),
            term_end=D(2027, 12, 31),
        )
    return body, manager


def draft(**fields: Any) -> services.MemberDraft:
    values = {
        "person_name": "새 위원",
        "sector": "civil",
        "gender": "female",
        "appointment": "commissioned",
        "role": "member",
        "term_start": D(2026, 6, 1),
    }
    values.update(fields)
    return services.MemberDraft(**values)


def test_adding_a_member_warns_before_breaking_the_civil_share(
    council: tuple[Body, Any],
) -> None:
    body, manager = council  # 7 civil of 10: exactly 70%
    effect, end = services.membership_preview(body=body, draft=draft(sector="government"))
    assert effect.newly_broken == ("civil_share",)
    assert end == D(2028, 5, 31)
    with pytest.raises(services.CompositionWarning):
        services.membership_add(actor=manager, body=body, draft=draft(sector="government"))
    assert body.memberships.count() == 10
    member = services.membership_add(
        actor=manager, body=body, draft=draft(sector="government"), acknowledge=True
    )
    entry = AuditEntry.objects.get(kind="governance.member_added")
    assert '"acknowledged":["civil_share"]' in entry.payload
    assert member.term_end == D(2028, 5, 31)


def test_overlapping_and_third_consecutive_terms_are_refused(
    council: tuple[Body, Any],
) -> None:
    body, manager = council
    with pytest.raises(ServiceError) as error:
        services.membership_add(actor=manager, body=body, draft=draft(person_name="위원 0"))
    assert error.value.field == "term_start" and "2026-01-01" in error.value.message
    services.membership_add(  # the renewal: the only member on that day, so acknowledged
        actor=manager,
        body=body,
        draft=draft(person_name="위원 0", term_start=D(2028, 1, 1)),
        acknowledge=True,
    )
    with pytest.raises(ServiceError) as error:
        services.membership_add(
            actor=manager,
            body=body,
            draft=draft(person_name="위원 0", term_start=D(2030, 1, 1)),
            acknowledge=True,
        )
    assert error.value.field == "term_start"
    with pytest.raises(ServiceError) as error:
        services.membership_add(
            actor=manager,
            body=body,
            draft=draft(term_start=D(2026, 6, 1), term_end=D(2026, 5, 1)),
        )
    assert error.value.field == "term_end"


def test_ending_a_membership_previews_then_confirms_on_the_screen(
    council: tuple[Body, Any],
) -> None:
    body, manager = council
    woman = body.memberships.filter(gender="female").first()
    assert woman is not None
    client = Client()
    client.force_login(manager)
    url = f"/governance/members/{woman.pk}/end/"
    first = client.post(url, {"resigned_on": "2026-06-30", "reason": "사임"})
    assert first.status_code == 200 and 'data-testid="preview"' in first.content.decode()
    assert Membership.objects.get(pk=woman.pk).resigned_on is None
    # The preview's confirm button posts the same fields to the confirming URL.
    assert f'formaction="{url}confirm/"' in first.content.decode()
    done = client.post(
        f"{url}confirm/", {"resigned_on": "2026-06-30", "reason": "사임", "acknowledge": "1"}
    )
    assert done.status_code == 302
    assert Membership.objects.get(pk=woman.pk).resigned_on == D(2026, 6, 30)


def test_add_member_screen_two_steps(council: tuple[Body, Any]) -> None:
    body, manager = council
    client = Client()
    client.force_login(manager)
    url = f"/governance/bodies/{body.pk}/members/add/"
    form = {
        "person_name": "이새봄",
        "sector": "government",
        "gender": "male",
        "appointment": "appointed",
        "role": "member",
        "term_start": "2026-06-01",
    }
    preview = client.post(url, form)
    text = preview.content.decode()
    assert 'role="alert"' in text and body.memberships.count() == 10
    assert f'formaction="{url}confirm/"' in text
    unacknowledged = client.post(f"{url}confirm/", form)
    assert unacknowledged.status_code == 200 and body.memberships.count() == 10
    assert 'data-testid="preview"' in unacknowledged.content.decode()
    saved = client.post(f"{url}confirm/", {**form, "acknowledge": "1"})
    assert saved.status_code == 302 and body.memberships.count() == 11
    bad = client.post(f"{url}confirm/", {**form, "person_name": "위원 1"})
    assert bad.status_code == 200 and "2026-01-01" in bad.content.decode()


def test_terms_ending_within_60_days(council: tuple[Body, Any], places: dict[str, Any]) -> None:
    from maeul.governance import selectors

    body, manager = council
    ending = selectors.terms_ending(places["seoul"], on=D(2027, 11, 15))
    assert ending.count() == 10
    assert selectors.terms_ending(places["seoul"], on=D(2027, 10, 1)).count() == 0
    out = StringIO()
    call_command(
        "governance_terms_ending", "--municipality", "seoul", "--on", "2027-11-15", stdout=out
    )
    assert out.getvalue().count("2027-12-31") == 10
    client = Client()
    client.force_login(manager)
    assert client.get("/governance/m/seoul-geumcheon-gu/alerts/").status_code == 200


def test_session_form_names_the_field(places: dict[str, Any], make_official: Any) -> None:
    manager = make_official(places["geumcheon"], "programme_manager")
    client = Client()
    client.force_login(manager)
    base = {
        "reference": "1",
        "name": "협치회의",
        "kind": "council",
        "date": "2026-04-02",
        "start": "14:00",
        "end": "16:00",
        "invited_total": "10",
        "invited_government": "4",
        "invited_civil": "6",
        "attended_government": "3",
        "attended_civil": "5",
    }
    url = "/governance/m/seoul-geumcheon-gu/sessions/new/"
    for change, field in (
        ({"invited_total": "0", "invited_government": "", "invited_civil": ""}, "invited_total"),
        ({"attended_civil": "-3"}, "attended_civil"),
        ({"end": "13:00"}, "end"),
        ({"invited_government": "0"}, "invited_government"),
    ):
        response = client.post(url, {**base, **change})
        assert response.status_code == 200
        assert f'id="id_{field}_error"' in response.content.decode(), field
    assert client.post(url, base).status_code == 302


def test_per_person_attendance_sets_the_sector_counts(
    council: tuple[Body, Any], places: dict[str, Any]
) -> None:
    from maeul.governance.models import DeliberationSession

    body, manager = council  # 7 civil + 3 government members
    client = Client()
    client.force_login(manager)
    created = client.post(
        "/governance/m/seoul-geumcheon-gu/sessions/new/",
        {
            "body": str(body.pk),
            "reference": "1",
            "name": "협치회의 정기회의",
            "kind": "council",
            "date": "2026-04-02",
            "start": "14:00",
            "end": "16:00",
            "invited_total": "10",
            "attended_government": "0",
            "attended_civil": "0",
        },
    )
    assert created.status_code == 302
    session = DeliberationSession.objects.get()
    page = client.get(f"/governance/sessions/{session.pk}/")
    assert 'data-testid="attendance-form"' in page.content.decode()
    civil = list(body.memberships.filter(sector="civil").values_list("pk", flat=True))[:5]
    government = list(body.memberships.filter(sector="government").values_list("pk", flat=True))
    response = client.post(
        f"/governance/sessions/{session.pk}/attendance/",
        {
            "members": [str(pk) for pk in civil + government],
            "walk_ins_government": "2",
            "walk_ins_civil": "0",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.invited_government, session.invited_civil, session.invited_total) == (3, 7, 10)
    assert (session.attended_government, session.attended_civil) == (5, 5)  # 5 of 3: walk-ins
    assert session.attendance.filter(attended=True).count() == 8
    outsider = Membership.objects.create(
        body=Body.objects.create(municipality=places["gwanak"], name="관악", kind="subcommittee"),
        person_name="외부",
        sector="civil",
        gender="male",
        appointment="commissioned",
        term_start=D(2026, 1, 1),
        term_end=D(2026, 12, 31),
    )
    with pytest.raises(ServiceError) as error:
        services.session_attendance_record(
            actor=manager, session=session, attended_ids={outsider.pk}
        )
    assert error.value.field == "members"


def test_attachments_are_checked_and_meeting_rule_counted(
    council: tuple[Body, Any], places: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from maeul.governance import selectors
    from maeul.governance.models import DeliberationSession
    from maeul.governance.sheet import ParsedRow

    settings.MEDIA_ROOT = str(tmp_path)
    body, manager = council
    session = services.session_record(
        actor=manager,
        district=places["geumcheon"],
        body=body,
        row=ParsedRow(
            row=0,
            reference="1",
            district="금천구",
            name="정기회의",
            kind="council",
            date=D(2026, 4, 2),
            start=dt.time(14),
            end=dt.time(16),
            venue="",
            online=True,
            invited_total=10,
            invited_government=None,
            invited_civil=None,
            attended_government=2,
            attended_civil=6,
            agenda="",
            decisions="",
        ),
    )
    assert selectors.meeting_rule_status(body, D(2026, 5, 1)).met
    assert not selectors.meeting_rule_status(body, D(2027, 5, 1)).met
    with pytest.raises(ServiceError) as error:
        services.attachment_add(
            actor=manager, session=session, upload=SimpleUploadedFile("run.exe", b"MZ")
        )
    assert error.value.field == "file"
    big = SimpleUploadedFile("big.pdf", b"0" * (services.ATTACHMENT_MAX_BYTES + 1))
    with pytest.raises(ServiceError):
        services.attachment_add(actor=manager, session=session, upload=big)
    client = Client()
    client.force_login(manager)
    response = client.post(
        f"/governance/sessions/{session.pk}/attachments/",
        {"file": SimpleUploadedFile("회의록.pdf", b"%PDF-1.4")},
    )
    assert response.status_code == 302
    attachment = DeliberationSession.objects.get().attachments.get()
    assert attachment.original_name == "회의록.pdf" and attachment.size == 8
    download = client.get(f"/governance/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
