"""Points screens: the public award table, a resident's statement, and officials' screens
(totals with downloads, voucher approvals and issue, manual awards, corrections).

Access, per view: ``scheme`` public; ``statement`` and the voucher request/cancel actions the
logged-in resident on their own account; the rest officials whose scope covers the
municipality, by the named rules in ``rules.py``. Writes go through ``services.py`` only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.permissions import get_authorised, has_permission, require_permission
from maeul.core.confirm import confirmation_page, is_confirmed
from maeul.core.errors import ServiceError
from maeul.core.paging import page_of, query_without
from maeul.exports.writers import CONTENT_TYPES
from maeul.exports.writers import render as render_table
from maeul.places.models import Municipality
from maeul.points import selectors, services
from maeul.points.forms import (
    AwardTableForm,
    CorrectionForm,
    IssueForm,
    ManualAwardForm,
    RejectForm,
    ResidentLookupForm,
    TotalsFilterForm,
    VoucherRequestForm,
)
from maeul.points.models import (
    VOUCHER_TRANSITIONS,
    VOUCHER_UNIT,
    Activity,
    PointsPolicy,
    PointsTransaction,
    VoucherRequest,
)
from maeul.points.rules import PointsPermission


def _municipality(slug: str) -> Municipality:
    return get_object_or_404(Municipality.objects.select_related("parent"), slug=slug)


def _official_links(user: Any, municipality: Municipality) -> dict[str, bool]:
    return {
        "can_totals": has_permission(user, PointsPermission.VIEW_TOTALS, municipality),
        "can_vouchers": has_permission(user, PointsPermission.HANDLE_VOUCHERS, municipality),
        "can_award": has_permission(user, PointsPermission.AWARD_MANUAL, municipality),
        "can_correct": has_permission(user, PointsPermission.CORRECT, municipality),
        "can_table": has_permission(user, PointsPermission.MANAGE_AWARD_TABLE, municipality),
    }


@require_GET
def scheme(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: what earns points here, under which table version, and how to redeem them."""
    municipality = _municipality(slug)
    tables = list(selectors.award_tables(municipality))
    if not tables:
        raise Http404(slug)
    return render(
        request,
        "points/scheme.html",
        {
            "municipality": municipality,
            "current": tables[0],
            "history": tables[1:],
            "policy": PointsPolicy.objects.filter(municipality=municipality).first(),
            "unit": VOUCHER_UNIT,
            **_official_links(request.user, municipality),
        },
    )


@login_required
@require_GET
def statement(request: HttpRequest) -> HttpResponse:
    """The logged-in resident's balance, history and voucher requests, per municipality."""
    require_permission(request.user, PointsPermission.VIEW_STATEMENT, request.user)
    statements = selectors.statements_for(request.user, limit=0)
    for item in statements:
        item.form = VoucherRequestForm(  # type: ignore[attr-defined]
            initial={"municipality": item.municipality.slug, "units": 1},
            auto_id=f"id_{item.municipality.slug}_%s",
        )
        _page_lines(request, item)
    return render(
        request,
        "points/statement.html",
        {
            "statements": statements,
            "unit": VOUCHER_UNIT,
            "is_resident": request.user.resident_or_none is not None,  # type: ignore[union-attr]
        },
    )


def _page_lines(request: HttpRequest, item: selectors.Statement) -> None:
    """One page of an account's history, its pager named after the municipality (a resident
    with accounts in two places pages each on its own)."""
    param = f"page_{item.municipality.slug}"
    page = page_of(request, selectors.ledger_entries(item.account), param=param)
    item.lines = selectors.with_balances(
        item.account, page.object_list, newer=page.start_index() - 1 if page.object_list else 0
    )
    item.page = page  # type: ignore[attr-defined]
    item.page_param = param  # type: ignore[attr-defined]
    item.page_query = query_without(request, param)  # type: ignore[attr-defined]


