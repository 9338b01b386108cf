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


# The axe-core release the accessibility checks are written against; it arrives inside the
# pinned ``axe-playwright-python`` wheel (requirements/dev.txt, with hashes), so a test run
# never downloads anything. Changing the wheel changes this line on purpose.
AXE_CORE_VERSION = "4.12.1"
# What Maeul promises: no serious or critical violation, and every part of a page inside a
# landmark (axe rates that one moderate) (docs/accessibility.md).
AXE_BLOCKING_IMPACTS = frozenset({"serious", "critical"})
AXE_BLOCKING_RULES = frozenset({"region", "landmark-one-main"})

_AXE_SOURCE: list[str] = []


def _axe_source() -> str:
    """axe.min.js from the installed wheel, read once per test run."""
    if not _AXE_SOURCE:
        from importlib.resources import files

        _AXE_SOURCE.append(
            files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
        )
    return _AXE_SOURCE[0]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return its violations (WCAG 2.0/2.1 A and AA
    plus axe's best practices, such as every region inside a landmark). The script is handed to
    the page through the DevTools protocol, so the site's Content-Security-Policy, which allows
    no injected script, stays as strict in the test as in production."""
    page.wait_for_load_state()
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    version = page.evaluate("() => window.axe.version")
    assert version == AXE_CORE_VERSION, f"axe-core {version} loaded, {AXE_CORE_VERSION} expected"
    result = page.evaluate(
        """() => window.axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'best-practice']},
            resultTypes: ['violations'],
        })"""
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe_violations(violations: list[dict[str, Any]], *, limit: int = 3) -> str:
    """One line per rule: its impact, id, help text and the first few offending elements."""
    lines = []
    for v in violations:
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"][:limit]]
        more = f" (+{len(v['nodes']) - limit} more)" if len(v["nodes"]) > limit else ""
        lines.append(f"  {v['impact']} {v['id']}: {v['help']} -> {targets}{more}")
    return "\n".join(lines)


def assert_accessible(page: Any) -> None:
    """No serious or critical axe-core violation on the page as it is now, and nothing
    outside a landmark."""
    blocking = [
        v
        for v in axe_violations(page)
        if v["impact"] in AXE_BLOCKING_IMPACTS or v["id"] in AXE_BLOCKING_RULES
    ]
    assert not blocking, f"{page.url} has accessibility violations:\n" + describe_violations(
        blocking
    )


# For every word of every visible cell of a data table: the line boxes its letters land on.
# A word is a run of one text node between the places where a line may break: spaces, a
# middle dot (경제·문화·관광 is three words), before an opening bracket, after a closing one,
# a hyphen or a slash ("결과(선택지마다" is two). The Range around a word gives one client rect
# per line it occupies, so rects at different heights mean the word was broken. A token wider
# than its cell can hold (a long address, say) has to break somewhere, so it is only reported
# when it would have fitted on one line of the cell.
BROKEN_WORDS_JS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('table.data th, table.data td')) {
    if (!cell.getClientRects().length) continue;
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      const re = /[(\\[{]?[^\\s(\\[{)\\]}·\\/–—-]+[)\\]}\\/–—-]*/g;
      let m;
      while ((m = re.exec(text)) !== null) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
        const tops = new Set(rects.map(r => Math.round(r.top)));
        if (tops.size < 2) continue;
        const width = rects.reduce((sum, r) => sum + r.width, 0);
        if (width <= room + 1) broken.push(m[0] + ' (' + Math.round(width) + '/' +
                                           Math.round(room) + 'px)');
      }
    }
  }
  return broken;
}"""


def assert_no_broken_words(page: Any) -> None:
    """No word in a data table is split across lines (the issue's 390 px tables showed one or
    two syllables per line): each column is at least as wide as its longest word, and a table
    too wide for the phone scrolls in its own box or stacks into cards instead."""
    page.wait_for_load_state()
    broken = page.evaluate(BROKEN_WORDS_JS)
    assert not broken, f"{page.url}: table words broken across lines: {broken[:10]}"


# Every id an aria-describedby names must be on the page: Django links each input to
# "<id>_helptext" and "<id>_error", and templates that printed the help under another id left
# the help unannounced (issue 23). axe-core accepts a reference as long as one id of several
# exists, so this checks each one.
MISSING_DESCRIPTIONS_JS = """() => {
  const missing = [];
  for (const el of document.querySelectorAll('[aria-describedby]')) {
    for (const id of el.getAttribute('aria-describedby').split(/\\s+/).filter(Boolean)) {
      if (!document.getElementById(id)) missing.push((el.id || el.name || el.tagName) + ' -> ' + id);
    }
  }
  return missing;
}"""


def assert_descriptions_exist(page: Any) -> None:
    """Each aria-describedby on the page points at an element that is there."""
    missing = page.evaluate(MISSING_DESCRIPTIONS_JS)
    assert not missing, f"{page.url}: aria-describedby names missing ids: {missing[:10]}"
