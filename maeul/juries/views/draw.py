"""The lottery: quotas, the draw itself (after a confirmation page), the recorded draw
and its published files (``record.json``, ``people.csv``, ``quotas.csv``) anyone can
download to check the draw."""

from __future__ import annotations

import io
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.core.confirm import confirmation_page
from maeul.core.errors import ServiceError
from maeul.engine import sortition
from maeul.juries import labels, selectors, services
from maeul.juries.forms import (
    DrawForm,
    SharesForm,
)
from maeul.juries.importing import parse_shares
from maeul.juries.models import (
    Draw,
    Jury,
    VolunteerStatus,
)
from maeul.juries.rules import JuryPermission
from maeul.juries.views.common import (
    _groups,
    _messages,
    jury_for_organiser,
)


@login_required
@require_http_methods(["GET", "POST"])
def draw(request: HttpRequest, jury_id: int) -> HttpResponse:
    """The draw screen: quotas (editable), feasibility with relaxation, seed; POST runs the
    lottery after its confirmation step."""
    jury = jury_for_organiser(request, jury_id, JuryPermission.DRAW)
    if Draw.objects.filter(jury=jury).exists():
        return redirect("juries:draw_record", jury_id=jury.pk)
    form = DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page = _confirm_draw(request, jury, form.cleaned_data)
        if page is not None:
            return page
        try:
            result = services.jury_draw(
                actor=request.user,
                jury=jury,
                seed=form.cleaned_data["seed"],
                algorithm=form.cleaned_data["algorithm"],
            )
        except ServiceError as error:
            _messages(request, error)
        else:
            messages.success(
                request, _("The jury was drawn (seed %(seed)s).") % {"seed": result.seed}
            )
            return redirect("juries:draw_record", jury_id=jury.pk)
    return render(request, "juries/draw.html", _draw_context(jury, form))


def _draw_context(jury: Jury, form: DrawForm) -> dict[str, Any]:
    groups = _groups(jury)
    fill = selectors.quota_fill(jury)
    for row in fill:
        row["feature_label"] = labels.feature_label(row["quota"].feature)
        row["value_label"] = labels.value_label(row["quota"].feature, row["quota"].value, groups)
    report = selectors.feasibility(jury)
    return {
        "jury": jury,
        "fill": fill,
        "feasibility": labels.feasibility_lines(report, groups)
        if isinstance(report, sortition.FeasibilityReport)
        else None,
        "feasibility_error": labels.engine_error_message(report, groups)
        if isinstance(report, sortition.SortitionError)
        else "",
        "algorithms": [
            (labels.algorithm_name(a), labels.ALGORITHM_EXPLANATIONS[a])
            for a in sortition.ALGORITHMS
        ],
        "pool": jury.volunteers.filter(status=VolunteerStatus.POOL).count(),
        "form": form,
        "shares_form": SharesForm(
            initial={
                "shares": "\n".join(f"{q.feature},{q.value},{q.share}" for q in jury.quotas.all())
            }
        ),
        "district_keys": jury.district_groups.all(),
    }


@login_required
@require_POST
def quotas_save(request: HttpRequest, jury_id: int) -> HttpResponse:
    """The quota table of the draw screen: every row's minimum and maximum."""
    jury = jury_for_organiser(request, jury_id, JuryPermission.DRAW)
    try:
        ranges = {}
        for quota in jury.quotas.all():
            try:
                low = int(request.POST.get(f"min_{quota.pk}", quota.min))
                high = int(request.POST.get(f"max_{quota.pk}", quota.max))
            except ValueError as error:
                raise ServiceError(_("Quotas must be whole numbers."), field="min") from error
            ranges[quota.pk] = (low, high)
        services.quotas_edit(actor=request.user, jury=jury, ranges=ranges)
    except ServiceError as error:
        _messages(request, error)
    else:
        messages.success(request, _("Quotas saved."))
    return redirect("juries:draw", jury_id=jury.pk)


@login_required
@require_POST
def quotas_compute(request: HttpRequest, jury_id: int) -> HttpResponse:
    """The draw screen's population shares, turned into quotas."""
    jury = jury_for_organiser(request, jury_id, JuryPermission.DRAW)
    shares_form = SharesForm(request.POST)
    try:
        if not shares_form.is_valid():
            raise ServiceError(_("Enter the population shares."), field="shares")
        services.quotas_from_population(
            actor=request.user,
            jury=jury,
            shares=parse_shares(shares_form.cleaned_data["shares"]),
        )
    except ServiceError as error:
        _messages(request, error)
    else:
        messages.success(request, _("Quotas computed from the population shares."))
    return redirect("juries:draw", jury_id=jury.pk)


