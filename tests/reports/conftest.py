"""Fixtures: Nam-gu's report handler, a citizen auditor with a running term, and filing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def handler(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["namgu"], "programme_manager", username="namgu.handler")


@pytest.fixture
def other_handler(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["geumcheon"], "administrator", username="geumcheon.admin")


@pytest.fixture
def auditor_body(places: dict[str, Any]) -> Any:
    from maeul.governance.models import Body

    return Body.objects.create(
        municipality=places["namgu"], name="남구 시민감사관", kind="citizen_auditors"
    )


def _term(body: Any, user: Any, start: dt.date, end: dt.date) -> Any:
    from maeul.governance.models import Membership

    return Membership.objects.create(
        body=body,
        user=user,
        person_name=user.username,
        sector="civil",
        gender="female",
        appointment="commissioned",
        term_start=start,
        term_end=end,
    )


@pytest.fixture
def citizen_auditor(auditor_body: Any, make_resident: Any, places: dict[str, Any]) -> Any:
    from django.utils import timezone

    user = make_resident(places["namgu"], username="citizen.auditor")
    today = timezone.localdate()
    _term(auditor_body, user, today - dt.timedelta(days=100), today + dt.timedelta(days=600))
    return user


@pytest.fixture
def past_auditor(auditor_body: Any, make_resident: Any, places: dict[str, Any]) -> Any:
    user = make_resident(places["namgu"], username="past.auditor")
    _term(auditor_body, user, dt.date(2018, 6, 1), dt.date(2020, 5, 31))
    return user


@pytest.fixture
def file_report(places: dict[str, Any]) -> Any:
    from django.contrib.auth.models import AnonymousUser

    from maeul.reports import services

    def make(*, user: Any = None, anonymous: bool = True, **data: Any) -> Any:
        values = {"category": "inconvenience", "title": "가로등 고장", "text": "밤에 어둡습니다."}
        values.update(data)
        return services.report_file(
            user=user or AnonymousUser(),
            municipality=places["namgu"],
            data=values,
            anonymous=anonymous,
        )

    return make
