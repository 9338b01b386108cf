"""State changes of participatory budgeting: one entry point per change, each one durable
transaction that checks the permission, the phase (``PHASE_ACTIONS``) and writes the audit log
last.

Locking rule (docs/subsystems/participatory-budgeting.md): every service that depends on the
cycle's state (its phase, its frozen rules, the next proposal number) first locks the cycle row
with ``SELECT ... FOR UPDATE``, then locks the proposal it changes, never the other way round,
so concurrent services cannot deadlock and no change slips in after the rules froze.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting import results
from maeul.budgeting.models import (
    PHASE_ACTIONS,
    PHASE_ORDER,
    Attachment,
    CategoryGroup,
    Comment,
    CommitteeVote,
    Cycle,
    CycleSummary,
    DongMeeting,
    Execution,
    ExecutionStatus,
    MobileVote,
    Phase,
    PhaseWindow,
    ProjectType,
    Proposal,
    ProposalStatus,
    Recommendation,
    ResultRun,
    SchoolSession,
    Track,
)
from maeul.core.errors import Conflict, NotAllowed, ServiceError, violates
from maeul.engine.budgeting import BudgetingError
from maeul.places.models import Municipality
from maeul.voting import interface as voting_interface

ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENTS_PER_PROPOSAL = 5
ATTACHMENT_TYPES = {
    # extension -> (kind, leading bytes of a genuine file of that type)
    ".jpg": (Attachment.Kind.IMAGE, (b"\xff\xd8\xff",)),
    ".jpeg": (Attachment.Kind.IMAGE, (b"\xff\xd8\xff",)),
    ".png": (Attachment.Kind.IMAGE, (b"\x89PNG\r\n\x1a\n",)),
    ".pdf": (Attachment.Kind.DOCUMENT, (b"%PDF-",)),
    ".hwp": (Attachment.Kind.DOCUMENT, (b"\xd0\xcf\x11\xe0",)),
}


class PhaseClosed(Conflict):
    code = "phase_closed"


class RulesLocked(Conflict):
    code = "rules_locked"


class OverCap(ServiceError):
    code = "over_cap"
    status = 422


def won(amount: int) -> str:
    return f"{amount:,}"


# ---- phase and access helpers ------------------------------------------------------------


def phase_dates(cycle: Cycle, phase: str) -> str:
    window = next((w for w in cycle.windows.all() if w.phase == phase), None)
    label = str(Phase(phase).label)
    if window is None:
        return label
    return _("%(phase)s, %(start)s – %(end)s") % {
        "phase": label,
        "start": date_format(window.starts_on, "SHORT_DATE_FORMAT"),
        "end": date_format(window.ends_on, "SHORT_DATE_FORMAT"),
    }


def require_phase(cycle: Cycle, action: str) -> None:
    """Refuse ``action`` outside the phases that allow it, naming those phases' dates."""
    if cycle.allows(action):
        return
    allowed = [p for p in PHASE_ORDER if action in PHASE_ACTIONS[p]]
    raise PhaseClosed(
        _("This is possible only in the %(phases)s phase; the cycle is now in the %(now)s phase.")
        % {
            "phases": "; ".join(phase_dates(cycle, p) for p in allowed),
            "now": Phase(cycle.phase).label,
        }
    )


def _locked_cycle(cycle: Cycle) -> Cycle:
    return Cycle.objects.select_for_update().select_related("municipality").get(pk=cycle.pk)


