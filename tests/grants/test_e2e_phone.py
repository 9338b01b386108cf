"""On a 390 px phone in Chromium: an organisation drafts and submits a consortium application,
a reviewer scores it from their review page, and after the city selects it the official
records the agreement; the organisation then adds a progress report and a receipt and sees
the budget line's spent and remaining amounts, voids a wrong receipt with a reason and
downloads a receipt's scan. Every page fits the screen."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from maeul.grants import services
from maeul.grants.models import Application
from tests.browser import assert_fits_screen, log_in, log_out

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def _ok(page: Any) -> None:
    """The action's message is a success, not an error (the page redirects back)."""
    expect(page.locator(".messages .msg-success")).to_be_visible()
    assert_fits_screen(page)


def test_an_organisation_applies_and_runs_its_grant_on_a_phone(
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    make_resident: Any,
    make_org: Any,
    seoul_call: Any,
    manager: Any,
    phone_page: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    page = phone_page
    base = live_server.url
    call = seoul_call()
    lead, person = make_org(name="금천기후행동")
    person.username = "org.lead"
    person.save(update_fields=["username"])
    members = [make_org(name=f"참여단체{n}") for n in (1, 2)]

    # draft → members → submit
    log_in(page, base, "org.lead")
    page.goto(f"{base}/grants/c/{call.pk}/apply/")
    assert_fits_screen(page)
    page.select_option("#organisation", str(lead.pk))
    page.fill("#title", "탄소중립 학교")
    page.fill("#requested_won", "20000000")
    page.fill("input[name=item_0]", "활동가 인건비")
    page.select_option("select[name=category_0]", "staff")
    page.fill("input[name=amount_0]", "10000000")
    page.fill("input[name=item_1]", "교육 운영")
    page.select_option("select[name=category_1]", "activity")
    page.fill("input[name=amount_1]", "10000000")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("h1")).to_have_text("탄소중립 학교")
    application = Application.objects.get(title="탄소중립 학교")
    for org, helper in members:
        page.fill("#member", str(org.pk))
        page.locator("form:has(#member) button[type=submit]").click()
        _ok(page)
        services.consortium_confirm(
            actor=helper, application_id=application.pk, organisation_id=org.pk
        )
    page.reload()
    page.get_by_role("button", name="신청서 제출").click()
    _ok(page)
    application.refresh_from_db()
    assert application.state == "submitted"
    log_out(page)

    # the city closes the call and puts a reviewer on the panel; the reviewer scores on a phone
    services.call_move(actor=manager, call_id=call.pk, to="review")
    reviewer = make_resident(places["geumcheon"], username="panel.one")
    services.reviewer_assign(actor=manager, call_id=call.pk, user=reviewer)
    log_in(page, base, "panel.one")
    page.goto(f"{base}/grants/mine/")
    assert_fits_screen(page)
    page.get_by_role("link", name="탄소중립 학교").click()
    page.fill("#score", "88")
    page.locator("form:has(#score) button[type=submit]").click()
    _ok(page)
    log_out(page)
    services.quantitative_set(actor=manager, application_id=application.pk, score=90)
    services.grantees_select(actor=manager, call_id=call.pk)

    # the official records the signed agreement
    today = timezone.localdate()
    log_in(page, base, manager.username)
    page.goto(f"{base}/grants/a/{application.pk}/")
    expect(page.get_by_test_id("agreement-form")).to_be_visible()
    page.fill("#amount_won", "20000000")
    page.fill("#starts_on", (today - dt.timedelta(days=30)).isoformat())
    page.fill("#ends_on", (today + dt.timedelta(days=200)).isoformat())
    page.fill("#signed_on", (today - dt.timedelta(days=31)).isoformat())
    page.get_by_test_id("agreement-form").locator("button[type=submit]").click()
    _ok(page)
    expect(page.get_by_test_id("agreement")).to_be_visible()
    log_out(page)

    # the organisation reports progress and adds a receipt against its activity line
    log_in(page, base, "org.lead")
    page.goto(f"{base}/grants/a/{application.pk}/")
    form = page.get_by_test_id("report-form")
    form.locator("#period_from").fill((today - dt.timedelta(days=30)).isoformat())
    form.locator("#period_to").fill(today.isoformat())
    form.locator("#report_text").fill("1~4회차 운영")
    form.locator("#r_events").fill("4")
    form.locator("#r_participants").fill("63")
    form.locator("button[type=submit]").click()
    _ok(page)
    expect(page.get_by_test_id("reports")).to_contain_text("1~4회차 운영")
    receipt = page.get_by_test_id("receipt-form")
    lines = list(application.lines.order_by("position"))
    receipt.locator("#line").select_option(str(lines[1].pk))
    receipt.locator("#spent_on").fill(today.isoformat())
    receipt.locator("#payee").fill("가산인쇄소")
    receipt.locator("#receipt_amount").fill("2450000")
    receipt.locator("button[type=submit]").click()
    _ok(page)
    balances = page.get_by_test_id("balances")
    expect(balances.locator("tbody tr").nth(1)).to_contain_text("2,450,000")
    expect(balances.locator("tbody tr").nth(1)).to_contain_text("7,550,000")
    # a receipt over the line is refused with the reason, nothing saved
    receipt = page.get_by_test_id("receipt-form")
    receipt.locator("#line").select_option(str(lines[1].pk))
    receipt.locator("#spent_on").fill(today.isoformat())
    receipt.locator("#payee").fill("가산인쇄소")
    receipt.locator("#receipt_amount").fill("7550001")
    receipt.locator("button[type=submit]").click()
    expect(page.locator(".messages .msg-error")).to_contain_text("10,000,000")
    assert_fits_screen(page)
    assert application.agreement.receipts.count() == 1

    # the receipt was wrong: voided with a reason, the line's balance is whole again
    row = page.get_by_test_id("receipts").locator("tbody tr").first
    row.locator("summary").click()
    row.locator("input[name=reason]").fill("금액 오기")
    row.get_by_role("button").click()
    _ok(page)
    expect(page.get_by_test_id("voided-receipt")).to_contain_text("금액 오기")
    balances = page.get_by_test_id("balances")
    expect(balances.locator("tbody tr").nth(1)).to_contain_text("10,000,000")
    # entered again with its scan, which downloads as an attachment under its safe name
    receipt = page.get_by_test_id("receipt-form")
    receipt.locator("#line").select_option(str(lines[1].pk))
    receipt.locator("#spent_on").fill(today.isoformat())
    receipt.locator("#payee").fill("가산인쇄소")
    receipt.locator("#receipt_amount").fill("2400000")
    receipt.locator("#receipt_file").set_input_files(
        {"name": "영수증.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    receipt.locator("button[type=submit]").click()
    _ok(page)
    expect(balances.locator("tbody tr").nth(1)).to_contain_text("7,600,000")
    with page.expect_download() as download:
        page.get_by_test_id("receipt-file").click()
    assert download.value.suggested_filename.endswith(".pdf")
