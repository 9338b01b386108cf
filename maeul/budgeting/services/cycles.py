"""Setting up and running a cycle: creating it (or recording one run before Maeul), its rules,
project types, category groups and phase dates, linking its committee in the governance
register, and moving it from phase to phase."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting import notices
from maeul.budgeting.models import (
    PHASE_ORDER,
    CategoryGroup,
    Cycle,
    CycleSummary,
    Phase,
    PhaseWindow,
    ProjectType,
    ProposalStatus,
)
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.selectors import vote_polls
from maeul.budgeting.services._guards import OverCap, lock_cycle, require_unlocked, won
from maeul.core.errors import Conflict, ServiceError, violates
from maeul.governance import interface as governance_interface
from maeul.outreach import interface as outreach_interface
from maeul.places.models import Municipality
from maeul.voting import interface as voting_interface


def cycle_create(
    *,
    actor: Any,
    municipality: Municipality,
    cycle_year: int,
    budget_year: int,
    title: str,
    total_amount_won: int,
    committee_weight_percent: int = 50,
) -> Cycle:
    require_permission(actor, BudgetingPermission.MANAGE, municipality)
    if total_amount_won <= 0:
        raise ServiceError(_("The total amount must be positive."), field="total_amount_won")
    if not 0 <= committee_weight_percent <= 100:
        raise ServiceError(
            _("The committee weight is a percentage from 0 to 100."),
            field="committee_weight_percent",
        )
    try:
        with transaction.atomic(durable=True):
            cycle = Cycle.objects.create(
                municipality=municipality,
                cycle_year=cycle_year,
                budget_year=budget_year,
                title=title,
                total_amount_won=total_amount_won,
                committee_weight_percent=committee_weight_percent,
            )
            audit_record(
                kind="budgeting.cycle_created",
                actor=actor,
                subject=cycle,
                municipality=municipality,
                data={"cycle_year": cycle_year, "total_amount_won": total_amount_won},
            )
    except IntegrityError as error:
        if violates(error, "pb_cycle_one_per_year", "municipality_id", "cycle_year"):
            raise Conflict(
                _("%(year)s already has a cycle here.") % {"year": cycle_year}, field="cycle_year"
            ) from None
        raise
    return cycle


def cycle_record_reported(
    *,
    actor: Any,
    municipality: Municipality,
    cycle_year: int,
    budget_year: int,
    title: str,
    total_amount_won: int,
    phase: str,
    figures: dict[str, Any],
) -> Cycle:
    """Record a cycle run before the municipality used Maeul, with the figures it reported
    (proposals, adopted and executed amounts, mobile voters, budget school). Such a cycle has
    no proposals here, so its rules are frozen from the start."""
    require_permission(actor, BudgetingPermission.MANAGE, municipality)
    if phase not in PHASE_ORDER or PHASE_ORDER.index(phase) < PHASE_ORDER.index(Phase.RESULTS):
        raise ServiceError(_("A reported cycle is at least in its results phase."), field="phase")
    executed = figures.get("executed_amount_won")
    if executed is not None and executed > figures["adopted_amount_won"]:
        raise ServiceError(
            _("The executed amount cannot exceed the adopted amount."), field="executed_amount_won"
        )
    try:
        with transaction.atomic(durable=True):
            cycle = Cycle.objects.create(
                municipality=municipality,
                cycle_year=cycle_year,
                budget_year=budget_year,
                title=title,
                total_amount_won=total_amount_won,
                phase=phase,
                rules_locked_at=timezone.now(),
                mobile_voters=figures.get("mobile_voters", 0),
            )
            # The reported budget-school figures are kept by the school's course in
            # outreach (one model for every course), the rest by the summary.
            reported = dict(figures)
            school = (reported.pop("school_sessions", 0), reported.pop("school_attendance", 0))
            CycleSummary.objects.create(cycle=cycle, **reported)
            outreach_interface.budget_school_report(
                cycle=cycle, sessions=school[0] or 0, attendance=school[1] or 0
            )
            audit_record(
                kind="budgeting.cycle_reported",
                actor=actor,
                subject=cycle,
                municipality=municipality,
                data={"cycle_year": cycle_year, **figures},
            )
    except IntegrityError as error:
        if violates(error, "pb_cycle_one_per_year", "municipality_id", "cycle_year"):
            raise Conflict(
                _("%(year)s already has a cycle here.") % {"year": cycle_year}, field="cycle_year"
            ) from None
        raise
    return cycle


RULE_FIELDS = (
    "title",
    "budget_year",
    "total_amount_won",
    "committee_weight_percent",
    "share_basis",
    "on_misfit",
    "pool_leftovers",
    "general_track_amount_won",
)


def cycle_update_rules(*, actor: Any, cycle: Cycle, **changes: Any) -> Cycle:
    """Change the cycle's rules; refused with ``RulesLocked`` once voting opened."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown setting."), field=sorted(unknown)[0])
    with transaction.atomic(durable=True):
        locked = lock_cycle(actor, cycle, BudgetingPermission.MANAGE)
        require_unlocked(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        if locked.total_amount_won <= 0:
            raise ServiceError(_("The total amount must be positive."), field="total_amount_won")
        if not 0 <= locked.committee_weight_percent <= 100:
            raise ServiceError(
                _("The committee weight is a percentage from 0 to 100."),
                field="committee_weight_percent",
            )
        if locked.general_track_amount_won < 0:
            raise ServiceError(
                _("The general-participation amount cannot be negative."),
                field="general_track_amount_won",
            )
        locked.save()
        audit_record(
            kind="budgeting.rules_changed",
            actor=actor,
            subject=locked,
            municipality=locked.municipality,
            data={k: str(v) for k, v in changes.items()},
        )
    return locked


def project_type_save(
    *, actor: Any, cycle: Cycle, code: str, name: str, cap_won: int, name_en: str = ""
) -> ProjectType:
    """Create or change a project type and its per-project cap (before voting opens)."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    if cap_won <= 0:
        raise ServiceError(_("The cap must be positive."), field="cap_won")
    with transaction.atomic(durable=True):
        locked = lock_cycle(actor, cycle, BudgetingPermission.MANAGE)
        require_unlocked(locked)
        kind, _created = ProjectType.objects.update_or_create(
            cycle=locked, code=code, defaults={"name": name, "name_en": name_en, "cap_won": cap_won}
        )
        audit_record(
            kind="budgeting.type_saved",
            actor=actor,
            subject=kind,
            municipality=locked.municipality,
            data={"code": code, "cap_won": cap_won},
        )
    return kind


def group_save(
    *,
    actor: Any,
    cycle: Cycle,
    code: str,
    name: str,
    cap_won: int,
    name_en: str = "",
    max_picks: int = 3,
    sort_order: int = 0,
) -> CategoryGroup:
    """Create or change a category group and its cap; the caps may not add up to more than
    the cycle's total (before voting opens)."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    if cap_won <= 0:
        raise ServiceError(_("The cap must be positive."), field="cap_won")
    if max_picks < 1:
        raise ServiceError(_("Allow at least one pick."), field="max_picks")
    with transaction.atomic(durable=True):
        locked = lock_cycle(actor, cycle, BudgetingPermission.MANAGE)
        require_unlocked(locked)
        others = (
            CategoryGroup.objects.filter(cycle=locked)
            .exclude(code=code)
            .aggregate(total=Sum("cap_won"))["total"]
            or 0
        )
        if others + cap_won > locked.total_amount_won:
            raise OverCap(
                _(
                    "The group caps would add up to %(sum)s won, more than the cycle's total"
                    " of %(total)s won."
                )
                % {"sum": won(others + cap_won), "total": won(locked.total_amount_won)},
                field="cap_won",
            )
        group, _created = CategoryGroup.objects.update_or_create(
            cycle=locked,
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "cap_won": cap_won,
                "max_picks": max_picks,
                "sort_order": sort_order,
            },
        )
        audit_record(
            kind="budgeting.group_saved",
            actor=actor,
            subject=group,
            municipality=locked.municipality,
            data={"code": code, "cap_won": cap_won, "max_picks": max_picks},
        )
    return group


