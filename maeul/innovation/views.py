"""Pages of the innovation programme.

Access: a city's rounds, submitted plans and published evaluations are public. A district's
officials (administrators, programme managers) start, fill and submit their own plan and answer
the city; the city's managers return or approve plans, write opinions, score the evaluation and
publish it; the city's auditors read everything. Before publication a district sees only its
own scores. Another municipality's draft answers 404, so ids cannot be probed.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.permissions import get_authorised, has_permission, official_of
from maeul.core.errors import ServiceError
from maeul.engine.innovation.errors import InnovationError
from maeul.engine.innovation.grading import Grading
from maeul.governance import interface as governance
from maeul.innovation import selectors, services
from maeul.innovation.models import (
    Consultation,
    ConsultationKind,
    DistrictResult,
    EvaluationRound,
    EvaluationState,
    Part,
    Plan,
    PlanRound,
    PlanState,
    ProjectKindChoice,
    StepKind,
)
from maeul.innovation.rules import InnovationPermission
from maeul.places.models import Municipality

ACCESS = {
    "city": "public",
    "consultation_new": "official(administrator, programme_manager) of the city",
    "round_new": "official(administrator, programme_manager) of the city",
    "round_page": "public (drafts listed for the district itself and the city's officials)",
    "plan_start": "official(administrator, programme_manager) of the district",
    "plan_page": "public once submitted; drafts: the district and the city's officials",
    "project_add": "official(administrator, programme_manager) of the district",
    "project_remove": "official(administrator, programme_manager) of the district",
    "plan_submit": "official(administrator, programme_manager) of the district",
    "plan_review": "official(administrator, programme_manager) of the city",
    "note_write": "the district's or the city's managers",
    "evaluation": "public once published; before: the city's managers and auditors",
    "result_page": "public once published; before: the city and the district itself",
    "score": "official(administrator, programme_manager) of the city, before publication",
    "publish": "official(administrator, programme_manager) of the city",
    "evaluation_new": "official(administrator, programme_manager) of the city",
    "scores_upload": "official(administrator, programme_manager) of the city, before publication",
    "plan_sessions": "official(administrator, programme_manager) of the district",
}

MAX_UPLOAD_BYTES = 1_000_000  # a 25-district × 53-indicator table is about 60 KB
DEFAULT_TIERS = "가:7:1100000000, 나:11:1000000000, 다:7:900000000"

CSS = "innovation/innovation.css"


def _fail(request: HttpRequest, failure: ServiceError) -> None:
    messages.error(request, failure.message)


@require_GET
def city(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Municipality.objects.select_related("parent"), slug=slug)
    if place.parent is not None and not PlanRound.objects.filter(municipality=place).exists():
        # a district's address shows its city's rounds, where the district's plan lives
        place = place.parent
    evaluations = EvaluationRound.objects.filter(municipality=place)
    if not has_permission(request.user, InnovationPermission.REVIEW, place):
        evaluations = evaluations.filter(state=EvaluationState.PUBLISHED)
    return render(
        request,
        "innovation/city.html",
        {
            "can_create": has_permission(request.user, InnovationPermission.REVIEW, place),
            "consultations": Consultation.objects.filter(municipality__parent=place)
            .select_related("municipality")
            .order_by("-held_on", "pk")[:200],
            "districts": place.children.order_by("sort_order", "name"),
            "consultation_kinds": ConsultationKind.choices,
            "step_kinds": StepKind.choices,
            "municipality": place,
            "rounds": selectors.rounds_of(place),
            "evaluations": evaluations.order_by("-year"),
            "record_years": selectors.project_record_years(place),
            "consultation_totals": selectors.consultation_totals(place),
        },
    )


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


@require_POST
def round_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A city's new round: its year, rules and the calendar (one from–until pair per step;
    steps left empty are not in the calendar)."""
    place = get_object_or_404(Municipality, slug=slug)
    data = request.POST
    try:
        steps = []
        for kind, label in StepKind.choices:
            start, end = data.get(f"{kind}_from"), data.get(f"{kind}_until")
            if not start and not end:
                continue
            first, last = _date(start), _date(end or start)
            if first is None or last is None:
                raise ServiceError(
                    _("%(step)s: give the dates as YYYY-MM-DD.") % {"step": label},
                    field=f"{kind}_from",
                )
            steps.append((kind, first, last))
        numbers = {}
        for name in ("year", "base_min_percent", "matching_min_percent"):
            value = _int(data.get(name))
            if value is None:
                raise ServiceError(_("Write a whole number."), field=name)
            numbers[name] = value
        services.round_create(
            actor=request.user,
            city=place,
            year=numbers["year"],
            subsidy_min_won=services.won_amount(data.get("subsidy_min_won"), "subsidy_min_won"),
            subsidy_max_won=services.won_amount(data.get("subsidy_max_won"), "subsidy_max_won"),
            base_min_percent=numbers["base_min_percent"],
            matching_min_percent=numbers["matching_min_percent"],
            steps=steps,
        )
    except ServiceError as failure:
        _fail(request, failure)
    else:
        messages.success(request, _("The round is created."))
    return redirect("innovation:city", place.slug)


