"""What participatory budgeting tells people (issue 15): the kinds of notice it sends and
the small functions its services call, inside their transaction, when something happens.

A resident who proposed hears of each step of their proposal: received, screened (feasible,
infeasible with the reason, merged), selected or not when the result is published, work
started and completed. Officials who may screen hear when a cycle's proposals wait for
screening. Nothing is sent for a proposal entered on paper by an official (its author is the
official, the proposer is only a name) nor for general-participation projects, which no
resident proposed on Maeul.

Each notice's ``event_key`` names the step of the proposal, so a service run twice (a retry,
a double click) tells nobody twice; notices are stored only when the action commits
(``notifications.services.notify``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.accounts.selectors import officials_holding
from maeul.budgeting.models import Cycle, ExecutionStatus, Proposal, ProposalStatus, Track
from maeul.budgeting.rules import BudgetingPermission
from maeul.notifications.kinds import Audience, Frequency, NoticeKind, register
from maeul.notifications.services import Personal, notify, notify_each

RECEIVED = register(
    NoticeKind(
        code="budgeting.proposal_received",
        audience=Audience.RESIDENT,
        label=_("My budget proposal was received"),
        subject=_("Proposal #%(number)s “%(title)s” was received"),
        body=_(
            "Thank you for your proposal. The department concerned will screen it; "
            "you will be told the outcome here."
        ),
    )
)
FEASIBLE = register(
    NoticeKind(
        code="budgeting.proposal_feasible",
        audience=Audience.RESIDENT,
        label=_("My budget proposal passed screening"),
        subject=_("Your proposal “%(title)s” passed screening"),
        body=_(
            "%(department)s found the proposal feasible. It goes on to the deliberation "
            "and the residents' vote."
        ),
    )
)
INFEASIBLE = register(
    NoticeKind(
        code="budgeting.proposal_infeasible",
        audience=Audience.RESIDENT,
        label=_("My budget proposal was screened out"),
        subject=_("Your proposal “%(title)s” was screened out"),
        body=_("%(department)s found the proposal infeasible. Reason: %(reason)s"),
    )
)
MERGED = register(
    NoticeKind(
        code="budgeting.proposal_merged",
        audience=Audience.RESIDENT,
        label=_("My budget proposal was merged with another"),
        subject=_("Your proposal “%(title)s” was merged into proposal #%(merged_into)s"),
        body=_(
            "%(department)s merged the proposal with a similar one, which goes on in its "
            "place. Reason: %(reason)s"
        ),
    )
)
SELECTED = register(
    NoticeKind(
        code="budgeting.proposal_selected",
        audience=Audience.RESIDENT,
        label=_("My budget proposal was selected"),
        subject=_("Your proposal “%(title)s” was selected"),
        body=_("The result of %(cycle)s is published: the project is adopted with %(amount)s won."),
    )
)
NOT_SELECTED = register(
    NoticeKind(
        code="budgeting.proposal_not_selected",
        audience=Audience.RESIDENT,
        label=_("My budget proposal was not selected"),
        subject=_("Your proposal “%(title)s” was not selected"),
        body=_("The result of %(cycle)s is published; its page explains how projects were chosen."),
    )
)
EXECUTING = register(
    NoticeKind(
        code="budgeting.project_executing",
        audience=Audience.RESIDENT,
        label=_("Work on my adopted project started"),
        subject=_("Work on your project “%(title)s” has started"),
    )
)
EXECUTED = register(
    NoticeKind(
        code="budgeting.project_executed",
        audience=Audience.RESIDENT,
        label=_("My adopted project was completed"),
        subject=_("Your project “%(title)s” is completed"),
    )
)
TO_SCREEN = register(
    NoticeKind(
        code="budgeting.proposals_to_screen",
        audience=Audience.OFFICIAL,
        label=_("Budget proposals wait for screening"),
        subject=_("%(count)s proposals of %(cycle)s wait for screening"),
        body=_("Record each department's decision on the cycle's screening page."),
        default_frequency=Frequency.DAILY,
    )
)


def _by_resident(proposal: Proposal) -> bool:
    """Proposals a resident made on Maeul (not entered on paper by an official, not a
    general-participation project)."""
    return not proposal.offline_proposer and proposal.track == Track.RESIDENT


def _url(proposal: Proposal) -> str:
    cycle = proposal.cycle
    return reverse(
        "budgeting:proposal", args=[cycle.municipality.slug, cycle.cycle_year, proposal.number]
    )


def _tell_author(proposal: Proposal, kind: NoticeKind, step: str, **data: Any) -> None:
    if not _by_resident(proposal) or proposal.number is None:
        return
    notify(
        kind.code,
        [proposal.author_id],
        event_key=f"budgeting.proposal:{proposal.pk}:{step}",
        data={"title": proposal.title, "number": proposal.number, **data},
        url=_url(proposal),
        municipality_id=proposal.cycle.municipality_id,
    )


def proposal_received(proposal: Proposal) -> None:
    """A resident submitted ``proposal``."""
    _tell_author(proposal, RECEIVED, "received")


def proposal_screened(proposal: Proposal, *, reason: str) -> None:
    """``proposal`` was screened: its author hears the outcome and, when it does not go on as
    proposed, the department's reason as their history shows it (a coded reason's label, then
    the official's words). A later screening to another outcome is news again; the same
    outcome recorded twice is not."""
    kind = {
        ProposalStatus.FEASIBLE: FEASIBLE,
        ProposalStatus.INFEASIBLE: INFEASIBLE,
        ProposalStatus.MERGED: MERGED,
    }.get(ProposalStatus(proposal.status))
    if kind is None:
        return
    merged = proposal.merged_into
    _tell_author(
        proposal,
        kind,
        f"screened:{proposal.status}",
        department=proposal.department,
        reason=reason or "—",
        merged_into=merged.number if merged is not None else "",
    )


def result_published(cycle: Cycle, adopted_ids: Iterable[int]) -> None:
    """The result of ``cycle`` is published: the authors of the resident proposals in the
    running (screened feasible) hear whether theirs was selected — in batches
    (``notify_each``), since a large cycle has thousands of authors."""
    adopted = set(adopted_ids)
    running = cycle.proposals.filter(
        track=Track.RESIDENT,
        status=ProposalStatus.FEASIBLE,
        offline_proposer="",
        number__isnull=False,
    ).only("pk", "number", "title", "adjusted_cost_won", "estimated_cost_won", "author_id")
    path = reverse("budgeting:proposal", args=[cycle.municipality.slug, cycle.cycle_year, 0])
    prefix = path[: path.rindex("/0/") + 1]
    items: dict[bool, list[Personal]] = {True: [], False: []}
    for proposal in running:
        selected = proposal.pk in adopted
        data: dict[str, Any] = {
            "title": proposal.title,
            "number": proposal.number,
            "cycle": cycle.title,
        }
        if selected:
            data["amount"] = f"{proposal.cost_won:,}"
        step = "selected" if selected else "not_selected"
        items[selected].append(
            Personal(
                recipient_id=proposal.author_id,
                event_key=f"budgeting.proposal:{proposal.pk}:{step}",
                data=data,
                url=f"{prefix}{proposal.number}/",
            )
        )
    for selected, kind in ((True, SELECTED), (False, NOT_SELECTED)):
        notify_each(kind.code, items[selected], municipality_id=cycle.municipality_id)


def execution_changed(proposal: Proposal) -> None:
    """The adopted ``proposal`` moved on in its execution: started or completed."""
    if proposal.execution_status == ExecutionStatus.IN_PROGRESS:
        _tell_author(proposal, EXECUTING, "executing")
    elif proposal.execution_status == ExecutionStatus.COMPLETED:
        _tell_author(proposal, EXECUTED, "executed")


def screening_opened(cycle: Cycle) -> None:
    """``cycle`` moved to screening: the officials who may screen its proposals are told how
    many wait for them."""
    waiting = cycle.proposals.filter(status=ProposalStatus.SUBMITTED).count()
    if not waiting:
        return
    notify(
        TO_SCREEN.code,
        officials_holding(BudgetingPermission.SCREEN, cycle),
        event_key=f"budgeting.cycle:{cycle.pk}:screening",
        data={"count": waiting, "cycle": cycle.title},
        url=reverse("budgeting:screening", args=[cycle.pk]),
        municipality_id=cycle.municipality_id,
    )
