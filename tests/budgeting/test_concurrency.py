"""Caps and numbering hold under concurrency (RELIABILITY P2), on PostgreSQL: the cycle row
lock serialises submissions (distinct numbers), the proposal row lock keeps the executed total
within the adopted amount."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum

from maeul.budgeting import services
from maeul.budgeting.models import Execution, Phase, Proposal

from .conftest import advance_to, proposal_data

pytestmark = pytest.mark.postgres


def _run(n: int, work: Any) -> list[Any]:
    barrier = threading.Barrier(n)
    outcomes: list[Any] = []

    def worker(i: int) -> None:
        try:
            barrier.wait()
            outcomes.append(work(i))
        except Exception as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_numbers_and_execution_caps_under_concurrency(
    transactional_db: Any, cycle: Any, resident: Any, manager: Any
) -> None:
    numbers = _run(
        12,
        lambda i: (
            services.proposal_save(
                actor=resident,
                cycle=cycle,
                data=proposal_data(cycle, title=f"제안 {i}"),
                submit=True,
            ).number
        ),
    )
    assert sorted(numbers) == list(range(1, 13))

    cycle = advance_to(cycle, manager, Phase.SCREENING)
    project = Proposal.objects.get(number=1)
    services.proposal_screen(actor=manager, proposal=project, decision="feasible", department="x")
    for other in Proposal.objects.exclude(pk=project.pk):
        services.proposal_screen(
            actor=manager, proposal=other, decision="infeasible", department="x", reason="중복"
        )
    cycle = advance_to(cycle, manager, Phase.VOTING)
    services.vote_counts_record(
        actor=manager, cycle=cycle, committee_voters=10, mobile_voters=10, counts={1: (5, 5)}
    )
    cycle = advance_to(cycle, manager, Phase.RESULTS)
    services.result_publish(actor=manager, run=services.result_compute(actor=manager, cycle=cycle))
    advance_to(cycle, manager, Phase.EXECUTION)
    project.refresh_from_db()
    assert project.adopted_amount_won == 50_000_000
    outcomes = _run(
        12,
        lambda i: services.execution_record(
            actor=manager, proposal=project, executed_on=dt.date(2022, 3, 1), amount_won=10_000_000
        ),
    )
    total = Execution.objects.filter(proposal=project).aggregate(t=Sum("amount_won"))["t"]
    assert total == 50_000_000
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 7
    assert all(isinstance(o, services.OverCap) and "50,000,000" in o.message for o in refused)
