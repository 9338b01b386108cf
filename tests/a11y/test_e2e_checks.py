"""The browser checks themselves can fail: each is shown a page with the fault it looks for
(and the same page without it), so a check that silently passes everything is caught."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser import (
    assert_accessible,
    assert_descriptions_exist,
    assert_no_broken_words,
    axe_violations,
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e

CSS = Path(__file__).resolve().parents[2] / "maeul/core/static/maeul/maeul.css"

# Korean text in a table squeezed into a phone: without word-break: keep-all, Chromium breaks
# between any two syllables.
SQUEEZED_TABLE = """<!doctype html><html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>t</title>
<style>{css}</style></head><body><main><div class="table-scroll" tabindex="0">
<table class="data"><thead><tr><th scope="col">분야</th><th scope="col">사업명</th>
<th scope="col">주민참여예산 편성금액</th><th scope="col">주민참여예산 집행금액</th>
<th scope="col">주민참여예산 집행률</th></tr></thead><tbody><tr><td>교통·주택</td>
<td>가산디지털단지역 보행환경 개선사업</td><td class="num">85,000,000원</td>
<td class="num">60,000,000원</td><td class="num">70.6%</td></tr></tbody></table></div>
</main></body></html>"""


def test_broken_words_are_found_and_keep_all_prevents_them(phone_page: Any) -> None:
    page = phone_page
    plain = "table.data { width: 100%; border-collapse: collapse; } td, th { padding: 4px; }"
    page.set_content(SQUEEZED_TABLE.format(css=plain))
    with pytest.raises(AssertionError, match="broken across lines"):
        assert_no_broken_words(page)
    page.set_content(SQUEEZED_TABLE.format(css=CSS.read_text(encoding="utf-8")))
    assert_no_broken_words(page)


def test_axe_reports_a_serious_violation(page: Any) -> None:
    page.set_content(
        '<!doctype html><html lang="ko"><head><title>t</title></head><body><main>'
        '<h1>제목</h1><form><input type="text" name="q"></form></main></body></html>'
    )
    assert "label" in {v["id"] for v in axe_violations(page)}
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)
    page.set_content(
        '<!doctype html><html lang="ko"><head><title>t</title></head><body><main>'
        '<h1>제목</h1><form><label for="q">검색어</label><input id="q" type="text" name="q">'
        "</form></main></body></html>"
    )
    assert_accessible(page)


def test_content_outside_a_landmark_fails(page: Any) -> None:
    page.set_content(
        '<!doctype html><html lang="ko"><head><title>t</title></head><body>'
        "<p>공지</p><main><h1>제목</h1></main></body></html>"
    )
    with pytest.raises(AssertionError, match="region"):
        assert_accessible(page)


def test_a_description_pointing_nowhere_fails(page: Any) -> None:
    page.set_content(
        '<main><label for="a">이름</label><input id="a" aria-describedby="a_helptext a_error">'
        '<p id="a_helptext">도움말</p></main>'
    )
    with pytest.raises(AssertionError, match="a_error"):
        assert_descriptions_exist(page)
