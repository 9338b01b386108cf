"""What every budgeting screen shares: the cycle's header context (phases, dates, what the
visitor may do), the way a ``ServiceError`` lands on a form, and the two official fetches —
by ``get_authorised``, so an id outside the official's scope answers 404 like a missing one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.budgeting import selectors, services
from maeul.budgeting.models import PHASE_ORDER, Cycle, Phase, Proposal, ResultRun
from maeul.budgeting.rules import BudgetingPermission
from maeul.core.errors import ServiceError
from maeul.places.models import Municipality

PROPOSALS_PER_HOUR = 20
"""Proposal saves per client address and hour (RELIABILITY P13); drafts count too."""


def municipality_or_404(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


def form_error(form: Any, error: ServiceError) -> None:
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, error.message)


def cycle_context(request: HttpRequest, cycle: Cycle) -> dict[str, Any]:
    windows = {w.phase: w for w in cycle.windows.all()}
    return {
        "cycle": cycle,
        "municipality": cycle.municipality,
        "timeline": [
            {
                "phase": p,
                "label": Phase(p).label,
                "window": windows.get(p),
                "current": p == cycle.phase,
                "done": PHASE_ORDER.index(p) < cycle.phase_index(),
            }
            for p in PHASE_ORDER
            if p != Phase.SETUP
        ],
        "can_manage": has_permission(request.user, BudgetingPermission.VIEW_BACKOFFICE, cycle),
        "can_propose": cycle.allows("propose")
        and has_permission(request.user, BudgetingPermission.PROPOSE, cycle),
        "published": selectors.has_published_result(cycle),
    }


def prepared(run: ResultRun | None) -> ResultRun | None:
    """``run`` with the rows its pages read: a result computed before they were kept is
    prepared once, by the first page that shows it (``services.result_prepare``)."""
    if run is not None and run.prepared_at is None:
        run = services.result_prepare(run=run)
    return run


def official_cycle(request: HttpRequest, cycle_id: int, permission: BudgetingPermission) -> Cycle:
    """The cycle ``cycle_id`` if the official holds ``permission`` on it; 404 otherwise (an
    unknown id and a cycle of another district answer alike, so ids leak nothing)."""
    return get_authorised(
        Cycle.objects.select_related("municipality"), request.user, cycle_id, permission
    )


def official_proposal(user: Any, pk: int, permission: BudgetingPermission) -> Proposal:
    """The proposal ``pk`` with what the officials' screens show, 404 outside scope."""
    rows = Proposal.objects.select_related("cycle__municipality", "group", "type", "merged_into")
    return get_authorised(rows, user, pk, permission)


def authored_proposal(user: Any, pk: int) -> Proposal:
    """The proposal ``pk`` if ``user`` is its author (``budgeting.edit_proposal``); 404 else."""
    rows = Proposal.objects.select_related("cycle__municipality")
    return get_authorised(rows, user, pk, BudgetingPermission.EDIT_PROPOSAL)
