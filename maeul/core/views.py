"""Public pages of the web shell: the landing page and each municipality's home page."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from maeul.core.programmes import programmes
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


@require_GET
def municipality_home(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.select_related("parent"), slug=slug)
    children = list(municipality.children.order_by("sort_order", "name"))
    sections = []
    for programme in programmes():
        sections.append({"programme": programme, "cards": programme.cards(municipality)})
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
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 400}, status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 403}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 404}, status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "core/error.html", {"status": 500}, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/error.html", {"status": 403, "csrf": True}, status=403)