@login_required
@require_http_methods(["GET", "POST"])
def draw_record(request: HttpRequest, jury_id: int) -> HttpResponse:
    """The stored draw: seed, version, hash, panel, reserves, every selection probability;
    POST replays it from the record and says whether everything matches."""
    jury = jury_for_organiser(request, jury_id, JuryPermission.DRAW)
    record = Draw.objects.filter(jury=jury).first()
    if record is None:
        return redirect("juries:draw", jury_id=jury.pk)
    replay = None
    if request.method == "POST":
        replay = selectors.draw_replay(record)
    volunteers = {v.code: v for v in jury.volunteers.select_related("dong")}
    groups = _groups(jury)
    rows = []
    for code, features in record.people:
        volunteer = volunteers.get(code)
        rows.append(
            {
                "code": code,
                "name": volunteer.name if volunteer else "",
                "features": [labels.value_label(f, v, groups) for f, v in sorted(features.items())],
                "probability": record.probabilities.get(code, 0) * 100,
                "outcome": _("Juror")
                if code in record.panel
                else (_("Reserve") if code in record.reserves else ""),
            }
        )
    return render(
        request,
        "juries/draw_record.html",
        {
            "jury": jury,
            "record": record,
            "rows": rows,
            "replay": replay,
            "min_percent": record.min_probability * 100,
            "algorithm": labels.algorithm_name(record.algorithm),
        },
    )


def _confirm_draw(request: HttpRequest, jury: Jury, data: dict[str, Any]) -> HttpResponse | None:
    """The confirmation step of the draw: what the lottery will do, in plain words."""
    pool = jury.volunteers.filter(status=VolunteerStatus.POOL).count()
    seed = data.get("seed")
    return confirmation_page(
        request,
        title=_("Run the lottery for %(name)s?") % {"name": jury.name},
        consequences=[
            _(
                "%(algorithm)s draws %(k)s jurors and %(r)s reserves from the %(pool)s "
                "volunteers in the pool, meeting every quota."
            )
            % {
                "algorithm": labels.algorithm_name(data["algorithm"]),
                "k": jury.panel_size,
                "r": jury.reserve_count,
                "pool": pool,
            },
            _("The seed %(seed)s is used and published with the record.") % {"seed": seed}
            if seed is not None
            else _("A fresh seed is drawn and published with the record."),
            _(
                "The jury starts sitting: no more volunteers can join and the quotas can no "
                "longer change."
            ),
            _("The draw is written to the audit log and cannot be run again."),
        ],
        action_label=_("Run the lottery"),
        cancel_url=reverse("juries:draw", args=[jury.pk]),
    )


RECORD_FILES = ("record.json", "people.csv", "quotas.csv")


@require_GET
def draw_file(request: HttpRequest, jury_id: int, name: str) -> HttpResponse:
    """The draw's public record as files for an independent replay with the engine's CLI:
    ``maeul jury replay --result record.json --people people.csv --features quotas.csv
    --no-household-rule``. Volunteers appear only by code with their quota features."""
    jury = selectors.jury_for(request.user, jury_id)
    record = Draw.objects.filter(jury=jury).first()
    if record is None or name not in RECORD_FILES:
        raise Http404("draw")
    people, quotas = selectors.draw_people(record)
    if name == "record.json":
        body = json.dumps(
            {
                "panel": record.panel,
                "reserves": record.reserves,
                "probabilities": record.probabilities,
                "min_probability": record.min_probability,
                "algorithm": record.algorithm,
                "seed": record.seed,
                "inputs_sha256": record.inputs_sha256,
                "version": record.engine_version,
                "panel_size": record.panel_size,
                "reserves_count": record.reserve_count,
                "household_rule": False,
                "household_columns": [],
                "id_column": "id",
            },
            ensure_ascii=False,
            indent=1,
        )
        content_type = "application/json"
    else:
        buffer = io.StringIO()
        if name == "people.csv":
            sortition.write_people_csv(buffer, people)
        else:
            sortition.write_features_csv(buffer, quotas)
        body = buffer.getvalue()
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="jury-{jury.pk}-{name}"'
    return response
