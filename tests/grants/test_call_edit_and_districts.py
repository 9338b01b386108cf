"""Editing a call (before its deadline; eligibility, scoring and settlement rules frozen once
an application is submitted) and a city-wide call by district (Seoul's call for its districts:
members located in the applying district; the city's officials see every district's
applications, a district's officials only their own)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from maeul.accounts.permissions import has_permission
from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict, ServiceError
from maeul.grants import services
from maeul.grants.models import Application, GrantCall
from maeul.grants.rules import GrantPermission
from tests.grants.conftest import budget


def _data(call: GrantCall, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": call.title,
        "description": call.description,
        "budget_won": call.budget_won,
        "max_grant_won": call.max_grant_won,
        "max_grantees": call.max_grantees,
        "min_members": call.min_members,
        "member_kinds": call.member_kinds,
        "district": call.district,
        "per_district": call.per_district,
        "max_staff_share_percent": call.max_staff_share_percent,
        "capital_allowed": call.capital_allowed,
        "overspend_tolerance_percent": call.overspend_tolerance_percent,
        "bonuses": call.bonuses,
        "tie_rule": call.tie_rule,
        "on_misfit": call.on_misfit,
        "grade_bands": call.grade_bands,
        "opens_at": call.opens_at,
        "closes_at": call.closes_at,
    }
    data.update(changes)
    return data


def test_rules_are_frozen_after_the_first_submission(
    seoul_call: Any, consortium_application: Any, manager: Any
) -> None:
    call = seoul_call()
    changed = services.call_update(actor=manager, call_id=call.pk, data=_data(call, min_members=2))
    assert changed.min_members == 2
    entry = AuditEntry.objects.filter(kind="grants.call_edited").get()
    assert entry.data["fields"] == ["min_members"] and entry.data["before"]["min_members"] == 3
    draft = consortium_application(call)
    # a draft does not freeze anything
    services.call_update(actor=manager, call_id=call.pk, data=_data(changed, min_members=3))
    services.application_submit(actor=draft.applicant, application_id=draft.pk)
    call = GrantCall.objects.get(pk=call.pk)
    for key, value in (
        ("min_members", 2),
        ("max_staff_share_percent", 60),
        ("bonuses", {"climate": 10}),
        ("grade_bands", [["가", 160], ["나", 0]]),
        ("overspend_tolerance_percent", 5),
    ):
        with pytest.raises(Conflict, match="frozen|동결|변경할 수 없"):
            services.call_update(actor=manager, call_id=call.pk, data=_data(call, **{key: value}))
    assert GrantCall.objects.get(pk=call.pk).min_members == 3
    later = call.closes_at + dt.timedelta(days=3)
    services.call_update(
        actor=manager,
        call_id=call.pk,
        data=_data(call, title="2021 민·민 협력 사업(연장)", closes_at=later),
    )
    call = GrantCall.objects.get(pk=call.pk)
    assert call.title.endswith("(연장)") and call.closes_at == later
    with pytest.raises(ServiceError):
        services.call_update(actor=manager, call_id=call.pk, data=_data(call, budget_won="-1"))


def test_a_call_is_edited_only_before_its_deadline_by_its_officials(
    seoul_call: Any, manager: Any, make_official: Any, places: dict[str, Any]
) -> None:
    call = seoul_call(on_misfit="skip", max_reviewers=5)
    client = Client()
    client.force_login(manager)
    form = client.get(f"/grants/manage/c/{call.pk}/edit/")
    assert form.status_code == 200 and call.title in form.content.decode()
    post = {
        "title": "새 제목",
        "budget_won": "300000000",
        "max_grant_won": "30000000",
        "max_grantees": "15",
        "min_members": "3",
        "member_kinds": ["nonprofit"],
        "district": "seoul-geumcheon-gu",
        "max_staff_share_percent": "50",
        "bonuses": "climate:5",
        "tie_rule_0": "qualitative",
        "tie_rule_1": "lower_request",
        "grade_bands": "가:170, 나:150, 다:0",
        "opens_at": timezone.localtime(call.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": timezone.localtime(call.closes_at).strftime("%Y-%m-%dT%H:%M"),
    }
    assert client.post(f"/grants/manage/c/{call.pk}/edit/", post).status_code == 302
    call = GrantCall.objects.get(pk=call.pk)
    assert call.title == "새 제목" and call.tie_rule == ["qualitative", "lower_request"]
    # rules the form does not show stay as they were
    assert (call.on_misfit, call.max_reviewers) == ("skip", 5)
    bad = client.post(f"/grants/manage/c/{call.pk}/edit/", {**post, "max_grantees": "x"})
    assert bad.status_code == 400
    other = Client()
    other.force_login(make_official(places["namgu"], "administrator"))
    assert other.get(f"/grants/manage/c/{call.pk}/edit/").status_code == 404
    GrantCall.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=5),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    with pytest.raises(Conflict):
        services.call_update(actor=manager, call_id=call.pk, data=_data(call))


@pytest.fixture
def citywide(seoul_call: Any) -> Any:
    return seoul_call(district=None, per_district=True, title="2022 서울 자치구 민·민 협력")


def _apply(call: Any, make_org: Any, lead_place: str, member_places: list[str]) -> Any:
    lead, person = make_org(lead_place)
    draft = services.application_create(
        actor=person,
        call_id=call.pk,
        organisation_id=lead.pk,
        data={"title": f"{lead.name} 사업", "requested_won": 20_000_000, "budget": budget()},
    )
    for place in member_places:
        org, helper = make_org(place)
        services.consortium_add(actor=person, application_id=draft.pk, organisation_id=org.pk)
        services.consortium_confirm(actor=helper, application_id=draft.pk, organisation_id=org.pk)
    services.application_submit(actor=person, application_id=draft.pk)
    return Application.objects.get(pk=draft.pk)


def test_a_citywide_call_means_the_applying_district(
    citywide: Any,
    make_org: Any,
    manager: Any,
    make_official: Any,
    places: dict[str, Any],
) -> None:
    with pytest.raises(ServiceError):  # a district and "by district" together make no sense
        services.call_update(
            actor=manager,
            call_id=citywide.pk,
            data=_data(citywide, district=places["geumcheon"]),
        )
    geumcheon = _apply(citywide, make_org, "gasan", ["doksan", "geumcheon"])
    gwanak = _apply(citywide, make_org, "gwanak", ["gwanak", "gwanak"])
    assert geumcheon.district == places["geumcheon"] and gwanak.district == places["gwanak"]
    # a Gwanak-gu organisation cannot join a Geumcheon-gu consortium
    lead, person = make_org("gasan")
    draft = services.application_create(
        actor=person,
        call_id=citywide.pk,
        organisation_id=lead.pk,
        data={"title": "섞인 컨소시엄", "requested_won": 20_000_000, "budget": budget()},
    )
    outsider, _helper = make_org("gwanak")
    with pytest.raises(ServiceError, match="금천구"):
        services.consortium_add(actor=person, application_id=draft.pk, organisation_id=outsider.pk)
    assert not draft.consortium.exists()

    city = Client()
    city.force_login(manager)
    body = city.get(f"/grants/manage/c/{citywide.pk}/").content.decode()
    assert geumcheon.title in body and gwanak.title in body
    district_official = make_official(places["geumcheon"], "programme_manager")
    district = Client()
    district.force_login(district_official)
    body = district.get(f"/grants/manage/c/{citywide.pk}/").content.decode()
    assert 'data-testid="district-scope"' in body
    assert geumcheon.title in body and gwanak.title not in body
    assert district.get(f"/grants/a/{geumcheon.pk}/").status_code == 200
    assert district.get(f"/grants/a/{gwanak.pk}/").status_code == 404
    # seeing is not managing: the city runs its call
    assert not has_permission(district_official, GrantPermission.MANAGE_CALL, citywide)
    assert district.post(f"/grants/manage/c/{citywide.pk}/review/").status_code == 404 or (
        GrantCall.objects.get(pk=citywide.pk).state == "open"
    )
    assert GrantCall.objects.get(pk=citywide.pk).state == "open"
    nobody = Client()
    nobody.force_login(make_official(places["namgu"], "programme_manager"))
    assert nobody.get(f"/grants/manage/c/{citywide.pk}/").status_code == 404
