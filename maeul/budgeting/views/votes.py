"""The officials' vote screen of a cycle, one view per action: the page itself (GET) and one
POST URL for each thing it can do — open or take the tallies of the committee vote, the same
for the mobile vote on the voting core, and enter the tallies by form or by file (the
fallback for a vote held elsewhere). Each form on the page posts to its own URL, so no view
tells actions apart by button name.

Access: managers of the cycle's scope (``budgeting.manage``), 404 outside it. The voting-core
actions answer with a message and go back to the page; the tally forms show their errors on
the page, keeping what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from maeul.budgeting import results, selectors, services
from maeul.budgeting.forms import (
    CommitteeVoteOpenForm,
    MobileVoteOpenForm,
    VoteCountsForm,
    VoteFileForm,
)
from maeul.budgeting.models import Cycle
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.views._common import cycle_context, official_cycle
from maeul.core.errors import ServiceError

COMMITTEE_PREFIX = "committee"
"""The committee form's field prefix: its times sit on the same page as the mobile vote's."""

FILE_LIMIT = 2_000_000
"""Bytes of a tally file read at most; a tally of a few hundred proposals is far smaller."""


def _counts_form(cycle: Cycle, data: Any = None) -> VoteCountsForm:
    proposals = sorted(results.feasible(cycle), key=lambda p: (p.group.sort_order, p.number))
    initial = {"committee_voters": cycle.committee_voters, "mobile_voters": cycle.mobile_voters}
    return VoteCountsForm(data, proposals=proposals, initial=initial)


def _page(
    request: HttpRequest,
    cycle: Cycle,
    *,
    form: VoteCountsForm | None = None,
    file_form: VoteFileForm | None = None,
) -> HttpResponse:
    """The vote screen, with a bound tally form or file form when one was refused."""
    context = cycle_context(request, cycle)
    has_committee = cycle.committee_body_id is not None
    context.update(
        form=form or _counts_form(cycle),
        file_form=file_form or VoteFileForm(),
        open_form=MobileVoteOpenForm(),
        committee_form=CommitteeVoteOpenForm(prefix=COMMITTEE_PREFIX),
        mobile_votes=selectors.mobile_votes(cycle),
        committee_votes=selectors.committee_votes(cycle),
        committee_roll=selectors.committee_accounts(cycle) if has_committee else [],
        committee_unreachable=selectors.committee_without_account(cycle) if has_committee else 0,
        in_phase=cycle.allows("record_votes"),
    )
    return render(request, "budgeting/votes.html", context)


def _manager_cycle(request: HttpRequest, cycle_id: int) -> Cycle:
    return official_cycle(request, cycle_id, BudgetingPermission.MANAGE)


def _run(request: HttpRequest, cycle: Cycle, action: Callable[[], str]) -> HttpResponse:
    """Run a voting-core action, say how it went and go back to the vote screen."""
    try:
        messages.success(request, action())
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("budgeting:votes", cycle.pk)


@login_required
@require_GET
def votes(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: the committee and mobile votes on the voting core and the
    tally forms."""
    return _page(request, _manager_cycle(request, cycle_id))


@login_required
@require_POST
def committee_vote_open(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: open the committee's group votes on the voting core."""
    cycle = _manager_cycle(request, cycle_id)
    form = CommitteeVoteOpenForm(request.POST, prefix=COMMITTEE_PREFIX)

    def action() -> str:
        if not form.is_valid():
            raise ServiceError(_("Give the opening and closing times."))
        opened = services.committee_vote_open(actor=request.user, cycle=cycle, **form.cleaned_data)
        return _("%(n)s committee group votes were opened on the voting core.") % {"n": len(opened)}

    return _run(request, cycle, action)


@login_required
@require_POST
def committee_vote_import(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: take the closed committee vote's tallies."""
    cycle = _manager_cycle(request, cycle_id)

    def action() -> str:
        services.committee_vote_import(actor=request.user, cycle=cycle)
        return _("The committee vote tallies were taken from the voting core.")

    return _run(request, cycle, action)


@login_required
@require_POST
def mobile_vote_open(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: open the public mobile vote's group polls on the voting core."""
    cycle = _manager_cycle(request, cycle_id)
    form = MobileVoteOpenForm(request.POST)

    def action() -> str:
        if not form.is_valid():
            raise ServiceError(_("Give the opening and closing times."))
        opened = services.mobile_vote_open(actor=request.user, cycle=cycle, **form.cleaned_data)
        return _("%(n)s group votes were opened on the voting core.") % {"n": len(opened)}

    return _run(request, cycle, action)


@login_required
@require_POST
def mobile_vote_import(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: take the closed mobile vote's tallies."""
    cycle = _manager_cycle(request, cycle_id)

    def action() -> str:
        services.mobile_vote_import(actor=request.user, cycle=cycle)
        return _("The mobile vote tallies were taken from the voting core.")

    return _run(request, cycle, action)


def _record(
    request: HttpRequest, cycle: Cycle, voters: tuple[int, int], counts: dict[int, tuple[int, int]]
) -> None:
    services.vote_counts_record(
        actor=request.user,
        cycle=cycle,
        committee_voters=voters[0],
        mobile_voters=voters[1],
        counts=counts,
    )
    messages.success(request, _("The vote tallies were saved."))


@login_required
@require_POST
def vote_counts_enter(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: enter the tallies by form (voters per channel, approvals per
    feasible proposal)."""
    cycle = _manager_cycle(request, cycle_id)
    form = _counts_form(cycle, request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Correct the errors below."))
        voters = (form.cleaned_data["committee_voters"], form.cleaned_data["mobile_voters"])
        _record(request, cycle, voters, form.counts())
    except ServiceError as error:
        form.add_error(None, error.message)
        return _page(request, cycle, form=form)
    return redirect("budgeting:votes", cycle.pk)


@login_required
@require_POST
def vote_counts_upload(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: enter the tallies from a CSV file (``importing.parse_vote_csv``
    says its layout); a refused file is named with its row and column."""
    cycle = _manager_cycle(request, cycle_id)
    file_form = VoteFileForm(request.POST, request.FILES)
    try:
        if not file_form.is_valid():
            raise ServiceError(_("Correct the errors below."))
        raw = file_form.cleaned_data["file"].read(FILE_LIMIT)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ServiceError(_("The file is not UTF-8 text."), field="file") from None
        committee, mobile, counts = services.parse_vote_csv(text)
        _record(request, cycle, (committee, mobile), counts)
    except ServiceError as error:
        if not file_form.errors or error.field == "file":
            file_form.add_error(None, error.message)
        return _page(request, cycle, file_form=file_form)
    return redirect("budgeting:votes", cycle.pk)
