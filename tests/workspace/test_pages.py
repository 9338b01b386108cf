"""The workspace pages: who may open what (role x municipality x action, deny by default), and
the officials and places rules of issue 13 through the pages and the services."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from maeul.accounts import officials as official_services
from maeul.accounts.models import Official
from maeul.auditlog.models import AuditEntry
from maeul.core.errors import NotAllowed, ServiceError
from maeul.places import services as place_services
from maeul.places.models import Municipality
from tests.conftest import PASSWORD

from .conftest import client_for

PEOPLE = [
    "anonymous",
    "resident",
    "administrator.namgu",
    "programme_manager.namgu",
    "reviewer.namgu",
    "auditor.namgu",
    "admin.geumcheon",
    "admin.seoul",
    "operator",
]
OFFICIALS = {p for p in PEOPLE if p not in ("anonymous", "resident")}
ADMINISTRATORS = {"administrator.namgu", "admin.geumcheon", "admin.seoul", "operator"}


def _expected(person: str, allowed: set[str]) -> int:
    if person == "anonymous":
        return 302
    return 200 if person in allowed else 403


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/manage/", OFFICIALS),
        ("/manage/officials/", ADMINISTRATORS),
        ("/manage/officials/new/", ADMINISTRATORS),
        ("/manage/places/", ADMINISTRATORS),
        ("/manage/places/new/", ADMINISTRATORS),
    ],
)
def test_page_access(people: dict[str, Any], person: str, url: str, allowed: set[str]) -> None:
    response = client_for(people[person]).get(url)
    assert response.status_code == _expected(person, allowed)
    if person == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("person", PEOPLE)
def test_official_record_access_in_and_out_of_scope(people: dict[str, Any], person: str) -> None:
    """Nam-gu's manager record: Nam-gu's administrator and the operator open it; other
    municipalities' administrators get 404 (they never learn it exists); others 403."""
    target = Official.objects.get(user=people["programme_manager.namgu"])
    response = client_for(people[person]).get(f"/manage/officials/{target.pk}/")
    expected = {
        "anonymous": 302,
        "administrator.namgu": 200,
        "operator": 200,
        "admin.geumcheon": 404,
        "admin.seoul": 404,
    }.get(person, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("person", PEOPLE)
def test_place_edit_access_in_and_out_of_scope(
    people: dict[str, Any], tree: dict[str, Any], person: str
) -> None:
    dong = tree["namgu-yangnim-dong"]
    response = client_for(people[person]).get(f"/manage/places/{dong.pk}/")
    expected = {
        "anonymous": 302,
        "administrator.namgu": 200,
        "operator": 200,
        "admin.geumcheon": 404,
        "admin.seoul": 404,
    }.get(person, 403)
    assert response.status_code == expected


def _create_form(place: Municipality, **extra: Any) -> dict[str, Any]:
    return {
        "username": "manager2.namgu",
        "name": "남구 담당자",
        "email": "",
        "password": PASSWORD,
        "municipality": place.pk,
        "roles": ["programme_manager"],
        "department": "자치행정과",
        **extra,
    }


@pytest.mark.parametrize(
    ("person", "place", "created"),
    [
        ("administrator.namgu", "namgu", True),
        ("administrator.namgu", "namgu-sajik-dong", True),
        ("administrator.namgu", "gwangju", False),
        ("administrator.namgu", "seoul", False),
        ("administrator.namgu", "geumcheon", False),
        ("admin.geumcheon", "namgu", False),
        ("admin.seoul", "geumcheon", True),
        ("admin.seoul", "seoul", False),
        ("admin.seoul", "namgu", False),
        ("operator", "seoul", True),
        ("programme_manager.namgu", "namgu", False),
    ],
)
def test_create_official_matrix(
    people: dict[str, Any], tree: dict[str, Any], person: str, place: str, created: bool
) -> None:
    client = client_for(people[person])
    entries = AuditEntry.objects.count()
    response = client.post("/manage/officials/new/", _create_form(tree[place]))
    exists = Official.objects.filter(user__username="manager2.namgu").exists()
    assert exists is created
    if created:
        assert response.status_code == 302
        official = Official.objects.get(user__username="manager2.namgu")
        assert official.municipality == tree[place]
        assert official.role_set() == {"programme_manager"}
        assert AuditEntry.objects.filter(kind="accounts.official_created").count() == 1
    else:
        assert response.status_code in (200, 403)
        assert AuditEntry.objects.count() == entries


def test_refusals_are_readable_in_both_languages(people: dict[str, Any], tree: dict[str, Any]):
    client = client_for(people["administrator.namgu"])
    page = client.post("/manage/officials/new/", _create_form(tree["seoul"])).content.decode()
    assert "서울특별시" in page and "범위" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.post("/manage/officials/new/", _create_form(tree["seoul"])).content.decode()
    assert "outside your scope" in page and "Seoul" in page
    seoul_admin = client_for(people["admin.seoul"])
    seoul_admin.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = seoul_admin.post("/manage/officials/new/", _create_form(tree["seoul"]))
    assert "Only the platform operator" in page.content.decode()


def _edit_form(official: Official, **changes: Any) -> dict[str, Any]:
    data = {
        "name": official.user.name or official.user.username,
        "email": "",
        "municipality": official.municipality_id,
        "roles": sorted(official.role_set()),
        "department": official.department,
        "active": "on",
    }
    data.update(changes)
    return data


def test_administrator_cannot_widen_its_own_or_anyones_scope(
    people: dict[str, Any], tree: dict[str, Any]
) -> None:
    admin = people["administrator.namgu"]
    client = client_for(admin)
    own = Official.objects.get(user=admin)
    other = Official.objects.get(user=people["programme_manager.namgu"])
    for target in (own, other):
        for place in ("seoul", "gwangju", "geumcheon"):
            response = client.post(
                f"/manage/officials/{target.pk}/", _edit_form(target, municipality=tree[place].pk)
            )
            assert response.status_code == 200
            target.refresh_from_db()
            assert target.municipality == tree["namgu"]
    # Its own municipality does not change even within its scope.
    response = client.post(
        f"/manage/officials/{own.pk}/",
        _edit_form(own, municipality=tree["namgu-sajik-dong"].pk),
    )
    assert "own municipality" in response.content.decode() or "소속" in response.content.decode()
    own.refresh_from_db()
    assert own.municipality == tree["namgu"]
    assert not AuditEntry.objects.filter(kind="accounts.official_updated").exists()


def test_administrator_edits_roles_and_moves_within_scope(
    people: dict[str, Any], tree: dict[str, Any]
) -> None:
    other = Official.objects.get(user=people["programme_manager.namgu"])
    client = client_for(people["administrator.namgu"])
    response = client.post(
        f"/manage/officials/{other.pk}/",
        _edit_form(
            other,
            municipality=tree["namgu-yangnim-dong"].pk,
            roles=["programme_manager", "reviewer"],
        ),
    )
    assert response.status_code == 302
    other = Official.objects.get(pk=other.pk)
    assert other.municipality == tree["namgu-yangnim-dong"]
    assert other.role_set() == {"programme_manager", "reviewer"}
    entry = AuditEntry.objects.get(kind="accounts.official_updated")
    assert entry.data["after"]["roles"] == ["programme_manager", "reviewer"]


def test_unknown_role_is_refused(people: dict[str, Any], tree: dict[str, Any]) -> None:
    with pytest.raises(ServiceError) as refused:
        official_services.official_create(
            actor=people["administrator.namgu"],
            username="x.namgu",
            password=PASSWORD,
            name="x",
            municipality=tree["namgu"],
            roles=["superuser"],
        )
    assert refused.value.field == "roles" and "superuser" in refused.value.message
    assert not Official.objects.filter(user__username="x.namgu").exists()


def test_deactivation_needs_confirmation_and_is_audited(
    people: dict[str, Any], tree: dict[str, Any]
) -> None:
    target = Official.objects.get(user=people["reviewer.namgu"])
    client = client_for(people["administrator.namgu"])
    url = f"/manage/officials/{target.pk}/deactivate/"
    page = client.post(url)
    assert page.status_code == 200 and 'name="confirmed"' in page.content.decode()
    target.user.refresh_from_db()
    assert target.user.is_active
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    target.user.refresh_from_db()
    assert not target.user.is_active
    assert AuditEntry.objects.filter(kind="accounts.official_deactivated").count() == 1
    own = Official.objects.get(user=people["administrator.namgu"])
    with pytest.raises(NotAllowed):
        official_services.official_deactivate(actor=people["administrator.namgu"], official=own)
    # Out of scope: 404, nothing written.
    geumcheon = client_for(people["admin.geumcheon"])
    other = Official.objects.get(user=people["auditor.namgu"])
    assert geumcheon.post(f"/manage/officials/{other.pk}/deactivate/", {"confirmed": "1"})
    other.user.refresh_from_db()
    assert other.user.is_active


def test_officials_list_shows_the_scope_only(people: dict[str, Any]) -> None:
    page = client_for(people["administrator.namgu"]).get("/manage/officials/").content.decode()
    assert "programme_manager.namgu" in page and "admin.geumcheon" not in page
    page = client_for(people["admin.seoul"]).get("/manage/officials/").content.decode()
    assert "admin.geumcheon" in page and "programme_manager.namgu" not in page


# ---- places -----------------------------------------------------------------------------------


def _place_form(parent: Municipality, **extra: Any) -> dict[str, Any]:
    return {
        "parent": parent.pk,
        "kind": "dong",
        "name": "봉선1동",
        "name_en": "Bongseon 1-dong",
        "admin_code": "",
        "sort_order": 3,
        **extra,
    }


@pytest.mark.parametrize(
    ("person", "parent", "created"),
    [
        ("administrator.namgu", "namgu", True),
        ("administrator.namgu", "geumcheon", False),
        ("administrator.namgu", "gwangju", False),
        ("admin.geumcheon", "namgu", False),
        ("admin.seoul", "geumcheon", True),
        ("operator", "namgu", True),
        ("programme_manager.namgu", "namgu", False),
    ],
)
def test_add_place_matrix(
    people: dict[str, Any], tree: dict[str, Any], person: str, parent: str, created: bool
) -> None:
    response = client_for(people[person]).post("/manage/places/new/", _place_form(tree[parent]))
    exists = Municipality.objects.filter(name_en="Bongseon 1-dong").exists()
    assert exists is created
    if created:
        assert response.status_code == 302
        place = Municipality.objects.get(name_en="Bongseon 1-dong")
        assert place.parent == tree[parent] and place.level == 3
        assert place.is_within(tree[parent])
        assert AuditEntry.objects.filter(kind="places.municipality_created").count() == 1


def test_dong_never_moves_out_of_scope(people: dict[str, Any], tree: dict[str, Any]) -> None:
    dong = tree["namgu-yangnim-dong"]
    client = client_for(people["administrator.namgu"])
    form = _place_form(tree["geumcheon"], name=dong.name, name_en=dong.name_en)
    response = client.post(f"/manage/places/{dong.pk}/", form)
    assert response.status_code == 200
    dong.refresh_from_db()
    assert dong.parent == tree["namgu"]
    assert "금천구" in response.content.decode()
    # Renaming within the scope works and is audited.
    form = _place_form(
        tree["namgu"], name="양림동", name_en="Yangrim-dong", admin_code="2915551000"
    )
    assert client.post(f"/manage/places/{dong.pk}/", form).status_code == 302
    dong.refresh_from_db()
    assert dong.name_en == "Yangrim-dong" and dong.admin_code == "2915551000"
    assert AuditEntry.objects.filter(kind="places.municipality_updated").count() == 1


def test_own_municipality_and_its_parent_are_not_editable(
    people: dict[str, Any], tree: dict[str, Any]
) -> None:
    admin = people["administrator.namgu"]
    client = client_for(admin)
    assert client.get(f"/manage/places/{tree['namgu'].pk}/").status_code == 404
    assert client.get(f"/manage/places/{tree['gwangju'].pk}/").status_code == 404
    with pytest.raises(NotAllowed):
        place_services.municipality_update(
            actor=admin,
            municipality=tree["namgu"],
            name="남구",
            name_en="Nam-gu",
            parent=tree["seoul"],
        )
    tree["namgu"].refresh_from_db()
    assert tree["namgu"].parent == tree["gwangju"]


def test_bad_administrative_code_is_a_form_error(
    people: dict[str, Any], tree: dict[str, Any]
) -> None:
    client = client_for(people["administrator.namgu"])
    response = client.post("/manage/places/new/", _place_form(tree["namgu"], admin_code="12ab"))
    assert response.status_code == 200
    assert not Municipality.objects.filter(name_en="Bongseon 1-dong").exists()
