"""In a real browser, on a phone (390 px): a verified resident's My page shows the home
read-only with the reason, and the way to move — verify again — leads to a form that moves
them; nothing overflows the screen."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import assert_fits_screen, log_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def test_locked_home_and_moving_on_a_phone(
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    make_resident: Any,
    phone_page: Any,
    settings: Any,
) -> None:
    from maeul.accounts.services import identity_verify

    settings.IDENTITY_ADAPTERS = ["demo"]
    user = make_resident(places["geumcheon"], places["gasan"], verified=False, username="e2e.kim")
    identity_verify(user=user, adapter_key="demo", name="김하나", identity_number="900101-2000001")
    page = phone_page
    base = live_server.url
    log_in(page, base, "e2e.kim")
    page.wait_for_url("**/accounts/profile/")

    expect(page.get_by_test_id("residence-locked")).to_contain_text("다시 해 주세요")
    expect(page.locator("#id_district")).to_be_disabled()
    expect(page.locator("#id_dong")).to_be_disabled()
    expect(page.locator("#id_name")).to_be_editable()
    assert_fits_screen(page)

    page.get_by_role("link", name="이사 후 다시 본인인증").click()
    page.wait_for_url("**/accounts/verify/move/")
    expect(page.get_by_role("heading", level=1)).to_have_text("이사 후 다시 본인인증")
    assert_fits_screen(page)
    page.locator("#id_name").fill("김하나")
    page.locator("#id_identity_number").fill("９００１０１－２０００００１")
    page.locator("#id_district").select_option(str(places["gwanak"].pk))
    page.get_by_role("button", name="인증하기").click()
    page.wait_for_url("**/accounts/profile/")
    expect(page.locator(".facts")).to_contain_text("관악구")
    assert_fits_screen(page)

    page.goto(base + "/accounts/profile/")
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("residence-locked")).to_contain_text("verify again")
    assert_fits_screen(page)
