"""Officials' create forms (issue 20 item 3): teams, applicants and their selection,
missions, courses, sessions and council agenda items, on the officials' page of the scope;
bad input gets a message and saves nothing; each act is audited; the people concerned are
told (notices), and the agenda items' yearly statistics count them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.test import Client

from maeul.auditlog.models import AuditEntry
from maeul.notifications.models import Notice
from maeul.outreach import selectors, services
from maeul.outreach.models import AgendaItem, Course, Mission, Record, Reporter, ReporterTeam
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TEAM = {
    "action": "team",
    "name": "금천 톡톡 기자단",
    "year": "2022",
    "term_starts": "2022-03-01",
    "term_ends": "2022-12-31",
}
COURSE = {"action": "course", "title": "주민자치 학교", "year": "2022", "mode": "offline"}


def _client(user: Any) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("where", "role", "status"),
    [
        ("geumcheon", "administrator", 302),
        ("geumcheon", "programme_manager", 302),
        ("geumcheon", "auditor", 403),
        ("geumcheon", "reviewer", 403),
        ("seoul", "administrator", 302),
        ("gwanak", "administrator", 403),
    ],
)
def test_create_matrix(places: Any, make_official: Any, where: str, role: str, status: int) -> None:
    client = _client(make_official(places[where], role))
    url = f"/outreach/manage/{places['geumcheon'].slug}/"
    assert client.post(url, TEAM).status_code == status
    assert client.post(url, COURSE).status_code == status
    made = 1 if status == 302 else 0
    assert ReporterTeam.objects.filter(name=TEAM["name"]).count() == made
    assert Course.objects.filter(title=COURSE["title"]).count() == made
    assert AuditEntry.objects.filter(kind="outreach.team_created").count() == made


def test_anonymous_is_sent_to_sign_in(places: Any) -> None:
    response = Client().post(f"/outreach/manage/{places['geumcheon'].slug}/", TEAM)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not ReporterTeam.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"term_ends": "2022-01-01"}, "The term cannot end before it starts."),
        ({"term_starts": "3/1/2022"}, "YYYY-MM-DD"),
        ({"name": ""}, "This field is required."),
        ({"year": "이천이십이"}, "Give a whole number"),
    ],
)
def test_team_bad_input(places: Any, manager: Any, change: dict[str, str], message: str) -> None:
    client = _client(manager)
    client.cookies["maeul_language"] = "en"
    response = client.post(
        f"/outreach/manage/{places['geumcheon'].slug}/",
        {**TEAM, **change},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReporterTeam.objects.exists()


def test_bad_input_in_korean(places: Any, manager: Any) -> None:
    client = _client(manager)
    response = client.post(
        f"/outreach/manage/{places['geumcheon'].slug}/",
        {**COURSE, "mode": "radio"},
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 400
    assert "온라인 또는 오프라인을 고르세요." in response.content.decode()
    assert not Course.objects.exists()


def test_reporters_missions_and_notices(
    places: Any,
    manager: Any,
    team: Any,
    make_resident: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    resident = make_resident(places["geumcheon"])
    applicant = Reporter.objects.create(
        team=team, name="지원자", applied_on=dt.date(2020, 12, 1), user=resident
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.reporter_select(actor=manager, reporter_id=applicant.pk)
    with django_capture_on_commit_callbacks(execute=True):
        mission = services.mission_create(
            actor=manager,
            team_id=team.pk,
            data={"title": "가산동 골목 취재", "dong": places["gasan"].pk, "due_on": "2021-05-01"},
        )
    assert mission.dong == places["gasan"]
    kinds = sorted(Notice.objects.filter(recipient=resident).values_list("kind", flat=True))
    assert kinds == ["outreach.mission_assigned", "outreach.reporter_selected"]
    with pytest.raises(services.ServiceError):
        services.mission_create(
            actor=manager, team_id=team.pk, data={"title": "x", "dong": places["gwanak"].pk}
        )
    assert Mission.objects.count() == 1


def test_sessions_number_themselves_and_enrolment_notices(
    places: Any,
    manager: Any,
    course: Any,
    make_resident: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    session = services.session_create(
        actor=manager, course_id=course.pk, data={"title": "4강", "held_on": "2021-10-04"}
    )
    assert session.number == 4
    resident = make_resident(places["geumcheon"])
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = services.enrol(actor=manager, course_id=course.pk, name="주민", user=resident)
    with django_capture_on_commit_callbacks(execute=True):
        for s in course.sessions.order_by("number")[:2]:
            services.attendance_record(actor=manager, session_id=s.pk, enrolment_ids=[enrolment.pk])
    kinds = sorted(Notice.objects.filter(recipient=resident).values_list("kind", flat=True))
    assert kinds == ["outreach.completed", "outreach.enrolled"]


def test_waitlist_notice(
    programme: Any, places: Any, make_resident: Any, django_capture_on_commit_callbacks: Any
) -> None:
    residents = [make_resident(places["geumcheon"]) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for r in residents:
            services.sign_up(user=r, programme_id=programme.pk)
    told = dict(Notice.objects.values_list("recipient_id", "kind"))
    assert [told[r.pk] for r in residents] == [
        "outreach.signup_confirmed",
        "outreach.signup_confirmed",
        "outreach.signup_waitlisted",
    ]


def test_agenda_items_and_their_yearly_statistics(places: Any, manager: Any) -> None:
    geumcheon = places["geumcheon"]
    session = services.record_create(
        actor=manager,
        municipality=geumcheon,
        data={"kind": "council_session", "category": "regular", "year": "2020", "title": "제1차"},
    )
    for title, result in (("조례안", "passed"), ("예산안", "amended"), ("동의안", "passed")):
        services.agenda_item_create(
            actor=manager,
            session_id=session.pk,
            data={"title": title, "proposer": "구청장", "result": result},
        )
    with pytest.raises(services.ServiceError):
        services.agenda_item_create(
            actor=manager,
            session_id=session.pk,
            data={"title": "x", "proposer": "y", "result": "?"},
        )
    lawsuit = Record.objects.create(
        municipality=geumcheon,
        kind="lawsuit",
        category="civil",
        outcome="won",
        year=2020,
        title="s",
    )
    with pytest.raises(Http404):
        services.agenda_item_create(
            actor=manager,
            session_id=lawsuit.pk,
            data={"title": "x", "proposer": "y", "result": "passed"},
        )
    assert list(AgendaItem.objects.values_list("number", flat=True)) == [1, 2, 3]
    (year,) = selectors.agenda_yearly(geumcheon)
    assert (year.year, year.total, year.by_result["passed"], year.by_result["amended"]) == (
        2020,
        3,
        2,
        1,
    )
    page = Client().get(f"/outreach/{geumcheon.slug}/records/?kind=council_session")
    assert 'id="agenda-yearly"' in page.content.decode()
