"""End to end in a real browser: the home page in Korean, the switch to English, sign-up and
login."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def test_home_language_signup_login(
    live_server: Any, transactional_db: Any, places: dict[str, Any], page: Any
) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "ko"
    expect(page.get_by_role("link", name="서울특별시")).to_be_visible()
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Maeul")

    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("User name").fill("e2e.resident")
    page.locator("#id_name").fill("테스트 주민")
    page.get_by_label("Birth year").fill("1990")
    page.get_by_label("Gender").select_option("female")
    page.get_by_label("Home district").select_option(label="Seoul Geumcheon-gu")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password again").fill("a-different-password")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("The two passwords differ.")).to_be_visible()
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/profile/")
    expect(page.get_by_text("e2e.resident")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill("e2e.resident")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/profile/")
    expect(page.get_by_role("heading", name="My page")).to_be_visible()
