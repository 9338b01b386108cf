"""Grant pages: the public list, a call with its rules and result, the contest result; the
applicant's, reviewer's and official's pages (phone-usable: one column, plain forms).

Access: lists, open calls and published results are public; an application page answers 404
to anyone the rules do not let see it (so ids cannot be probed); actions call the services,
which check permission again and give a message on bad input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.models import User
from maeul.accounts.permissions import get_authorised, has_permission
from maeul.core.errors import ServiceError
from maeul.engine.grants import tie_rule_text
from maeul.grants import contest as contest_services
from maeul.grants import grantees, selectors, services
from maeul.grants.models import (
    Agreement,
    Application,
    ApplicationState,
    BudgetCategory,
    CallState,
    Contest,
    ContestState,
    GrantCall,
    OrganisationKind,
    ProgressReport,
    Receipt,
)
from maeul.grants.rules import GrantPermission, acts_for, district_scope
from maeul.grants.rulesdata import reason_texts
from maeul.places.models import Municipality

ACCESS = {
    "call_list": "public",
    "call_detail": "public (open, under review, announced); drafts: officials of the scope",
    "contest_detail": "public once round 1 starts; drafts: officials of the scope",
    "mine": "signed in: own organisations, applications and review assignments",
    "organisation_new": "signed in",
    "apply": "signed in, acting for an organisation",
    "application": "the organisation's people, consortium members, assigned reviewers "
    "without a conflict, managers and auditors of the scope",
    "application_action": "as the service decides for each action",
    "manage_call": "official(administrator, programme_manager, auditor) of the scope; in a "
    "city-wide call by district also a district's officials (their district's applications)",
    "manage_action": "official(administrator, programme_manager) of the scope",
    "call_new": "official(administrator, programme_manager) of the scope",
    "call_edit": "official(administrator, programme_manager) of the scope",
    "contest_new": "official(administrator, programme_manager) of the scope",
    "contest_manage": "official(administrator, programme_manager, auditor) of the scope; "
    "actions: administrator, programme_manager",
    "attachment_file": "as the application page (404 otherwise)",
    "report_file": "the lead organisation's people and the call's officials (in a city-wide "
    "call by district also the district's); 404 otherwise",
    "receipt_file": "the lead organisation's people and the call's officials (in a city-wide "
    "call by district also the district's); 404 otherwise",
}

LINES = 6


def _lang() -> str:
    return get_language() or "ko"


@require_GET
def call_list(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    can_manage = has_permission(request.user, GrantPermission.VIEW_BACKOFFICE, municipality)
    calls = selectors.public_calls(municipality)
    contests = selectors.public_contests(municipality)
    if can_manage:  # officials also find their drafts here
        calls = (calls | GrantCall.objects.filter(municipality=municipality)).distinct()
        contests = Contest.objects.filter(municipality=municipality).order_by("-pk")
    return render(
        request,
        "grants/list.html",
        {
            "municipality": municipality,
            "calls": calls,
            "contests": contests,
            "can_manage": can_manage,
            "can_create": has_permission(request.user, GrantPermission.MANAGE_CALL, municipality),
        },
    )


@require_GET
def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_authorised(
        GrantCall.objects.select_related("municipality", "district"),
        request.user,
        call_id,
        GrantPermission.VIEW_CALL,
    )
    return render(
        request,
        "grants/call.html",
        {
            "call": call,
            "municipality": call.municipality,
            "results": selectors.result_rows(call) if call.state == CallState.ANNOUNCED else [],
            "tie_rule": tie_rule_text(call.tie_rule, _lang()),
            "can_apply": call.is_open and selectors.organisations_of(request.user).exists(),
            "can_manage": has_permission(request.user, GrantPermission.VIEW_BACKOFFICE, call)
            or district_scope(request.user, call) is not None,
        },
    )


@require_GET
def contest_detail(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = get_object_or_404(Contest.objects.select_related("municipality"), pk=contest_id)
    if contest.state == ContestState.DRAFT and not has_permission(
        request.user, GrantPermission.VIEW_BACKOFFICE, contest
    ):
        return render(request, "grants/contest.html", {"missing": True}, status=404)
    entries = list(contest.entries.prefetch_related("judge_scores"))
    published = contest.state == ContestState.PUBLISHED
    return render(
        request,
        "grants/contest.html",
        {
            "contest": contest,
            "municipality": contest.municipality,
            "entries": sorted(entries, key=lambda e: (e.round_one_rank or 9999, e.position)),
            "finalists": sorted(
                (e for e in entries if e.advances), key=lambda e: (e.final_rank or 9999, e.position)
            ),
            "formula": contest_services.formula(contest).text(_lang()),
            "published": published,
            "ranked": contest.state in (ContestState.FINAL, ContestState.PUBLISHED),
        },
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "grants/mine.html",
        {
            "organisations": selectors.organisations_of(request.user),
            "applications": selectors.applications_of(request.user),
            "reviews": selectors.review_queue(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_new(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        place = Municipality.objects.filter(slug=request.POST.get("municipality", "")).first()
        try:
            services.organisation_register(
                actor=request.user,
                data={
                    "name": request.POST.get("name", ""),
                    "kind": request.POST.get("kind", ""),
                    "registration_number": request.POST.get("registration_number", ""),
                    "address": request.POST.get("address", ""),
                    "municipality": place,
                },
            )
        except ServiceError as failure:
            error = failure.message
        else:
            messages.success(request, _("The organisation is registered; you act for it."))
            return redirect("grants:mine")
    return render(
        request,
        "grants/organisation_form.html",
        {
            "error": error,
            "kinds": OrganisationKind.choices,
            "places": Municipality.objects.exclude(parent=None).order_by("path"),
            "posted": request.POST,
        },
        status=400 if error else 200,
    )


def _lines_from_post(post: Any) -> list[dict[str, str]]:
    return [
        {
            "item": post.get(f"item_{n}", ""),
            "category": post.get(f"category_{n}", ""),
            "amount_won": post.get(f"amount_{n}", ""),
        }
        for n in range(LINES)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_authorised(
        GrantCall.objects.select_related("municipality", "district"),
        request.user,
        call_id,
        GrantPermission.VIEW_CALL,
    )
    organisations = selectors.organisations_of(request.user)
    error = ""
    if request.method == "POST":
        try:
            application = services.application_create(
                actor=request.user,
                call_id=call.pk,
                organisation_id=request.POST.get("organisation") or None,
                data={
                    "title": request.POST.get("title", ""),
                    "summary": request.POST.get("summary", ""),
                    "requested_won": request.POST.get("requested_won", ""),
                    "project_type": request.POST.get("project_type", ""),
                    "tags": request.POST.getlist("tags"),
                    "budget": _lines_from_post(request.POST),
                },
            )
        except (ServiceError, ValueError) as failure:
            error = getattr(failure, "message", "") or _("Check the form.")
        else:
            messages.success(request, _("The draft is saved. List the consortium members next."))
            return redirect("grants:application", application.pk)
    return render(
        request,
        "grants/apply.html",
        {
            "call": call,
            "municipality": call.municipality,
            "organisations": organisations,
            "error": error,
            "posted": request.POST,
            "line_numbers": range(LINES),
            "categories": BudgetCategory.choices,
        },
        status=400 if error else 200,
    )


@login_required
@require_GET
def application(request: HttpRequest, application_id: int) -> HttpResponse:
    row = get_authorised(
        Application.objects.select_related("call__municipality", "call__district", "organisation"),
        request.user,
        application_id,
        GrantPermission.VIEW_APPLICATION,
    )
    user = request.user
    consortium = list(row.consortium.select_related("organisation"))
    return render(
        request,
        "grants/application.html",
        {
            "application": row,
            "call": row.call,
            "municipality": row.call.municipality,
            "consortium": [(m, acts_for(user, m.organisation_id)) for m in consortium],
            "lines": row.lines.all(),
            "attachments": row.attachments.all(),
            "reasons": reason_texts(row.reasons),
            "is_applicant": has_permission(user, GrantPermission.EDIT_APPLICATION, row),
            "is_draft": row.state == ApplicationState.DRAFT,
            "can_review": has_permission(user, GrantPermission.REVIEW_APPLICATION, row),
            "can_manage": has_permission(user, GrantPermission.MANAGE_CALL, row.call),
            "other_organisations": selectors.organisations_of(user).exclude(pk=row.organisation_id),
            **_grantee_context(user, row),
        },
    )


def _grantee_context(user: Any, row: Application) -> dict[str, Any]:
    """The grantee's part of the application page: agreement, reports, receipts and the
    per-line balance for the organisation and the officials; past grades for reviewers and
    officials of the next call."""
    sees_history = has_permission(user, GrantPermission.REVIEW_APPLICATION, row) or (
        has_permission(user, GrantPermission.VIEW_BACKOFFICE, row)
    )
    context: dict[str, Any] = {
        "past_grades": selectors.past_grades(row) if sees_history else [],
        "sees_grantee": False,
    }
    if not row.selected or not grantees.can_see_grantee(user, row):
        return context
    agreement = Agreement.objects.filter(application=row).first()
    context.update(
        sees_grantee=True,
        agreement=agreement,
        is_grantee=acts_for(user, row.organisation_id),
        can_sign=agreement is None and has_permission(user, GrantPermission.MANAGE_CALL, row.call),
    )
    if agreement is not None:
        rows = grantees.line_balances(agreement)
        context.update(
            reports=agreement.reports.all(),
            receipts=agreement.receipts.select_related("line"),
            balances=rows,
            spent_won=sum(b.spent_won for _line, b in rows),
            spending=agreement.settlement_state in grantees.SPENDING,
            lines_for_receipts=[line for line, _b in rows],
        )
    return context


def _serve(stored: Any, name: str) -> FileResponse:
    """A stored upload as a download: always an attachment under the safe name it was stored
    with (never rendered inline, so an uploaded HTML or SVG cannot run in Maeul's origin),
    ``nosniff`` so the browser does not guess a type, and kept out of shared caches."""
    if not stored:
        raise Http404("file")
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404("file") from None
    response = FileResponse(handle, as_attachment=True, filename=name or "file")
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_GET
def attachment_file(request: HttpRequest, application_id: int, file_id: int) -> FileResponse:
    """A file attached to the application: whoever may see the application page."""
    row = get_authorised(
        Application.objects.select_related("call__municipality", "call__district", "organisation"),
        request.user,
        application_id,
        GrantPermission.VIEW_APPLICATION,
    )
    attachment = get_object_or_404(row.attachments, pk=file_id)
    return _serve(attachment.file, attachment.name)


def _grantee_application(request: HttpRequest, application_id: int) -> Application:
    """The application whose grantee records the user may see; 404 for anyone else
    (reviewers and consortium members included), so ids cannot be probed."""
    row = get_object_or_404(
        Application.objects.select_related("call__municipality", "district", "organisation"),
        pk=application_id,
    )
    if not grantees.can_see_grantee(request.user, row):
        raise Http404("application")
    return row


@login_required
@require_GET
def report_file(request: HttpRequest, application_id: int, file_id: int) -> FileResponse:
    row = _grantee_application(request, application_id)
    report = get_object_or_404(ProgressReport, pk=file_id, agreement__application=row)
    return _serve(report.file, report.file_name)


@login_required
@require_GET
def receipt_file(request: HttpRequest, application_id: int, file_id: int) -> FileResponse:
    row = _grantee_application(request, application_id)
    receipt = get_object_or_404(Receipt, pk=file_id, agreement__application=row)
    return _serve(receipt.file, receipt.file_name)


ACTIONS: dict[str, Callable[[Any, int], Any]] = {
    "submit": lambda r, a: services.application_submit(actor=r.user, application_id=a),
    "withdraw": lambda r, a: services.application_withdraw(actor=r.user, application_id=a),
    "add_member": lambda r, a: services.consortium_add(
        actor=r.user, application_id=a, organisation_id=r.POST.get("organisation") or None
    ),
    "confirm": lambda r, a: services.consortium_confirm(
        actor=r.user, application_id=a, organisation_id=r.POST.get("organisation") or None
    ),
    "attach": lambda r, a: services.attachment_add(
        actor=r.user, application_id=a, upload=r.FILES.get("file")
    ),
    "conflict": lambda r, a: services.conflict_declare(
        actor=r.user, application_id=a, reason=r.POST.get("reason", "")
    ),
    "score": lambda r, a: services.score_enter(
        actor=r.user,
        application_id=a,
        score=r.POST.get("score", ""),
        stage=r.POST.get("stage", "selection"),
        comment=r.POST.get("comment", ""),
    ),
    "quantitative": lambda r, a: services.quantitative_set(
        actor=r.user,
        application_id=a,
        score=r.POST.get("score", ""),
        stage=r.POST.get("stage", "selection"),
        figures={k: r.POST.get(k) for k in ("events", "participants", "outputs")},
    ),
    "grade": lambda r, a: services.grantee_grade(actor=r.user, application_id=a),
    "agreement": lambda r, a: grantees.agreement_sign(
        actor=r.user,
        application_id=a,
        data={
            k: r.POST.get(k, "")
            for k in ("amount_won", "starts_on", "ends_on", "signed_on", "conditions")
        },
    ),
    "report": lambda r, a: grantees.report_add(
        actor=r.user,
        application_id=a,
        data={
            k: r.POST.get(k, "")
            for k in ("period_from", "period_to", "text", "events", "participants", "outputs")
        },
        upload=r.FILES.get("file"),
    ),
    "receipt": lambda r, a: grantees.receipt_add(
        actor=r.user,
        application_id=a,
        data={k: r.POST.get(k, "") for k in ("line", "spent_on", "payee", "amount_won")},
        upload=r.FILES.get("file"),
    ),
    "void_receipt": lambda r, a: grantees.receipt_void(
        actor=r.user,
        application_id=a,
        receipt_id=r.POST.get("receipt"),
        reason=r.POST.get("reason", ""),
    ),
    "settle": lambda r, a: grantees.settlement_submit(actor=r.user, application_id=a),
    "approve": lambda r, a: grantees.settlement_decide(
        actor=r.user, application_id=a, approve=True, note=r.POST.get("note", "")
    ),
    "return": lambda r, a: grantees.settlement_decide(
        actor=r.user, application_id=a, approve=False, note=r.POST.get("note", "")
    ),
}


@login_required
@require_POST
def application_action(request: HttpRequest, application_id: int, action: str) -> HttpResponse:
    run = ACTIONS.get(action)
    if run is None:
        return render(request, "grants/error.html", {"error": _("Unknown action.")}, status=404)
    try:
        if action == "attach" and request.FILES.get("file") is None:
            raise ServiceError(_("Choose a file."), field="file")
        run(request, application_id)
    except ServiceError as failure:
        messages.error(request, failure.message)
    else:
        messages.success(request, _("Done."))
    if action == "conflict":
        return redirect("grants:mine")
    return redirect("grants:application", application_id)


@login_required
@require_GET
def manage_call(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(
        GrantCall.objects.select_related("municipality", "district"), pk=call_id
    )
    district = None
    if not has_permission(request.user, GrantPermission.VIEW_BACKOFFICE, call):
        # a district's official in a city-wide call by district: their district's part only
        district = district_scope(request.user, call)
        if district is None:
            raise Http404
    rows = selectors.call_applications(call, district)
    return render(
        request,
        "grants/manage.html",
        {
            "call": call,
            "municipality": call.municipality,
            "district": district,
            "applications": [(a, reason_texts(a.reasons)) for a in rows],
            "reviewers": call.reviewers.select_related("user"),
            "can_manage": has_permission(request.user, GrantPermission.MANAGE_CALL, call),
            "can_edit": call.state in (CallState.DRAFT, CallState.OPEN)
            and timezone.now() < call.closes_at
            and has_permission(request.user, GrantPermission.MANAGE_CALL, call),
            "tie_rule": tie_rule_text(call.tie_rule, _lang()),
        },
    )


@login_required
@require_POST
def manage_action(request: HttpRequest, call_id: int, action: str) -> HttpResponse:
    try:
        if action == "open":
            services.call_move(actor=request.user, call_id=call_id, to=CallState.OPEN)
        elif action == "review":
            services.call_move(actor=request.user, call_id=call_id, to=CallState.REVIEW)
        elif action == "select":
            services.grantees_select(actor=request.user, call_id=call_id)
        elif action == "reviewer":
            person = User.objects.filter(username=request.POST.get("username", "")).first()
            if person is None:
                raise ServiceError(_("No account has this user name."), field="username")
            services.reviewer_assign(actor=request.user, call_id=call_id, user=person)
        else:
            return render(request, "grants/error.html", {"error": _("Unknown action.")}, status=404)
    except ServiceError as failure:
        messages.error(request, failure.message)
    else:
        messages.success(request, _("Done."))
    return redirect("grants:manage_call", call_id)


def _parse_pairs(text: str, field: str) -> list[tuple[str, int]]:
    """ "가:170, 나:150" or "climate:5" lines as (key, whole number) pairs."""
    pairs = []
    for part in text.replace("\n", ",").split(","):
        if not part.strip():
            continue
        key, sep, number = part.rpartition(":")
        if not sep or not key.strip() or not number.strip().isdigit():
            raise ServiceError(_("Write pairs as name:number, separated by commas."), field=field)
        pairs.append((key.strip(), int(number.strip())))
    return pairs


TIE_SLOTS = 3


def _call_data(post: Any, districts: Any) -> dict[str, Any]:
    """The officials' call form as the services' data (new call and edit alike)."""
    district = (
        districts.filter(slug=post.get("district", "")).first() if post.get("district") else None
    )
    if post.get("district") and district is None:
        raise ServiceError(_("Choose the district from the list."), field="district")
    return {
        "title": post.get("title", ""),
        "description": post.get("description", ""),
        "budget_won": post.get("budget_won", ""),
        "max_grant_won": post.get("max_grant_won", ""),
        "max_grantees": post.get("max_grantees", ""),
        "min_members": post.get("min_members", "1"),
        "member_kinds": post.getlist("member_kinds"),
        "district": district,
        "per_district": post.get("per_district") == "on",
        "max_staff_share_percent": post.get("max_staff_share_percent", "100"),
        "capital_allowed": post.get("capital_allowed") == "on",
        "overspend_tolerance_percent": post.get("overspend_tolerance_percent", "0"),
        "bonuses": dict(_parse_pairs(post.get("bonuses", ""), "bonuses")),
        "tie_rule": [
            post.get(f"tie_rule_{n}") for n in range(TIE_SLOTS) if post.get(f"tie_rule_{n}")
        ],
        "grade_bands": _parse_pairs(post.get("grade_bands", ""), "grade_bands"),
        "opens_at": post.get("opens_at", ""),
        "closes_at": post.get("closes_at", ""),
    }


def _call_initial(call: GrantCall) -> dict[str, Any]:
    """A call's values as the form shows them (local time, pairs as text)."""
    local = timezone.localtime
    return {
        "title": call.title,
        "description": call.description,
        "budget_won": call.budget_won,
        "max_grant_won": call.max_grant_won,
        "max_grantees": call.max_grantees,
        "min_members": call.min_members,
        "member_kinds": call.member_kinds,
        "district": call.district.slug if call.district else "",
        "per_district": call.per_district,
        "max_staff_share_percent": call.max_staff_share_percent,
        "capital_allowed": call.capital_allowed,
        "overspend_tolerance_percent": call.overspend_tolerance_percent,
        "bonuses": ", ".join(f"{k}:{v}" for k, v in call.bonuses.items()),
        "tie_rule": call.tie_rule,
        "grade_bands": ", ".join(f"{g}:{m}" for g, m in call.grade_bands),
        "opens_at": local(call.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": local(call.closes_at).strftime("%Y-%m-%dT%H:%M"),
    }


def _form_values(post: Any) -> dict[str, Any]:
    """What the form shows after a refused POST: the values typed, lists as lists."""
    values: dict[str, Any] = {k: post.get(k, "") for k in post}
    values["member_kinds"] = post.getlist("member_kinds")
    values["per_district"] = post.get("per_district") == "on"
    values["capital_allowed"] = post.get("capital_allowed") == "on"
    values["tie_rule"] = [post.get(f"tie_rule_{n}") for n in range(TIE_SLOTS)]
    return values


def _call_form(
    request: HttpRequest,
    municipality: Municipality,
    values: dict[str, Any],
    *,
    error: str,
    call: GrantCall | None = None,
    frozen: bool = False,
) -> HttpResponse:
    tie = list(values.get("tie_rule") or [])
    return render(
        request,
        "grants/call_form.html",
        {
            "municipality": municipality,
            "call": call,
            "frozen": frozen,
            "districts": municipality.subtree().exclude(kind="dong").order_by("path"),
            "kinds": OrganisationKind.choices,
            "tie_keys": [
                ("qualitative", _("higher qualitative score")),
                ("lower_request", _("lower requested amount")),
                ("quantitative", _("higher quantitative score")),
                ("bonus", _("more bonus points")),
            ],
            "tie_slots": [tie[n] if n < len(tie) else "" for n in range(TIE_SLOTS)],
            "error": error,
            "posted": values,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_new(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    if not has_permission(request.user, GrantPermission.MANAGE_CALL, municipality):
        return render(
            request,
            "grants/error.html",
            {"error": _("You do not have permission to do this.")},
            status=403,
        )
    error = ""
    if request.method == "POST":
        districts = municipality.subtree().exclude(kind="dong")
        try:
            call = services.call_create(
                actor=request.user,
                municipality=municipality,
                data=_call_data(request.POST, districts),
            )
        except ServiceError as failure:
            error = failure.message
        else:
            messages.success(request, _("The call is saved as a draft."))
            return redirect("grants:manage_call", call.pk)
    values = _form_values(request.POST) if request.method == "POST" else {"capital_allowed": True}
    return _call_form(request, municipality, values, error=error)


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_authorised(
        GrantCall.objects.select_related("municipality", "district"),
        request.user,
        call_id,
        GrantPermission.MANAGE_CALL,
    )
    frozen = call.applications.filter(submitted_at__isnull=False).exists()
    error = ""
    if request.method == "POST":
        districts = call.municipality.subtree().exclude(kind="dong")
        try:
            services.call_update(
                actor=request.user, call_id=call.pk, data=_call_data(request.POST, districts)
            )
        except ServiceError as failure:
            error = failure.message
        else:
            messages.success(request, _("The call is saved."))
            return redirect("grants:manage_call", call.pk)
    values = _form_values(request.POST) if request.method == "POST" else _call_initial(call)
    return _call_form(request, call.municipality, values, error=error, call=call, frozen=frozen)


@login_required
@require_http_methods(["GET", "POST"])
def contest_manage(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = get_authorised(
        Contest.objects.select_related("municipality"),
        request.user,
        contest_id,
        GrantPermission.VIEW_BACKOFFICE,
    )
    if request.method == "POST":
        post = request.POST
        action = post.get("action", "")
        try:
            if action == "entry":
                contest_services.entry_add(
                    actor=request.user,
                    contest_id=contest.pk,
                    title=post.get("title", ""),
                    team=post.get("team", ""),
                    summary=post.get("summary", ""),
                )
            elif action == "review":
                contest_services.review_score_set(
                    actor=request.user,
                    entry_id=post.get("entry") or None,
                    score=post.get("score", ""),
                )
            elif action == "vote":
                contest_services.vote_open(
                    actor=request.user,
                    contest_id=contest.pk,
                    opens_at=services.clean_datetime(post.get("opens_at", ""), "opens_at"),
                    closes_at=services.clean_datetime(post.get("closes_at", ""), "closes_at"),
                )
            elif action == "round_one":
                contest_services.round_one_close(actor=request.user, contest_id=contest.pk)
            elif action == "judge":
                contest_services.judge_score_enter(
                    actor=request.user,
                    entry_id=post.get("entry") or None,
                    judge=post.get("judge", ""),
                    score=post.get("score", ""),
                )
            elif action == "publish":
                contest_services.contest_publish(actor=request.user, contest_id=contest.pk)
            else:
                raise ServiceError(_("Unknown action."))
        except ServiceError as failure:
            messages.error(request, failure.message)
        else:
            messages.success(request, _("Done."))
        return redirect("grants:contest_manage", contest.pk)
    return render(
        request,
        "grants/contest_manage.html",
        {
            "contest": contest,
            "municipality": contest.municipality,
            "entries": contest.entries.prefetch_related("judge_scores"),
            "can_manage": has_permission(request.user, GrantPermission.MANAGE_CALL, contest),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contest_new(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    if not has_permission(request.user, GrantPermission.MANAGE_CALL, municipality):
        return render(
            request,
            "grants/error.html",
            {"error": _("You do not have permission to do this.")},
            status=403,
        )
    error = ""
    if request.method == "POST":
        try:
            contest = contest_services.contest_create(
                actor=request.user,
                municipality=municipality,
                data={
                    "title": request.POST.get("title", ""),
                    "description": request.POST.get("description", ""),
                    "review_weight_percent": request.POST.get("review_weight_percent", "50"),
                    "advance": request.POST.get("advance", "10"),
                    "rewards": request.POST.get("rewards", "").split(","),
                },
            )
        except ServiceError as failure:
            error = failure.message
        else:
            return redirect("grants:contest_manage", contest.pk)
    return render(
        request,
        "grants/contest_form.html",
        {"municipality": municipality, "error": error, "posted": request.POST},
        status=400 if error else 200,
    )
