"""Coded screening reasons arrive with migration 0013: reasons written in words before it
stay as they were written, with no code, and count as "reason given in words"."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.budgeting import cycle_facts
from maeul.budgeting.models import Cycle, Phase, Proposal
from tests.migrations import migrate, migrate_to_latest

from .conftest import advance_to, submit

BEFORE = [("budgeting", "0012_result_outcomes")]
AFTER = [("budgeting", "0013_assembly_reasons_youth")]
WORDS = "철도 역사 시설은 한국철도공사 소관입니다."


@pytest.mark.django_db(transaction=True)
def test_free_text_reasons_stay_as_text_with_no_code(
    cycle: Cycle, manager: Any, resident: Any
) -> None:
    proposal = submit(cycle, resident)
    advance_to(cycle, manager, Phase.SCREENING)
    try:
        old = migrate(BEFORE)
        row = old.get_model("budgeting", "Proposal").objects.get(pk=proposal.pk)
        row.status, row.screening_reason, row.department = "infeasible", WORDS, "교통행정과"
        row.save()
        migrate(AFTER)
    finally:
        migrate_to_latest()

    stored = Proposal.objects.get(pk=proposal.pk)
    assert (stored.status, stored.screening_reason, stored.screening_code) == (
        "infeasible",
        WORDS,
        None,
    )
    [count] = cycle_facts.reason_counts(Cycle.objects.get(pk=cycle.pk))
    assert (count.code, count.proposals, count.label) == ("", 1, "글로만 적은 사유(코드 없음)")
