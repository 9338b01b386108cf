"""The course certificate as PDF: it opens (pypdf), names the learner and the course, and
only the learner or officials of the scope may download it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from maeul.outreach import services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_certificate_pdf(
    course: Any, manager: Any, places: Any, make_resident: Any, make_official: Any
) -> None:
    learner = make_resident(places["geumcheon"])
    enrolment = course.enrolments.get(name="수강생1")
    enrolment.user = learner
    enrolment.save()
    url = f"/outreach/certificate/{enrolment.pk}/pdf/"
    client = Client()
    client.login(username=learner.username, password=PASSWORD)
    assert client.get(url).status_code == 404  # not completed yet
    for session in course.sessions.order_by("number")[:2]:
        services.attendance_record(
            actor=manager, session_id=session.pk, enrolment_ids=[enrolment.pk]
        )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    enrolment.refresh_from_db()
    assert "수강생1" in text
    assert "자치분권 학교" in text
    assert enrolment.certificate_number in text
    assert "금천구" in text
    other = Client()
    other.login(username=make_resident(places["geumcheon"]).username, password=PASSWORD)
    assert other.get(url).status_code == 404
    outsider = Client()
    outsider.login(username=make_official(places["gwanak"]).username, password=PASSWORD)
    assert outsider.get(url).status_code == 404