def _locked_proposal(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _require_unlocked(cycle: Cycle) -> None:
    if cycle.rules_locked:
        raise RulesLocked(
            _("The rules of this cycle were frozen when voting opened and cannot change.")
        )


def cycle_for_official(user: Any, cycle_id: int, permission: str = "budgeting.manage") -> Cycle:
    """Fetch a cycle and check the official's permission on it in one call; an unknown id
    and a cycle of another district both answer 404, so ids leak nothing."""
    from django.http import Http404

    cycle = Cycle.objects.select_related("municipality").filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404("cycle")
    from maeul.accounts.permissions import has_permission

    if not has_permission(user, permission, cycle):
        raise Http404("cycle")
    return cycle


# ---- setup -------------------------------------------------------------------------------


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
    require_permission(actor, "budgeting.manage", municipality)
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
    require_permission(actor, "budgeting.manage", municipality)
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
            CycleSummary.objects.create(cycle=cycle, **figures)
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
    require_permission(actor, "budgeting.manage", cycle)
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown setting."), field=sorted(unknown)[0])
    with transaction.atomic(durable=True):
        locked = _locked_cycle(cycle)
        _require_unlocked(locked)
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
    require_permission(actor, "budgeting.manage", cycle)
    if cap_won <= 0:
        raise ServiceError(_("The cap must be positive."), field="cap_won")
    with transaction.atomic(durable=True):
        locked = _locked_cycle(cycle)
        _require_unlocked(locked)
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
    require_permission(actor, "budgeting.manage", cycle)
    if cap_won <= 0:
        raise ServiceError(_("The cap must be positive."), field="cap_won")
    if max_picks < 1:
        raise ServiceError(_("Allow at least one pick."), field="max_picks")
    with transaction.atomic(durable=True):
        locked = _locked_cycle(cycle)
        _require_unlocked(locked)
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
    require_permission(actor, "budgeting.manage", cycle)
    if phase not in PHASE_ORDER:
        raise ServiceError(_("Unknown phase."), field="phase")
    if ends_on < starts_on:
        raise ServiceError(_("A phase cannot end before it starts."), field="ends_on")
    with transaction.atomic(durable=True):
        locked = _locked_cycle(cycle)
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


def vote_poll_codes(cycle: Cycle) -> list[str]:
    """Codes of the cycle's committee and mobile polls on the voting core."""
    return [
        *CommitteeVote.objects.filter(cycle=cycle).values_list("poll_code", flat=True),
        *MobileVote.objects.filter(cycle=cycle).values_list("poll_code", flat=True),
    ]


def cycle_advance(*, actor: Any, cycle: Cycle) -> Cycle:
    """Move the cycle to its next phase. Opening the vote freezes the rules and needs every
    submitted proposal screened and the group caps within the total.

    Votes follow their programme: moving to the results phase ends the cycle's committee and
    mobile votes on the voting core in the same transaction — an open one is closed early, one
    that has not opened is cancelled, each audited with the phase change as its reason — so no
    ballot can arrive once the cycle counts (issue 13). The confirmation page lists them first
    (``voting_interface.running_polls``)."""
    require_permission(actor, "budgeting.manage", cycle)
    with transaction.atomic(durable=True):
        locked = _locked_cycle(cycle)
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
                    codes=vote_poll_codes(locked),
                    reason=_("The cycle %(title)s moved to the results phase.")
                    % {"title": locked.title},
                )
            ]
        locked.phase = target
        locked.save(update_fields=["phase", "rules_locked_at"])
        audit_record(
            kind="budgeting.phase_advanced",
            actor=actor,
            subject=locked,
            municipality=locked.municipality,
            data={"phase": target, "ended_polls": ended} if ended else {"phase": target},
        )
    return locked


# ---- proposals ---------------------------------------------------------------------------

PROPOSAL_FIELDS = (
    "title",
    "description",
    "address",
    "dong",
    "latitude",
    "longitude",
    "group",
    "type",
    "estimated_cost_won",
)


def _apply_fields(cycle: Cycle, proposal: Proposal, data: dict[str, Any]) -> None:
    for name in PROPOSAL_FIELDS:
        if name in data:
            setattr(proposal, name, data[name])
    if proposal.group_id is None or proposal.group.cycle_id != cycle.pk:
        raise ServiceError(_("Choose a group of this cycle."), field="group")
    if proposal.type_id is None or proposal.type.cycle_id != cycle.pk:
        raise ServiceError(_("Choose a project type of this cycle."), field="type")
    if not proposal.estimated_cost_won or proposal.estimated_cost_won <= 0:
        raise ServiceError(_("The estimated cost must be positive."), field="estimated_cost_won")
    if proposal.dong is not None and not proposal.dong.is_within(cycle.municipality):
        raise ServiceError(_("Choose a neighbourhood of this district."), field="dong")
    if (proposal.latitude is None) != (proposal.longitude is None):
        raise ServiceError(_("Give both latitude and longitude, or neither."), field="latitude")
    if proposal.latitude is not None and not (
        -90 <= proposal.latitude <= 90 and -180 <= proposal.longitude <= 180
    ):
        raise ServiceError(_("The map point is outside the valid range."), field="latitude")


def _check_type_cap(proposal: Proposal) -> None:
    cap = proposal.type.cap_won
    if proposal.estimated_cost_won > cap:
        raise OverCap(
            _(
                "The estimated cost of %(cost)s won is above the cap of %(cap)s won for"
                " %(type)s projects."
            )
            % {
                "cost": won(proposal.estimated_cost_won),
                "cap": won(cap),
                "type": proposal.type.display_name,
            },
            field="estimated_cost_won",
        )


def _submit(cycle: Cycle, proposal: Proposal) -> None:
    """Number and submit a draft; the caller holds the cycle lock (numbers stay unique)."""
    _check_type_cap(proposal)
    last = Proposal.objects.filter(cycle=cycle).aggregate(n=Max("number"))["n"] or 0
    proposal.number = last + 1
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = timezone.now()


def proposal_save(
    *,
    actor: Any,
    cycle: Cycle,
    data: dict[str, Any],
    proposal: Proposal | None = None,
    submit: bool = False,
) -> Proposal:
    """Create or edit a draft (only its author), and submit it if ``submit``. A cost above
    the type's cap is refused at submission, naming the cap."""
    if proposal is None:
        require_permission(actor, "budgeting.propose", cycle)
    else:
        require_permission(actor, "budgeting.edit_proposal", proposal)
    with transaction.atomic(durable=True):
        locked_cycle = _locked_cycle(cycle)
        require_phase(locked_cycle, "propose")
        if proposal is None:
            current = Proposal(cycle=locked_cycle, author=actor)
        else:
            current = _locked_proposal(proposal)
            if current.cycle_id != locked_cycle.pk:
                raise NotAllowed(_("This proposal belongs to another cycle."))
            if current.status != ProposalStatus.DRAFT:
                raise Conflict(_("Only drafts can be edited; this proposal was submitted."))
        _apply_fields(locked_cycle, current, data)
        if submit:
            _submit(locked_cycle, current)
        current.save()
        audit_record(
            kind="budgeting.proposal_submitted" if submit else "budgeting.proposal_drafted",
            actor=actor,
            subject=current,
            municipality=locked_cycle.municipality,
            data={"number": current.number, "cost_won": current.estimated_cost_won},
        )
    return current


