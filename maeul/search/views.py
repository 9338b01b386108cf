"""The search page. Public: every result is something the visitor may already see listed
(committee votes only to their roll), so the page needs no permission of its own."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maeul.core.paging import page_of, query_without
from maeul.search import selectors
from maeul.search.forms import SearchForm


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Public: ``?q=`` with optional ``m`` (place), ``kind``, ``year`` and ``status``."""
    form = SearchForm(request.GET)
    context: dict[str, object] = {"form": form, "page": None, "searched": False}
    if form.is_valid() and form.cleaned_data["q"]:
        criteria = form.criteria()
        hits = selectors.HitList(selectors.sources(criteria, request.user))
        context.update(
            searched=True,
            page=page_of(request, hits),
            query=query_without(request),
            counts=hits.counts(),
            criteria=criteria,
            kind_links=_kind_links(request, hits.counts(), criteria.kind),
        )
    return render(request, "search/results.html", context)


def _kind_links(
    request: HttpRequest, counts: dict[str, int], current: str
) -> list[dict[str, object]]:
    """Links narrowing the results to one kind, each with its count (the current one marked)."""
    links = []
    for kind, label in selectors.KINDS:
        if kind not in counts:
            continue
        query = request.GET.copy()
        query.pop("page", None)
        query["kind"] = kind
        links.append(
            {
                "label": label,
                "count": counts[kind],
                "query": query.urlencode(),
                "current": kind == current,
            }
        )
    return links