@require_POST
def consultation_new(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=slug)
    data = request.POST
    try:
        district = place.children.filter(pk=_int(data.get("district")) or 0).first()
        if district is None:
            raise ServiceError(_("Choose a district from the list."), field="district")
        held_on = _date(data.get("held_on"))
        if held_on is None:
            raise ServiceError(_("Give the date as YYYY-MM-DD."), field="held_on")
        numbers = {}
        for name in ("officials", "civil"):
            value = _int(data.get(name) or "0")
            if value is None:
                raise ServiceError(_("Write a whole number of people."), field=name)
            numbers[name] = value
        services.consultation_record(
            actor=request.user,
            district=district,
            year=held_on.year,
            kind=str(data.get("kind") or ""),
            held_on=held_on,
            topic=str(data.get("topic") or ""),
            officials=numbers["officials"],
            civil=numbers["civil"],
        )
    except ServiceError as failure:
        _fail(request, failure)
    else:
        messages.success(request, _("The session is recorded."))
    return redirect("innovation:city", place.slug)


def _round(round_id: int) -> PlanRound:
    return get_object_or_404(PlanRound.objects.select_related("municipality"), pk=round_id)


@require_GET
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(round_id)
    sees_all = has_permission(request.user, InnovationPermission.REVIEW, round_)
    plans = list(selectors.plans_with_totals(round_, public_only=False))
    visible = [
        p
        for p in plans
        if sees_all or has_permission(request.user, InnovationPermission.VIEW_PLAN, p)
    ]
    summaries = [selectors.summarise(p) for p in visible]
    official = official_of(request.user)
    own_district = None
    if official is not None and official.municipality.parent_id == round_.municipality_id:
        own_district = official.municipality
    has_own = own_district is not None and any(p.municipality_id == own_district.pk for p in plans)
    may_start = (
        own_district is not None
        and not has_own
        and has_permission(
            request.user,
            InnovationPermission.EDIT_PLAN,
            Plan(round=round_, municipality=own_district),
        )
    )
    return render(
        request,
        "innovation/round.html",
        {
            "round": round_,
            "municipality": round_.municipality,
            "summaries": summaries,
            "steps": selectors.calendar(round_),
            "projects_total": sum(s.projects for s in summaries),
            "reported_total": sum(s.plan.projects_reported or 0 for s in summaries),
            "city_total": sum(s.city_subsidy_won for s in summaries),
            "may_start": may_start,
            "own_district": own_district,
            "due": services.due_date(round_),
        },
    )


