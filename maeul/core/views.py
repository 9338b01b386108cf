"""Public pages of the web shell: the landing page and each municipality's home page."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maeul.api.errors import envelope_response, is_api_request
from maeul.core.health import readiness_checks, replica_states
from maeul.core.paging import page_of, query_without
from maeul.core.programmes import Cards, programmes
from maeul.core.sqlplan import Plan
from maeul.places.models import Municipality


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    tops = list(
        Municipality.objects.filter(level=1)
        .annotate(n_children=Count("children"))
        .order_by("sort_order", "name")
    )
    featured = list(
        Municipality.objects.filter(level=2).exclude(description="").select_related("parent")
    )
    return render(request, "core/home.html", {"tops": tops, "featured": featured})


# The place with its parent and grandparent, by slug; and a place's children, in their order.
_HOME_PLACE = Plan(
    lambda slug: Municipality.objects.filter(slug=slug).select_related("parent__parent"), str
)
_HOME_CHILDREN = Plan(
    lambda pk: Municipality.objects.filter(parent=pk).order_by("sort_order", "name"), int
)


@require_GET
def municipality_home(request: HttpRequest, slug: str) -> HttpResponse:
    """The place, its programmes' cards and its neighbourhoods. The place (with its parent
    and grandparent, for the breadcrumbs and the programmes that walk up to the city: a
    neighbourhood sits two levels below its city) and its children come from queries whose
    text is compiled once per process (``maeul.core.sqlplan``), like the cards: building and
    compiling the ORM's SQL was most of this page's CPU (issue 23)."""
    found = _HOME_PLACE.objects(slug)
    if not found:
        raise Http404
    municipality = found[0]  # its parents loaded: ``ancestors`` reads nothing again
    children = _HOME_CHILDREN.objects(municipality.pk)
    sections = []
    for programme in programmes():
        cards = programme.cards(municipality)
        hidden, more_url, total = 0, "", len(cards)
        if isinstance(cards, Cards) and cards.hidden:
            hidden, more_url, total = cards.hidden, cards.more_url, cards.total
        sections.append(
            {
                "programme": programme,
                "cards": cards,
                # What the template shows, as plain dicts: it looks every name up as a key
                # first, and a dataclass or a list answers that with an exception.
                "rows": [
                    {"title": c.title, "url": c.url, "status": c.status, "summary": c.summary}
                    for c in cards
                ],
                "hidden": hidden,
                "more_url": more_url,
                "total": total,
            }
        )
    return render(
        request,
        "core/municipality.html",
        {
            "municipality": municipality,
            "ancestors": municipality.ancestors(),
            "children": children,
            "sections": sections,
            "has_any": any(section["cards"] for section in sections),
        },
    )


@require_GET
def programme_index(request: HttpRequest, key: str) -> HttpResponse:
    """One programme across the platform: which cities and districts run it, with their cards.

    The programmes' own pages live under a municipality (``/pledges/<slug>/``); this page
    answers the bare programme address so that a resident who types it finds their district.
    """
    programme = next((p for p in programmes() if p.key == key), None)
    if programme is None:
        raise Http404
    places = list(
        Municipality.objects.filter(level__in=(1, 2))
        .select_related("parent")
        .order_by("parent__sort_order", "sort_order", "name")
    )
    cards = programme.cards_of(places)
    # Cities and districts sit at most one level down, so the parent fetched with each place
    # gives its full name without ``full_name``'s query per row.
    rows = [
        {
            "municipality": m,
            "name": f"{m.parent.display_name} {m.display_name}" if m.parent else m.display_name,
            "cards": cards[m.pk],
        }
        for m in places
        if cards.get(m.pk)
    ]
    page = page_of(request, rows)
    return render(
        request,
        "core/programme.html",
        {"programme": programme, "page": page, "query": query_without(request)},
    )


@require_GET
def livez(request: HttpRequest) -> HttpResponse:
    """Liveness: the process runs and answers. Touches nothing else, so a restart is never
    triggered by a database outage that a restart cannot cure."""
    return JsonResponse({"status": "ok"})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Readiness: 200 only when this process can serve, i.e. reach its database (and the
    cache when ``MAEUL_REDIS_URL`` configures one); 503 naming what is unreachable, so a load
    balancer stops sending residents to a process that would only answer errors."""
    checks = readiness_checks()
    ready = all(state == "ok" for state in checks.values())
    body: dict[str, object] = {"status": "ok" if ready else "unavailable", "checks": checks}
    replicas = replica_states()
    if replicas:
        body["replicas"] = replicas
    return JsonResponse(body, status=200 if ready else 503)


def _api_or_page(request: HttpRequest, status: int) -> HttpResponse:
    """Django's error handlers answer API addresses in the API's envelope, never in HTML (and
    without rendering a template, whose context processors may need the database)."""
    if is_api_request(request):
        return envelope_response(request, status)
    return render(request, "core/error.html", {"status": status}, status=status)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request) and isinstance(exception, RequestDataTooBig):
        return envelope_response(request, 413)
    return _api_or_page(request, 400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api_or_page(request, 403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api_or_page(request, 404)


def error_500(request: HttpRequest) -> HttpResponse:
    return _api_or_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if is_api_request(request):
        if not request.user.is_authenticated:
            return envelope_response(request, 401)
        return envelope_response(
            request,
            403,
            "csrf_failed",
            _("The security token (CSRF) is missing or wrong. Reload the page and try again."),
        )
    return render(request, "core/error.html", {"status": 403, "csrf": True}, status=403)
