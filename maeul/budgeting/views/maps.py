"""Public map screens of a cycle: the map of its proposals, with the same proposals as a
paginated list that works without JavaScript and for screen readers, and the points the map
script loads. Access: public, like the proposal list (a cycle that left setup)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maeul.budgeting import maps, selectors
from maeul.budgeting.views._common import cycle_context
from maeul.core.paging import page_of, query_without


def _group(request: HttpRequest, codes: set[str]) -> str:
    """The ``?group=`` filter if it names a group of the cycle; an unknown code shows all."""
    group = request.GET.get("group", "")
    return group if group in codes else ""


@require_GET
def proposal_map(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Public: the map of a cycle's proposals and its list fallback."""
    cycle = selectors.cycle_public(slug, year)
    groups = list(cycle.groups.all())
    group = _group(request, {g.code for g in groups})
    page = page_of(request, maps.located_proposals(cycle, group=group))
    paged = page.paginator.count > maps.MAP_ALL_LIMIT
    points_query = request.GET.copy()
    if not paged:
        points_query.pop("page", None)
    context = cycle_context(request, cycle)
    context.update(
        groups=groups,
        group=group,
        page=page,
        query=query_without(request),
        unlocated=maps.unlocated_count(cycle, group=group),
        map=maps.map_settings(),
        map_paged=paged,
        points_query=points_query.urlencode(),
    )
    return render(request, "budgeting/map.html", context)


@require_GET
def proposal_map_points(request: HttpRequest, slug: str, year: int) -> JsonResponse:
    """Public: the located proposals as JSON for the map script (``?group=`` as the page): all
    of them up to ``MAP_ALL_LIMIT``, else those of the list page ``?page=`` names."""
    cycle = selectors.cycle_public(slug, year)
    group = _group(request, set(cycle.groups.values_list("code", flat=True)))
    rows = maps.located_proposals(cycle, group=group)
    page = page_of(request, rows)
    shown = page.object_list if page.paginator.count > maps.MAP_ALL_LIMIT else rows
    return JsonResponse({"points": maps.map_points(shown, cycle)})
