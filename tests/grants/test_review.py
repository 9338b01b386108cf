"""Review panels, conflicts of interest, two-part scoring, selection within the budget and the
grantee cap, grades, and the permission matrix of applications."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from maeul.accounts.permissions import has_permission
from maeul.core.errors import Conflict, NotAllowed
from maeul.grants import services
from maeul.grants.models import Application, GrantCall
from maeul.grants.rules import GrantPermission


@pytest.fixture
def reviewing(
    seoul_call: Any,
    consortium_application: Any,
    manager: Any,
    make_resident: Any,
    places: dict[str, Any],
) -> Any:
    """A call with ``n`` submitted applications closed for review, and a panel of ``panel``."""

    def make(n: int, *, panel: int = 3, requested: int = 30_000_000, **call: Any) -> Any:
        grant_call = seoul_call(**call)
        apps = []
        for _ in range(n):
            draft = consortium_application(grant_call, requested=requested)
            services.application_submit(actor=draft.applicant, application_id=draft.pk)
            apps.append(draft)
        services.call_move(actor=manager, call_id=grant_call.pk, to="review")
        reviewers = []
        for _ in range(panel):
            person = make_resident(places["geumcheon"])
            services.reviewer_assign(actor=manager, call_id=grant_call.pk, user=person)
            reviewers.append(person)
        return grant_call, apps, reviewers

    return make


def score_all(manager: Any, apps: list[Any], reviewers: list[Any], totals: list[int]) -> None:
    for application, value in zip(apps, totals, strict=True):
        services.quantitative_set(actor=manager, application_id=application.pk, score=value)
        for reviewer in reviewers:
            services.score_enter(actor=reviewer, application_id=application.pk, score=value)


def test_a_conflicted_reviewer_neither_sees_nor_scores(reviewing: Any, manager: Any) -> None:
    call, apps, (first, second, _third) = reviewing(2)
    target = Application.objects.get(pk=apps[0].pk)
    services.score_enter(actor=first, application_id=target.pk, score=90)
    assert has_permission(first, GrantPermission.VIEW_APPLICATION, target)
    services.conflict_declare(actor=first, application_id=target.pk, reason="이사로 재직")
    target = Application.objects.get(pk=target.pk)
    assert not has_permission(first, GrantPermission.VIEW_APPLICATION, target)
    assert has_permission(
        first, GrantPermission.VIEW_APPLICATION, Application.objects.get(pk=apps[1].pk)
    )
    with pytest.raises(Http404):
        services.score_enter(actor=first, application_id=target.pk, score=10)
    # the score given before the declaration no longer counts
    services.score_enter(actor=second, application_id=target.pk, score=60)
    assert services._panel_scores(target, "selection") == [60]


def test_a_panel_has_at_most_seven(
    reviewing: Any, manager: Any, make_resident: Any, places: dict[str, Any]
) -> None:
    call, _apps, _ = reviewing(1, panel=7)
    with pytest.raises(Conflict):
        services.reviewer_assign(
            actor=manager, call_id=call.pk, user=make_resident(places["geumcheon"])
        )


def test_selection_stops_at_the_grantee_cap(reviewing: Any, manager: Any) -> None:
    call, apps, reviewers = reviewing(4, panel=1, requested=10_000_000, max_grantees=3)
    score_all(manager, apps, reviewers, [90, 80, 70, 60])
    services.grantees_select(actor=manager, call_id=call.pk)
    chosen = list(
        Application.objects.filter(selected=True).order_by("rank").values_list("pk", flat=True)
    )
    assert chosen == [a.pk for a in apps[:3]]
    assert Application.objects.get(pk=apps[3].pk).decision_note == "grantee_cap"
    assert GrantCall.objects.get(pk=call.pk).state == "announced"


def test_selection_stops_at_the_budget(reviewing: Any, manager: Any) -> None:
    call, apps, reviewers = reviewing(3, panel=1, budget_won=60_000_000)
    score_all(manager, apps, reviewers, [90, 80, 70])
    services.grantees_select(actor=manager, call_id=call.pk)
    call = GrantCall.objects.get(pk=call.pk)
    assert call.spent_won == 60_000_000
    assert [Application.objects.get(pk=a.pk).selected for a in apps] == [True, True, False]
    assert Application.objects.get(pk=apps[2].pk).decision_note == "over_budget"


def test_climate_bonus_and_ties_by_the_written_rule(
    seoul_call: Any,
    consortium_application: Any,
    manager: Any,
    make_resident: Any,
    places: dict[str, Any],
) -> None:
    call = seoul_call(max_grantees=1)
    climate = consortium_application(call, tags=["climate"], title="기후")
    plain = consortium_application(call, title="일반")
    for draft in (climate, plain):
        services.application_submit(actor=draft.applicant, application_id=draft.pk)
    services.call_move(actor=manager, call_id=call.pk, to="review")
    panel = [make_resident(places["geumcheon"]) for _ in range(2)]
    for person in panel:
        services.reviewer_assign(actor=manager, call_id=call.pk, user=person)
    # climate: 70 + mean(80, 81) + 5 = 155.5; plain: 75.5 + mean(80, 80) = 155.5 — a tie,
    # broken by the call's first tie key, the higher qualitative score (80.5 > 80)
    services.quantitative_set(actor=manager, application_id=climate.pk, score=70)
    services.quantitative_set(actor=manager, application_id=plain.pk, score="75.5")
    services.score_enter(actor=panel[0], application_id=climate.pk, score=80)
    services.score_enter(actor=panel[1], application_id=climate.pk, score=81)
    for person in panel:
        services.score_enter(actor=person, application_id=plain.pk, score=80)
    services.grantees_select(actor=manager, call_id=call.pk)
    climate, plain = Application.objects.get(pk=climate.pk), Application.objects.get(pk=plain.pk)
    assert climate.bonus == 5 and climate.total == plain.total
    assert climate.selected and not plain.selected


def test_selection_refused_while_scores_are_missing(reviewing: Any, manager: Any) -> None:
    call, apps, _ = reviewing(1)
    with pytest.raises(Conflict, match="점수"):
        services.grantees_select(actor=manager, call_id=call.pk)
    assert GrantCall.objects.get(pk=call.pk).state == "review"


def test_a_grantee_is_graded_at_the_end_of_the_year(reviewing: Any, manager: Any) -> None:
    call, apps, reviewers = reviewing(1, panel=2)
    score_all(manager, apps, reviewers, [90])
    services.grantees_select(actor=manager, call_id=call.pk)
    grantee = apps[0]
    services.quantitative_set(
        actor=manager,
        application_id=grantee.pk,
        score=85,
        stage="evaluation",
        figures={"events": 12, "participants": 340, "outputs": 3},
    )
    services.score_enter(
        actor=reviewers[0], application_id=grantee.pk, score=84, stage="evaluation"
    )
    services.score_enter(
        actor=reviewers[1], application_id=grantee.pk, score=86, stage="evaluation"
    )
    graded = services.grantee_grade(actor=manager, application_id=grantee.pk)
    assert graded.evaluation_total == 170 and graded.grade == "가"
    assert graded.participants == 340


def test_permission_matrix(
    reviewing: Any,
    manager: Any,
    make_org: Any,
    make_official: Any,
    places: dict[str, Any],
    make_resident: Any,
) -> None:
    call, (mine, theirs), (reviewer, *_rest) = reviewing(2)
    applicant = Application.objects.get(pk=mine.pk)
    other = Application.objects.get(pk=theirs.pk)
    stranger = make_resident(places["geumcheon"])
    outsider_official = make_official(places["namgu"], "programme_manager")
    auditor = make_official(places["seoul"], "auditor")
    matrix = {
        "applicant": (mine.applicant, True, False),
        "reviewer": (reviewer, True, True),
        "stranger": (stranger, False, False),
        "manager": (manager, True, True),
        "auditor": (auditor, True, True),
        "other municipality's official": (outsider_official, False, False),
    }
    for label, (user, sees_mine, sees_theirs) in matrix.items():
        assert has_permission(user, GrantPermission.VIEW_APPLICATION, applicant) is sees_mine, label
        assert has_permission(user, GrantPermission.VIEW_APPLICATION, other) is (
            sees_theirs or user == theirs.applicant
        ), label
    assert has_permission(mine.applicant, GrantPermission.EDIT_APPLICATION, applicant)
    assert not has_permission(theirs.applicant, GrantPermission.EDIT_APPLICATION, applicant)
    assert not has_permission(mine.applicant, GrantPermission.REVIEW_APPLICATION, applicant)
    with pytest.raises(NotAllowed):
        services.conflict_declare(actor=stranger, application_id=applicant.pk)
