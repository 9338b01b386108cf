"""Grantees (issue 17 item 5): the agreement, progress reports feeding the quantitative
evaluation, receipts against the budget lines (each settlement rule on its boundary), the
settlement's approval, past grades for the next call, notices once after the commit, and who
sees the grantee's records."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest
from django.http import Http404
from django.test import Client

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.engine.grants import Line, check_receipt, line_limit
from maeul.grants import grantees, notices, services
from maeul.grants.models import Agreement, Application, Receipt
from maeul.notifications.models import Notice
from tests.grants.test_api_exports import _csv
from tests.grants.test_review import score_all

START, END = dt.date(2021, 4, 16), dt.date(2021, 12, 31)


# ---- the engine's rules on their boundaries ------------------------------------------------


def _check(category: str = "activity", **kw: Any) -> list[str]:
    args: dict[str, Any] = {
        "amount_won": 0,
        "spent_on": START,
        "already_spent_won": 0,
        "tolerance_percent": 10,
        "capital_allowed": False,
        "period": (START, END),
    }
    args.update(kw)
    return [r.code for r in check_receipt(Line("1", "교육", category, 1_000_000), **args)]


def test_overspending_a_line_stops_exactly_at_the_tolerance() -> None:
    assert line_limit(1_000_000, 10) == 1_100_000
    assert _check(amount_won=1_100_000) == []
    assert _check(amount_won=1_100_001) == ["over_line"]
    assert _check(amount_won=100_000, already_spent_won=1_000_000) == []
    assert _check(amount_won=100_001, already_spent_won=1_000_000) == ["over_line"]
    assert _check(amount_won=1_000_000, tolerance_percent=0) == []
    assert _check(amount_won=1_000_001, tolerance_percent=0) == ["over_line"]


def test_capital_expenses_and_the_project_period() -> None:
    assert _check("capital", amount_won=10) == ["capital_expense"]
    assert _check("capital", amount_won=10, capital_allowed=True) == []
    assert _check(amount_won=10, spent_on=START) == []
    assert _check(amount_won=10, spent_on=END) == []
    assert _check(amount_won=10, spent_on=START - dt.timedelta(days=1)) == ["outside_period"]
    assert _check(amount_won=10, spent_on=END + dt.timedelta(days=1)) == ["outside_period"]
    every = _check("capital", amount_won=2_000_000, spent_on=END + dt.timedelta(days=1))
    assert every == ["capital_expense", "over_line", "outside_period"]
    reason = check_receipt(
        Line("1", "교육", "activity", 1_000_000),
        amount_won=1_100_001,
        spent_on=START,
        already_spent_won=0,
        tolerance_percent=10,
        capital_allowed=False,
        period=(START, END),
    )[0]
    assert "1,100,000" in reason.text("en") and "1,100,000원" in reason.text("ko")


# ---- the grantee's year through the services -----------------------------------------------


@pytest.fixture
def grantee(
    seoul_call: Any,
    consortium_application: Any,
    manager: Any,
    make_resident: Any,
    places: dict[str, Any],
) -> Any:
    """A selected application (30 M won: staff 15 M, activity 15 M) of a call tolerating 10%
    overspending per line, its applicant and a reviewer."""
    call = seoul_call(overspend_tolerance_percent=10)
    draft = consortium_application(call, requested=30_000_000)
    services.application_submit(actor=draft.applicant, application_id=draft.pk)
    services.call_move(actor=manager, call_id=call.pk, to="review")
    reviewer = make_resident(places["geumcheon"])
    services.reviewer_assign(actor=manager, call_id=call.pk, user=reviewer)
    score_all(manager, [draft], [reviewer], [90])
    services.grantees_select(actor=manager, call_id=call.pk)
    application = Application.objects.get(pk=draft.pk)
    application.applicant = draft.applicant
    application.reviewer = reviewer
    return application


def _sign(manager: Any, application: Any, **changes: Any) -> Agreement:
    data = {
        "amount_won": "30,000,000",
        "starts_on": START.isoformat(),
        "ends_on": END.isoformat(),
        "signed_on": "2021-04-12",
        "conditions": "분기별 보고",
    }
    data.update(changes)
    return grantees.agreement_sign(actor=manager, application_id=application.pk, data=data)


def _receipt(person: Any, application: Any, line: int, amount: Any, on: str = "2021-05-01") -> Any:
    lines = list(application.lines.order_by("position"))
    return grantees.receipt_add(
        actor=person,
        application_id=application.pk,
        data={"line": lines[line].pk, "spent_on": on, "payee": "인쇄소", "amount_won": amount},
    )


def test_agreement_reports_receipts_and_settlement(
    grantee: Any, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = grantee.applicant
    # the agreement: by the call's officials only, at most the requested amount, once
    with pytest.raises(NotAllowed):
        _sign(person, grantee)
    with pytest.raises(ServiceError):
        _sign(manager, grantee, amount_won="30000001")
    with pytest.raises(ServiceError):
        _sign(manager, grantee, ends_on="2021-04-15")
    agreement = _sign(manager, grantee)
    with pytest.raises(Conflict):
        _sign(manager, grantee)
    assert AuditEntry.objects.filter(kind="grants.agreement_signed").count() == 1

    # two reports: the application's figures are their sums (the quantitative evaluation's base)
    for start, end, figures in (
        ("2021-04-16", "2021-08-31", (10, 180, 1)),
        ("2021-09-01", "2021-12-31", (14, 232, 2)),
    ):
        grantees.report_add(
            actor=person,
            application_id=grantee.pk,
            data={
                "period_from": start,
                "period_to": end,
                "text": "활동 보고",
                **dict(zip(("events", "participants", "outputs"), figures, strict=True)),
            },
        )
    grantee.refresh_from_db()
    assert (grantee.events, grantee.participants, grantee.outputs) == (24, 412, 3)
    with pytest.raises(ServiceError):  # outside the project period
        grantees.report_add(
            actor=person,
            application_id=grantee.pk,
            data={"period_from": "2022-01-01", "period_to": "2022-01-31", "text": "x"},
        )
    with pytest.raises(ServiceError):
        grantees.report_add(
            actor=person,
            application_id=grantee.pk,
            data={
                "period_from": "2021-05-01",
                "period_to": "2021-05-31",
                "text": "x",
                "events": "-1",
            },
        )

    # receipts: the activity line (15 M) tolerates 10% → 16.5 M in all, not a won more
    _receipt(person, grantee, 1, 16_000_000)
    with pytest.raises(ServiceError, match="16,500,000"):
        _receipt(person, grantee, 1, 500_001)
    _receipt(person, grantee, 1, 500_000)
    with pytest.raises(ServiceError):
        _receipt(person, grantee, 0, 1_000, on="2021-04-15")
    _receipt(person, grantee, 0, 1_000, on="2021-04-16")
    _receipt(person, grantee, 0, 1_000, on="2021-12-31")
    with pytest.raises(ServiceError):
        _receipt(person, grantee, 0, 1_000, on="2022-01-01")
    for bad in ("-5", "1.5", "abc", "0"):
        with pytest.raises(ServiceError):
            _receipt(person, grantee, 0, bad)
    assert Receipt.objects.filter(agreement=agreement).count() == 4
    balances = {line.item: b for line, b in grantees.line_balances(agreement)}
    assert balances["교육 운영"].spent_won == 16_500_000
    assert balances["교육 운영"].remaining_won == -1_500_000
    assert balances["활동가 인건비"].remaining_won == 15_000_000 - 2_000

    # submit, returned with a note, corrected, submitted again and approved; notices once each
    with django_capture_on_commit_callbacks(execute=True):
        grantees.settlement_submit(actor=person, application_id=grantee.pk)
        with pytest.raises(Conflict):
            _receipt(person, grantee, 0, 1_000)
        with pytest.raises(NotAllowed):
            grantees.settlement_decide(actor=person, application_id=grantee.pk, approve=True)
        with pytest.raises(ServiceError):  # returning needs a note
            grantees.settlement_decide(actor=manager, application_id=grantee.pk, approve=False)
        grantees.settlement_decide(
            actor=manager, application_id=grantee.pk, approve=False, note="영수증 원본 첨부"
        )
        _receipt(person, grantee, 0, 2_000)
        grantees.settlement_submit(actor=person, application_id=grantee.pk)
        grantees.settlement_decide(actor=manager, application_id=grantee.pk, approve=True)
    assert Agreement.objects.get(pk=agreement.pk).settlement_state == "approved"
    returned = Notice.objects.get(kind="grants.settlement_returned")
    assert returned.recipient_id == person.pk and returned.data["note"] == "영수증 원본 첨부"
    assert Notice.objects.filter(kind="grants.settlement_approved").count() == 1
    assert AuditEntry.objects.filter(kind="grants.receipt_added").count() == 5

    rows = _csv("grant-settlements", grantee.call.municipality)
    assert rows == [
        {
            "municipality": "서울특별시",
            "call": grantee.call.title,
            "application": grantee.title,
            "organisation": grantee.organisation.name,
            "granted_won": "30000000",
            "spent_won": "16504000",
            "remaining_won": "13496000",
            "grade": "",
        }
    ]


def test_who_sees_the_grantee_records(
    grantee: Any, manager: Any, make_org: Any, make_official: Any, places: dict[str, Any]
) -> None:
    _sign(manager, grantee)
    _receipt(grantee.applicant, grantee, 0, 1_000)
    url = f"/grants/a/{grantee.pk}/"
    own = Client()
    own.force_login(grantee.applicant)
    page = own.get(url).content.decode()
    assert 'data-testid="receipts"' in page and 'data-testid="receipt-form"' in page
    # another organisation: 404, and its people cannot add receipts
    _other, stranger = make_org()
    client = Client()
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    with pytest.raises(Http404):
        _receipt(stranger, grantee, 0, 1_000)
    # the reviewer sees the application but not the grantee's records
    client.force_login(grantee.reviewer)
    page = client.get(url).content.decode()
    assert 'data-testid="receipts"' not in page and 'data-testid="agreement"' not in page
    # officials of the call's scope see; another city's do not
    client.force_login(manager)
    assert 'data-testid="receipts"' in client.get(url).content.decode()
    client.force_login(make_official(places["namgu"], "administrator"))
    assert client.get(url).status_code == 404


def test_the_next_call_shows_past_grades(
    grantee: Any,
    manager: Any,
    seoul_call: Any,
    make_org: Any,
    make_resident: Any,
    places: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    reviewer = grantee.reviewer
    services.quantitative_set(
        actor=manager, application_id=grantee.pk, score=86, stage="evaluation"
    )
    services.score_enter(actor=reviewer, application_id=grantee.pk, score=88, stage="evaluation")
    with django_capture_on_commit_callbacks(execute=True):
        services.grantee_grade(actor=manager, application_id=grantee.pk)
    graded = Notice.objects.get(kind="grants.grade_published")
    assert graded.recipient_id == grantee.applicant.pk and graded.data["grade"] == "가"

    later = seoul_call(title="2022 민·민 협력 사업")
    person = grantee.applicant
    again = services.application_create(
        actor=person,
        call_id=later.pk,
        organisation_id=grantee.organisation_id,
        data={
            "title": "탄소중립 학교 2년차",
            "requested_won": 20_000_000,
            "budget": [
                {"item": "인건비", "category": "staff", "amount_won": 10_000_000},
                {"item": "운영", "category": "activity", "amount_won": 10_000_000},
            ],
        },
    )
    for _ in range(2):
        org, helper = make_org()
        services.consortium_add(actor=person, application_id=again.pk, organisation_id=org.pk)
        services.consortium_confirm(actor=helper, application_id=again.pk, organisation_id=org.pk)
    services.application_submit(actor=person, application_id=again.pk)
    services.call_move(actor=manager, call_id=later.pk, to="review")
    panel = make_resident(places["geumcheon"])
    services.reviewer_assign(actor=manager, call_id=later.pk, user=panel)
    client = Client()
    client.force_login(panel)
    page = client.get(f"/grants/a/{again.pk}/").content.decode()
    assert 'data-testid="past-grades"' in page and "2021 민·민 협력 사업" in page
    client.force_login(manager)
    assert 'data-testid="past-grades"' in client.get(f"/grants/a/{again.pk}/").content.decode()


def test_notices_go_once_after_the_commit_and_never_for_a_refused_action(
    seoul_call: Any,
    consortium_application: Any,
    manager: Any,
    make_resident: Any,
    places: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    call = seoul_call()
    good = consortium_application(call)
    bad = consortium_application(call, confirm=False)
    with django_capture_on_commit_callbacks(execute=True) as hooks:
        services.application_submit(actor=good.applicant, application_id=good.pk)
        with pytest.raises(Conflict):
            services.application_submit(actor=bad.applicant, application_id=bad.pk)
        assert not Notice.objects.exists()  # nothing before the commit
        notices.application_received(Application.objects.get(pk=good.pk))  # the same event
    assert len(hooks) >= 1
    received = Notice.objects.filter(kind="grants.application_received")
    assert list(received.values_list("recipient_id", flat=True)) == [good.applicant.pk]
    reviewer = make_resident(places["geumcheon"])
    with django_capture_on_commit_callbacks(execute=True):
        services.call_move(actor=manager, call_id=call.pk, to="review")
        services.reviewer_assign(actor=manager, call_id=call.pk, user=reviewer)
        score_all(manager, [good], [reviewer], [80])
        services.grantees_select(actor=manager, call_id=call.pk)
    kinds = dict(Notice.objects.values_list("kind", "recipient_id"))
    assert kinds["grants.screened_eligible"] == good.applicant.pk
    assert kinds["grants.selected"] == good.applicant.pk
    assert kinds["grants.reviewer_assigned"] == reviewer.pk
    assert not Notice.objects.filter(recipient_id=bad.applicant.pk).exists()


# ---- files offered for download, and receipts voided (issue 17 follow-up) ------------------


def _pdf(name: str = "영수증.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_report_and_receipt_files_download_only_for_the_grantee_and_the_officials(
    grantee: Any,
    manager: Any,
    make_org: Any,
    make_official: Any,
    places: dict[str, Any],
    settings: Any,
    tmp_path: Any,
) -> None:
    from maeul.grants.models import OrganisationMember

    settings.MEDIA_ROOT = tmp_path
    _sign(manager, grantee)
    person = grantee.applicant
    lines = list(grantee.lines.order_by("position"))
    receipt = grantees.receipt_add(
        actor=person,
        application_id=grantee.pk,
        data={"line": lines[0].pk, "spent_on": "2021-05-01", "payee": "인쇄소", "amount_won": 1},
        upload=_pdf("<b>영수증</b>.pdf"),
    )
    report = grantees.report_add(
        actor=person,
        application_id=grantee.pk,
        data={"period_from": "2021-05-01", "period_to": "2021-05-31", "text": "보고"},
        upload=_pdf("보고서.pdf"),
    )
    bare = _receipt(person, grantee, 0, 1)  # no file
    base = f"/grants/a/{grantee.pk}"
    urls = {
        "receipt": (f"{base}/receipts/{receipt.pk}/file/", receipt.file_name),
        "report": (f"{base}/reports/{report.pk}/file/", report.file_name),
    }
    assert "<" not in receipt.file_name and receipt.file_name.endswith(".pdf")

    client = Client()
    # anonymous: to the sign-in page, never the file
    assert client.get(urls["receipt"][0]).status_code == 302

    # the organisation's people, the call's manager and the city's auditor may download
    allowed = [person, manager, make_official(places["seoul"], "auditor")]
    for user in allowed:
        client.force_login(user)
        for url, name in urls.values():
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"
            assert response["Content-Disposition"].startswith("attachment")
            assert quote(name) in response["Content-Disposition"]
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "no-store" in response["Cache-Control"]
    # the page links both files for them
    client.force_login(person)
    page = client.get(f"{base}/").content.decode()
    assert urls["receipt"][0] in page and urls["report"][0] in page

    # everyone else: 404 (a consortium member, the reviewer, another organisation, another
    # city's official, Geumcheon-gu's official for Seoul's city-wide call)
    member_org = grantee.consortium.exclude(organisation=grantee.organisation).first()
    member = OrganisationMember.objects.filter(organisation=member_org.organisation).first()
    _other, stranger = make_org()
    refused = [
        member.user,
        grantee.reviewer,
        stranger,
        make_official(places["namgu"], "administrator"),
        make_official(places["geumcheon"], "administrator"),
    ]
    for user in refused:
        client.force_login(user)
        for url, _name in urls.values():
            assert client.get(url).status_code == 404, (user, url)

    # a receipt without a file, a file of another application, a malformed id: 404
    client.force_login(manager)
    assert client.get(f"{base}/receipts/{bare.pk}/file/").status_code == 404
    assert client.get(f"{base}/receipts/999999/file/").status_code == 404
    assert client.get(f"{base}/reports/{receipt.pk + 1000}/file/").status_code == 404


def test_application_attachments_download_as_the_application_page(
    seoul_call: Any, consortium_application: Any, make_org: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    draft = consortium_application(seoul_call())
    attachment = services.attachment_add(
        actor=draft.applicant, application_id=draft.pk, upload=_pdf("사업계획서.pdf")
    )
    url = f"/grants/a/{draft.pk}/files/{attachment.pk}/"
    client = Client()
    client.force_login(draft.applicant)
    assert url in client.get(f"/grants/a/{draft.pk}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    _other, stranger = make_org()
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def _void(person: Any, application: Any, receipt: Any, reason: str = "금액 오기") -> Any:
    return grantees.receipt_void(
        actor=person, application_id=application.pk, receipt_id=receipt.pk, reason=reason
    )


def test_a_receipt_is_voided_with_a_reason_until_the_settlement_is_submitted(
    grantee: Any, manager: Any, make_org: Any
) -> None:
    agreement = _sign(manager, grantee)
    person = grantee.applicant
    # the activity line (15 M, 10% tolerance) is full at 16.5 M; a wrong receipt blocks it
    right = _receipt(person, grantee, 1, 16_000_000)
    wrong = _receipt(person, grantee, 1, 500_000)
    with pytest.raises(ServiceError):
        _receipt(person, grantee, 1, 300_000)

    # bad input: no reason, an unknown or foreign receipt; someone else; nothing changes
    with pytest.raises(ServiceError):
        _void(person, grantee, wrong, reason="  ")
    with pytest.raises(ServiceError):
        grantees.receipt_void(actor=person, application_id=grantee.pk, receipt_id="abc", reason="x")
    _other, stranger = make_org()
    with pytest.raises(Http404):
        _void(stranger, grantee, wrong)
    with pytest.raises((Http404, NotAllowed)):
        _void(manager, grantee, wrong)
    assert not Receipt.objects.get(pk=wrong.pk).voided

    voided = _void(person, grantee, wrong)
    assert voided.voided and voided.void_reason == "금액 오기" and voided.voided_by == person
    with pytest.raises(Conflict):
        _void(person, grantee, wrong)
    # the balances, the settlement total and the tolerance check leave it out
    balances = {line.item: b for line, b in grantees.line_balances(agreement)}
    assert balances["교육 운영"].spent_won == 16_000_000
    assert balances["교육 운영"].remaining_won == -1_000_000
    assert grantees.spent(agreement) == 16_000_000
    _receipt(person, grantee, 1, 300_000)  # now fits: 16.3 M of 16.5 M
    assert grantees.spent(agreement) == 16_300_000
    rows = _csv("grant-settlements", grantee.call.municipality)
    assert rows[0]["spent_won"] == "16300000"

    entry = AuditEntry.objects.get(kind="grants.receipt_voided")
    assert entry.data["receipt"] == wrong.pk and entry.data["amount_won"] == 500_000
    assert entry.data["reason"] == "금액 오기" and entry.data["payee"] == "인쇄소"

    # submitted: refused with a message; returned: allowed again; approved: refused
    grantees.settlement_submit(actor=person, application_id=grantee.pk)
    with pytest.raises(Conflict, match="return|되돌려"):
        _void(person, grantee, right)
    grantees.settlement_decide(
        actor=manager, application_id=grantee.pk, approve=False, note="중복 영수증"
    )
    _void(person, grantee, right, reason="중복")
    grantees.settlement_submit(actor=person, application_id=grantee.pk)
    grantees.settlement_decide(actor=manager, application_id=grantee.pk, approve=True)
    last = Receipt.objects.filter(agreement=agreement, voided_at__isnull=True).get()
    with pytest.raises(Conflict):
        _void(person, grantee, last)
    assert AuditEntry.objects.filter(kind="grants.receipt_voided").count() == 2
    assert grantees.spent(agreement) == 300_000


def test_voiding_through_the_page(grantee: Any, manager: Any) -> None:
    _sign(manager, grantee)
    person = grantee.applicant
    receipt = _receipt(person, grantee, 0, 7_000)
    client = Client()
    client.force_login(person)
    url = f"/grants/a/{grantee.pk}/"
    assert 'data-testid="void-form"' in client.get(url).content.decode()
    # no reason: a message, nothing voided, never a 500
    response = client.post(f"{url}void_receipt/", {"receipt": receipt.pk, "reason": ""})
    assert response.status_code == 302 and not Receipt.objects.get(pk=receipt.pk).voided
    response = client.post(
        f"{url}void_receipt/", {"receipt": receipt.pk, "reason": "잘못 입력"}, follow=True
    )
    page = response.content.decode()
    assert 'data-testid="voided-receipt"' in page and "잘못 입력" in page
    assert Receipt.objects.get(pk=receipt.pk).voided
    # the manager sees the voided receipt but no void form
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert 'data-testid="voided-receipt"' in page and 'data-testid="void-form"' not in page