@require_POST
def plan_start(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(round_id)
    official = official_of(request.user)
    if official is None:
        messages.error(request, _("You do not have permission to do this."))
        return redirect("innovation:round", round_.pk)
    try:
        plan = services.plan_start(
            actor=request.user,
            round_=round_,
            district=official.municipality,
            basic_plan_from=_int(request.POST.get("basic_plan_from")),
            council_id=request.POST.get("council") or None,
        )
    except ServiceError as failure:
        _fail(request, failure)
        return redirect("innovation:round", round_.pk)
    return redirect("innovation:plan", plan.pk)


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 6 else None


def _plan(request: HttpRequest, plan_id: int) -> Plan:
    return get_authorised(
        Plan.objects.select_related("round__municipality", "municipality", "council"),
        request.user,
        plan_id,
        InnovationPermission.VIEW_PLAN,
    )


@require_GET
def plan_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    summary = selectors.summarise(plan)
    can_edit = plan.is_editable and has_permission(
        request.user, InnovationPermission.EDIT_PLAN, plan
    )
    can_review = has_permission(request.user, InnovationPermission.REVIEW, plan)
    can_note = plan.state != PlanState.DRAFT and (
        has_permission(request.user, InnovationPermission.EDIT_PLAN, plan) or can_review
    )
    versions = selectors.note_versions(plan)
    compare = _compare(request)
    chosen = selectors.note_diff(versions, *compare) if compare else None
    diffs = [chosen] if chosen else selectors.latest_diffs(versions)
    return render(
        request,
        "innovation/plan.html",
        {
            "plan": plan,
            "round": plan.round,
            "municipality": plan.municipality,
            "summary": summary,
            "projects": list(plan.projects.all()),
            "notes": list(plan.notes.select_related("project").order_by("created_at", "pk")),
            "sessions": list(plan.sessions.order_by("-starts_at")[:50]),
            "project_sessions": [
                (p, list(p.sessions.order_by("-starts_at")[:50]))
                for p in plan.projects.prefetch_related("sessions")
                if p.sessions.all()
            ],
            "can_link": has_permission(request.user, InnovationPermission.EDIT_PLAN, plan),
            "versions": versions,
            "diffs": diffs,
            "compare": compare,
            "can_edit": can_edit,
            "can_review": can_review and plan.state == PlanState.SUBMITTED,
            "can_note": can_note,
            "kinds": ProjectKindChoice.choices,
            "due": services.due_date(plan.round),
        },
    )


def _compare(request: HttpRequest) -> tuple[str, int, int] | None:
    """Two versions of one side to compare, from the query string (``side``, ``old``,
    ``new``); anything unreadable falls back to each side's latest change."""
    side = str(request.GET.get("side") or "")
    old, new = _int(request.GET.get("old")), _int(request.GET.get("new"))
    if side not in ("city", "district") or old is None or new is None:
        return None
    return side, old, new


@require_http_methods(["GET", "POST"])
def plan_sessions(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The district links its plan, or one of its projects, to the deliberation sessions of
    its own governance council (read through the governance interface)."""
    plan = _plan(request, plan_id)
    if not has_permission(request.user, InnovationPermission.EDIT_PLAN, plan):
        raise Http404("plan")
    source = request.POST if request.method == "POST" else request.GET
    project = None
    project_id = _int(source.get("project"))
    if project_id is not None:
        project = plan.projects.filter(pk=project_id).first()
        if project is None:
            raise Http404("project")
    if request.method == "POST":
        try:
            services.plan_link_sessions(
                actor=request.user,
                plan_id=plan.pk,
                session_ids=request.POST.getlist("sessions"),
                project_id=project.pk if project else None,
            )
        except ServiceError as failure:
            _fail(request, failure)
        else:
            messages.success(request, _("The deliberation sessions are linked."))
            return redirect("innovation:plan", plan.pk)
    linked = set((project or plan).sessions.values_list("pk", flat=True))
    offered = list(governance.council_sessions(plan.municipality, plan.council_id)[:300])
    return render(
        request,
        "innovation/sessions.html",
        {
            "plan": plan,
            "round": plan.round,
            "municipality": plan.municipality,
            "project": project,
            "projects": list(plan.projects.all()),
            "offered": offered,
            "linked": linked,
        },
    )


@require_POST
def project_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    try:
        services.project_add(actor=request.user, plan_id=plan.pk, data=request.POST)
    except ServiceError as failure:
        _fail(request, failure)
    return redirect("innovation:plan", plan.pk)


@require_POST
def project_remove(request: HttpRequest, plan_id: int, project_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    try:
        services.project_remove(actor=request.user, plan_id=plan.pk, project_id=project_id)
    except ServiceError as failure:
        _fail(request, failure)
    return redirect("innovation:plan", plan.pk)


@require_POST
def plan_submit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    try:
        services.plan_submit(actor=request.user, plan_id=plan.pk)
    except ServiceError as failure:
        _fail(request, failure)
    else:
        messages.success(request, _("The plan is submitted to the city."))
    return redirect("innovation:plan", plan.pk)


@require_POST
def plan_review(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            try:
                day = dt.date.fromisoformat(str(request.POST.get("approved_on") or ""))
            except ValueError:
                raise ServiceError(
                    _("Give the date of the PB committee's approval."), field="approved_on"
                ) from None
            services.plan_approve(actor=request.user, plan_id=plan.pk, approved_on=day)
        elif decision == "return":
            services.plan_return(
                actor=request.user, plan_id=plan.pk, reason=str(request.POST.get("reason") or "")
            )
        else:
            raise ServiceError(_("Choose to approve or to return the plan."))
    except ServiceError as failure:
        _fail(request, failure)
    return redirect("innovation:plan", plan.pk)


@require_POST
def note_write(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    try:
        services.note_write(
            actor=request.user,
            plan_id=plan.pk,
            text=str(request.POST.get("text") or ""),
            project_id=request.POST.get("project") or None,
        )
    except ServiceError as failure:
        _fail(request, failure)
    return redirect("innovation:plan", plan.pk)


# ---- evaluation --------------------------------------------------------------------------


def _evaluation(request: HttpRequest, evaluation_id: int) -> EvaluationRound:
    return get_authorised(
        EvaluationRound.objects.select_related("municipality"),
        request.user,
        evaluation_id,
        InnovationPermission.VIEW_RESULT,
    )


def _whatif(
    request: HttpRequest, evaluation: EvaluationRound
) -> tuple[dict[tuple[int, str], Fraction], str]:
    """One changed score from the query string (``result``, ``part``, ``points``)."""
    result_id = _int(request.GET.get("result"))
    part = str(request.GET.get("part") or "")
    points = str(request.GET.get("points") or "").strip()
    if result_id is None or not points:
        return {}, ""
    if part not in (*Part.values, "pb"):
        return {}, _("Choose a part to change.")
    if not evaluation.results.filter(pk=result_id).exists():
        return {}, _("Choose a district of this evaluation.")
    try:
        value = Fraction(points)
    except (ValueError, ZeroDivisionError):
        return {}, _("Write the points as a number, e.g. 2.5.")
    if value < 0 or len(points) > 12:
        return {}, _("Write the points as a number, e.g. 2.5.")
    return {(result_id, part): value}, ""


@require_GET
def evaluation(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = _evaluation(request, evaluation_id)
    error = ""
    grading: Grading | None = None
    whatif: Grading | None = None
    can_score = has_permission(request.user, InnovationPermission.SCORE, evaluation)
    try:
        grading = selectors.grading_of(evaluation)
        if can_score:
            overrides, error = _whatif(request, evaluation)
            if overrides:
                whatif = selectors.grading_of(evaluation, overrides)
    except InnovationError as failure:
        error = failure.message
    results = {r.municipality.name: r for r in evaluation.results.select_related("municipality")}
    sums = selectors.part_sums(evaluation)
    before = {g.district: g for g in grading.districts} if grading else {}
    rows = []
    shown = whatif or grading
    for g in shown.districts if shown is not None else ():
        result = results[g.district]
        parts = sums.get(result.pk, {})
        rows.append(
            {
                "g": g,
                "result": result,
                "parts": [parts.get(p) for p in Part.values] if result.had_plan else None,
                "before": before.get(g.district),
            }
        )
    return render(
        request,
        "innovation/evaluation.html",
        {
            "evaluation": evaluation,
            "municipality": evaluation.municipality,
            "grading": grading,
            "whatif": whatif,
            "rows": rows,
            "error": error,
            "can_score": can_score,
            "can_publish": can_score
            and has_permission(request.user, InnovationPermission.REVIEW, evaluation),
            "results": list(results.values()),
            "parts": Part.choices,
            "tiers": selectors.tiers_of(evaluation),
        },
        status=400 if error and not grading else 200,
    )


@require_GET
def result_page(request: HttpRequest, evaluation_id: int, result_id: int) -> HttpResponse:
    result = get_authorised(
        DistrictResult.objects.select_related("evaluation__municipality", "municipality").filter(
            evaluation_id=evaluation_id
        ),
        request.user,
        result_id,
        InnovationPermission.VIEW_RESULT,
    )
    evaluation = result.evaluation
    scores = {s.indicator_id: s for s in result.scores.all()}
    parts = [
        (label, [(i, scores.get(i.pk)) for i in indicators])
        for (code, label), indicators in zip(
            Part.choices, selectors.indicators_by_part(evaluation).values(), strict=True
        )
    ]
    return render(
        request,
        "innovation/result.html",
        {
            "evaluation": evaluation,
            "result": result,
            "municipality": evaluation.municipality,
            "parts": parts,
            "can_score": has_permission(request.user, InnovationPermission.SCORE, evaluation),
        },
    )


@require_POST
def score(request: HttpRequest, evaluation_id: int, result_id: int) -> HttpResponse:
    result = get_authorised(
        DistrictResult.objects.filter(evaluation_id=evaluation_id),
        request.user,
        result_id,
        InnovationPermission.VIEW_RESULT,
    )
    try:
        if request.POST.get("indicator") == "pb":
            services.pb_score_set(
                actor=request.user, result_id=result.pk, points=request.POST.get("points")
            )
        else:
            services.score_set(
                actor=request.user,
                result_id=result.pk,
                indicator_id=request.POST.get("indicator"),
                points=request.POST.get("points"),
                evidence=str(request.POST.get("evidence") or ""),
            )
    except ServiceError as failure:
        _fail(request, failure)
    else:
        messages.success(request, _("The score is saved."))
    return redirect("innovation:result", evaluation_id, result.pk)


@require_POST
def publish(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = _evaluation(request, evaluation_id)
    try:
        services.evaluation_publish(actor=request.user, evaluation_id=evaluation.pk)
    except ServiceError as failure:
        _fail(request, failure)
    except InnovationError as failure:
        messages.error(request, failure.message)
    else:
        messages.success(request, _("The evaluation is published; its scores are frozen."))
    return redirect("innovation:evaluation", evaluation.pk)


def _district_choices(place: Municipality, data: Any) -> list[tuple[Municipality, bool]]:
    """The districts ticked as evaluated, each with whether it ran a plan last year."""
    evaluated = {str(v) for v in data.getlist("evaluated")}
    without = {str(v) for v in data.getlist("no_plan")}
    return [
        (d, str(d.pk) not in without)
        for d in place.children.order_by("sort_order", "name")
        if str(d.pk) in evaluated
    ]


@require_http_methods(["GET", "POST"])
def evaluation_new(request: HttpRequest, slug: str) -> HttpResponse:
    """The city creates an evaluation round: the year evaluated and the funding year, the
    grades (name, count, amount), the indicator catalogue as CSV and the districts."""
    place = get_object_or_404(Municipality, slug=slug)
    if not has_permission(request.user, InnovationPermission.REVIEW, place):
        raise Http404("evaluation")
    data = request.POST
    status = 200
    if request.method == "POST":
        try:
            year, funding_year = _int(data.get("year")), _int(data.get("funding_year"))
            if year is None or funding_year is None:
                raise ServiceError(_("Write a whole number."), field="year")
            upload = request.FILES.get("indicators_file")
            if upload is not None:
                if (upload.size or 0) > MAX_UPLOAD_BYTES:
                    raise ServiceError(_("The file is larger than 1 MB."), field="indicators")
                catalogue: bytes | str = upload.read()
            else:
                catalogue = str(data.get("indicators") or "")
            evaluation = services.evaluation_create(
                actor=request.user,
                city=place,
                year=year,
                funding_year=funding_year,
                tiers=services.parse_tiers(str(data.get("tiers") or "")),
                indicators=services.parse_indicators(catalogue),
                districts=_district_choices(place, data),
                note=str(data.get("note") or "").strip(),
            )
        except ServiceError as failure:
            _fail(request, failure)
            status = 400
        else:
            messages.success(request, _("The evaluation is created; upload its scores."))
            return redirect("innovation:scores_upload", evaluation.pk)
    districts = list(place.children.order_by("sort_order", "name"))
    evaluated = {str(v) for v in data.getlist("evaluated")} if data else None
    without = {str(v) for v in data.getlist("no_plan")}
    return render(
        request,
        "innovation/evaluation_new.html",
        {
            "municipality": place,
            "rows": [
                (d, evaluated is None or str(d.pk) in evaluated, str(d.pk) in without)
                for d in districts
            ],
            "values": {
                "year": data.get("year", ""),
                "funding_year": data.get("funding_year", ""),
                "tiers": data.get("tiers", DEFAULT_TIERS),
                "indicators": data.get("indicators", "part,code,title,max_points\n"),
                "note": data.get("note", ""),
            },
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def scores_upload(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The city uploads the evaluation committee's scores as CSV, all or nothing."""
    evaluation = _evaluation(request, evaluation_id)
    if not has_permission(request.user, InnovationPermission.REVIEW, evaluation):
        raise Http404("evaluation")
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ServiceError(_("Choose the CSV file to upload."), field="file")
            if (upload.size or 0) > MAX_UPLOAD_BYTES:
                raise ServiceError(_("The file is larger than 1 MB."), field="file")
            count = services.scores_upload(
                actor=request.user, evaluation_id=evaluation.pk, data=upload.read()
            )
        except ServiceError as failure:
            _fail(request, failure)
            status = 400
        else:
            messages.success(
                request, _("%(n)d scores are saved; the board shows the grading.") % {"n": count}
            )
            return redirect("innovation:evaluation", evaluation.pk)
    indicators = list(evaluation.indicators.order_by("code"))
    return render(
        request,
        "innovation/scores_upload.html",
        {
            "evaluation": evaluation,
            "municipality": evaluation.municipality,
            "indicators": indicators,
            "results": list(evaluation.results.select_related("municipality")),
            "frozen": evaluation.state == EvaluationState.PUBLISHED,
        },
        status=status,
    )
