"""Helpers shared by the browser tests (Debian's Chromium through Playwright).

Every end-to-end file used to carry its own copy of "log in" and "the page does not scroll
sideways", each a little different: four ways of measuring the width, and logins that went on
to the next page before the login had landed (``wait_for_load_state`` right after a click
answers for the page already loaded, so the next ``goto`` could cancel the login's POST). One
copy here keeps the checks the same everywhere and the strictest of them.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.conftest import PASSWORD

PHONE_VIEWPORT = {"width": 390, "height": 844}
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
DEFAULT_TIMEOUT_MS = 15_000

# How far the document reaches past the screen's right edge; one pixel of slack absorbs
# sub-pixel rounding of borders, nothing a reader would have to scroll for.
OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def new_page(browser: Any, *, phone: bool = False) -> tuple[Any, Any]:
    """A fresh context and page, Korean, desktop or a 390 px touch phone; the caller closes
    the context. The ``page`` and ``phone_page`` fixtures use it, and so does a test that needs
    a second phone (another resident) beside them."""
    if phone:
        context = browser.new_context(
            locale="ko-KR", viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True
        )
    else:
        context = browser.new_context(locale="ko-KR", viewport=DESKTOP_VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context, page


def assert_fits_screen(page: Any) -> None:
    """Nothing on the page is wider than the screen: a phone must not scroll sideways (wide
    tables scroll inside their own box). Measured against the viewport's client width, so a
    desktop's vertical scrollbar does not hide an overflow of a few pixels."""
    page.wait_for_load_state()
    overflow = page.evaluate(OVERFLOW_JS)
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than its {width}px screen"


def log_in(
    page: Any, base: str, username: str, *, next_path: str = "", password: str = PASSWORD
) -> None:
    """Log in through the login form and wait until the browser has left it, so the session
    cookie is set before the test goes anywhere else. ``next_path`` is where the site sends
    the user afterwards (the profile page when empty)."""
    query = f"?next={next_path}" if next_path else ""
    page.goto(f"{base}/accounts/login/{query}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    try:
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
    except PlaywrightTimeoutError:
        message = page.locator("main").inner_text()[:300]
        raise AssertionError(f"{username} could not log in: {message}") from None


def log_out(page: Any) -> None:
    """Log out with the header's button (a POST) and wait for the page it leads to."""
    with page.expect_navigation():
        page.locator("header form[action$='/accounts/logout/'] button").click()
