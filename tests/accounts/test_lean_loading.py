"""The session read (maeul/core/sessions.py) and the account read (``MaeulBackend.get_user``) of
every signed-in request are plain SQL: they must answer exactly as Django's ORM versions do —
expired, unknown or deleted sessions and inactive or changed accounts sign nobody in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maeul.accounts.backends import MaeulBackend
from maeul.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _signed_in(client: Client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == 200


def _fields(user: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(user).items() if not k.startswith("_")}


def test_account_read_equals_the_orm_read(places: Any, make_resident: Any) -> None:
    user = make_resident(places["geumcheon"], username="주민.lean")
    user.name = '김 "따옴표" 주민'
    user.last_login = timezone.now()
    user.save()
    lean = MaeulBackend().get_user(user.pk)
    orm = ModelBackend().get_user(user.pk)
    assert lean is not None and _fields(lean) == _fields(orm)
    assert lean._state.adding is False and lean._state.db == "default"
    assert MaeulBackend().get_user(str(user.pk)).pk == user.pk  # as stored in the session
    assert MaeulBackend().get_user(10**12) is None
    user.is_active = False
    user.save()
    assert MaeulBackend().get_user(user.pk) is None


def test_session_read_equals_the_orm_read() -> None:
    django_store = DjangoSessionStore()
    django_store["k"] = ["value", 1]
    django_store.create()
    key = django_store.session_key
    assert SessionStore(key).load() == {"k": ["value", 1]}
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(key)
    assert expired.load() == {} and expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {} and unknown.session_key is None


def test_sign_in_and_every_way_out(places: Any, make_resident: Any) -> None:
    user = make_resident(places["geumcheon"])
    client = Client()
    client.force_login(user)
    assert _signed_in(client)
    # An expired session signs nobody in.
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert not _signed_in(client)
    # A deleted session (logging out elsewhere, an administrator) signs nobody in.
    client.force_login(user)
    assert _signed_in(client)
    Session.objects.all().delete()
    assert not _signed_in(client)
    # A changed password ends the other sessions (the session's hash no longer matches).
    client.force_login(user)
    user.set_password("another-long-password-77")
    user.save()
    assert not _signed_in(client)
    # A deactivated account is signed out.
    client.force_login(user)
    assert _signed_in(client)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert not _signed_in(client)
