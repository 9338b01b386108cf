"""Pages and API of outreach: public pages render the figures, a resident signs up, an
official records through the page, bad input answers 400 with the reason, the API pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from maeul.outreach.models import AutonomySignup, Post, Record
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def test_public_pages(team: Any, course: Any, programme: Any, places: Any, manager: Any) -> None:
    from maeul.outreach import services

    reporter = team.reporters.get(name="기자A")
    services.post_record(
        actor=manager,
        reporter_id=reporter.pk,
        data={"channel": "sns", "posted_on": "2021-05-05", "url": "https://sns.example.com/1"},
    )
    services.record_create(
        actor=manager,
        municipality=places["geumcheon"],
        data={
            "kind": "lawsuit",
            "category": "civil",
            "outcome": "lost",
            "year": "2020",
            "title": "사건",
        },
    )
    slug = places["geumcheon"].slug
    client = Client()
    index = client.get(f"/outreach/{slug}/").content.decode()
    assert "지원 2명, 선발 1명" in index and "2021-05" in index
    team_page = client.get(f"/outreach/team/{team.pk}/").content.decode()
    assert 'id="applied">2<' in team_page and 'id="selected">1<' in team_page
    assert "https://sns.example.com/1" in team_page
    course_page = client.get(f"/outreach/course/{course.pk}/").content.decode()
    assert 'id="sessions">3<' in course_page and 'id="enrolled">2<' in course_page
    assert "출석 기록 없음" in course_page
    assert "요가" in client.get(f"/outreach/{slug}/programmes/").content.decode()
    records = client.get(f"/outreach/{slug}/records/?kind=lawsuit&year=2020").content.decode()
    assert "0.0%" in records  # one lost case: 0 of 1 closed
    for junk in ("?kind=x&year=abc&category=zzz", "?year=99999999999999999999"):
        assert client.get(f"/outreach/{slug}/records/{junk}").status_code == 200
    assert client.get("/outreach/no-such-place/").status_code == 404
    assert client.get(f"/outreach/manage/{slug}/").status_code == 302  # sign in first


def test_resident_signs_up_on_the_page(programme: Any, places: Any, make_resident: Any) -> None:
    resident = make_resident(places["geumcheon"])
    client = _client(resident)
    answer = client.post(f"/outreach/programme/{programme.pk}/sign-up/", follow=True)
    assert "신청했습니다." in answer.content.decode()
    assert AutonomySignup.objects.filter(user=resident).count() == 1
    again = client.post(f"/outreach/programme/{programme.pk}/sign-up/", follow=True)
    assert "이미 신청한 프로그램입니다." in again.content.decode()
    assert Client().post(f"/outreach/programme/{programme.pk}/sign-up/").status_code == 302


def test_official_records_through_the_page(team: Any, manager: Any, places: Any) -> None:
    client = _client(manager)
    url = f"/outreach/manage/{places['geumcheon'].slug}/"
    reporter = team.reporters.get(name="기자A")
    bad = client.post(
        url,
        {"action": "post", "reporter": reporter.pk, "channel": "blog", "posted_on": "2030-01-01",
         "url": "https://b.example.com/1"},
    )  # fmt: skip
    assert bad.status_code == 400
    assert "활동 기간" in bad.content.decode()
    assert not Post.objects.exists()
    good = client.post(
        url,
        {"action": "post", "reporter": reporter.pk, "channel": "blog", "posted_on": "2021-06-01",
         "url": "https://b.example.com/1"},
    )  # fmt: skip
    assert good.status_code == 302 and Post.objects.count() == 1
    assert client.post(url, {"action": "nonsense"}).status_code == 400


def test_records_import_file(manager: Any, places: Any) -> None:
    client = _client(manager)
    url = f"/outreach/manage/{places['geumcheon'].slug}/"
    header = "kind,category,outcome,year,title\n"
    bad = SimpleUploadedFile(
        "r.csv", (header + "lawsuit,civil,won,2020,a\nlawsuit,civil,maybe,2020,b\n").encode()
    )
    answer = client.post(url, {"action": "records_import", "file": bad})
    assert answer.status_code == 400 and "3행" in answer.content.decode()
    assert not Record.objects.exists()
    binary = SimpleUploadedFile("r.xlsx", b"not a workbook")
    assert client.post(url, {"action": "records_import", "file": binary}).status_code == 400
    latin = SimpleUploadedFile("r.csv", "kind\nl\xe9\n".encode("latin-1"))
    assert client.post(url, {"action": "records_import", "file": latin}).status_code == 400
    good = SimpleUploadedFile("r.csv", (header + "local_law,ordinance,,2020,조례\n").encode())
    assert client.post(url, {"action": "records_import", "file": good}).status_code == 302
    assert Record.objects.count() == 1


def test_xlsx_import(manager: Any, places: Any) -> None:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["kind", "category", "outcome", "year", "title", "count"])
    sheet.append(["audit_document", "document", None, 2020, "감사자료", 1539])
    data = io.BytesIO()
    book.save(data)
    client = _client(manager)
    upload = SimpleUploadedFile("r.xlsx", data.getvalue())
    answer = client.post(
        f"/outreach/manage/{places['geumcheon'].slug}/",
        {"action": "records_import", "file": upload},
    )
    assert answer.status_code == 302
    assert Record.objects.get().count == 1539


def test_api_lists(course: Any, programme: Any, places: Any, manager: Any) -> None:
    from maeul.outreach import services

    services.record_create(
        actor=manager,
        municipality=places["geumcheon"],
        data={
            "kind": "lawsuit",
            "category": "civil",
            "outcome": "partial",
            "year": "2019",
            "title": "사건",
        },
    )
    client = Client()
    courses = client.get("/api/outreach/seoul-geumcheon-gu/courses").json()
    assert courses["count"] == 1
    assert courses["items"][0] | {"id": 0} == {
        "id": 0, "title": "자치분권 학교", "year": 2021, "mode": "offline", "sessions": 3,
        "enrolled": 2, "completed": None, "capacity": 3,
    }  # fmt: skip
    lawsuits = client.get("/api/outreach/1154500000/lawsuits").json()["items"]
    assert lawsuits[-1] == {
        "period": "2019–2019", "filed": 1, "won": 1, "lost": 0, "pending": 0,
        "win_rate_percent": "100.0",
    }  # fmt: skip
    programmes = client.get("/api/outreach/seoul-geumcheon-gu/programmes?limit=1").json()
    assert programmes["count"] == 1 and programmes["items"][0]["signed_up"] == 0
    assert client.get("/api/outreach/seoul-geumcheon-gu/records?kind=x").status_code == 404
    assert client.get("/api/outreach/seoul-geumcheon-gu/records?year=99999").status_code == 404
    assert client.get("/api/outreach/nowhere/posts").status_code == 404


def test_official_enrols_through_the_page(course: Any, manager: Any, places: Any) -> None:
    client = _client(manager)
    url = f"/outreach/manage/{places['geumcheon'].slug}/"
    assert (
        client.post(url, {"action": "enrol", "course": course.pk, "name": "수강생3"}).status_code
        == 302
    )
    full = client.post(url, {"action": "enrol", "course": course.pk, "name": "수강생4"})
    assert full.status_code == 400 and "정원이 찼습니다" in full.content.decode()
    assert course.enrolments.count() == 3
