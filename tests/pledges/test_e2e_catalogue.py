"""In Chromium, desktop and 390 px: the planning office adds a goal, a field and a pledge and
fills a table of its sheet on Maeul's own pages; the governance pages for bodies and survey
results open and fit a phone. None of it goes near the Django admin."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.governance import services as governance
from maeul.pledges.models import FundingPlan, Pledge
from tests.browser import assert_fits_screen, log_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_catalogue_and_governance_pages(
    screen: str,
    request: pytest.FixtureRequest,
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    make_official: Any,
) -> None:
    page = request.getfixturevalue(screen)
    admin = make_official(places["geumcheon"], "administrator", username="plan.office")
    base = live_server.url
    slug = places["geumcheon"].slug
    log_in(page, base, "plan.office")

    page.goto(f"{base}/pledges/{slug}/")
    page.get_by_test_id("catalogue-links").get_by_role("link").first.click()
    page.wait_for_url(f"**/pledges/{slug}/catalogue/")
    assert_fits_screen(page)
    page.fill("#id_goal-name", "다시 뛰는 금천")
    page.get_by_test_id("goal-new").locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.fill("#id_field-name", "지역경제")
    page.get_by_test_id("field-new").locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("main h3")).to_have_text("지역경제")
    page.get_by_test_id("pledge-new").click()
    page.wait_for_url(f"**/pledges/{slug}/catalogue/new/")
    assert_fits_screen(page)
    page.fill("#id_number", "1")
    page.fill("#id_title", "청년창업 지원센터 설립")
    page.select_option("#id_field", label="다시 뛰는 금천 › 지역경제")
    page.fill("#id_department", "일자리정책과")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/pledges/seoul-geumcheon-gu/1/edit/$"))
    assert_fits_screen(page)
    page.get_by_test_id("sheet-tables").get_by_role("link", name="재정투입계획").click()
    page.wait_for_url(f"**/pledges/{slug}/1/edit/funding/")
    assert_fits_screen(page)
    page.fill("#id_rows-0-source", "구비")
    page.fill("#id_rows-0-period", "2023")
    page.check("#id_rows-0-in_term")
    page.fill("#id_rows-0-amount_won", "440000000")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    pledge = Pledge.objects.get(municipality=places["geumcheon"], number=1)
    assert list(FundingPlan.objects.filter(pledge=pledge).values_list("amount_won", flat=True)) == [
        440000000
    ]
    page.goto(f"{base}/pledges/{slug}/1/")
    expect(page.get_by_test_id("edit-sheet")).to_be_visible()
    assert_fits_screen(page)

    # governance: a new body, then its edit page, then the survey results
    page.goto(f"{base}/governance/m/{slug}/")
    page.get_by_test_id("body-new").click()
    page.wait_for_url(f"**/governance/m/{slug}/bodies/new/")
    assert_fits_screen(page)
    page.fill("#id_name", "금천구 협치회의")
    page.select_option("#id_kind", "district_governance_council")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/governance/bodies/\d+/$"))
    page.get_by_test_id("body-edit").click()
    page.wait_for_url(re.compile(r".*/governance/bodies/\d+/edit/$"))
    assert_fits_screen(page)
    page.goto(f"{base}/governance/m/{slug}/surveys/")
    expect(page.get_by_test_id("surveys")).to_be_visible()
    assert_fits_screen(page)
    assert governance.selectors.surveys(places["geumcheon"]).count() == 0
    assert admin.is_active
