"""The permission matrix: who (resident of the district, resident elsewhere, official of this
district, official of another district, auditor, committee member) x action x phase, on the
services. Allowed means the call passes the permission and phase checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from maeul.budgeting import services
from maeul.budgeting.models import PHASE_ACTIONS, PHASE_ORDER, Cycle, Phase

from .conftest import advance_to, enrol, link_bodies, proposal_data, submit

ACTORS = ["resident", "resident_elsewhere", "official", "official_elsewhere", "auditor", "member"]
PHASES = [Phase.PROPOSALS, Phase.SCREENING, Phase.DELIBERATION, Phase.VOTING, Phase.RESULTS]

# Who may, by role (phase aside).
MAY = {
    "propose": {"resident", "member"},  # the member is also a resident of the district
    "comment": {"resident", "official", "auditor", "member"},
    "screen": {"official"},
    "deliberate": {"official"},
    "record_votes": {"official"},
    "edit_rules": {"official"},
}


@pytest.fixture
def world(
    cycle: Cycle,
    manager: Any,
    resident: Any,
    places: dict[str, Any],
    make_resident: Any,
    make_official: Any,
) -> dict[str, Any]:
    # A committee member as the governance register records them: in a subcommittee only.
    member = make_resident(places["geumcheon"], places["doksan"])
    _committee, subcommittee, _support = link_bodies(cycle, manager)
    enrol(manager, subcommittee, member)
    return {
        "resident": resident,
        "resident_elsewhere": make_resident(places["gwanak"]),
        "official": manager,
        "official_elsewhere": make_official(places["gwanak"], "administrator", "reviewer"),
        "auditor": make_official(places["geumcheon"], "auditor"),
        "member": member,
        "proposal": submit(cycle, resident),
    }


def _attempt(
    action: str, actor: Any, cycle: Cycle, w: dict[str, Any], places: dict[str, Any]
) -> None:
    proposal = w["proposal"]
    if action == "propose":
        services.proposal_save(actor=actor, cycle=cycle, data=proposal_data(cycle), submit=True)
    elif action == "comment":
        services.comment_add(actor=actor, proposal=proposal, body="좋은 제안입니다")
    elif action == "screen":
        services.proposal_screen(
            actor=actor, proposal=proposal, decision="infeasible", department="x", reason="중복"
        )
    elif action == "deliberate":
        services.meeting_record(
            actor=actor,
            cycle=cycle,
            dong=places["gasan"],
            held_on=dt.date(2021, 6, 20),
            attendance=10,
            minutes="",
            ranking=[],
        )
    elif action == "record_votes":
        services.vote_counts_record(
            actor=actor, cycle=cycle, committee_voters=10, mobile_voters=10, counts={}
        )
    elif action == "edit_rules":
        services.cycle_update_rules(actor=actor, cycle=cycle, title="새 제목")


@pytest.mark.parametrize("phase", PHASES)
def test_matrix(
    world: dict[str, Any], cycle: Cycle, manager: Any, places: dict[str, Any], phase: str
) -> None:
    if PHASE_ORDER.index(phase) >= PHASE_ORDER.index(Phase.VOTING):
        cycle = advance_to(cycle, manager, Phase.SCREENING)
        for p in cycle.proposals.filter(status="submitted"):
            services.proposal_screen(actor=manager, proposal=p, decision="feasible", department="x")
    cycle = advance_to(cycle, manager, phase)
    for action, allowed_roles in MAY.items():
        for who in ACTORS:
            try:
                _attempt(action, world[who], cycle, world, places)
            except PermissionDenied:
                outcome = "denied"
            except services.PhaseClosed:
                outcome = "phase"
            except services.RulesLocked:
                outcome = "locked"
            else:
                outcome = "ok"
            if who not in allowed_roles:
                expected = "denied"
            elif action == "edit_rules":
                expected = "locked" if cycle.rules_locked else "ok"
            else:
                expected = "ok" if action in PHASE_ACTIONS[phase] else "phase"
            assert outcome == expected, (action, who, phase)
