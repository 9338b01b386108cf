"""Plans: the rule checks shown and enforced at submission, late marking, the city's review,
the versioned negotiation and who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import NotAllowed, ServiceError
from maeul.innovation import services
from maeul.innovation.checks import failing
from maeul.innovation.models import NegotiationNote, Plan, PlanState, Project
from tests.innovation.conftest import GOOD, K

pytestmark = pytest.mark.django_db
ON_TIME = dt.datetime(2020, 8, 10, 9, tzinfo=dt.UTC)  # 18:00 in Seoul on the due day
LATE = dt.datetime(2020, 8, 10, 15, 30, tzinfo=dt.UTC)  # 00:30 on 8/11 in Seoul


def test_gangseo_strategy_project_passes_and_19_percent_fails_with_the_fix(
    draft: Any, people: dict[str, Any]
) -> None:
    services.project_add(
        actor=people["geumcheon"],
        plan_id=draft.pk,
        data={
            "title": "자원순환 마을",
            "kind": "strategy",
            "city_subsidy_won": str(435_000 * K),
            "district_matching_won": str(82_650 * K),
        },
    )
    (failed,) = failing(draft)
    assert "4,350,000" in failed.detail and "87,000,000" in failed.detail
    assert "4,350,000" in failed.fix
    with pytest.raises(ServiceError, match="4,350,000"):
        services.plan_submit(actor=people["geumcheon"], plan_id=draft.pk, now=ON_TIME)
    draft.refresh_from_db()
    assert draft.state == PlanState.DRAFT and draft.submitted_at is None
    Project.objects.filter(kind="strategy").update(district_matching_won=87_000 * K)
    assert failing(draft) == []
    services.plan_submit(actor=people["geumcheon"], plan_id=draft.pk, now=ON_TIME)
    draft.refresh_from_db()
    assert draft.state == PlanState.SUBMITTED and not draft.late


def test_base_share_and_range_fail_with_amounts(draft: Any, people: dict[str, Any]) -> None:
    services.project_add(
        actor=people["geumcheon"],
        plan_id=draft.pk,
        data={"title": "추가", "kind": "sector", "city_subsidy_won": str(100_000 * K)},
    )
    rules = {c.rule: c for c in failing(draft)}
    assert len(rules) == 1
    texts = " ".join(f"{c.detail} {c.fix}" for c in rules.values())
    assert "55,000,000" in texts  # over the 945,000,000 maximum by 55 M
    assert "300,000,000 won: 0 won" not in texts
    assert "Move 0 won" not in texts


def test_late_submission_is_accepted_and_marked(draft: Any, people: dict[str, Any]) -> None:
    plan = services.plan_submit(actor=people["geumcheon"], plan_id=draft.pk, now=LATE)
    assert plan.late
    entry = AuditEntry.objects.filter(kind="innovation.plan_submitted").get()
    assert '"late"' in entry.payload


def test_permission_matrix(draft: Any, people: dict[str, Any], places: dict[str, Any]) -> None:
    # another district can neither edit nor see a draft; the city reviews but does not edit
    for who in ("gwanak", "city", "resident"):
        with pytest.raises((NotAllowed, Exception)):
            services.project_add(actor=people[who], plan_id=draft.pk, data=GOOD[1])
    assert Project.objects.filter(plan=draft).count() == 2
    client = Client()
    assert client.get(f"/innovation/p/{draft.pk}/").status_code == 404
    client.force_login(people["gwanak"])
    assert client.get(f"/innovation/p/{draft.pk}/").status_code == 404
    client.force_login(people["city_auditor"])
    assert client.get(f"/innovation/p/{draft.pk}/").status_code == 200
    client.force_login(people["geumcheon"])
    page = client.get(f"/innovation/p/{draft.pk}/")
    assert b'data-testid="add-project"' in page.content
    with pytest.raises(NotAllowed):
        services.plan_start(
            actor=people["geumcheon"],
            round_=draft.round,
            district=places["gwanak"],
        )
    services.plan_submit(actor=people["geumcheon"], plan_id=draft.pk, now=ON_TIME)
    assert Client().get(f"/innovation/p/{draft.pk}/").status_code == 200
    with pytest.raises(NotAllowed):
        services.plan_approve(
            actor=people["geumcheon"], plan_id=draft.pk, approved_on=dt.date(2020, 8, 29)
        )
    services.plan_approve(actor=people["city"], plan_id=draft.pk, approved_on=dt.date(2020, 8, 29))
    assert Plan.objects.get(pk=draft.pk).state == PlanState.APPROVED


def test_negotiation_is_versioned_per_side(draft: Any, people: dict[str, Any]) -> None:
    with pytest.raises(ServiceError):
        services.note_write(actor=people["city"], plan_id=draft.pk, text="의견")
    services.plan_submit(actor=people["geumcheon"], plan_id=draft.pk, now=ON_TIME)
    services.note_write(actor=people["city"], plan_id=draft.pk, text="기반사업을 보완하세요")
    services.note_write(actor=people["geumcheon"], plan_id=draft.pk, text="보완하겠습니다")
    services.note_write(actor=people["city"], plan_id=draft.pk, text="수정 의견")
    notes = [(n.side, n.version, n.text) for n in NegotiationNote.objects.order_by("pk")]
    assert notes == [
        ("city", 1, "기반사업을 보완하세요"),
        ("district", 1, "보완하겠습니다"),
        ("city", 2, "수정 의견"),
    ]
    with pytest.raises(NotAllowed):
        services.note_write(actor=people["gwanak"], plan_id=draft.pk, text="x")


def test_returned_plan_can_be_fixed_and_resubmitted(draft: Any, people: dict[str, Any]) -> None:
    services.plan_submit(actor=people["geumcheon"], plan_id=draft.pk, now=ON_TIME)
    with pytest.raises(ServiceError):
        services.project_add(actor=people["geumcheon"], plan_id=draft.pk, data=GOOD[1])
    with pytest.raises(ServiceError):
        services.plan_return(actor=people["city"], plan_id=draft.pk, reason="")
    services.plan_return(actor=people["city"], plan_id=draft.pk, reason="사업 설명 보완")
    services.project_add(
        actor=people["geumcheon"],
        plan_id=draft.pk,
        data={"title": "작은 사업", "kind": "sector", "city_subsidy_won": "1000000"},
    )
    assert (
        services.plan_submit(actor=people["geumcheon"], plan_id=draft.pk, now=ON_TIME).state
        == PlanState.SUBMITTED
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("city_subsidy_won", "-5"),
        ("city_subsidy_won", "1e999"),
        ("city_subsidy_won", "999999999999999999999"),
        ("kind", "other"),
        ("title", ""),
        ("title", "x" * 201),
    ],
)
def test_bad_project_input_is_refused_and_saves_nothing(
    draft: Any, people: dict[str, Any], field: str, value: str
) -> None:
    data = {**GOOD[1], field: value}
    before = AuditEntry.objects.count()
    with pytest.raises(ServiceError) as failure:
        services.project_add(actor=people["geumcheon"], plan_id=draft.pk, data=data)
    assert failure.value.field == field
    assert Project.objects.filter(plan=draft).count() == 2
    assert AuditEntry.objects.count() == before


def test_pages_show_checks_and_refuse_submission_with_a_message(
    draft: Any, people: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(people["geumcheon"])
    client.post(
        f"/innovation/p/{draft.pk}/projects/",
        {"title": "큰 사업", "kind": "sector", "city_subsidy_won": "400000000"},
    )
    page = client.get(f"/innovation/p/{draft.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert b'data-testid="checks"' in page.content
    answer = client.post(f"/innovation/p/{draft.pk}/submit/", follow=True)
    assert answer.status_code == 200
    assert Plan.objects.get(pk=draft.pk).state == PlanState.DRAFT
    round_page = Client().get(f"/innovation/r/{draft.round_id}/")
    assert round_page.status_code == 200
    assert "금천구" not in round_page.content.decode()  # a draft is not public


def test_api_lists_submitted_plans_with_their_checks(draft: Any, people: dict[str, Any]) -> None:
    client = Client()
    assert client.get(f"/api/innovation/plan/{draft.pk}").status_code == 404
    assert client.get("/api/innovation/plans/seoul").json()["items"] == []
    services.plan_submit(actor=people["geumcheon"], plan_id=draft.pk, now=ON_TIME)
    (row,) = client.get("/api/innovation/plans/seoul").json()["items"]
    assert row["city_subsidy_won"] == 900_000 * K and row["base_share_percent"] == "33.3"
    detail = client.get(f"/api/innovation/plan/{draft.pk}").json()
    assert detail["rules_ok"] and len(detail["project_list"]) == 2


def test_city_creates_a_round_on_its_page(places: dict[str, Any], people: dict[str, Any]) -> None:
    from maeul.innovation.models import PlanRound

    client = Client()
    client.force_login(people["gwanak"])
    form = {
        "year": "2023",
        "subsidy_min_won": "470,000,000",
        "subsidy_max_won": "945000000",
        "base_min_percent": "30",
        "matching_min_percent": "20",
        "plans_due_from": "2022-03-01",
        "plans_due_until": "2022-07-09",
    }
    client.post("/innovation/seoul/new/", form)
    assert not PlanRound.objects.exists()  # a district cannot
    client.force_login(people["city"])
    assert b'data-testid="new-round"' in client.get("/innovation/seoul/").content
    client.post("/innovation/seoul/new/", {**form, "subsidy_max_won": "-1"})
    assert not PlanRound.objects.exists()
    client.post("/innovation/seoul/new/", {**form, "plans_due_until": "2022-02-30"})
    assert not PlanRound.objects.exists()
    client.post("/innovation/seoul/new/", form)
    round_ = PlanRound.objects.get()
    assert round_.subsidy_min_won == 470_000_000
    assert [(s.kind, str(s.ends_on)) for s in round_.steps.all()] == [("plans_due", "2022-07-09")]


def test_city_records_consulting_sessions(places: dict[str, Any], people: dict[str, Any]) -> None:
    from maeul.innovation.models import Consultation

    form = {
        "district": str(places["geumcheon"].pk),
        "kind": "consulting",
        "held_on": "2020-05-12",
        "topic": "의제발굴",
        "officials": "4",
        "civil": "7",
    }
    client = Client()
    client.force_login(people["geumcheon"])
    client.post("/innovation/seoul/consultations/", form)
    assert not Consultation.objects.exists()  # the city records them, not the district
    client.force_login(people["city"])
    client.post("/innovation/seoul/consultations/", {**form, "civil": "-3"})
    client.post("/innovation/seoul/consultations/", {**form, "held_on": "2020-02-30"})
    assert not Consultation.objects.exists()
    client.post("/innovation/seoul/consultations/", form)
    session = Consultation.objects.get()
    assert (session.year, session.officials, session.civil) == (2020, 4, 7)
    assert "의제발굴" in Client().get("/innovation/seoul/").content.decode()