def proposal_record_offline(
    *, actor: Any, cycle: Cycle, data: dict[str, Any], proposer_name: str
) -> Proposal:
    """Enter a proposal received on paper or at a desk (오프라인 접수), on the resident's
    behalf. It is submitted at once, numbered and cap-checked like an online one; the
    official is the recorded author, the proposer's name stays internal."""
    require_permission(actor, "budgeting.screen", cycle)
    if not proposer_name.strip():
        raise ServiceError(_("Give the proposer's name."), field="proposer_name")
    with transaction.atomic(durable=True):
        locked_cycle = _locked_cycle(cycle)
        require_phase(locked_cycle, "propose")
        proposal = Proposal(
            cycle=locked_cycle, author=actor, offline_proposer=proposer_name.strip()[:60]
        )
        _apply_fields(locked_cycle, proposal, data)
        _submit(locked_cycle, proposal)
        proposal.save()
        audit_record(
            kind="budgeting.proposal_recorded_offline",
            actor=actor,
            subject=proposal,
            municipality=locked_cycle.municipality,
            data={"number": proposal.number, "cost_won": proposal.estimated_cost_won},
        )
    return proposal


def proposal_withdraw(*, actor: Any, proposal: Proposal) -> Proposal:
    require_permission(actor, "budgeting.edit_proposal", proposal)
    with transaction.atomic(durable=True):
        cycle = _locked_cycle(proposal.cycle)
        require_phase(cycle, "propose")
        current = _locked_proposal(proposal)
        if current.status != ProposalStatus.SUBMITTED:
            raise Conflict(
                _("Only submitted proposals that are not screened yet can be withdrawn.")
            )
        current.status = ProposalStatus.WITHDRAWN
        current.save(update_fields=["status"])
        audit_record(
            kind="budgeting.proposal_withdrawn",
            actor=actor,
            subject=current,
            municipality=cycle.municipality,
            data={"number": current.number},
        )
    return current


def _attachment_kind(upload: UploadedFile) -> str:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ServiceError(_("Attach JPEG, PNG, PDF or HWP files only."), field="file")
    if upload.size is None or upload.size > ATTACHMENT_MAX_BYTES:
        raise ServiceError(
            _("The file is larger than %(mb)s MB.") % {"mb": ATTACHMENT_MAX_BYTES // 1024 // 1024},
            field="file",
        )
    if upload.size == 0:
        raise ServiceError(_("The file is empty."), field="file")
    kind, magics = ATTACHMENT_TYPES[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in magics):
        raise ServiceError(
            _("The file's content does not match its %(ext)s extension.") % {"ext": suffix},
            field="file",
        )
    return kind


def attachment_add(*, actor: Any, proposal: Proposal, upload: UploadedFile) -> Attachment:
    """Attach an image or document to one's own proposal during the proposal phase."""
    require_permission(actor, "budgeting.edit_proposal", proposal)
    kind = _attachment_kind(upload)
    with transaction.atomic(durable=True):
        cycle = _locked_cycle(proposal.cycle)
        require_phase(cycle, "propose")
        current = _locked_proposal(proposal)
        if current.status not in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED):
            raise Conflict(_("Files can be attached only to drafts and submitted proposals."))
        if current.attachments.count() >= ATTACHMENTS_PER_PROPOSAL:
            raise Conflict(
                _("A proposal has at most %(n)s attachments.") % {"n": ATTACHMENTS_PER_PROPOSAL}
            )
        name = Path(upload.name or "file").name[-120:]
        attachment = Attachment(
            proposal=current, kind=kind, original_name=name, size=upload.size or 0
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        audit_record(
            kind="budgeting.attachment_added",
            actor=actor,
            subject=current,
            municipality=cycle.municipality,
            data={"name": name, "size": attachment.size},
        )
    return attachment


def comment_add(
    *, actor: Any, proposal: Proposal, body: str, is_suggestion: bool = False
) -> Comment:
    """Comments and suggested edits while proposals are collected and screened."""
    require_permission(actor, "budgeting.comment", proposal)
    body = body.strip()
    if not body:
        raise ServiceError(_("Write a comment."), field="body")
    if len(body) > 4000:
        raise ServiceError(_("A comment has at most 4,000 characters."), field="body")
    with transaction.atomic(durable=True):
        cycle = _locked_cycle(proposal.cycle)
        require_phase(cycle, "comment")
        if proposal.status in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN) and (
            proposal.author_id != actor.pk
        ):
            raise NotAllowed(_("This proposal is not open for comments."))
        comment = Comment.objects.create(
            proposal=proposal, author=actor, body=body, is_suggestion=is_suggestion
        )
        audit_record(
            kind="budgeting.comment_added",
            actor=actor,
            subject=proposal,
            municipality=cycle.municipality,
            data={"suggestion": is_suggestion},
        )
    return comment


