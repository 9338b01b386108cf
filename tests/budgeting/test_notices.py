"""What participatory budgeting tells people (issue 15): each step of a resident's proposal to
its author only, the screening outcome with its reason, the proposals waiting for screening to
the officials who may screen them in that municipality only; once per event, and nothing for
an action that rolled back. Notices are stored after the commit, hence transactional tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from maeul.budgeting import services
from maeul.budgeting.models import Cycle, Phase, Proposal, ProposalStatus
from maeul.notifications import kinds
from maeul.notifications.models import Notice
from tests.budgeting.conftest import advance_to, submit

pytestmark = pytest.mark.django_db(transaction=True)


def told(kind: str) -> list[int]:
    return sorted(Notice.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_the_proposer_hears_of_receipt_and_of_screening_with_the_reason(
    cycle: Cycle, manager: Any, resident: Any, places: dict[str, Any], make_resident: Any
) -> None:
    elsewhere = make_resident(places["namgu"])
    neighbour = make_resident(places["geumcheon"], places["gasan"])
    proposal = submit(cycle, resident)
    assert told("budgeting.proposal_received") == [resident.pk]
    advance_to(cycle, manager, Phase.SCREENING)
    services.proposal_screen(
        actor=manager,
        proposal=proposal,
        decision=ProposalStatus.INFEASIBLE,
        department="공원녹지과",
        reason="사유지라 공원을 만들 수 없습니다.",
    )
    notice = Notice.objects.get(kind="budgeting.proposal_infeasible")
    assert notice.recipient_id == resident.pk
    assert notice.data["reason"] == "사유지라 공원을 만들 수 없습니다."
    assert notice.url.endswith(f"/{cycle.cycle_year}/proposals/{proposal.number}/")
    assert notice.municipality_id == places["geumcheon"].pk
    with translation.override("en"):
        subject, body = kinds.get(notice.kind).render(notice.data)
    assert "가산동 쌈지공원 조성" in subject
    assert (
        body
        == "공원녹지과 found the proposal infeasible. Reason: 사유지라 공원을 만들 수 없습니다."
    )
    with translation.override("ko"):
        _subject, body = kinds.get(notice.kind).render(notice.data)
    assert "사유지라 공원을 만들 수 없습니다." in body and "사유" in body
    assert not Notice.objects.filter(recipient__in=[elsewhere, neighbour]).exists()


def test_a_coded_reason_reaches_the_author_as_their_history_shows_it(
    cycle: Cycle, manager: Any, resident: Any, places: dict[str, Any]
) -> None:
    """A screening that picks a reason from the municipality's list, with no words beside
    it, still tells the author why (the label), not an empty reason."""
    code = services.screening_reason_save(
        actor=manager, municipality=places["geumcheon"], code="over-cap", label="한도 초과"
    )
    proposal = submit(cycle, resident)
    advance_to(cycle, manager, Phase.SCREENING)
    services.proposal_screen(
        actor=manager,
        proposal=proposal,
        decision=ProposalStatus.INFEASIBLE,
        department="예산과",
        reason_code=code,
    )
    notice = Notice.objects.get(kind="budgeting.proposal_infeasible")
    assert notice.data["reason"] == "한도 초과"


def test_screening_the_same_way_twice_tells_once_and_a_new_outcome_tells_again(
    cycle: Cycle, manager: Any, resident: Any
) -> None:
    proposal = submit(cycle, resident)
    advance_to(cycle, manager, Phase.SCREENING)
    for _ in range(2):
        services.proposal_screen(
            actor=manager, proposal=proposal, decision="infeasible", department="도로과", reason="x"
        )
    assert told("budgeting.proposal_infeasible") == [resident.pk]
    services.proposal_screen(
        actor=manager, proposal=proposal, decision="feasible", department="도로과"
    )
    assert told("budgeting.proposal_feasible") == [resident.pk]
    assert Notice.objects.filter(recipient=resident).count() == 3  # received, out, feasible


def test_a_screening_that_rolls_back_tells_nobody(
    cycle: Cycle, manager: Any, resident: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    proposal = submit(cycle, resident)
    advance_to(cycle, manager, Phase.SCREENING)

    def audit_fails(**kwargs: Any) -> None:
        raise RuntimeError("the audit log is unreachable")

    # The failure is injected after the notice was asked for, inside the service's transaction.
    monkeypatch.setattr("maeul.budgeting.services.screening.audit_record", audit_fails)
    with pytest.raises(RuntimeError):
        services.proposal_screen(
            actor=manager, proposal=proposal, decision="infeasible", department="d", reason="r"
        )
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED
    assert told("budgeting.proposal_infeasible") == []


def test_a_proposal_entered_on_paper_tells_nobody(cycle: Cycle, manager: Any) -> None:
    from tests.budgeting.conftest import proposal_data

    services.proposal_record_offline(
        actor=manager, cycle=cycle, data=proposal_data(cycle), proposer_name="홍길동"
    )
    assert not Notice.objects.exists()


def test_officials_who_may_screen_that_municipality_hear_what_waits(
    cycle: Cycle,
    manager: Any,
    resident: Any,
    places: dict[str, Any],
    make_official: Any,
) -> None:
    reviewer = make_official(places["geumcheon"], "reviewer")
    seoul_reviewer = make_official(places["seoul"], "reviewer")
    auditor = make_official(places["geumcheon"], "auditor")
    gwanak = make_official(places["gwanak"], "programme_manager")
    namgu = make_official(places["namgu"], "administrator")
    submit(cycle, resident)
    submit(cycle, resident, title="두 번째")
    advance_to(cycle, manager, Phase.SCREENING)
    assert told("budgeting.proposals_to_screen") == sorted(
        [manager.pk, reviewer.pk, seoul_reviewer.pk]
    )
    notice = Notice.objects.filter(kind="budgeting.proposals_to_screen").first()
    assert notice is not None and notice.data["count"] == 2
    assert not Notice.objects.filter(recipient__in=[auditor, gwanak, namgu]).exists()


def test_selection_and_execution_reach_the_author(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any, resident: Any
) -> None:
    cycle, proposals = voted_cycle
    run = services.result_compute(actor=manager, cycle=cycle)
    services.result_publish(actor=manager, run=run)
    adopted = set(Proposal.objects.filter(adopted=True).values_list("pk", flat=True))
    selected = Notice.objects.filter(kind="budgeting.proposal_selected")
    not_selected = Notice.objects.filter(kind="budgeting.proposal_not_selected")
    assert {n.event_key for n in selected} == {
        f"budgeting.proposal:{pk}:selected" for pk in adopted
    }
    assert selected.count() + not_selected.count() == len(proposals)
    assert {n.recipient_id for n in [*selected, *not_selected]} == {resident.pk}
    assert all(n.data["amount"].replace(",", "").isdigit() for n in selected)

    cycle = services.cycle_advance(actor=manager, cycle=cycle)
    first = Proposal.objects.get(pk=min(adopted))
    services.execution_record(
        actor=manager, proposal=first, executed_on=dt.date(2022, 3, 1), amount_won=1_000_000
    )
    services.execution_status_set(actor=manager, proposal=first, status="in_progress")
    assert told("budgeting.project_executing") == [resident.pk]  # started once, not twice
    services.execution_status_set(actor=manager, proposal=first, status="completed")
    assert told("budgeting.project_executed") == [resident.pk]
