"""The permission matrix: who may record, read the officials' pages and see a certificate."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.test import Client

from maeul.core.errors import NotAllowed
from maeul.outreach import services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

DATA = {"kind": "council_question", "category": "question", "year": "2020", "title": "질문"}


@pytest.mark.parametrize(
    ("where", "role", "may_manage", "may_view"),
    [
        ("geumcheon", "administrator", True, True),
        ("geumcheon", "programme_manager", True, True),
        ("geumcheon", "auditor", False, True),
        ("geumcheon", "reviewer", False, False),
        ("seoul", "administrator", True, True),  # the city covers its districts
        ("gwanak", "administrator", False, False),
        ("gasan", "administrator", False, False),  # a dong does not cover its district
    ],
)
def test_matrix(
    places: Any, make_official: Any, where: str, role: str, may_manage: bool, may_view: bool
) -> None:
    official = make_official(places[where], role)
    geumcheon = places["geumcheon"]
    if may_manage:
        services.record_create(actor=official, municipality=geumcheon, data=DATA)
    else:
        with pytest.raises(NotAllowed):
            services.record_create(actor=official, municipality=geumcheon, data=DATA)
    client = Client()
    client.login(username=official.username, password=PASSWORD)
    page = client.get(f"/outreach/manage/{geumcheon.slug}/")
    assert page.status_code == (200 if may_view else 403)
    posted = client.post(f"/outreach/manage/{geumcheon.slug}/", {"action": "record", **DATA})
    assert posted.status_code == (302 if may_manage else 403)


def test_other_districts_session_is_404(course: Any, places: Any, make_official: Any) -> None:
    outsider = make_official(places["gwanak"], "administrator")
    session = course.sessions.first()
    with pytest.raises(Http404):
        services.attendance_record(actor=outsider, session_id=session.pk, enrolment_ids=[])
    client = Client()
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(f"/outreach/manage/session/{session.pk}/").status_code == 404


def test_certificate_is_the_learners_own(
    course: Any, manager: Any, places: Any, make_resident: Any
) -> None:
    learner = make_resident(places["geumcheon"])
    other = make_resident(places["geumcheon"])
    enrolment = course.enrolments.get(name="수강생1")
    enrolment.user = learner
    enrolment.save()
    url = f"/outreach/certificate/{enrolment.pk}/"
    client = Client()
    client.login(username=learner.username, password=PASSWORD)
    assert client.get(url).status_code == 404  # not completed yet
    for session in course.sessions.order_by("number")[:2]:
        services.attendance_record(
            actor=manager, session_id=session.pk, enrolment_ids=[enrolment.pk]
        )
    page = client.get(url)
    assert page.status_code == 200
    enrolment.refresh_from_db()
    assert enrolment.certificate_number in page.content.decode()
    stranger = Client()
    stranger.login(username=other.username, password=PASSWORD)
    assert stranger.get(url).status_code == 404
    staff = Client()
    staff.login(username=manager.username, password=PASSWORD)
    assert staff.get(url).status_code == 200
