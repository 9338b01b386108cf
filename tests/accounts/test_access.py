"""The one access helper and the permission enums (issue 14): ``get_authorised`` answers 404
outside scope exactly as for a missing row, locks when asked, and every enum member names a
registered rule while every registered rule is an enum member."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import Http404

from maeul.accounts.permissions import Permission, get_authorised, has_permission, registered
from maeul.accounts.rules import PlatformPermission
from maeul.places.models import Municipality

pytestmark = pytest.mark.django_db


def _members() -> dict[str, type[Permission]]:
    found: dict[str, type[Permission]] = {}
    pending = list(Permission.__subclasses__())
    while pending:
        enum = pending.pop()
        pending.extend(enum.__subclasses__())
        for member in enum:
            assert member.value not in found, f"{member.value} in {enum} and {found[member.value]}"
            found[member.value] = enum
    return found


def test_every_member_is_registered_and_every_rule_is_a_member() -> None:
    members = _members()
    rules = registered()
    assert sorted(set(members) - set(rules)) == []
    assert sorted(set(rules) - set(members)) == []
    assert len(members) >= 40


def test_members_are_the_registered_strings(places: dict[str, Any], make_official: Any) -> None:
    official = make_official(places["geumcheon"], "administrator")
    assert PlatformPermission.ADD_PLACE == "places.add_place"
    assert has_permission(official, PlatformPermission.ADD_PLACE, places["gasan"])
    assert has_permission(official, "places.add_place", places["gasan"])


def test_get_authorised_answers_404_outside_scope_like_a_missing_row(
    places: dict[str, Any], make_official: Any
) -> None:
    official = make_official(places["geumcheon"], "administrator")
    rows = Municipality.objects.all()
    inside = get_authorised(rows, official, places["gasan"].pk, PlatformPermission.ADD_PLACE)
    assert inside == places["gasan"]
    for pk in (places["gwanak"].pk, 10**9, "not-a-number", None):
        with pytest.raises(Http404):
            get_authorised(rows, official, pk, PlatformPermission.ADD_PLACE)


def test_rules_decide_for_anonymous_visitors(places: dict[str, Any]) -> None:
    rows = Municipality.objects.all()
    anonymous = AnonymousUser()
    public = get_authorised(rows, anonymous, places["namgu"].pk, "places.view_municipality")
    assert public == places["namgu"]
    with pytest.raises(Http404):
        get_authorised(rows, anonymous, places["namgu"].pk, PlatformPermission.ADD_PLACE)


def test_get_authorised_locks_inside_a_transaction(
    places: dict[str, Any], make_official: Any
) -> None:
    official = make_official(places["geumcheon"], "administrator")
    with transaction.atomic():
        row = get_authorised(
            Municipality.objects.select_related("parent"),
            official,
            places["gasan"].pk,
            PlatformPermission.CHANGE_MUNICIPALITY,
            lock=True,
        )
        assert row == places["gasan"]
