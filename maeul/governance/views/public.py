"""Public governance pages: the bodies of a municipality, a body, the composition and
the statistics (accepted reports only, unless an official of the scope asks for the rest).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from maeul.core.paging import page_of, query_without
from maeul.engine.scoring.exact import percent_text
from maeul.governance import exports, selectors
from maeul.governance.charts import rate_chart
from maeul.governance.forms import (
    StatisticsForm,
)
from maeul.governance.models import (
    Body,
)
from maeul.governance.views._common import (
    _download,
    _links,
    _municipality,
    _rules,
)


@require_GET
def bodies(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the bodies of a municipality and below, each with its composition verdict."""
    municipality = _municipality(slug)
    bodies = (
        Body.objects.filter(municipality__in=municipality.subtree())
        .select_related("municipality")
        .order_by("municipality__path", "name", "pk")
    )
    page = page_of(request, bodies)
    shown = list(page.object_list)
    reports = selectors.compositions_for(shown)
    rows = [{"body": body, "report": reports[body.pk][1]} for body in shown]
    return render(
        request,
        "governance/bodies.html",
        {
            "municipality": municipality,
            "rows": rows,
            "page": page,
            "query": query_without(request),
            **_links(request.user, municipality),
        },
    )


@require_GET
def body_detail(request: HttpRequest, body_id: int) -> HttpResponse:
    """Public: members on the reference day, composition rules, term history."""
    body = get_object_or_404(Body.objects.select_related("municipality", "parent"), pk=body_id)
    day = selectors.reference_day(body)
    report = selectors.composition(body, day)
    history = page_of(
        request, body.memberships.order_by("person_name", "term_start", "pk"), param="history_page"
    )
    return render(
        request,
        "governance/body.html",
        {
            "body": body,
            "municipality": body.municipality,
            "day": day,
            "report": report,
            "rules": _rules(report),
            "female_percent": percent_text(report.female_percent),
            "civil_percent": percent_text(report.civil_percent),
            "members": selectors.active_memberships(body, day),
            "history": history,
            "history_query": query_without(request, "history_page"),
            "children": body.children.all(),
            "meetings": selectors.meeting_rule_status(body),
            **_links(request.user, body.municipality),
        },
    )


@require_GET
def composition(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the composition report of every body below a municipality, with totals."""
    municipality = _municipality(slug)
    kind = request.GET.get("kind") or None
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        rows = exports.composition_rows(municipality)
        return _download(exports.COMPOSITION, fmt, rows, municipality.slug)
    lines, total = selectors.composition_report(municipality, kind)
    return render(
        request,
        "governance/composition.html",
        {
            "municipality": municipality,
            "lines": [
                {
                    "body": line.body,
                    "report": line.report,
                    "female": percent_text(line.report.female_percent),
                    "civil": percent_text(line.report.civil_percent),
                }
                for line in lines
            ],
            "total": total,
            "total_civil": percent_text(total.civil_percent) if total else "",
            "total_female": percent_text(total.female_percent) if total else "",
            "kind": kind,
            "kinds": Body._meta.get_field("kind").choices,
        },
    )


@require_GET
def statistics(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the SPEC §6 table per district for a year or quarter, with a chart and surveys.

    Officials of the scope may tick "include reports not yet accepted"."""
    municipality = _municipality(slug)
    links = _links(request.user, municipality)
    years = selectors.periods_with_sessions(municipality, accepted_only=not links["can_view"])
    initial_year = years[0] if years else selectors.today().year
    form = StatisticsForm(request.GET or None, initial={"year": initial_year})
    if not links["can_view"]:
        del form.fields["include_unreviewed"]
    year, quarter, include = initial_year, None, False
    if request.GET and form.is_valid():
        year = form.cleaned_data["year"]
        quarter = form.cleaned_data.get("quarter")
        include = bool(form.cleaned_data.get("include_unreviewed"))
    period = selectors.Period(year, quarter)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        rows = exports.period_rows(municipality, period, accepted_only=not include)
        return _download(exports.STATISTICS, fmt, rows, f"{municipality.slug}-{period.label}")
    table, _districts = selectors.statistics(municipality, period, accepted_only=not include)
    shown = table.shown()
    district_rows = shown[: len(table.rows)]
    return render(
        request,
        "governance/statistics.html",
        {
            "municipality": municipality,
            "form": form,
            "period": period,
            "rows": shown,
            "district_count": len(table.rows),
            "chart": rate_chart(district_rows),
            "surveys": selectors.surveys(municipality),
            "include": include,
            **links,
        },
    )


# ---- officials: members ---------------------------------------------------------------------