def proposal_screen(
    *,
    actor: Any,
    proposal: Proposal,
    decision: str,
    department: str,
    reason: str = "",
    adjusted_cost_won: int | None = None,
    merged_into: Proposal | None = None,
) -> Proposal:
    """Record a department's screening: feasible (optionally with an adjusted cost, within
    the type's cap), infeasible with a reason, or merged into another proposal."""
    require_permission(actor, "budgeting.screen", proposal)
    if decision not in (ProposalStatus.FEASIBLE, ProposalStatus.INFEASIBLE, ProposalStatus.MERGED):
        raise ServiceError(_("Choose feasible, infeasible or merged."), field="decision")
    if not department.strip():
        raise ServiceError(_("Name the reviewing department."), field="department")
    reason = reason.strip()
    if decision == ProposalStatus.INFEASIBLE and not reason:
        raise ServiceError(_("Give the reason why the proposal is infeasible."), field="reason")
    with transaction.atomic(durable=True):
        cycle = _locked_cycle(proposal.cycle)
        require_phase(cycle, "screen")
        current = _locked_proposal(proposal)
        if current.status in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN):
            raise Conflict(_("Only submitted proposals are screened."))
        if current.track == Track.GENERAL:
            raise Conflict(_("General-participation projects are not screened again."))
        if decision == ProposalStatus.MERGED:
            if merged_into is None:
                raise ServiceError(_("Choose the proposal it is merged into."), field="merged_into")
            if merged_into.pk == current.pk or merged_into.cycle_id != cycle.pk:
                raise ServiceError(
                    _("Choose another proposal of the same cycle."), field="merged_into"
                )
            if merged_into.status in (
                ProposalStatus.MERGED,
                ProposalStatus.DRAFT,
                ProposalStatus.WITHDRAWN,
            ):
                raise ServiceError(
                    _("A proposal can be merged only into a submitted or feasible one."),
                    field="merged_into",
                )
        if adjusted_cost_won is not None:
            if adjusted_cost_won <= 0:
                raise ServiceError(_("The adjusted cost must be positive."), field="adjusted_cost")
            if adjusted_cost_won > current.type.cap_won:
                raise OverCap(
                    _("The adjusted cost of %(cost)s won is above the type's cap of %(cap)s won.")
                    % {"cost": won(adjusted_cost_won), "cap": won(current.type.cap_won)},
                    field="adjusted_cost",
                )
        current.status = decision
        current.department = department.strip()
        current.screening_reason = reason
        current.adjusted_cost_won = adjusted_cost_won
        current.merged_into = merged_into if decision == ProposalStatus.MERGED else None
        current.screened_at = timezone.now()
        current.save()
        audit_record(
            kind="budgeting.proposal_screened",
            actor=actor,
            subject=current,
            municipality=cycle.municipality,
            data={
                "decision": decision,
                "adjusted_cost_won": adjusted_cost_won,
                "merged_into": merged_into.number if merged_into else None,
            },
        )
    return current


def general_project_add(
    *,
    actor: Any,
    cycle: Cycle,
    title: str,
    description: str,
    origin: str,
    group: CategoryGroup,
    cost_won: int,
    address: str = "",
) -> Proposal:
    """Register a general-participation project (일반참여형): one that came out of public
    deliberation (the village democracy platform, a resident autonomy council). It skips the
    vote and is adopted when the result is published, within the cycle's fixed amount."""
    require_permission(actor, "budgeting.manage", cycle)
    if not title.strip() or not origin.strip():
        raise ServiceError(_("Give the title and where it was deliberated."), field="origin")
    if cost_won <= 0:
        raise ServiceError(_("The amount must be positive."), field="cost_won")
    with transaction.atomic(durable=True):
        locked = _locked_cycle(cycle)
        require_phase(locked, "general_track")
        if group.cycle_id != locked.pk:
            raise ServiceError(_("Choose a group of this cycle."), field="group")
        if locked.results.filter(published_at__isnull=False).exists():
            raise Conflict(_("The result is already published."))
        used = (
            locked.proposals.filter(track=Track.GENERAL, status=ProposalStatus.FEASIBLE).aggregate(
                total=Sum("estimated_cost_won")
            )["total"]
            or 0
        )
        if used + cost_won > locked.general_track_amount_won:
            raise OverCap(
                _(
                    "General-participation projects would need %(total)s won; the fixed amount"
                    " is %(amount)s won."
                )
                % {"total": won(used + cost_won), "amount": won(locked.general_track_amount_won)},
                field="cost_won",
            )
        last = Proposal.objects.filter(cycle=locked).aggregate(n=Max("number"))["n"] or 0
        proposal = Proposal.objects.create(
            cycle=locked,
            number=last + 1,
            author=actor,
            title=title.strip(),
            description=description.strip(),
            address=address.strip(),
            group=group,
            type=None,
            track=Track.GENERAL,
            origin=origin.strip(),
            estimated_cost_won=cost_won,
            status=ProposalStatus.FEASIBLE,
            department=getattr(actor.official_or_none, "department", "") or "",
            screened_at=timezone.now(),
            submitted_at=timezone.now(),
        )
        audit_record(
            kind="budgeting.general_project_added",
            actor=actor,
            subject=proposal,
            municipality=locked.municipality,
            data={"number": proposal.number, "cost_won": cost_won, "origin": origin.strip()},
        )
    return proposal


