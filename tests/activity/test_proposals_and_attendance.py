"""A proposal's status history is written by the services that move it, and its author earns
points for submitting it and for its adoption; members earn points for attending a session."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import translation

from maeul.budgeting import services
from maeul.budgeting.models import Cycle, Phase, ProposalEvent, ProposalStatus
from maeul.points.models import PointsAccount, PointsTransaction
from tests.budgeting.conftest import advance_to, proposal_data, submit


def steps(proposal: Any) -> list[tuple[str, str]]:
    return list(
        ProposalEvent.objects.filter(proposal=proposal)
        .order_by("at", "pk")
        .values_list("kind", "detail")
    )


def test_submission_records_the_step_and_earns_points_after_commit(
    cycle: Cycle, resident: Any, award_table: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        proposal = submit(cycle, resident)
    assert steps(proposal) == [("submitted", "")]
    assert not PointsTransaction.objects.exists()
    for callback in callbacks:
        callback()
    award = PointsTransaction.objects.get()
    assert (award.amount, award.activity, award.source_key) == (
        1000,
        "pb_proposal_submitted",
        f"pb.proposal_submitted:{proposal.pk}",
    )


def test_a_draft_earns_nothing_and_has_no_history(
    cycle: Cycle, resident: Any, award_table: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.proposal_save(actor=resident, cycle=cycle, data=proposal_data(cycle))
    assert steps(draft) == []
    assert not PointsTransaction.objects.exists()


def test_screening_records_the_decision_and_reason(
    cycle: Cycle, resident: Any, manager: Any
) -> None:
    first = submit(cycle, resident)
    second = submit(cycle, resident, title="두 번째")
    advance_to(cycle, manager, Phase.SCREENING)
    services.proposal_screen(
        actor=manager,
        proposal=first,
        decision=ProposalStatus.INFEASIBLE,
        department="공원녹지과",
        reason="사유지라 공원을 만들 수 없습니다.",
    )
    services.proposal_screen(
        actor=manager,
        proposal=second,
        decision=ProposalStatus.MERGED,
        department="공원녹지과",
        merged_into=first,
    )
    assert steps(first) == [("submitted", ""), ("infeasible", "")]
    assert ProposalEvent.objects.get(proposal=first, kind="infeasible").why == (
        "사유지라 공원을 만들 수 없습니다."
    )
    merged = ProposalEvent.objects.get(proposal=second, kind="merged")
    with translation.override("ko"):
        assert merged.label == f"심사: {first.number}번 제안에 병합"
    with translation.override("en"):
        assert merged.label == f"Screened: merged into proposal no. {first.number}"


def test_publication_records_selected_or_not_and_pays_the_adopted(
    voted_cycle: tuple[Cycle, list[Any]],
    manager: Any,
    resident: Any,
    award_table: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    cycle, proposals = voted_cycle
    run = services.result_compute(actor=manager, cycle=cycle)
    with django_capture_on_commit_callbacks(execute=True):
        services.result_publish(actor=manager, run=run)
    selected = {int(n) for n in run.data["selected"]}
    for p in proposals:
        kinds = [kind for kind, _detail in steps(p)]
        assert kinds[0] == "submitted" and kinds[1] == "feasible"
        assert kinds[-1] == ("selected" if p.number in selected else "not_selected")
    not_selected = ProposalEvent.objects.filter(kind="not_selected")
    assert not_selected.count() == len(proposals) - len(selected)
    assert all(event.why for event in not_selected)
    adopted = PointsTransaction.objects.filter(activity="pb_proposal_adopted")
    assert adopted.count() == len(selected)
    assert set(adopted.values_list("amount", flat=True)) == {3000}
    # The submissions came before the award table here (and, inside the test's transaction,
    # their announcements were never committed): only the adoptions paid.
    assert PointsAccount.objects.get(resident=resident).balance == 3000 * len(selected)
    cycle = services.cycle_advance(actor=manager, cycle=cycle)
    first = next(p for p in proposals if p.number in selected)
    services.execution_status_set(actor=manager, proposal=first, status="in_progress")
    last = ProposalEvent.objects.filter(proposal=first).order_by("at", "pk").last()
    assert last is not None and (last.kind, last.detail) == ("execution", "in_progress")
    with translation.override("ko"):
        assert last.label == "집행 상태: 집행 중"


def test_attendance_earns_members_with_an_account_their_points(
    places: dict[str, Any],
    make_official: Any,
    make_resident: Any,
    award_table: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from maeul.governance import services as governance
    from maeul.governance.models import DeliberationSession, Membership

    official = make_official(places["geumcheon"], "programme_manager", username="gov.manager")
    member = make_resident(places["geumcheon"], places["gasan"])
    body = governance.body_create(
        actor=official,
        municipality=places["geumcheon"],
        name="금천구 협치회의",
        kind="district_governance_council",
    )
    people = [
        Membership.objects.create(
            body=body,
            user=member if i == 0 else None,
            person_name=f"위원 {i}",
            sector="civil",
            gender="female",
            appointment="commissioned",
            term_start=dt.date(2026, 1, 1),
            term_end=dt.date(2027, 12, 31),
        )
        for i in range(3)
    ]
    client = Client()
    client.force_login(official)
    created = client.post(
        "/governance/m/seoul-geumcheon-gu/sessions/new/",
        {
            "body": str(body.pk),
            "reference": "1",
            "name": "협치회의 정기회의",
            "kind": "council",
            "date": "2026-04-02",
            "start": "14:00",
            "end": "16:00",
            "invited_total": "3",
            "attended_government": "0",
            "attended_civil": "0",
        },
    )
    assert created.status_code == 302
    session = DeliberationSession.objects.get()
    for _ in range(2):  # recorded twice: paid once
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/governance/sessions/{session.pk}/attendance/",
                {
                    "members": [str(m.pk) for m in people],
                    "walk_ins_government": "0",
                    "walk_ins_civil": "0",
                },
            )
        assert response.status_code == 302
    award = PointsTransaction.objects.get()
    assert (award.resident, award.activity, award.amount) == (member, "council_attendance", 1500)
    assert award.source_key == f"governance.attendance:{session.pk}:{member.pk}"
