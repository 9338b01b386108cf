"""The tallies and the result: vote totals entered by hand or from a file, the engine's
computation, and publishing it (which adopts the selected projects)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised, require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting import notices, results
from maeul.budgeting.models import (
    Cycle,
    ExecutionStatus,
    ProjectOutcome,
    Proposal,
    ProposalEvent,
    ProposalEventKind,
    ProposalStatus,
    ResultRun,
    TraceStep,
    Track,
)
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.selectors import vote_polls
from maeul.budgeting.services import history
from maeul.budgeting.services._guards import lock_cycle, require_phase
from maeul.core.errors import Conflict, ServiceError
from maeul.engine.budgeting import BudgetingError
from maeul.voting import interface as voting_interface


def vote_counts_record(
    *,
    actor: Any,
    cycle: Cycle,
    committee_voters: int,
    mobile_voters: int,
    counts: dict[int, tuple[int, int]],
) -> Cycle:
    """Enter the committee vote and mobile vote totals (voters per channel, approvals per
    feasible proposal, keyed by proposal number) as the official tally reports them."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    if committee_voters < 0 or mobile_voters < 0:
        raise ServiceError(_("Voter numbers cannot be negative."), field="voters")
    with transaction.atomic(durable=True):
        locked = lock_cycle(actor, cycle, BudgetingPermission.MANAGE)
        require_phase(locked, "record_votes")
        if locked.results.filter(published_at__isnull=False).exists():
            raise Conflict(_("The result is published; the votes can no longer change."))
        feasible = {
            p.number: p
            for p in locked.proposals.select_for_update().filter(
                status=ProposalStatus.FEASIBLE, track=Track.RESIDENT
            )
        }
        for number, (committee, mobile) in counts.items():
            if number not in feasible:
                raise ServiceError(
                    _("Proposal #%(n)s is not a feasible proposal of this cycle.") % {"n": number},
                    field="counts",
                )
            if committee < 0 or mobile < 0:
                raise ServiceError(_("Approvals cannot be negative."), field="counts")
            if committee > committee_voters or mobile > mobile_voters:
                raise ServiceError(
                    _("Proposal #%(n)s has more approvals than its channel has voters.")
                    % {"n": number},
                    field="counts",
                )
        for number, (committee, mobile) in counts.items():
            p = feasible[number]
            p.committee_approvals, p.mobile_approvals = committee, mobile
        Proposal.objects.bulk_update(
            [feasible[n] for n in counts], ["committee_approvals", "mobile_approvals"]
        )
        locked.committee_voters, locked.mobile_voters = committee_voters, mobile_voters
        locked.save(update_fields=["committee_voters", "mobile_voters"])
        audit_record(
            kind="budgeting.votes_recorded",
            actor=actor,
            subject=locked,
            municipality=locked.municipality,
            data={
                "committee_voters": committee_voters,
                "mobile_voters": mobile_voters,
                "counts": {str(n): list(c) for n, c in sorted(counts.items())},
            },
        )
    return locked


