"""People of the workspace tests: Nam-gu's officials of every role, a Geumcheon-gu and a
Seoul administrator (out of Nam-gu's scope), a resident, the platform operator."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maeul.accounts.models import Role, User
from maeul.places.models import Municipality
from tests.conftest import PASSWORD

ROLES = [r.value for r in Role]


@pytest.fixture
def tree(places: dict[str, Any]) -> dict[str, Any]:
    for slug, name, name_en in (
        ("namgu-yangnim-dong", "양림동", "Yangnim-dong"),
        ("namgu-sajik-dong", "사직동", "Sajik-dong"),
    ):
        places[slug] = Municipality.objects.create(
            slug=slug, name=name, name_en=name_en, kind="dong", parent=places["namgu"]
        )
    return places


@pytest.fixture
def people(tree: dict[str, Any], make_official: Any, make_resident: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "anonymous": None,
        "resident": make_resident(tree["namgu"], tree["namgu-yangnim-dong"]),
        "operator": User.objects.create_superuser("operator", password=PASSWORD),
        "admin.geumcheon": make_official(
            tree["geumcheon"], "administrator", username="admin.geumcheon"
        ),
        "admin.seoul": make_official(tree["seoul"], "administrator", username="admin.seoul"),
    }
    for role in ROLES:
        found[f"{role}.namgu"] = make_official(tree["namgu"], role, username=f"{role}.namgu")
    return found


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
