"""Browser tests wait: a Playwright state read such as ``locator.is_visible()`` answers at once,
so asserting such a read fails whenever the page is a little slow (one such assertion
failed on a loaded machine). Every browser assertion goes through Playwright's auto-waiting
``expect(locator)``; this test fails on any assertion built on an instant state read."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
INSTANT_READ = re.compile(
    r"^\s*assert\b.*\.(is_visible|is_hidden|is_checked|is_enabled|is_disabled|is_editable)\(\)",
    re.M,
)


def offending_lines(source: str) -> list[int]:
    return [source.count("\n", 0, m.start()) + 1 for m in INSTANT_READ.finditer(source)]


def test_the_pattern_catches_an_instant_assertion() -> None:
    instant = "assert page.get_by_text('ok')." + "is_visible()"
    sample = f"x = 1\n    {instant}\nexpect(a).to_be_visible()\n"
    assert offending_lines(sample) == [2]


def test_no_browser_assertion_reads_state_without_waiting() -> None:
    found = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != Path(__file__).name
        for line in offending_lines(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "use expect(locator).to_be_visible() and friends instead: " + ", ".join(
        found
    )