# ---- deliberation ------------------------------------------------------------------------


def meeting_record(
    *,
    actor: Any,
    cycle: Cycle,
    dong: Municipality,
    held_on: dt.date,
    attendance: int,
    minutes: str,
    ranking: list[Proposal],
) -> DongMeeting:
    """Record a dong meeting with its attendance, minutes and ranking (first = rank 1)."""
    require_permission(actor, "budgeting.screen", cycle)
    if not dong.is_within(cycle.municipality) or dong.pk == cycle.municipality_id:
        raise ServiceError(_("Choose a neighbourhood of this district."), field="dong")
    if attendance < 0:
        raise ServiceError(_("Attendance cannot be negative."), field="attendance")
    if len({p.pk for p in ranking}) != len(ranking):
        raise ServiceError(_("A proposal appears twice in the ranking."), field="ranking")
    with transaction.atomic(durable=True):
        locked = _locked_cycle(cycle)
        require_phase(locked, "deliberate")
        fresh = Proposal.objects.in_bulk([p.pk for p in ranking])
        ranking = [fresh[p.pk] for p in ranking]
        for p in ranking:
            if p.cycle_id != locked.pk or p.status != ProposalStatus.FEASIBLE:
                raise ServiceError(
                    _("Only feasible proposals of this cycle can be ranked (%(p)s).") % {"p": p},
                    field="ranking",
                )
        meeting = DongMeeting.objects.create(
            cycle=locked, dong=dong, held_on=held_on, attendance=attendance, minutes=minutes
        )
        Recommendation.objects.bulk_create(
            [Recommendation(meeting=meeting, proposal=p, rank=i) for i, p in enumerate(ranking, 1)]
        )
        audit_record(
            kind="budgeting.meeting_recorded",
            actor=actor,
            subject=meeting,
            municipality=locked.municipality,
            data={"attendance": attendance, "ranking": [p.number for p in ranking]},
        )
    return meeting


def cycle_bodies_set(
    *, actor: Any, cycle: Cycle, committee_body: Any = None, support_body: Any = None
) -> Cycle:
    """Link the cycle to its PB committee and proposal-support group in the governance
    register, where their members, terms and composition are kept: membership (who may
    comment, who is on the committee vote's roll) is read from there, never copied.

    The committee must be a body of type PB committee of the cycle's municipality (or one of
    its dongs); the support group any body there. Once the committee vote opened, its rolls
    were drawn from the linked committee, so the committee can no longer be replaced."""
    require_permission(actor, "budgeting.manage", cycle)
    from maeul.governance.models import BodyKind

    for body, field in ((committee_body, "committee_body"), (support_body, "support_body")):
        if body is not None and not body.municipality.is_within(cycle.municipality):
            raise ServiceError(
                _("%(body)s does not belong to %(place)s.")
                % {"body": body.name, "place": cycle.municipality.display_name},
                field=field,
            )
    if committee_body is not None and committee_body.kind != BodyKind.PB_COMMITTEE:
        raise ServiceError(
            _("Choose a body of the type “participatory budgeting committee”."),
            field="committee_body",
        )
    with transaction.atomic(durable=True):
        locked = _locked_cycle(cycle)
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


# ---- votes and results -------------------------------------------------------------------


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
    require_permission(actor, "budgeting.manage", cycle)
    if committee_voters < 0 or mobile_voters < 0:
        raise ServiceError(_("Voter numbers cannot be negative."), field="voters")
    with transaction.atomic(durable=True):
        locked = _locked_cycle(cycle)
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


VOTE_COLUMNS = ("number", "committee_approvals", "mobile_approvals")


