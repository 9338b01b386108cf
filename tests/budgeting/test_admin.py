"""The operator's admin: the platform operator sets cycles up through the services; rules
render read-only once voting opened; officials get no admin at all (they use /pb/manage/)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from maeul.auditlog.models import AuditEntry
from maeul.budgeting.models import Cycle

from .conftest import advance_to


def _operator() -> Any:
    from maeul.accounts.models import User

    return User.objects.create_superuser("operator", password="operator-password-1")


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(cycle: Cycle, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "budget_year": cycle.budget_year,
        "title": cycle.title,
        "total_amount_won": cycle.total_amount_won,
        "committee_weight_percent": cycle.committee_weight_percent,
        "share_basis": cycle.share_basis,
        "on_misfit": cycle.on_misfit,
        "pool_leftovers": "",
        "general_track_amount_won": cycle.general_track_amount_won,
    }
    for prefix, rows in (
        ("types", cycle.types.all()),
        ("groups", cycle.groups.all()),
        ("windows", cycle.windows.all()),
        ("summary", []),
    ):
        rows = list(rows)
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(rows),
                f"{prefix}-INITIAL_FORMS": len(rows),
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-cycle"] = cycle.pk
            for field in (
                "code",
                "name",
                "name_en",
                "cap_won",
                "max_picks",
                "sort_order",
                "phase",
                "starts_on",
                "ends_on",
            ):
                if hasattr(row, field):
                    data[f"{prefix}-{i}-{field}"] = getattr(row, field)
    data.update(changes)
    return data


def test_operator_edits_rules_through_the_services(cycle: Cycle, manager: Any) -> None:
    client = _login(_operator())
    assert client.get(reverse("admin:budgeting_cycle_changelist")).status_code == 200
    url = reverse("admin:budgeting_cycle_change", args=[cycle.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(cycle, title="새 제목", **{"groups-0-cap_won": 240_000_000}))
    assert response.status_code == 302, response.content.decode()[:2000]
    cycle.refresh_from_db()
    assert cycle.title == "새 제목"
    assert cycle.groups.get(code="transport").cap_won == 240_000_000
    assert AuditEntry.objects.filter(kind="budgeting.rules_changed").exists()
    response = client.post(url, _form(cycle, **{"groups-0-cap_won": 900_000_000}), follow=True)
    assert "1,000,000,000" in response.content.decode()
    assert cycle.groups.get(code="transport").cap_won == 240_000_000


def test_rules_are_read_only_after_voting_opened(cycle: Cycle, manager: Any) -> None:
    cycle = advance_to(cycle, manager, "voting")
    client = _login(_operator())
    url = reverse("admin:budgeting_cycle_change", args=[cycle.pk])
    page = client.get(url).content.decode()
    assert 'name="total_amount_won"' not in page and 'name="groups-0-cap_won"' not in page
    client.post(url, _form(cycle, total_amount_won=5))
    assert Cycle.objects.get(pk=cycle.pk).total_amount_won == 1_000_000_000


def test_officials_get_no_admin(
    cycle: Cycle, places: dict[str, Any], make_official: Any, manager: Any
) -> None:
    for official in (manager, make_official(places["gwanak"], "administrator")):
        client = _login(official)
        for url in (
            reverse("admin:budgeting_cycle_changelist"),
            reverse("admin:budgeting_cycle_change", args=[cycle.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_bodies_linked_through_the_service(cycle: Cycle, manager: Any) -> None:
    """The cycle's form links the committee and support group of the governance register
    (only PB committees of the scope are offered) through ``cycle_bodies_set``."""
    from maeul.governance import services as governance

    client = _login(_operator())
    for name in ["proposal", "committeevote", "dongmeeting", "resultrun"]:
        assert client.get(reverse(f"admin:budgeting_{name}_changelist")).status_code == 200, name
    committee = governance.body_create(
        actor=manager, municipality=cycle.municipality, name="위원회", kind="pb_committee"
    )
    support = governance.body_create(
        actor=manager, municipality=cycle.municipality, name="참여단", kind="working_group"
    )
    url = reverse("admin:budgeting_cycle_change", args=[cycle.pk])
    page = client.get(url).content.decode()
    assert f'<option value="{committee.pk}">' in page
    form = _form(cycle, committee_body=committee.pk, support_body=support.pk)
    assert client.post(url, form).status_code == 302
    cycle.refresh_from_db()
    assert (cycle.committee_body, cycle.support_body) == (committee, support)
    assert AuditEntry.objects.filter(kind="budgeting.bodies_linked").count() == 1
