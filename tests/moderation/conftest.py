"""Fixtures: a Geumcheon-gu budgeting cycle (from the budgeting tests) with one resident's
proposal and comment, another resident who flags, the district's moderator and an official
of another district."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.budgeting import services as pb
from tests.budgeting.conftest import cycle, manager, resident, setup_cycle, submit  # noqa: F401


@pytest.fixture
def proposal(cycle: Any, resident: Any) -> Any:  # noqa: F811
    return submit(cycle, resident, title="가산동 쌈지공원 조성")


@pytest.fixture
def comment(proposal: Any, resident: Any) -> Any:  # noqa: F811
    return pb.comment_add(actor=resident, proposal=proposal, body="벤치도 함께 놓아 주세요.")


@pytest.fixture
def flagger(places: dict[str, Any], make_resident: Any) -> Any:
    return make_resident(places["geumcheon"], places["gasan"], username="flagger.one")


@pytest.fixture
def flagger2(places: dict[str, Any], make_resident: Any) -> Any:
    return make_resident(places["geumcheon"], places["gasan"], username="flagger.two")


@pytest.fixture
def moderator(manager: Any) -> Any:  # noqa: F811
    return manager


@pytest.fixture
def outsider(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["namgu"], "administrator", username="namgu.admin")
