"""The one pager: lenient page numbers, filters carried over, the total always said."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from maeul.core.paging import page_of, query_without


def test_page_numbers_a_person_typed_are_clamped_not_refused():
    rows = list(range(45))
    for asked, number in [("abc", 1), ("999", 3), ("2", 2), ("", 1), ("-1", 3)]:
        page = page_of(RequestFactory().get("/", {"page": asked}), rows, 20)
        assert page.number == number, asked
    assert list(page_of(RequestFactory().get("/", {"page": "3"}), rows, 20)) == [40, 41, 42, 43, 44]


def test_pager_keeps_the_filters_and_says_how_many_there_are():
    request = RequestFactory().get("/", {"q": "공원", "status": "open", "page": "2"})
    page = page_of(request, list(range(45)), 20)
    with translation.override("en"):
        html = render_to_string("core/_pager.html", {"page": page, "query": query_without(request)})
    assert "21–40 of 45" in html
    assert "Page 2 of 3" in html
    assert 'href="?q=%EA%B3%B5%EC%9B%90&amp;status=open&amp;page=3" rel="next"' in html
    assert 'rel="prev"' in html


def test_a_single_page_has_no_links_and_an_empty_list_no_pager():
    request = RequestFactory().get("/")
    one = render_to_string("core/_pager.html", {"page": page_of(request, [1, 2]), "query": ""})
    assert "rel=" not in one and "1–2" in one
    assert (
        render_to_string("core/_pager.html", {"page": page_of(request, []), "query": ""}).strip()
        == ""
    )
