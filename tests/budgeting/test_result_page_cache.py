"""The public result pages keep a published run's part in the cache (``budgeting.pagecache``,
issue 23's CPU target): what they show must be what a fresh rendering shows, in each
language, for each query; a run that stops being the published one is never shown again; and
a visit read from the cache makes a pinned, small number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from maeul.budgeting import services
from maeul.budgeting.models import Cycle, Proposal, ResultRun
from tests.budgeting.test_result_pages import _grow

pytestmark = pytest.mark.django_db


def _url(name: str, cycle: Cycle) -> str:
    return reverse(f"budgeting:{name}", args=[cycle.municipality.slug, cycle.cycle_year])


def _pages(cycle: Cycle) -> dict[str, str]:
    return {
        "results": _url("results", cycle),
        "results_group": _url("results", cycle) + "?group=parks",
        "results_selected": _url("results", cycle) + "?selected=1",
        "steps": _url("result_steps", cycle),
        "analysis": _url("analysis", cycle),
        "api": f"/api/pb/cycles/{cycle.pk}/result",
    }


def _get(url: str, language: str) -> Any:
    """``url`` as a visitor who chose ``language`` (the pages follow the cookie, the API the
    Accept-Language header)."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url)


def _main(response: Any) -> str:
    html = response.content.decode()
    if "<main" not in html:
        return html  # the API's JSON
    return html[html.index("<main") : html.index("</main>")]


def _publish(cycle: Cycle, manager: Any) -> ResultRun:
    run = services.result_compute(actor=manager, cycle=cycle)
    return services.result_publish(actor=manager, run=run)


def test_cached_pages_are_the_fresh_pages_in_each_language(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any
) -> None:
    cycle, _ = voted_cycle
    _publish(cycle, manager)
    for language, heading in (("ko", "결과"), ("en", "Results")):
        for name, url in _pages(cycle).items():
            cache.clear()
            fresh = _get(url, language)
            cached = _get(url, language)  # read from the cache
            assert fresh.status_code == cached.status_code == 200, (name, language)
            assert _main(fresh) == _main(cached), (name, language)
        assert f"<h1>{heading}</h1>" in _main(_get(_pages(cycle)["results"], language))
    # Korean then English from one cache: each language has its own part.
    cache.clear()
    assert "<h1>결과</h1>" in _main(_get(_url("results", cycle), "ko"))
    assert "<h1>Results</h1>" in _main(_get(_url("results", cycle), "en"))
    assert "<h1>결과</h1>" in _main(_get(_url("results", cycle), "ko"))


def test_each_query_has_its_own_part_and_other_parameters_are_carried(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any, resident: Any
) -> None:
    cycle, _ = voted_cycle
    _grow(cycle, resident, 30)  # two pages of scores: the pager's links carry the query
    _publish(cycle, manager)
    url = _url("results", cycle)
    everything = _main(_get(url, "ko"))
    selected = _main(_get(url + "?selected=1", "ko"))
    assert everything != selected
    assert _main(_get(url, "ko")) == everything
    assert _main(_get(url + "?page=2", "ko")) not in (everything, selected)
    # A parameter the page does not read is rendered uncached and still carried by its links.
    other = _main(_get(url + "?from=news", "ko"))
    assert "from=news" in other
    assert "from=news" not in everything
    assert other.replace("from=news&amp;", "") == everything


def test_a_run_that_is_no_longer_published_is_never_shown(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any
) -> None:
    """The key holds the published run's id: when another run is published (here after the
    first was withdrawn by hand, which the services never do), the pages show the new one at
    once, with no cache to clear."""
    cycle, proposals = voted_cycle
    first = _publish(cycle, manager)
    before = {
        (name, lang): _main(_get(url, lang))
        for name, url in _pages(cycle).items()
        for lang in ("ko", "en")
    }
    ResultRun.objects.filter(pk=first.pk).update(published_at=None)
    for name, url in _pages(cycle).items():
        assert _get(url, "ko").status_code == 404, name

    # The sixth proposal (program type, 20M) now has the most mobile approvals.
    Proposal.objects.filter(pk=proposals[5].pk).update(mobile_approvals=1_234)
    second = _publish(Cycle.objects.get(pk=cycle.pk), manager)
    assert second.pk != first.pk
    for name, url in _pages(cycle).items():
        for lang in ("ko", "en"):
            shown = _main(_get(url, lang))
            cache.clear()
            assert shown == _main(_get(url, lang)), (name, lang)  # what a fresh page shows
            if name in ("results", "analysis"):
                assert "1,234" in shown and shown != before[name, lang], (name, lang)


def test_a_visit_from_the_cache_makes_few_queries(
    voted_cycle: tuple[Cycle, list[Any]],
    manager: Any,
    django_assert_max_num_queries: Any,
) -> None:
    """Pinned: the result pages read the cycle and its phase windows (two queries) and the
    API which run is published (one); the first visit renders the part (at most 20)."""
    cycle, _ = voted_cycle
    _publish(cycle, manager)
    client = Client()
    ceilings = {"results": 2, "results_group": 2, "steps": 2, "analysis": 2, "api": 1}
    for name, ceiling in ceilings.items():
        url = _pages(cycle)[name]
        cache.clear()
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(ceiling):
            assert client.get(url).status_code == 200


def test_a_rendered_part_reads_the_groups_and_types_once(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any
) -> None:
    """When the part is rendered (a first visit, or a query string the cache does not take),
    the cycle's groups and types are read once, however many places of the page use them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cycle, _ = voted_cycle
    _publish(cycle, manager)
    for name in ("results", "steps", "analysis"):
        for query in ("", "?from=news"):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert Client().get(_pages(cycle)[name] + query).status_code == 200
            sqls = [q["sql"] for q in queries.captured_queries]
            for table in ("budgeting_categorygroup", "budgeting_projecttype"):
                reads = [s for s in sqls if s.startswith("SELECT") and f'FROM "{table}"' in s]
                assert len(reads) <= 1, (name, query, table, reads)


@pytest.mark.parametrize(
    ("query", "cached"),
    [
        ("", True),
        ("page=2", True),
        ("group=parks&selected=1&page=12&ip=3", True),
        ("page=0002", False),  # read as page 2, but one part per spelling would fill the cache
        ("page=0", False),
        ("page=99999", False),
        ("page=abc", False),
        ("selected=yes", False),
        ("group=" + "x" * 31, False),
        ("group=%3Cb%3E", False),
        ("page=1&page=2", False),
        ("from=news", False),
    ],
)
def test_only_canonical_queries_are_cached(query: str, cached: bool) -> None:
    from django.test import RequestFactory

    from maeul.budgeting import pagecache

    request = RequestFactory().get("/results/?" + query if query else "/results/")
    found = pagecache.cacheable_query(request, ("group", "selected", "page", "ip"))
    assert (found == query) if cached else (found is None)
