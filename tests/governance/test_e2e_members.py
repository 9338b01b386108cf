"""End to end in a real browser: the composition preview updates while the official fills the
member form (JavaScript), and the warned change is saved only on confirmation."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.governance.models import Body, Membership
from tests.browser import log_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def test_live_composition_preview(
    live_server: Any, transactional_db: Any, places: dict[str, Any], make_official: Any, page: Any
) -> None:
    make_official(places["geumcheon"], "programme_manager", username="e2e.members")
    body = Body.objects.create(
        municipality=places["geumcheon"], name="금천구 협치회의", kind="district_governance_council"
    )
    for i in range(10):
        Membership.objects.create(
            body=body,
            person_name=f"위원 {i}",
            sector="civil" if i < 7 else "government",
            gender="female" if i % 2 else "male",
            appointment="commissioned",
            term_start=dt.date(2026, 1, 1),
            term_end=dt.date(2027, 12, 31),
        )
    log_in(page, live_server.url, "e2e.members")

    page.goto(live_server.url + f"/governance/bodies/{body.pk}/members/add/")
    page.locator("#id_person_name").fill("이새봄")
    page.locator("#id_gender").select_option("female")
    page.locator("#id_appointment").select_option("appointed")
    page.locator("#id_term_start").fill("2026-06-01")
    page.locator("#id_sector").select_option("government")
    preview = page.get_by_test_id("preview")
    preview.wait_for()  # shown without pressing any button
    expect(page.locator("#live-preview [role=alert]")).to_be_visible()
    assert Membership.objects.count() == 10

    page.locator("#id_sector").select_option("civil")
    page.wait_for_function("() => !document.querySelector('#live-preview [role=alert]')")
    page.get_by_test_id("confirm").click()
    page.wait_for_url(f"**/governance/bodies/{body.pk}/")
    assert Membership.objects.count() == 11
    assert "이새봄" in page.get_by_test_id("members").inner_text()