def parse_vote_csv(text: str) -> tuple[int, int, dict[int, tuple[int, int]]]:
    """Read a tally file: the header ``number,committee_approvals,mobile_approvals``, one row
    per proposal and one row ``voters,<committee voters>,<mobile voters>``. Every error names
    its row and column, so an official can fix the spreadsheet they exported."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in next(reader, [])]
    if tuple(header) != VOTE_COLUMNS:
        raise ServiceError(
            _("Row 1: the header must be %(cols)s.") % {"cols": ",".join(VOTE_COLUMNS)},
            field="file",
        )
    counts: dict[int, tuple[int, int]] = {}
    voters: tuple[int, int] | None = None
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            raise ServiceError(
                _("Row %(row)s: expected 3 columns, found %(n)s.") % {"row": line, "n": len(row)},
                field="file",
            )
        values: list[int] = []
        for column, cell in zip(VOTE_COLUMNS, row, strict=True):
            if column == "number" and cell.strip() == "voters":
                values.append(-1)
                continue
            try:
                value = int(cell.strip().replace(",", ""))
            except ValueError:
                value = -1
            if value < 0:
                raise ServiceError(
                    _("Row %(row)s, column %(col)s: %(value)s is not a whole number.")
                    % {"row": line, "col": column, "value": cell[:20]},
                    field="file",
                )
            values.append(value)
        if values[0] == -1:
            voters = (values[1], values[2])
        elif values[0] in counts:
            raise ServiceError(
                _("Row %(row)s, column number: proposal #%(n)s appears twice.")
                % {"row": line, "n": values[0]},
                field="file",
            )
        else:
            counts[values[0]] = (values[1], values[2])
    if voters is None:
        raise ServiceError(
            _("The file needs a row 'voters,<committee voters>,<mobile voters>'."), field="file"
        )
    return voters[0], voters[1], counts


def result_compute(*, actor: Any, cycle: Cycle) -> ResultRun:
    """Run the engine's Korean mixed rule on the feasible proposals and keep the outcome."""
    require_permission(actor, "budgeting.manage", cycle)
    with transaction.atomic(durable=True):
        locked = _locked_cycle(cycle)
        require_phase(locked, "compute")
        if locked.results.filter(published_at__isnull=False).exists():
            raise Conflict(_("The result is already published."))
        try:
            data = results.compute(locked)
        except BudgetingError as error:
            raise ServiceError(results.compute_error_message(locked, error)) from None
        run = ResultRun.objects.create(cycle=locked, computed_by=actor, data=data)
        audit_record(
            kind="budgeting.result_computed",
            actor=actor,
            subject=run,
            municipality=locked.municipality,
            data={"selected": data["selected"], "total_cost": data["total_cost"]},
        )
    return run


def result_publish(*, actor: Any, run: ResultRun) -> ResultRun:
    """Publish a computed result: its selected proposals are adopted with their cost."""
    require_permission(actor, "budgeting.manage", run)
    with transaction.atomic(durable=True):
        cycle = _locked_cycle(run.cycle)
        require_phase(cycle, "publish")
        current = ResultRun.objects.select_for_update().get(pk=run.pk)
        if cycle.results.filter(published_at__isnull=False).exists():
            raise Conflict(_("The result is already published."))
        latest = cycle.results.order_by("-computed_at", "-pk").first()
        if latest is None or latest.pk != current.pk:
            raise Conflict(_("Publish the latest computation only."))
        if results.fingerprint(cycle) != current.data.get("fingerprint"):
            raise Conflict(_("Votes or proposals changed after this computation; compute again."))
        running = voting_interface.running_polls(vote_poll_codes(cycle))
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
        audit_record(
            kind="budgeting.result_published",
            actor=actor,
            subject=current,
            municipality=cycle.municipality,
            data={"adopted": sorted(selected), "total_cost": current.data["total_cost"]},
        )
    return current


# ---- execution and budget school -----------------------------------------------------------


def execution_record(
    *, actor: Any, proposal: Proposal, executed_on: dt.date, amount_won: int, note: str = ""
) -> Execution:
    """Record an executed amount; the total executed stays within the adopted amount."""
    require_permission(actor, "budgeting.manage", proposal)
    if amount_won <= 0:
        raise ServiceError(_("The amount must be positive."), field="amount_won")
    with transaction.atomic(durable=True):
        cycle = _locked_cycle(proposal.cycle)
        require_phase(cycle, "record_execution")
        current = _locked_proposal(proposal)
        if not current.adopted or current.adopted_amount_won is None:
            raise Conflict(_("Only adopted projects are executed."))
        done = current.executions.aggregate(total=Sum("amount_won"))["total"] or 0
        if done + amount_won > current.adopted_amount_won:
            raise OverCap(
                _(
                    "This would bring the executed amount to %(total)s won, above the adopted"
                    " %(adopted)s won."
                )
                % {"total": won(done + amount_won), "adopted": won(current.adopted_amount_won)},
                field="amount_won",
            )
        entry = Execution.objects.create(
            proposal=current, executed_on=executed_on, amount_won=amount_won, note=note
        )
        if current.execution_status == ExecutionStatus.PLANNED:
            current.execution_status = ExecutionStatus.IN_PROGRESS
            current.save(update_fields=["execution_status"])
        audit_record(
            kind="budgeting.execution_recorded",
            actor=actor,
            subject=current,
            municipality=cycle.municipality,
            data={"executed_on": executed_on, "amount_won": amount_won},
        )
    return entry


def execution_status_set(*, actor: Any, proposal: Proposal, status: str) -> Proposal:
    require_permission(actor, "budgeting.manage", proposal)
    if status not in ExecutionStatus.values:
        raise ServiceError(_("Unknown status."), field="status")
    with transaction.atomic(durable=True):
        cycle = _locked_cycle(proposal.cycle)
        require_phase(cycle, "record_execution")
        current = _locked_proposal(proposal)
        if not current.adopted:
            raise Conflict(_("Only adopted projects are executed."))
        current.execution_status = status
        current.save(update_fields=["execution_status"])
        audit_record(
            kind="budgeting.execution_status",
            actor=actor,
            subject=current,
            municipality=cycle.municipality,
            data={"status": status},
        )
    return current


