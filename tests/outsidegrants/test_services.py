"""Recording rules and notices: an outcome only after a decision to apply, money only for a
selection, the daily deadline notice once per programme, the outcome notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from maeul.core.errors import ServiceError
from maeul.notifications.models import Notice
from maeul.outsidegrants import services
from maeul.outsidegrants.models import OutsideProgramme, ProgrammeStatus

SCORES = {f"score_{c}": "4" for c in ("fit", "feasibility", "matching", "upkeep", "benefit")}


def _apply(manager: Any, programme: Any, **extra: Any) -> Any:
    data = {"department": "복지정책과", **SCORES, "estimated_cost_won": "1000", **extra}
    data.setdefault("decision", "apply")
    return services.application_record(actor=manager, programme_id=programme.pk, data=data)


def test_decision_sets_the_programme_status(manager: Any, programme: Any) -> None:
    application = _apply(manager, programme, decision="decline")
    assert application.precheck_total == 80 and application.recommended
    assert OutsideProgramme.objects.get().status == ProgrammeStatus.DECLINED
    with pytest.raises(ServiceError):
        services.outcome_record(
            actor=manager, programme_id=programme.pk, data={"outcome": "selected"}
        )
    _apply(manager, programme)
    assert OutsideProgramme.objects.get().status == ProgrammeStatus.APPLYING


def test_outcome_rules(
    manager: Any, programme: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _apply(manager, programme)
    with pytest.raises(ServiceError) as caught:
        services.outcome_record(
            actor=manager, programme_id=programme.pk, data={"outcome": "selected"}
        )
    assert caught.value.field == "amount_awarded_won"
    with pytest.raises(ServiceError):
        services.outcome_record(
            actor=manager,
            programme_id=programme.pk,
            data={"outcome": "not_selected", "amount_awarded_won": "5"},
        )
    with django_capture_on_commit_callbacks(execute=True):
        application = services.outcome_record(
            actor=manager,
            programme_id=programme.pk,
            data={"outcome": "selected", "amount_awarded_won": "150,000,000"},
        )
    assert application.amount_awarded_won == 150_000_000
    assert Notice.objects.filter(kind="outsidegrants.outcome", recipient=manager).count() == 1
    with pytest.raises(ServiceError):
        _apply(manager, programme)  # the outcome is known: the pre-check is closed


def test_another_districts_official_cannot_record(outsider: Any, programme: Any) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        _apply(outsider, programme)


def test_deadline_notice_once_for_undecided_programmes(
    manager: Any, outsider: Any, places: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    day = dt.date(2026, 3, 2)
    made = {}
    for title, days, status in (
        ("in a week", 7, ProgrammeStatus.MONITORING),
        ("in eight days", 8, ProgrammeStatus.MONITORING),
        ("decided", 3, ProgrammeStatus.APPLYING),
        ("yesterday", -1, ProgrammeStatus.MONITORING),
    ):
        made[title] = OutsideProgramme.objects.create(
            municipality=places["geumcheon"],
            year=2026,
            funder="서울특별시",
            funder_kind="city",
            field="welfare",
            title=title,
            deadline=day + dt.timedelta(days=days),
            status=status,
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deadline_remind(on=day) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.deadline_remind(on=day + dt.timedelta(days=1))
    notices = Notice.objects.filter(kind="outsidegrants.deadline")
    assert sorted(notices.values_list("recipient_id", flat=True)) == [manager.pk, manager.pk]
    assert not notices.filter(recipient=outsider).exists()


def test_the_task_calls_the_service(places: dict[str, Any]) -> None:
    from maeul.outsidegrants.tasks import deadlines

    assert deadlines("2026-03-02") == 0


def test_incentive_input(manager: Any, places: dict[str, Any]) -> None:
    for bad in (
        {"amount_won": "0"},
        {"amount_won": "-1"},
        {"amount_won": "1.5"},
        {"year": "20"},
        {"reason": ""},
        {"application": "999"},
    ):
        data = {"department": "환경과", "year": "2020", "reason": "우수", "amount_won": "100"}
        with pytest.raises(ServiceError):
            services.incentive_record(
                actor=manager, municipality=places["geumcheon"], data={**data, **bad}
            )


def test_the_workspace_lists_undecided_deadlines_of_the_week(
    manager: Any, outsider: Any, demo_register: Any
) -> None:
    from maeul.workspace.selectors import needs_me

    (item,) = [n for n in needs_me(manager) if n.kind == "outside_deadlines"]
    assert item.count == 2  # the demo's programmes closing in 3 and 6 days
    assert item.url == "/outside-grants/manage/seoul-geumcheon-gu/"
    assert not [n for n in needs_me(outsider) if n.kind == "outside_deadlines"]