def result_compute(*, actor: Any, cycle: Cycle) -> ResultRun:
    """Run the engine's Korean mixed rule on the feasible proposals and keep the outcome."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    with transaction.atomic(durable=True):
        locked = lock_cycle(actor, cycle, BudgetingPermission.MANAGE)
        require_phase(locked, "compute")
        if locked.results.filter(published_at__isnull=False).exists():
            raise Conflict(_("The result is already published."))
        try:
            data = results.compute(locked)
        except BudgetingError as error:
            raise ServiceError(results.compute_error_message(locked, error)) from None
        # Only the latest computation is shown or published: earlier ones keep their JSON
        # (the record) but not the rows derived from it, which would pile up per click.
        stale = locked.results.filter(published_at__isnull=True, prepared_at__isnull=False)
        ProjectOutcome.objects.filter(run__in=stale).delete()
        TraceStep.objects.filter(run__in=stale).delete()
        stale.update(summary=None, prepared_at=None)
        run = ResultRun.objects.create(cycle=locked, computed_by=actor, data=data)
        results.prepare(run)
        audit_record(
            kind="budgeting.result_computed",
            actor=actor,
            subject=run,
            municipality=locked.municipality,
            data={"selected": data["selected"], "total_cost": data["total_cost"]},
        )
    return run


def _record_selection(cycle: Cycle, run: ResultRun, adopted: list[Proposal]) -> None:
    """Each voted proposal's history gains "selected" or "not selected" (with the selection's
    reason where it gave one: a cost above a cap); the authors of adopted proposals are
    announced for their points once the publication commits."""
    at = run.published_at or timezone.now()
    adopted_ids = {p.pk for p in adopted}
    ineligible = {str(row[0]): (row[1], row[2]) for row in run.data.get("ineligible", [])}
    others = cycle.proposals.filter(track=Track.RESIDENT, status=ProposalStatus.FEASIBLE).exclude(
        pk__in=adopted_ids
    )
    events = [ProposalEvent(proposal=p, kind=ProposalEventKind.SELECTED, at=at) for p in adopted]
    for p in others.only("pk", "number"):
        english, korean = ineligible.get(str(p.number), ("", ""))
        events.append(
            ProposalEvent(
                proposal=p,
                kind=ProposalEventKind.NOT_SELECTED,
                detail="ineligible" if english or korean else "ranked",
                reason_en=english,
                reason_ko=korean,
                at=at,
            )
        )
    history.steps_record(events)
    history.announce_adopted(adopted, municipality_id=cycle.municipality_id, at=at)
    notices.result_published(cycle, adopted_ids)


def result_publish(*, actor: Any, run: ResultRun) -> ResultRun:
    """Publish a computed result: its selected proposals are adopted with their cost."""
    require_permission(actor, BudgetingPermission.MANAGE, run)
    with transaction.atomic(durable=True):
        cycle = lock_cycle(actor, run.cycle)
        require_phase(cycle, "publish")
        current = get_authorised(
            ResultRun.objects.all(), actor, run.pk, BudgetingPermission.MANAGE, lock=True
        )
        if cycle.results.filter(published_at__isnull=False).exists():
            raise Conflict(_("The result is already published."))
        latest = cycle.results.order_by("-computed_at", "-pk").first()
        if latest is None or latest.pk != current.pk:
            raise Conflict(_("Publish the latest computation only."))
        if results.fingerprint(cycle) != current.data.get("fingerprint"):
            raise Conflict(_("Votes or proposals changed after this computation; compute again."))
        running = voting_interface.running_polls(vote_polls(cycle))
        if running:
            raise Conflict(
                _("These votes of the cycle still take ballots; close them first: %(polls)s")
                % {"polls": ", ".join(poll.title for poll in running)}
            )
        selected = {int(n) for n in current.data["selected"]}
        adopted = list(
            cycle.proposals.select_for_update().filter(
                Q(number__in=selected) | Q(track=Track.GENERAL, status=ProposalStatus.FEASIBLE)
            )
        )
        for p in adopted:
            p.adopted = True
            p.adopted_amount_won = p.cost_won
            p.execution_status = ExecutionStatus.PLANNED
        Proposal.objects.bulk_update(adopted, ["adopted", "adopted_amount_won", "execution_status"])
        current.published_at = timezone.now()
        current.save(update_fields=["published_at"])
        _record_selection(cycle, current, adopted)
        # The comparison rules read the closed polls' ballots: prepare again now that
        # every poll of the cycle is closed, so the published analysis is final.
        results.prepare(current)
        audit_record(
            kind="budgeting.result_published",
            actor=actor,
            subject=current,
            municipality=cycle.municipality,
            data={"adopted": sorted(selected), "total_cost": current.data["total_cost"]},
        )
    return current


def result_prepare(*, run: ResultRun) -> ResultRun:
    """Keep the rows the result pages read (``results.prepare``) for a run computed before
    they existed: a one-time backfill, run by the first page that shows such a result, so
    results published by earlier versions still display. Derived data only, recomputed
    from the run's own JSON: no permission is needed and nothing is audited; the lock makes
    two first visitors prepare it once."""
    with transaction.atomic(durable=True):
        locked = ResultRun.objects.select_for_update().select_related("cycle").get(pk=run.pk)
        if locked.prepared_at is None:
            results.prepare(locked)
    run.refresh_from_db(fields=["summary", "prepared_at"])
    return run