def school_session_record(
    *, actor: Any, cycle: Cycle, held_on: dt.date, title: str, attendance: int, online: bool
) -> SchoolSession:
    require_permission(actor, "budgeting.manage", cycle)
    if not title.strip():
        raise ServiceError(_("Give the session a title."), field="title")
    if attendance < 0:
        raise ServiceError(_("Attendance cannot be negative."), field="attendance")
    with transaction.atomic(durable=True):
        session = SchoolSession.objects.create(
            cycle=cycle, held_on=held_on, title=title.strip(), attendance=attendance, online=online
        )
        audit_record(
            kind="budgeting.school_session",
            actor=actor,
            subject=session,
            municipality=cycle.municipality,
            data={"attendance": attendance, "online": online},
        )
    return session


# ---- the group votes on the voting core (mobile vote and committee vote) ------------------


def _check_vote_window(cycle: Cycle, opens_at: dt.datetime, closes_at: dt.datetime) -> None:
    if cycle.phase != Phase.VOTING:
        raise PhaseClosed(
            _("The vote opens in the %(phase)s phase.")
            % {"phase": phase_dates(cycle, Phase.VOTING)}
        )
    for moment, field in ((opens_at, "opens_at"), (closes_at, "closes_at")):
        if timezone.is_naive(moment):
            raise ServiceError(_("The time must include a time zone."), field=field)


def _open_group_polls(
    *,
    actor: Any,
    cycle: Cycle,
    link_model: type[MobileVote] | type[CommitteeVote],
    prefix: str,
    label: str,
    picks_of: Any,
    audit_kind: str,
    poll_fields: dict[str, Any],
) -> list[Any]:
    """Per category group one secret poll of the voting core among the group's feasible
    proposals (a group with a single one offers no choice and gets no poll; its tally is
    entered). Each poll is created and announced by the voting core's own services (each its
    own transaction); the link is written after, so running this again completes what a
    failure left undone and never opens a group twice."""
    from maeul.voting import services as voting
    from maeul.voting.models import Poll

    feasible = results.feasible(cycle)
    opened = []
    for group in cycle.groups.all():
        if link_model.objects.filter(cycle=cycle, group=group).exists():
            continue
        members = [p for p in feasible if p.group_id == group.pk]
        if len(members) < 2:
            continue
        code = f"{prefix}-{cycle.pk}-{group.code}"[:60]
        picks = picks_of(group, len(members))
        existing = Poll.objects.filter(code=code).first()
        poll = existing or voting.poll_create(
            actor=actor,
            municipality=cycle.municipality,
            options=[
                {"label": f"#{p.number} {p.title}"[:200], "description": f"{p.cost_won:,}"}
                for p in members
            ],
            code=code,
            title=f"{cycle.title} · {label}{group.name}"[:200],
            kind="approval" if picks is None else ("single" if picks == 1 else "multiple"),
            max_choices=picks or 1,
            **poll_fields,
        )
        voting.poll_announce(actor=actor, poll=poll)
        with transaction.atomic(durable=True):
            link = link_model.objects.create(
                cycle=cycle, group=group, poll_code=code, numbers=[p.number for p in members]
            )
            audit_record(
                kind=audit_kind,
                actor=actor,
                subject=cycle,
                municipality=cycle.municipality,
                data={"group": group.code, "poll": code, "numbers": link.numbers},
            )
        opened.append(link)
    return opened


def _closed_group_tallies(links: list[Any], *, still_open: str) -> tuple[dict[int, int], int]:
    """Approvals per proposal number from the closed polls of ``links``, and the number of
    distinct people who took part in at least one of them (someone voting in three groups
    counts once)."""
    from maeul.voting.models import Participation, Poll
    from maeul.voting.selectors import poll_tally

    polls = {p.code: p for p in Poll.objects.filter(code__in=[link.poll_code for link in links])}
    running = {p.code for p in voting_interface.running_polls(polls)}  # closed early counts
    for link in links:
        poll = polls.get(link.poll_code)
        if poll is None:
            raise Conflict(_("The poll %(code)s no longer exists.") % {"code": link.poll_code})
        if poll.code in running:
            raise Conflict(
                still_open
                % {"time": date_format(timezone.localtime(poll.closes_at), "SHORT_DATETIME_FORMAT")}
            )
    approvals: dict[int, int] = {}
    for link in links:
        tally = poll_tally(polls[link.poll_code])
        by_position = {o.position: o.votes for o in tally.options}
        for position, number in enumerate(link.numbers, start=1):
            approvals[number] = by_position.get(position, 0)
    voters = (
        Participation.objects.filter(poll__in=list(polls.values()))
        .values("resident")
        .distinct()
        .count()
    )
    return approvals, voters


