"""Geumcheon-gu's innovation contest: round 1 by the published formula over the written review
and the online vote on the voting core, round 2 by the judges, rewards; bad input refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from maeul.core.errors import Conflict, ServiceError
from maeul.grants import contest as services
from maeul.grants.models import ContestEntry
from maeul.voting import clock
from maeul.voting import interface as voting


def test_two_rounds_end_to_end(
    places: dict[str, Any], make_official: Any, make_resident: Any
) -> None:
    manager = make_official(places["geumcheon"], "programme_manager")
    contest = services.contest_create(
        actor=manager,
        municipality=places["geumcheon"],
        data={"title": "금천 혁신 공모전", "advance": 2, "rewards": ["최우수", "우수"]},
    )
    entries = [
        services.entry_add(
            actor=manager, contest_id=contest.pk, title=f"아이디어 {n}", team=f"팀{n}"
        )
        for n in range(1, 4)
    ]
    for entry, score in zip(entries, [90, 60, 80], strict=True):
        services.review_score_set(actor=manager, entry_id=entry.pk, score=score)
    start = timezone.now() - dt.timedelta(hours=3)
    end = timezone.now() - dt.timedelta(hours=1)
    contest = services.vote_open(
        actor=manager, contest_id=contest.pk, opens_at=start, closes_at=end
    )
    voters = [make_resident(places["geumcheon"], places["gasan"]) for _ in range(4)]
    with clock.replaying(start + dt.timedelta(minutes=30)):
        for i, voter in enumerate(voters):
            (outcome,) = voting.ballots_cast(
                voter=voter, casts=[(contest.poll, [2 if i < 3 else 1], f"k{i}")]
            )
            assert outcome.receipt, outcome.problem
    services.round_one_close(actor=manager, contest_id=contest.pk)
    rows = {e.title: e for e in ContestEntry.objects.all()}
    # 1: 0.5*90 + 0.5*(1/3*100) = 61.67; 2: 0.5*60 + 0.5*100 = 80; 3: 0.5*80 + 0 = 40
    assert rows["아이디어 2"].votes == 3 and rows["아이디어 2"].round_one_score == 80
    assert str(rows["아이디어 1"].round_one_score) == "61.67"
    assert [t for t, e in rows.items() if e.advances] == ["아이디어 1", "아이디어 2"]
    with pytest.raises(Conflict):
        services.judge_score_enter(
            actor=manager, entry_id=rows["아이디어 3"].pk, judge="심사A", score=99
        )
    for judge, one, two in [("심사A", 95, 70), ("심사B", 85, 80)]:
        services.judge_score_enter(
            actor=manager, entry_id=rows["아이디어 1"].pk, judge=judge, score=one
        )
        services.judge_score_enter(
            actor=manager, entry_id=rows["아이디어 2"].pk, judge=judge, score=two
        )
    services.contest_publish(actor=manager, contest_id=contest.pk)
    final = {e.title: (e.final_rank, e.reward) for e in ContestEntry.objects.filter(advances=True)}
    assert final == {"아이디어 1": (1, "최우수"), "아이디어 2": (2, "우수")}


def test_round_one_waits_for_the_vote_and_every_review(
    places: dict[str, Any], make_official: Any
) -> None:
    manager = make_official(places["geumcheon"], "programme_manager")
    contest = services.contest_create(
        actor=manager, municipality=places["geumcheon"], data={"title": "공모전"}
    )
    with pytest.raises(Conflict):
        services.round_one_close(actor=manager, contest_id=contest.pk)
    a = services.entry_add(actor=manager, contest_id=contest.pk, title="가", team="팀")
    services.entry_add(actor=manager, contest_id=contest.pk, title="나", team="팀")
    with pytest.raises(ServiceError):
        services.review_score_set(actor=manager, entry_id=a.pk, score="101")
    with pytest.raises(ServiceError):
        services.contest_create(
            actor=manager,
            municipality=places["geumcheon"],
            data={"title": "x", "review_weight_percent": 120},
        )
    now = timezone.now()
    services.vote_open(
        actor=manager,
        contest_id=contest.pk,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(hours=1),
    )
    with pytest.raises(Conflict, match="진행 중"):
        services.round_one_close(actor=manager, contest_id=contest.pk)
