"""Services: the proposal state machine, caps, screening, the rules freeze, phases with
their dates, vote tallies, results by the engine, execution."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation

from maeul.auditlog.models import AuditEntry
from maeul.budgeting import services
from maeul.budgeting.models import Cycle, Phase, Proposal, ProposalStatus
from maeul.core.errors import Conflict, ServiceError

from .conftest import advance_to, proposal_data, submit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_draft_then_submit_numbers_in_order(cycle: Cycle, resident: Any) -> None:
    draft = services.proposal_save(actor=resident, cycle=cycle, data=proposal_data(cycle))
    assert draft.status == ProposalStatus.DRAFT and draft.number is None
    other = submit(cycle, resident)
    submitted = services.proposal_save(
        actor=resident, cycle=cycle, data={"title": "고친 제목"}, proposal=draft, submit=True
    )
    assert (other.number, submitted.number) == (1, 2)
    assert submitted.title == "고친 제목" and submitted.status == ProposalStatus.SUBMITTED
    with pytest.raises(Conflict):
        services.proposal_save(actor=resident, cycle=cycle, data={"title": "x"}, proposal=submitted)
    assert AuditEntry.objects.filter(kind="budgeting.proposal_submitted").count() == 2


def test_cost_above_the_type_cap_is_refused_with_the_cap(cycle: Cycle, resident: Any) -> None:
    with pytest.raises(ServiceError) as error:
        submit(cycle, resident, type="program", cost=25_000_000)
    assert "20,000,000" in error.value.message and "25,000,000" in error.value.message
    assert error.value.field == "estimated_cost_won"
    draft = services.proposal_save(
        actor=resident, cycle=cycle, data=proposal_data(cycle, type="general", cost=150_000_000)
    )
    with pytest.raises(ServiceError, match="100,000,000"):
        services.proposal_save(actor=resident, cycle=cycle, data={}, proposal=draft, submit=True)
    assert Proposal.objects.filter(status="submitted").count() == 0


def test_bad_fields_are_named(cycle: Cycle, resident: Any, places: dict[str, Any]) -> None:
    cases = [
        ({"estimated_cost_won": 0}, "estimated_cost_won"),
        ({"dong": places["namgu"]}, "dong"),
        ({"latitude": 37.5}, "latitude"),
    ]
    for extra, field in cases:
        data = {**proposal_data(cycle), **extra}
        with pytest.raises(ServiceError) as error:
            services.proposal_save(actor=resident, cycle=cycle, data=data, submit=True)
        assert error.value.field == field


def test_actions_outside_their_phase_name_the_dates(
    cycle: Cycle, resident: Any, manager: Any
) -> None:
    proposal = submit(cycle, resident)
    with pytest.raises(Conflict) as error:
        services.proposal_screen(
            actor=manager, proposal=proposal, decision="feasible", department="도로과"
        )
    assert error.value.code == "phase_closed"
    assert "2021" in error.value.message  # the screening window's dates
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    with pytest.raises(Conflict) as error:
        submit(cycle, resident)
    assert "2021" in error.value.message


def test_withdraw_only_before_screening(cycle: Cycle, resident: Any, manager: Any) -> None:
    first, second = submit(cycle, resident), submit(cycle, resident)
    services.proposal_withdraw(actor=resident, proposal=first)
    assert Proposal.objects.get(pk=first.pk).status == ProposalStatus.WITHDRAWN
    with pytest.raises(Conflict):
        services.proposal_withdraw(actor=resident, proposal=Proposal.objects.get(pk=first.pk))
    advance_to(cycle, manager, Phase.SCREENING)
    with pytest.raises(Conflict):
        services.proposal_withdraw(actor=resident, proposal=second)


def test_screening_outcomes(cycle: Cycle, resident: Any, manager: Any) -> None:
    a, b, c = (submit(cycle, resident) for _ in range(3))
    advance_to(cycle, manager, Phase.SCREENING)
    done = services.proposal_screen(
        actor=manager,
        proposal=a,
        decision="feasible",
        department="공원녹지과",
        adjusted_cost_won=45_000_000,
    )
    assert done.cost_won == 45_000_000
    with pytest.raises(ServiceError) as error:
        services.proposal_screen(actor=manager, proposal=b, decision="infeasible", department="x")
    assert error.value.field == "reason"
    services.proposal_screen(
        actor=manager, proposal=b, decision="infeasible", department="x", reason="구 사무 아님"
    )
    with pytest.raises(ServiceError, match="100,000,000"):
        services.proposal_screen(
            actor=manager, proposal=c, decision="feasible", department="x", adjusted_cost_won=10**9
        )
    with pytest.raises(ServiceError) as error:
        services.proposal_screen(
            actor=manager, proposal=c, decision="merged", department="x", merged_into=c
        )
    assert error.value.field == "merged_into"
    merged = services.proposal_screen(
        actor=manager, proposal=c, decision="merged", department="x", merged_into=a
    )
    assert merged.merged_into == a
    with pytest.raises(ServiceError):
        services.proposal_screen(
            actor=manager, proposal=a, decision="merged", department="x", merged_into=merged
        )


def test_vote_needs_every_proposal_screened(cycle: Cycle, resident: Any, manager: Any) -> None:
    submit(cycle, resident)
    cycle = advance_to(cycle, manager, Phase.DELIBERATION)
    with pytest.raises(Conflict, match="1"):
        services.cycle_advance(actor=manager, cycle=cycle)


def test_rules_freeze_when_voting_opens(cycle: Cycle, manager: Any) -> None:
    services.cycle_update_rules(actor=manager, cycle=cycle, committee_weight_percent=60)
    cycle = advance_to(cycle, manager, Phase.VOTING)
    assert cycle.rules_locked_at is not None
    attempts = [
        lambda: services.cycle_update_rules(actor=manager, cycle=cycle, total_amount_won=2),
        lambda: services.cycle_update_rules(
            actor=manager, cycle=cycle, committee_weight_percent=50
        ),
        lambda: services.cycle_update_rules(actor=manager, cycle=cycle, on_misfit="stop"),
        lambda: services.project_type_save(
            actor=manager, cycle=cycle, code="general", name="x", cap_won=5
        ),
        lambda: services.group_save(actor=manager, cycle=cycle, code="parks", name="x", cap_won=5),
    ]
    for attempt in attempts:
        with pytest.raises(services.RulesLocked):
            attempt()
    with pytest.raises(IntegrityError), transaction.atomic():
        Cycle.objects.filter(pk=cycle.pk).update(rules_locked_at=None)


def test_group_caps_cannot_exceed_the_total(cycle: Cycle, manager: Any) -> None:
    with pytest.raises(ServiceError, match="1,000,000,000"):
        services.group_save(
            actor=manager, cycle=cycle, code="parks", name="공원·환경", cap_won=300_000_000
        )


def test_attachments_are_type_and_size_checked(
    cycle: Cycle, resident: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    proposal = submit(cycle, resident)
    ok = services.attachment_add(
        actor=resident, proposal=proposal, upload=SimpleUploadedFile("site.png", PNG)
    )
    assert ok.kind == "image" and ok.size == len(PNG)
    bad = [
        SimpleUploadedFile("run.exe", b"MZ" + b"\x00" * 10),
        SimpleUploadedFile("fake.png", b"<svg onload=alert(1)>"),
        SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)),
        SimpleUploadedFile("empty.pdf", b""),
    ]
    for upload in bad:
        with pytest.raises(ServiceError) as error:
            services.attachment_add(actor=resident, proposal=proposal, upload=upload)
        assert error.value.field == "file"


def test_vote_tallies_are_checked(voted_cycle: tuple[Cycle, list[Any]], manager: Any) -> None:
    cycle, proposals = voted_cycle
    with pytest.raises(ServiceError, match="#1"):
        services.vote_counts_record(
            actor=manager, cycle=cycle, committee_voters=40, mobile_voters=10, counts={1: (1, 11)}
        )
    with pytest.raises(ServiceError, match="#99"):
        services.vote_counts_record(
            actor=manager, cycle=cycle, committee_voters=40, mobile_voters=10, counts={99: (1, 1)}
        )


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("no,header\n", "1"),
        ("number,committee_approvals,mobile_approvals\n1,2\n", "2"),
        ("number,committee_approvals,mobile_approvals\n1,x,3\nvoters,4,5\n", "committee_approvals"),
        ("number,committee_approvals,mobile_approvals\n1,2,-3\nvoters,4,5\n", "mobile_approvals"),
        ("number,committee_approvals,mobile_approvals\n1,2,3\n1,2,3\nvoters,4,5\n", "3"),
        ("number,committee_approvals,mobile_approvals\n1,2,3\n", "voters"),
    ],
)
def test_tally_file_errors_name_row_and_column(text: str, where: str) -> None:
    with pytest.raises(ServiceError) as error:
        services.parse_vote_csv(text)
    assert where in error.value.message


def test_tally_file_parses() -> None:
    text = '\ufeffnumber,committee_approvals,mobile_approvals\n1,30,"1,200"\nvoters,40,1256\n'
    assert services.parse_vote_csv(text) == (40, 1256, {1: (30, 1200)})


def test_result_compute_publish_execute(voted_cycle: tuple[Cycle, list[Any]], manager: Any) -> None:
    cycle, proposals = voted_cycle
    run = services.result_compute(actor=manager, cycle=cycle)
    assert run.data["selected"] == ["4", "5", "1", "2"]
    services.vote_counts_record(
        actor=manager, cycle=cycle, committee_voters=40, mobile_voters=1256, counts={3: (40, 1256)}
    )
    with pytest.raises(Conflict):
        services.result_publish(actor=manager, run=run)
    run = services.result_compute(actor=manager, cycle=cycle)
    assert run.data["selected"] == ["4", "5", "3", "1"]
    services.result_publish(actor=manager, run=run)
    adopted = Proposal.objects.filter(adopted=True).order_by("number")
    assert [p.number for p in adopted] == [1, 3, 4, 5]
    assert all(p.adopted_amount_won == p.cost_won for p in adopted)
    with pytest.raises(Conflict):
        services.result_publish(actor=manager, run=run)
    with pytest.raises(Conflict):
        services.vote_counts_record(
            actor=manager, cycle=cycle, committee_voters=1, mobile_voters=1, counts={}
        )
    cycle = services.cycle_advance(actor=manager, cycle=cycle)
    first = adopted[0]
    services.execution_record(
        actor=manager, proposal=first, executed_on=dt.date(2022, 3, 1), amount_won=50_000_000
    )
    with pytest.raises(ServiceError, match="90,000,000"):
        services.execution_record(
            actor=manager, proposal=first, executed_on=dt.date(2022, 4, 1), amount_won=50_000_000
        )
    assert Proposal.objects.get(pk=first.pk).execution_status == "in_progress"
    with pytest.raises(Conflict):
        services.execution_record(
            actor=manager, proposal=proposals[1], executed_on=dt.date(2022, 4, 1), amount_won=1
        )


def test_rule_errors_become_messages(cycle: Cycle, resident: Any, manager: Any) -> None:
    p = submit(cycle, resident)
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    services.proposal_screen(actor=manager, proposal=p, decision="feasible", department="x")
    cycle = advance_to(cycle, manager, Phase.RESULTS)
    with translation.override("en"), pytest.raises(ServiceError, match="committee voters"):
        services.result_compute(actor=manager, cycle=cycle)


def test_meeting_ranks_feasible_proposals(
    cycle: Cycle, resident: Any, manager: Any, places: dict[str, Any]
) -> None:
    a, b = submit(cycle, resident), submit(cycle, resident)
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    services.proposal_screen(actor=manager, proposal=a, decision="feasible", department="x")
    cycle = advance_to(cycle, manager, Phase.DELIBERATION)
    args = {
        "actor": manager,
        "cycle": cycle,
        "held_on": dt.date(2021, 6, 20),
        "attendance": 31,
        "minutes": "회의록",
    }
    with pytest.raises(ServiceError):
        services.meeting_record(dong=places["gasan"], ranking=[a, b], **args)
    with pytest.raises(ServiceError):
        services.meeting_record(dong=places["namgu"], ranking=[a], **args)
    meeting = services.meeting_record(dong=places["gasan"], ranking=[a], **args)
    assert [r.proposal_id for r in meeting.recommendations.all()] == [a.pk]


def test_general_track_skips_the_vote_within_its_amount(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any
) -> None:
    cycle, _ = voted_cycle
    parks = cycle.groups.get(code="parks")
    args = {"actor": manager, "description": "공론화 결과", "group": parks}
    with pytest.raises(services.PhaseClosed):
        services.general_project_add(
            cycle=cycle, title="x", origin="금천일번가", cost_won=1, **args
        )
    Cycle.objects.filter(pk=cycle.pk).update(phase=Phase.VOTING)
    cycle.refresh_from_db()
    with pytest.raises(ServiceError, match="0"):
        services.general_project_add(
            cycle=cycle, title="무상교복", origin="금천일번가", cost_won=10, **args
        )
    Cycle.objects.filter(pk=cycle.pk).update(general_track_amount_won=100_000_000)
    cycle.refresh_from_db()
    first = services.general_project_add(
        cycle=cycle, title="마을 공유부엌", origin="주민자치회 공론화", cost_won=60_000_000, **args
    )
    with pytest.raises(ServiceError, match="100,000,000"):
        services.general_project_add(
            cycle=cycle, title="둘째", origin="금천일번가", cost_won=50_000_000, **args
        )
    assert first.number == 7 and first.type is None and first.track == "general"
    Cycle.objects.filter(pk=cycle.pk).update(phase=Phase.RESULTS)
    run = services.result_compute(actor=manager, cycle=cycle)
    assert "7" not in run.data["selected"] and all(s["project"] != "7" for s in run.data["scores"])
    services.result_publish(actor=manager, run=run)
    first.refresh_from_db()
    assert first.adopted and first.adopted_amount_won == 60_000_000
