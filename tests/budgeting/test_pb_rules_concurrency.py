"""On PostgreSQL, officials acting at the same moment: the same screening-reason code added
twice gives one entry and a conflict message, the same day's general assembly recorded twice
gives one assembly (the unique constraints decide, the services turn the loser into a
``Conflict``, never a 500)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from maeul.budgeting import services
from maeul.budgeting.models import GeneralAssembly, ScreeningReason
from maeul.core.errors import Conflict

from .test_concurrency import _run

pytestmark = pytest.mark.postgres


def test_same_code_and_same_assembly_at_once(
    transactional_db: Any, cycle: Any, manager: Any, places: dict[str, Any]
) -> None:
    outcomes = _run(
        8,
        lambda i: services.screening_reason_save(
            actor=manager,
            municipality=places["geumcheon"],
            code="over-cap",
            label=f"한도 초과 {i}",
        ),
    )
    saved = [o for o in outcomes if isinstance(o, ScreeningReason)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(saved), len(refused)) == (1, 7), outcomes
    assert ScreeningReason.objects.filter(code="over-cap").count() == 1

    outcomes = _run(
        8,
        lambda i: services.assembly_record(
            actor=manager, cycle=cycle, held_on=dt.date(2021, 8, 30), online=bool(i % 2)
        ),
    )
    recorded = [o for o in outcomes if isinstance(o, GeneralAssembly)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(recorded), len(refused)) == (1, 7), outcomes
    assert GeneralAssembly.objects.count() == 1