def _store_channel(
    *, actor: Any, cycle: Cycle, channel: str, approvals: dict[int, int], voters: int
) -> Cycle:
    """Write one channel's approvals and voters (``committee`` or ``mobile``), leaving the
    other channel as it is."""
    with transaction.atomic(durable=True):
        locked = _locked_cycle(cycle)
        require_phase(locked, "record_votes")
        if locked.results.filter(published_at__isnull=False).exists():
            raise Conflict(_("The result is published; the votes can no longer change."))
        rows = list(locked.proposals.select_for_update().filter(number__in=list(approvals)))
        for p in rows:
            setattr(p, f"{channel}_approvals", approvals[p.number])
        Proposal.objects.bulk_update(rows, [f"{channel}_approvals"])
        setattr(locked, f"{channel}_voters", voters)
        locked.save(update_fields=[f"{channel}_voters"])
        audit_record(
            kind=f"budgeting.{channel}_vote_imported",
            actor=actor,
            subject=locked,
            municipality=locked.municipality,
            data={
                f"{channel}_voters": voters,
                "approvals": {str(k): v for k, v in sorted(approvals.items())},
            },
        )
    return locked


def mobile_vote_open(
    *, actor: Any, cycle: Cycle, opens_at: dt.datetime, closes_at: dt.datetime
) -> list[MobileVote]:
    """Open the public mobile vote (모바일투표) on the voting core: per category group one
    secret poll of up to ``max_picks`` choices among the group's feasible proposals, open to
    the district's residents."""
    require_permission(actor, "budgeting.manage", cycle)
    _check_vote_window(cycle, opens_at, closes_at)
    return _open_group_polls(
        actor=actor,
        cycle=cycle,
        link_model=MobileVote,
        prefix="pb",
        label="",
        picks_of=lambda group, n: min(group.max_picks, n),
        audit_kind="budgeting.mobile_vote_opened",
        poll_fields={"opens_at": opens_at, "closes_at": closes_at},
    )


def mobile_vote_import(*, actor: Any, cycle: Cycle) -> Cycle:
    """Take the closed mobile vote's tallies from the voting core: approvals per proposal
    from each group's poll, and as the channel's voters the residents who took part in at
    least one of the cycle's polls."""
    require_permission(actor, "budgeting.manage", cycle)
    require_phase(cycle, "record_votes")  # with the phase's dates; checked again under the lock
    links = list(MobileVote.objects.filter(cycle=cycle))
    if not links:
        raise Conflict(_("No mobile vote was opened on the voting core for this cycle."))
    approvals, voters = _closed_group_tallies(
        links, still_open=_("The mobile vote is open until %(time)s.")
    )
    return _store_channel(
        actor=actor, cycle=cycle, channel="mobile", approvals=approvals, voters=voters
    )


def committee_vote_open(
    *,
    actor: Any,
    cycle: Cycle,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    any_number: bool = False,
) -> list[CommitteeVote]:
    """Open the PB committee's vote (위원회 투표) on the voting core: per category group one
    secret poll among the group's feasible proposals, approval of up to the group's maximum
    picks (or of any number with ``any_number``), whose electorate is the roll of the
    committee's members — of the linked body and its subcommittees — whose term runs on the
    opening day and who have an account. Members vote online, or at the committee's meeting:
    the polls also take desk and paper ballots, entered by an official on the poll's screens
    and checked against the same roll. A member recorded without an account is not on the
    roll (the officials' screen counts them, so an account can be linked before opening)."""
    from maeul.budgeting.selectors import committee_accounts

    require_permission(actor, "budgeting.manage", cycle)
    _check_vote_window(cycle, opens_at, closes_at)
    if cycle.committee_body_id is None:
        raise Conflict(
            _("Link the cycle to its PB committee in the governance register first."),
            field="committee_body",
        )
    roll = committee_accounts(cycle, on=timezone.localdate(opens_at))
    if not roll:
        raise Conflict(
            _("No member of %(body)s with an account holds a term on %(day)s.")
            % {
                "body": cycle.committee_body.name,  # type: ignore[union-attr]
                "day": date_format(timezone.localdate(opens_at), "SHORT_DATE_FORMAT"),
            },
            field="committee_body",
        )
    return _open_group_polls(
        actor=actor,
        cycle=cycle,
        link_model=CommitteeVote,
        prefix="pbc",
        label=_("committee") + " · ",
        picks_of=lambda group, n: None if any_number else min(group.max_picks, n),
        audit_kind="budgeting.committee_vote_opened",
        poll_fields={
            "opens_at": opens_at,
            "closes_at": closes_at,
            "electorate_kind": "roll",
            "roll": roll,
            "allow_desk": True,
            "allow_paper": True,
            "description": _(
                "The vote of the members of %(body)s on the feasible proposals of this group."
            )
            % {"body": cycle.committee_body.name},  # type: ignore[union-attr]
        },
    )


def committee_vote_import(*, actor: Any, cycle: Cycle) -> Cycle:
    """Take the closed committee vote's tallies from the voting core as the committee
    approvals, and as the committee's voters the members who took part in at least one of
    its group polls. The mobile channel is left as it is."""
    require_permission(actor, "budgeting.manage", cycle)
    require_phase(cycle, "record_votes")  # with the phase's dates; checked again under the lock
    links = list(CommitteeVote.objects.filter(cycle=cycle))
    if not links:
        raise Conflict(_("No committee vote was opened on the voting core for this cycle."))
    approvals, voters = _closed_group_tallies(
        links, still_open=_("The committee vote is open until %(time)s.")
    )
    return _store_channel(
        actor=actor, cycle=cycle, channel="committee", approvals=approvals, voters=voters
    )