def phase_window_set(
    *, actor: Any, cycle: Cycle, phase: str, starts_on: dt.date, ends_on: dt.date
) -> PhaseWindow:
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    if phase not in PHASE_ORDER:
        raise ServiceError(_("Unknown phase."), field="phase")
    if ends_on < starts_on:
        raise ServiceError(_("A phase cannot end before it starts."), field="ends_on")
    with transaction.atomic(durable=True):
        locked = lock_cycle(actor, cycle, BudgetingPermission.MANAGE)
        window, _created = PhaseWindow.objects.update_or_create(
            cycle=locked, phase=phase, defaults={"starts_on": starts_on, "ends_on": ends_on}
        )
        audit_record(
            kind="budgeting.phase_dates_set",
            actor=actor,
            subject=locked,
            municipality=locked.municipality,
            data={"phase": phase, "starts_on": starts_on, "ends_on": ends_on},
        )
    return window


def cycle_advance(*, actor: Any, cycle: Cycle) -> Cycle:
    """Move the cycle to its next phase. Opening the vote freezes the rules and needs every
    submitted proposal screened and the group caps within the total.

    Votes follow their programme: moving to the results phase ends the cycle's committee and
    mobile votes on the voting core in the same transaction — an open one is closed early, one
    that has not opened is cancelled, each audited with the phase change as its reason — so no
    ballot can arrive once the cycle counts (issue 13). The confirmation page lists them first
    (``voting_interface.running_polls``)."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    with transaction.atomic(durable=True):
        locked = lock_cycle(actor, cycle, BudgetingPermission.MANAGE)
        index = locked.phase_index()
        if index + 1 >= len(PHASE_ORDER):
            raise Conflict(_("This cycle is closed."))
        target = PHASE_ORDER[index + 1]
        if target == Phase.PROPOSALS and (not locked.types.exists() or not locked.groups.exists()):
            raise Conflict(_("Set up at least one project type and one category group first."))
        if target == Phase.VOTING:
            waiting = locked.proposals.filter(status=ProposalStatus.SUBMITTED).count()
            if waiting:
                raise Conflict(
                    _("%(count)s submitted proposals are not screened yet.") % {"count": waiting}
                )
            locked.rules_locked_at = timezone.now()
        if (
            target == Phase.EXECUTION
            and not locked.results.filter(published_at__isnull=False).exists()
        ):
            raise Conflict(_("Publish the result before execution starts."))
        ended: list[str] = []
        if target == Phase.RESULTS:
            ended = [
                poll.code
                for poll in voting_interface.end_polls(
                    actor=actor,
                    polls=vote_polls(locked),
                    reason=_("The cycle %(title)s moved to the results phase.")
                    % {"title": locked.title},
                )
            ]
        locked.phase = target
        locked.save(update_fields=["phase", "rules_locked_at"])
        if target == Phase.SCREENING:
            notices.screening_opened(locked)
        audit_record(
            kind="budgeting.phase_advanced",
            actor=actor,
            subject=locked,
            municipality=locked.municipality,
            data={"phase": target, "ended_polls": ended} if ended else {"phase": target},
        )
    return locked


def cycle_bodies_set(
    *, actor: Any, cycle: Cycle, committee_body: Any = None, support_body: Any = None
) -> Cycle:
    """Link the cycle to its PB committee and proposal-support group in the governance
    register, where their members, terms and composition are kept: membership (who may
    comment, who is on the committee vote's roll) is read from there, never copied.

    The committee must be a body of type PB committee of the cycle's municipality (or one of
    its dongs); the support group any body there. Once the committee vote opened, its rolls
    were drawn from the linked committee, so the committee can no longer be replaced."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    for body, field in ((committee_body, "committee_body"), (support_body, "support_body")):
        if body is not None and not body.municipality.is_within(cycle.municipality):
            raise ServiceError(
                _("%(body)s does not belong to %(place)s.")
                % {"body": body.name, "place": cycle.municipality.display_name},
                field=field,
            )
    if committee_body is not None and not governance_interface.is_pb_committee(committee_body):
        raise ServiceError(
            _("Choose a body of the type “participatory budgeting committee”."),
            field="committee_body",
        )
    with transaction.atomic(durable=True):
        locked = lock_cycle(actor, cycle, BudgetingPermission.MANAGE)
        if (
            locked.committee_body_id != getattr(committee_body, "pk", None)
            and locked.committee_votes.exists()
        ):
            raise Conflict(
                _(
                    "The committee vote was opened with this committee's members; the committee "
                    "can no longer be replaced."
                ),
                field="committee_body",
            )
        locked.committee_body = committee_body
        locked.support_body = support_body
        locked.save(update_fields=["committee_body", "support_body"])
        audit_record(
            kind="budgeting.bodies_linked",
            actor=actor,
            subject=locked,
            municipality=locked.municipality,
            data={
                "committee_body": getattr(committee_body, "pk", None),
                "support_body": getattr(support_body, "pk", None),
            },
        )
    return locked
