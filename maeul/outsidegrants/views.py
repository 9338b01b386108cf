"""Pages of the outside grant register.

Access: the yearly summary is public (counts and amounts only: no note, no pre-check, no
department). Every other page is the officials' own: reading for officials of the
municipality's scope (``VIEW``), recording for its administrators and programme managers
(``MANAGE``). Anyone else — a resident, an official of another district — gets 404, so the
register of one district cannot be probed from another.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.core.errors import ServiceError
from maeul.core.tabular import TableInvalid
from maeul.outsidegrants import selectors, services
from maeul.outsidegrants.models import (
    Decision,
    DepartmentIncentive,
    DistrictApplication,
    Field,
    FunderKind,
    Outcome,
    OutsideProgramme,
    ProgrammeStatus,
)
from maeul.outsidegrants.rules import OutsideGrantPermission
from maeul.places.models import Municipality, MunicipalityKind

ACCESS = {
    "summary": "public",
    "register": "official(administrator, programme_manager, reviewer, auditor) of the scope",
    "statistics": "official(administrator, programme_manager, reviewer, auditor) of the scope",
    "programme": "official(administrator, programme_manager, reviewer, auditor) of the scope; "
    "recording: official(administrator, programme_manager)",
    "programme_new": "official(administrator, programme_manager) of the scope",
    "import_register": "official(administrator, programme_manager) of the scope",
    "incentives": "official(administrator, programme_manager, reviewer, auditor) of the scope; "
    "recording: official(administrator, programme_manager)",
}

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_WITHIN_DAYS = 366


def _district(slug: str) -> Municipality:
    municipality = get_object_or_404(Municipality, slug=slug)
    if municipality.kind == MunicipalityKind.DONG:
        raise Http404(slug)
    return municipality


def _official_place(request: HttpRequest, slug: str, permission: str) -> Municipality:
    municipality = _district(slug)
    if not has_permission(request.user, permission, municipality):
        raise Http404(slug)
    return municipality


def _login(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


@require_GET
def summary(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _district(slug)
    return render(
        request,
        "outsidegrants/summary.html",
        {
            "municipality": municipality,
            "years": selectors.yearly(municipality),
            "can_view": has_permission(request.user, OutsideGrantPermission.VIEW, municipality),
        },
    )


def _int_param(value: str, upper: int) -> int | None:
    text = value.strip()
    if not text.isdigit() or len(text) > 6:
        return None
    number = int(text)
    return number if 0 <= number <= upper else None


@require_GET
def register(request: HttpRequest, slug: str) -> HttpResponse:
    if (login := _login(request)) is not None:
        return login
    municipality = _official_place(request, slug, OutsideGrantPermission.VIEW)
    field_code = request.GET.get("field", "")
    field_code = field_code if field_code in Field.values else ""
    status = request.GET.get("status", "")
    status = status if status in ProgrammeStatus.values else ""
    within = _int_param(request.GET.get("within", ""), MAX_WITHIN_DAYS)
    year = _int_param(request.GET.get("year", ""), 2100)
    day = services.today()
    rows = selectors.register(
        municipality, field_code=field_code, status=status, within_days=within, year=year, on=day
    )
    years = (
        OutsideProgramme.objects.filter(municipality=municipality)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return render(
        request,
        "outsidegrants/register.html",
        {
            "municipality": municipality,
            "programmes": list(rows[:500]),
            "total": rows.count(),
            "fields": Field.choices,
            "statuses": ProgrammeStatus.choices,
            "years": list(years),
            "field": field_code,
            "status": status,
            "within": within,
            "year": year,
            "today": day,
            "can_manage": has_permission(request.user, OutsideGrantPermission.MANAGE, municipality),
        },
    )


@require_http_methods(["GET", "POST"])
def programme_new(request: HttpRequest, slug: str) -> HttpResponse:
    if (login := _login(request)) is not None:
        return login
    municipality = _official_place(request, slug, OutsideGrantPermission.MANAGE)
    error, field = "", ""
    posted: dict[str, Any] = {"year": str(services.today().year)}
    if request.method == "POST":
        posted = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        try:
            programme = services.programme_create(
                actor=request.user, municipality=municipality, data=posted
            )
        except ServiceError as failure:
            error, field = failure.message, failure.field or ""
        else:
            messages.success(request, _("Saved."))
            return redirect("outsidegrants:programme", programme.pk)
    return render(
        request,
        "outsidegrants/programme_new.html",
        {
            "municipality": municipality,
            "posted": posted,
            "error": error,
            "field": field,
            "fields": Field.choices,
            "funder_kinds": FunderKind.choices,
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def import_register(request: HttpRequest, slug: str) -> HttpResponse:
    if (login := _login(request)) is not None:
        return login
    municipality = _official_place(request, slug, OutsideGrantPermission.MANAGE)
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Choose a CSV or .xlsx file.")]
        elif upload.size is not None and upload.size > MAX_IMPORT_BYTES:
            errors = [_("The file is larger than 5 MB.")]
        else:
            try:
                count = services.programmes_import(
                    actor=request.user,
                    municipality=municipality,
                    content=upload.read(),
                    name=upload.name or "",
                )
            except TableInvalid as failure:
                errors = [str(e) for e in failure.errors]
            except ServiceError as failure:
                errors = [failure.message]
            else:
                messages.success(request, _("%(count)s programmes imported.") % {"count": count})
                return redirect("outsidegrants:register", municipality.slug)
    from maeul.outsidegrants.table import TABLE

    return render(
        request,
        "outsidegrants/import.html",
        {"municipality": municipality, "errors": errors, "columns": TABLE.columns},
        status=400 if errors else 200,
    )


def _act(request: HttpRequest, programme: OutsideProgramme, action: str) -> None:
    data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    if action == "application":
        services.application_record(actor=request.user, programme_id=programme.pk, data=data)
    elif action == "outcome":
        services.outcome_record(actor=request.user, programme_id=programme.pk, data=data)
    else:
        raise ServiceError(_("Choose an action from the page."))


@require_http_methods(["GET", "POST"])
def programme(request: HttpRequest, programme_id: int) -> HttpResponse:
    if (login := _login(request)) is not None:
        return login
    item = get_authorised(
        OutsideProgramme.objects.select_related("municipality"),
        request.user,
        programme_id,
        OutsideGrantPermission.VIEW,
    )
    can_manage = has_permission(request.user, OutsideGrantPermission.MANAGE, item)
    error, field, action = "", "", ""
    posted: dict[str, Any] = {}
    if request.method == "POST":
        if not can_manage:
            raise Http404(str(programme_id))
        action = request.POST.get("action", "")
        posted = dict(request.POST.items())
        try:
            _act(request, item, action)
        except ServiceError as failure:
            error, field = failure.message, failure.field or ""
        else:
            messages.success(request, _("Saved."))
            return redirect("outsidegrants:programme", item.pk)
    application = DistrictApplication.objects.filter(programme=item).first()
    policy = services.policy_for(item.municipality)
    indicators = []
    if application is not None and application.policy:
        from maeul.engine.scoring.precheck import PrecheckPolicy

        policy = PrecheckPolicy.from_data(application.policy)
    for indicator in policy.indicators:
        given = application.scores.get(indicator.code) if application else None
        indicators.append(
            {
                "code": indicator.code,
                "label": indicator.label_ko if _lang_ko(request) else indicator.label_en,
                "maximum": indicator.maximum,
                "weight": indicator.weight,
                "score": given,
                "posted": posted.get(f"score_{indicator.code}", given if given is not None else ""),
            }
        )
    return render(
        request,
        "outsidegrants/programme.html",
        {
            "municipality": item.municipality,
            "programme": item,
            "application": application,
            "reasons": [
                r["ko"] if _lang_ko(request) else r["en"]
                for r in (application.reasons if application else [])
            ],
            "indicators": indicators,
            "threshold": policy.threshold,
            "decisions": Decision.choices,
            "outcomes": Outcome.choices,
            "can_manage": can_manage,
            "error": error,
            "field": field,
            "action": action,
            "posted": posted,
            "incentives": list(application.incentives.all()) if application else [],
        },
        status=400 if error else 200,
    )


def _lang_ko(request: HttpRequest) -> bool:
    return not (getattr(request, "LANGUAGE_CODE", "ko") or "ko").startswith("en")


@require_GET
def statistics(request: HttpRequest, slug: str) -> HttpResponse:
    if (login := _login(request)) is not None:
        return login
    municipality = _official_place(request, slug, OutsideGrantPermission.VIEW)
    years = selectors.yearly(municipality)
    return render(
        request,
        "outsidegrants/statistics.html",
        {
            "municipality": municipality,
            "years": [(y, selectors.incentives_by_department(municipality, y.year)) for y in years],
        },
    )


@require_http_methods(["GET", "POST"])
def incentives(request: HttpRequest, slug: str) -> HttpResponse:
    if (login := _login(request)) is not None:
        return login
    municipality = _official_place(request, slug, OutsideGrantPermission.VIEW)
    can_manage = has_permission(request.user, OutsideGrantPermission.MANAGE, municipality)
    error, field = "", ""
    posted: dict[str, Any] = {"year": str(services.today().year - 1)}
    if request.method == "POST":
        if not can_manage:
            raise Http404(slug)
        posted = dict(request.POST.items())
        try:
            services.incentive_record(actor=request.user, municipality=municipality, data=posted)
        except ServiceError as failure:
            error, field = failure.message, failure.field or ""
        else:
            messages.success(request, _("Saved."))
            return redirect("outsidegrants:incentives", municipality.slug)
    applications = DistrictApplication.objects.filter(
        programme__municipality=municipality, decision=Decision.APPLY
    ).select_related("programme")
    return render(
        request,
        "outsidegrants/incentives.html",
        {
            "municipality": municipality,
            "rows": DepartmentIncentive.objects.filter(municipality=municipality).select_related(
                "application__programme"
            ),
            "applications": applications.order_by("-programme__year", "programme__title"),
            "can_manage": can_manage,
            "error": error,
            "field": field,
            "posted": posted,
        },
        status=400 if error else 200,
    )