@login_required
@require_POST
def voucher_request(request: HttpRequest) -> HttpResponse:
    form = VoucherRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("points:statement")
    municipality = _municipality(form.cleaned_data["municipality"])
    try:
        made = services.voucher_request_create(
            resident=request.user, municipality=municipality, units=form.cleaned_data["units"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your request for %(units)s vouchers was received; %(points)s points are set aside.")
            % {"units": made.units, "points": f"{made.amount:,}"},
        )
    return redirect("points:statement")


@login_required
@require_POST
def voucher_cancel(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        services.voucher_request_cancel(resident=request.user, request_id=request_id)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request was withdrawn and the points returned."))
    return redirect("points:statement")


def _default_period(municipality: Municipality) -> tuple[str, str]:
    months = selectors.months_with_points(municipality)
    if months:
        return months[-1][:4] + "-01", months[-1]
    today = timezone.localdate()
    return f"{today.year}-01", today.strftime("%Y-%m")


def _bars(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Bar geometry for the server-rendered SVG chart (heights in a 100-unit box)."""
    top = max((row["points"] or 0 for row in rows), default=0) or 1
    width = 100 / max(len(rows), 1)
    return [
        {
            "label": row[key],
            "points": row["points"],
            "x": round(i * width + width * 0.1, 2),
            "width": round(width * 0.8, 2),
            "height": round((row["points"] or 0) / top * 90, 2),
            "y": round(100 - (row["points"] or 0) / top * 90, 2),
        }
        for i, row in enumerate(rows)
    ]


@login_required
@require_GET
def totals(request: HttpRequest, slug: str) -> HttpResponse:
    """Officials: points awarded by month, dong and activity; CSV/XLSX download."""
    municipality = _municipality(slug)
    require_permission(request.user, PointsPermission.VIEW_TOTALS, municipality)
    month_from, month_to = _default_period(municipality)
    form = TotalsFilterForm(
        request.GET if "month_from" in request.GET else None,
        initial={"month_from": month_from, "month_to": month_to},
    )
    if form.is_bound and form.is_valid():
        month_from, month_to = form.cleaned_data["month_from"], form.cleaned_data["month_to"]
    result = selectors.totals(municipality, month_from, month_to)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        data = render_table(
            fmt, "points-totals", selectors.TOTALS_COLUMNS, selectors.totals_rows(result), bom=True
        )
        response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
        filename = f"points-totals-{municipality.code}-{month_from}-{month_to}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(
        request,
        "points/totals.html",
        {
            "municipality": municipality,
            "form": form,
            "result": result,
            "bars": _bars(result.by_month, "month"),
            "query": f"month_from={month_from}&month_to={month_to}",
            **_official_links(request.user, municipality),
        },
    )


@login_required
@require_GET
def vouchers(request: HttpRequest, slug: str) -> HttpResponse:
    """Officials: the open voucher requests (each with its approve, issue and reject forms,
    posted to their own URLs) and the recently issued ones."""
    municipality = _municipality(slug)
    require_permission(request.user, PointsPermission.HANDLE_VOUCHERS, municipality)
    open_requests = list(selectors.open_voucher_requests(municipality))
    for item in open_requests:
        item.issue_form = IssueForm(  # type: ignore[attr-defined]  # per-row form for the template
            prefix=f"r{item.pk}", initial={"handed_to": str(item.resident)}
        )
    return render(
        request,
        "points/vouchers.html",
        {
            "municipality": municipality,
            "open_requests": open_requests,
            "issued": page_of(request, selectors.issued_requests(municipality), param="issued"),
            "issued_query": query_without(request, "issued"),
            **_official_links(request.user, municipality),
        },
    )


def _voucher_municipality(request: HttpRequest, slug: str) -> Municipality:
    """The municipality of a voucher action: officials outside its scope get 403 (as on the
    list); a request id of another municipality then answers 404 from the service."""
    municipality = _municipality(slug)
    require_permission(request.user, PointsPermission.HANDLE_VOUCHERS, municipality)
    return municipality


def _back_to_vouchers(municipality: Municipality) -> HttpResponse:
    return redirect("points:vouchers", slug=municipality.slug)


@login_required
@require_POST
def voucher_approve(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    """Officials: approve a request (reversible by rejecting it, so no confirmation)."""
    municipality = _voucher_municipality(request, slug)
    try:
        services.voucher_request_approve(actor=request.user, request_id=request_id)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Request %(id)s approved.") % {"id": request_id})
    return _back_to_vouchers(municipality)


@login_required
@require_POST
def voucher_reject(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    """Officials: reject a request with a reason, after a confirmation page; the points go
    back to the resident."""
    municipality = _voucher_municipality(request, slug)
    form = RejectForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    item = _voucher_for_confirmation(request, request_id, "reject")
    if item is not None and reason.strip():
        page = confirmation_page(
            request,
            title=_("Reject request %(id)s?") % {"id": item.pk},
            consequences=[
                _("The request of %(name)s for %(units)s vouchers is rejected.")
                % {"name": str(item.resident), "units": item.units},
                _("Its %(points)s points go back to the resident's balance.")
                % {"points": f"{item.amount:,}"},
                _("The resident reads your reason: %(reason)s") % {"reason": reason.strip()},
                _("A rejected request cannot be approved later; the resident must ask again."),
            ],
            action_label=_("Reject the request"),
            cancel_url=reverse("points:vouchers", kwargs={"slug": municipality.slug}),
        )
        if page is not None:
            return page
    try:
        services.voucher_request_reject(actor=request.user, request_id=request_id, reason=reason)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Request %(id)s rejected.") % {"id": request_id})
    return _back_to_vouchers(municipality)


@login_required
@require_POST
def voucher_issue(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    """Officials: issue an approved request's vouchers and record the hand-over, after a
    confirmation page (issued vouchers cannot be taken back)."""
    municipality = _voucher_municipality(request, slug)
    form = IssueForm(request.POST, prefix=f"r{request_id}")
    if not form.is_valid():
        messages.error(request, _("Record to whom the vouchers were handed."))
        return _back_to_vouchers(municipality)
    item = _voucher_for_confirmation(request, request_id, "issue")
    if item is not None:
        page = confirmation_page(
            request,
            title=_("Issue the vouchers of request %(id)s?") % {"id": item.pk},
            consequences=[
                _("%(units)s vouchers of %(value)s points each are issued to %(name)s.")
                % {"units": item.units, "value": f"{VOUCHER_UNIT:,}", "name": str(item.resident)},
                _("They are recorded as handed over to %(handed_to)s.")
                % {"handed_to": form.cleaned_data["handed_to"]},
                _("Issued vouchers cannot be taken back or issued a second time."),
            ],
            action_label=_("Issue the vouchers"),
            cancel_url=reverse("points:vouchers", kwargs={"slug": municipality.slug}),
        )
        if page is not None:
            return page
    try:
        made = services.voucher_request_issue(
            actor=request.user,
            request_id=request_id,
            handed_to=form.cleaned_data["handed_to"],
            note=form.cleaned_data["note"],
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Vouchers %(first)s to %(last)s issued.")
            % {
                "first": selectors.voucher_number(made, 1),
                "last": selectors.voucher_number(made, made.units),
            },
        )
    return _back_to_vouchers(municipality)


def _voucher_for_confirmation(
    request: HttpRequest, request_id: int, action: str
) -> VoucherRequest | None:
    """The request to describe on the confirmation page, or None to go straight to the
    service (already confirmed, or in a state where ``action`` is refused anyway: nobody
    confirms something that cannot happen). Outside the official's scope: 404."""
    if is_confirmed(request):
        return None
    item = get_authorised(
        VoucherRequest.objects.select_related("municipality", "resident"),
        request.user,
        request_id,
        PointsPermission.HANDLE_VOUCHERS,
    )
    if VOUCHER_TRANSITIONS.get((item.status, action)) is None:
        return None
    return item


def _resident_or_error(form: Any, municipality: Municipality) -> Any:
    resident = selectors.resident_by_username(municipality, form.cleaned_data["resident"])
    if resident is None:
        form.add_error(
            "resident",
            _("No resident with this user name lives in %(name)s.")
            % {"name": municipality.display_name},
        )
    return resident


@login_required
@require_http_methods(["GET", "POST"])
def award(request: HttpRequest, slug: str) -> HttpResponse:
    """Officials: award points for an activity recorded off-line, with evidence."""
    municipality = _municipality(slug)
    require_permission(request.user, PointsPermission.AWARD_MANUAL, municipality)
    form = ManualAwardForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        resident = _resident_or_error(form, municipality)
        if resident is not None:
            data = form.cleaned_data
            occurred_at = dt.datetime.combine(
                data["occurred_on"], dt.time(12, 0), tzinfo=services.KST
            )
            try:
                result = services.points_award_manual(
                    actor=request.user,
                    resident=resident,
                    municipality=municipality,
                    activity=data["activity"],
                    occurred_at=occurred_at,
                    note=data["note"],
                    idempotency_key=data["token"],
                    evidence=data.get("evidence"),
                )
            except ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                if result.created:
                    messages.success(
                        request,
                        _("%(points)s points awarded to %(name)s.")
                        % {"points": f"{result.points:,}", "name": resident},
                    )
                else:
                    messages.info(request, _("This award was already recorded."))
                return redirect("points:award", slug=municipality.slug)
    return render(
        request,
        "points/form_page.html",
        {
            "municipality": municipality,
            "form": form,
            "title": _("Award points"),
            "intro": _(
                "Points follow the award table in force on the date of the activity. "
                "The note and file are kept as evidence."
            ),
            "multipart": True,
            "submit": _("Award points"),
        },
    )


def _correction_confirmation(
    request: HttpRequest, municipality: Municipality, resident: Any, data: dict[str, Any]
) -> HttpResponse | None:
    """A correction is a ledger entry that stays forever: confirm it first (a missing reason
    or zero points go straight to the service's message)."""
    points = data["points"]
    reason = (data.get("reason") or "").strip()
    if not points or not reason:
        return None
    values = {"points": f"{abs(points):,}", "name": resident, "place": municipality.display_name}
    if points > 0:
        change = _("%(points)s points are added to the balance of %(name)s in %(place)s.")
    else:
        change = _("%(points)s points are taken from the balance of %(name)s in %(place)s.")
    return confirmation_page(
        request,
        title=_("Record this correction?"),
        consequences=[
            change % values,
            _(
                "The correction is a new ledger entry that is never deleted; only another "
                "correction offsets it."
            ),
            _("You are recorded as the approving official, with the reason: %(reason)s")
            % {"reason": reason},
        ],
        action_label=_("Record the correction"),
        cancel_url=reverse("points:correct", kwargs={"slug": municipality.slug}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, slug: str) -> HttpResponse:
    """Administrators: correct a resident's balance with a reason (append-only)."""
    municipality = _municipality(slug)
    require_permission(request.user, PointsPermission.CORRECT, municipality)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resident = _resident_or_error(form, municipality)
        page = None
        if resident is not None:
            page = _correction_confirmation(request, municipality, resident, form.cleaned_data)
        if page is not None:
            return page
        if resident is not None:
            try:
                services.points_correct(
                    actor=request.user,
                    resident=resident,
                    municipality=municipality,
                    points=form.cleaned_data["points"],
                    reason=form.cleaned_data["reason"],
                )
            except ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The correction was recorded."))
                return redirect("points:correct", slug=municipality.slug)
    return render(
        request,
        "points/form_page.html",
        {
            "municipality": municipality,
            "form": form,
            "title": _("Correct a balance"),
            "intro": _(
                "A correction is a new ledger entry; nothing is erased. It needs a reason, "
                "and you are recorded as the approving official."
            ),
            "multipart": False,
            "submit": _("Record the correction"),
        },
    )


@login_required
@require_GET
def resident_ledger(request: HttpRequest, slug: str) -> HttpResponse:
    """Officials of the scope look up one resident's ledger (e.g. at the counter), with the
    notes and evidence of each award."""
    municipality = _municipality(slug)
    require_permission(request.user, PointsPermission.VIEW_TOTALS, municipality)
    form = ResidentLookupForm(request.GET if "resident" in request.GET else None)
    statement = None
    resident = None
    if form.is_bound and form.is_valid():
        resident = _resident_or_error(form, municipality)
        if resident is not None:
            statement = next(
                (
                    item
                    for item in selectors.statements_for(resident, limit=0)
                    if item.municipality.pk == municipality.pk
                ),
                None,
            )
            if statement is not None:
                _page_lines(request, statement)
    return render(
        request,
        "points/resident_ledger.html",
        {
            "municipality": municipality,
            "form": form,
            "resident": resident,
            "statement": statement,
            **_official_links(request.user, municipality),
        },
    )


def _table_confirmation(
    request: HttpRequest, municipality: Municipality, form: AwardTableForm
) -> HttpResponse | None:
    """A published version governs every award from its date and is never withdrawn."""
    if not form.rules():
        return None  # the service explains that a table needs an activity
    data = form.cleaned_data
    months = data.get("points_valid_months")
    return confirmation_page(
        request,
        title=_("Publish a new award table?"),
        consequences=[
            _("From %(date)s every award in %(place)s follows this table (%(count)s activities).")
            % {
                "date": date_format(data["effective_from"], "DATE_FORMAT"),
                "place": municipality.display_name,
                "count": len(form.rules()),
            },
            _("A published version cannot be changed or withdrawn; a later version replaces it."),
            (
                _("Points expire %(months)s months after they are earned.") % {"months": months}
                if months
                else _("Points never expire.")
            ),
            _("Vouchers are valid for %(months)s months.")
            % {"months": data["voucher_valid_months"]},
        ],
        action_label=_("Publish the award table"),
        cancel_url=reverse("points:table_new", kwargs={"slug": municipality.slug}),
    )


def _table_initial(municipality: Municipality) -> dict[str, Any]:
    initial: dict[str, Any] = {"voucher_valid_months": 12}
    policy = PointsPolicy.objects.filter(municipality=municipality).first()
    if policy is not None:
        initial["points_valid_months"] = policy.points_valid_months
        initial["voucher_valid_months"] = policy.voucher_valid_months
    current = selectors.current_award_table(municipality)
    for rule in current.rules.all() if current else []:
        initial[f"{rule.activity}__points"] = rule.points
        initial[f"{rule.activity}__cap"] = rule.cap_points
        initial[f"{rule.activity}__period"] = rule.cap_period
        initial[f"{rule.activity}__verified"] = rule.verified_only
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def table_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Administrators: publish a new award table version and set the expiry rules."""
    municipality = _municipality(slug)
    require_permission(request.user, PointsPermission.MANAGE_AWARD_TABLE, municipality)
    form = AwardTableForm(request.POST or None, initial=_table_initial(municipality))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        page = _table_confirmation(request, municipality, form)
        if page is not None:
            return page
        try:
            table = services.award_table_publish(
                actor=request.user,
                municipality=municipality,
                effective_from=data["effective_from"],
                rules=form.rules(),
                note=data["note"],
            )
            services.points_policy_set(
                actor=request.user,
                municipality=municipality,
                points_valid_months=data["points_valid_months"],
                voucher_valid_months=data["voucher_valid_months"],
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("Version %(version)s of the award table is published.")
                % {"version": table.version},
            )
            return redirect("points:scheme", slug=municipality.slug)
    rows = [
        {
            "label": label,
            "points": form[f"{value}__points"],
            "cap": form[f"{value}__cap"],
            "period": form[f"{value}__period"],
            "verified": form[f"{value}__verified"],
        }
        for value, label in Activity.choices
    ]
    head = [
        form[name]
        for name in ("effective_from", "note", "points_valid_months", "voucher_valid_months")
    ]
    return render(
        request,
        "points/table_form.html",
        {"municipality": municipality, "form": form, "rows": rows, "head": head},
    )


@login_required
@require_GET
def evidence(request: HttpRequest, transaction_id: int) -> FileResponse:
    """Officials of the scope download an award's evidence file (never public)."""
    txn = get_authorised(
        PointsTransaction.objects.select_related("municipality"),
        request.user,
        transaction_id,
        PointsPermission.VIEW_TOTALS,
    )
    if not txn.evidence or not txn.evidence.name:
        raise Http404(str(transaction_id))
    filename = txn.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(txn.evidence.open("rb"), as_attachment=True, filename=filename)
