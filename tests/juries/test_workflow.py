"""Recruitment (web, phone, CSV), sessions, subgroups, reviews, opinions and publication, and
the permission matrix of the jury screens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from maeul.accounts.permissions import has_permission
from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.juries import services
from maeul.juries.models import Volunteer, VolunteerStatus
from maeul.pledges.models import Pledge, PledgeField, PledgeGoal
from tests.conftest import PASSWORD


def test_web_application_by_residents(
    jury_factory: Any, places: dict[str, Any], make_resident: Any
) -> None:
    jury = jury_factory(pool=0)
    resident = make_resident(places["geumcheon"], places["gasan"], birth_year=1990)
    volunteer = services.volunteer_apply(
        actor=resident,
        jury=jury,
        dong=None,
        phone="010-3333-0000",
        contact_by="sms",
        consent=True,
    )
    assert (volunteer.channel, volunteer.dong, volunteer.gender) == (
        "web",
        places["gasan"],
        "female",
    )
    with pytest.raises(Conflict):
        services.volunteer_apply(
            actor=resident, jury=jury, dong=None, phone="", contact_by="sms", consent=True
        )
    young = make_resident(places["geumcheon"], places["doksan"], birth_year=2005)
    with override("en"), pytest.raises(ServiceError) as caught:
        services.volunteer_apply(
            actor=young, jury=jury, dong=None, phone="", contact_by="sms", consent=True
        )
    assert caught.value.field == "birth_year" and "18" in caught.value.message
    outsider = make_resident(places["gwanak"])
    with pytest.raises(PermissionDenied):
        services.volunteer_apply(
            actor=outsider, jury=jury, dong=None, phone="", contact_by="sms", consent=True
        )
    no_consent = make_resident(places["geumcheon"], places["gasan"])
    with pytest.raises(ServiceError) as caught:
        services.volunteer_apply(
            actor=no_consent, jury=jury, dong=None, phone="", contact_by="sms", consent=False
        )
    assert caught.value.field == "consent"

    client = Client()
    client.force_login(make_resident(places["geumcheon"], places["doksan"], birth_year=1970))
    response = client.post(
        f"/juries/jury/{jury.pk}/apply/",
        {
            "dong": places["doksan"].pk,
            "phone": "010-4444-0000",
            "contact_by": "phone",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert jury.volunteers.count() == 2


def test_phone_intake_and_csv_errors(jury_factory: Any, places: dict[str, Any]) -> None:
    jury = jury_factory(pool=0)
    services.volunteer_intake(
        actor=jury.admin,
        jury=jury,
        name="홍길동",
        phone="010-1",
        birth_year=1960,
        gender="male",
        dong=places["doksan"],
        contact_by="phone",
        consent=True,
    )
    bad = (
        "name,phone,birth_year,gender,dong,contact_by,consent\n"
        "김하나,010-9,1980,female,가산동,sms,yes\n"
        "이둘,010-8,19x0,female,가산동,sms,yes\n"
        "박셋,010-7,1980,unknown,관악동,fax,no\n"
        "최넷,010-9,2010,male,독산1동,sms,yes\n"
    )
    with override("en"), pytest.raises(ServiceError) as caught:
        services.volunteers_import_csv(actor=jury.admin, jury=jury, text=bad)
    message = caught.value.message
    for expected in (
        "Row 3, column birth_year",
        "Row 4, column gender",
        "Row 4, column dong",
        "Row 4, column contact_by",
        "Row 4, column consent",
        "Row 5, column phone",
        "Row 5, column birth_year",
    ):
        assert expected in message, expected
    assert jury.volunteers.count() == 1  # all or nothing
    with pytest.raises(ServiceError) as caught:
        services.volunteers_import_csv(actor=jury.admin, jury=jury, text="name,phone\n")
    assert caught.value.field == "file"
    with override("en"), pytest.raises(ServiceError) as caught:
        services.volunteers_import_csv(actor=jury.admin, jury=jury, text="")
    assert caught.value.message.startswith("Row 1: missing columns: name, phone")


def test_pool_file_is_read_as_the_spreadsheet_shows_it(jury_factory: Any) -> None:
    """The shared table reader: headers matched whatever their case and spacing, blank rows
    skipped but counted, so a message names the row the official sees."""
    jury = jury_factory(pool=0)
    text = (
        " Name ,PHONE,birth_year,Gender,dong,contact_by,consent\n"
        "김하나,010-9,1980,여,가산동,sms,예\n"
        ",,,,,,\n"
        "이둘,010-8,19x0,남,가산동,sms,예\n"
    )
    with override("en"), pytest.raises(ServiceError) as caught:
        services.volunteers_import_csv(actor=jury.admin, jury=jury, text=text)
    assert caught.value.message == "Row 4, column birth_year: not a year"
    fixed = text.replace("19x0", "1990")
    assert services.volunteers_import_csv(actor=jury.admin, jury=jury, text=fixed) == 2
    assert sorted(jury.volunteers.values_list("gender", flat=True)) == ["female", "male"]


def _pledges(municipality: Any, count: int) -> list[Pledge]:
    goal = PledgeGoal.objects.create(municipality=municipality, name="목표")
    field = PledgeField.objects.create(goal=goal, name="분야")
    return [
        Pledge.objects.create(municipality=municipality, field=field, number=n, title=f"공약{n}")
        for n in range(1, count + 1)
    ]


def test_sessions_subgroups_reviews_and_publication(
    jury_factory: Any, places: dict[str, Any], make_resident: Any, make_official: Any
) -> None:
    pledges = _pledges(places["geumcheon"], 8)
    jury = jury_factory()
    admin = jury.admin
    services.jury_draw(actor=admin, jury=jury, seed=5)
    today = timezone.localdate()
    services.jury_term_set(
        actor=admin,
        jury=jury,
        start=today - dt.timedelta(days=10),
        end=today + dt.timedelta(days=60),
    )
    with pytest.raises(ServiceError):
        services.session_schedule(
            actor=admin, jury=jury, held_on=today + dt.timedelta(days=61), title="밖"
        )
    groups = services.subgroups_form(actor=admin, jury=jury, count=4)
    assert [g.members.count() for g in groups] == [3, 3, 2, 2]
    assert [g.pledges.count() for g in groups] == [2, 2, 2, 2]

    juror = jury.volunteers.filter(status=VolunteerStatus.JUROR).order_by("code").first()
    user = make_resident(places["geumcheon"], places["gasan"])
    Volunteer.objects.filter(pk=juror.pk).update(user=user)
    own, other = pledges[0], pledges[1]  # subgroup 1 has pledges 1 and 5
    with pytest.raises(NotAllowed):
        services.review_submit(actor=user, jury=jury, pledge=other, grade="A")
    with override("en"), pytest.raises(ServiceError) as caught:
        services.review_submit(actor=user, jury=jury, pledge=own, grade="Z")
    assert caught.value.field == "grade"
    stranger = make_resident(places["geumcheon"], places["gasan"])
    with pytest.raises(NotAllowed):
        services.review_submit(actor=stranger, jury=jury, pledge=own, grade="A")
    services.review_submit(
        actor=user, jury=jury, pledge=own, grade="B", comments="좋음", recommendation="advise"
    )
    services.review_submit(actor=user, jury=jury, pledge=own, grade="A", recommendation="adjust")
    assert jury.reviews.get().grade == "A"  # one review per juror and pledge, updated

    opinion = services.opinion_prepare(
        actor=admin,
        jury=jury,
        pledge=own,
        grade="A",
        text="잘 추진되고 있음",
        recommendation="recommend",
    )
    assert opinion.reviews_count == 1
    with pytest.raises(Conflict):  # no session held yet
        services.opinion_publish(actor=admin, opinion=opinion)
    assert "잘 추진되고 있음" not in Client().get(f"/juries/jury/{jury.pk}/").content.decode()
    assert Client().get(f"/api/juries/{jury.pk}/opinions").json()["items"] == []

    session = services.session_schedule(actor=admin, jury=jury, held_on=today, title="평가회의")
    present = list(jury.volunteers.filter(status="juror").values_list("pk", flat=True))[:7]
    assert services.attendance_record(actor=admin, session=session, present_ids=present) == 7
    assert session.attendance.count() == 10
    services.opinion_answer(actor=admin, opinion=opinion, answer="권고를 반영하겠습니다")
    services.opinion_publish(actor=admin, opinion=opinion)
    page = Client().get(f"/juries/jury/{jury.pk}/").content.decode()
    assert "잘 추진되고 있음" in page and "권고를 반영하겠습니다" in page
    sheet = Client().get(f"/pledges/{places['geumcheon'].slug}/1/").content.decode()
    assert "잘 추진되고 있음" in sheet
    api = Client().get(f"/api/juries/{jury.pk}/opinions").json()
    assert [(o["pledge_number"], o["grade"]) for o in api["items"]] == [(1, "A")]
    with pytest.raises(Conflict):  # published: the reviews are closed for this pledge
        services.review_submit(actor=user, jury=jury, pledge=own, grade="C")

    other_official = make_official(places["gwanak"], "administrator")
    with pytest.raises(PermissionDenied):
        services.opinion_answer(actor=other_official, opinion=opinion, answer="x")


ACTORS = ["anonymous", "resident", "admin_here", "auditor_here", "admin_elsewhere"]
# permission name -> who holds it (on the jury's municipality, or the jury for apply/review)
MATRIX = {
    # juries are public: the rule answers for anonymous visitors as for everyone else
    "juries.view": set(ACTORS),
    # the organisers' pages exist for officials in scope (403 without the role), else 404
    "juries.view_backoffice": {"admin_here", "auditor_here"},
    "juries.manage": {"admin_here"},
    "juries.draw": {"admin_here"},
    "juries.answer": {"admin_here"},
    "juries.apply": {"resident"},
    "pledges.view": set(ACTORS),
    "pledges.edit": {"admin_here"},
    "pledges.import_table": {"admin_here"},
    "pledges.review_report": {"admin_here"},
    "pledges.submit_report": {"admin_here", "auditor_here"},
    "pledges.view_backoffice": {"admin_here", "auditor_here"},
}
PAGES = {
    # url pattern -> expected status per actor (GET)
    "/juries/jury/{id}/": dict.fromkeys(ACTORS, 200),
    "/juries/jury/{id}/manage/": {
        "anonymous": 302,
        "resident": 404,
        "admin_here": 200,
        "auditor_here": 403,
        "admin_elsewhere": 404,
    },
    "/juries/jury/{id}/draw/": {
        "anonymous": 302,
        "resident": 404,
        "admin_here": 200,
        "auditor_here": 403,
        "admin_elsewhere": 404,
    },
    "/juries/jury/{id}/opinions/": {
        "anonymous": 302,
        "resident": 404,
        "admin_here": 200,
        "auditor_here": 403,
        "admin_elsewhere": 404,
    },
    "/juries/jury/{id}/apply/": {
        "anonymous": 302,
        "resident": 200,
        "admin_here": 403,
        "auditor_here": 403,
        "admin_elsewhere": 403,
    },
    "/juries/jury/{id}/review/": {
        "anonymous": 302,
        "resident": 403,
        "admin_here": 403,
        "auditor_here": 403,
        "admin_elsewhere": 403,
    },
    "/pledges/seoul-geumcheon-gu/import/": {
        "anonymous": 302,
        "resident": 403,
        "admin_here": 200,
        "auditor_here": 403,
        "admin_elsewhere": 403,
    },
    "/pledges/seoul-geumcheon-gu/reports/": {
        "anonymous": 302,
        "resident": 403,
        "admin_here": 200,
        "auditor_here": 200,
        "admin_elsewhere": 403,
    },
}


@pytest.fixture
def actors(places: dict[str, Any], make_resident: Any, make_official: Any) -> dict[str, Any]:
    from django.contrib.auth.models import AnonymousUser

    return {
        "anonymous": AnonymousUser(),
        "resident": make_resident(places["geumcheon"], places["gasan"]),
        "admin_here": make_official(places["geumcheon"], "administrator"),
        "auditor_here": make_official(places["geumcheon"], "auditor"),
        "admin_elsewhere": make_official(places["gwanak"], "administrator"),
    }


def test_permission_matrix(jury_factory: Any, actors: dict[str, Any]) -> None:
    jury = jury_factory(pool=0)
    for name, holders in MATRIX.items():
        target = jury if name == "juries.apply" else jury.municipality
        for actor, user in actors.items():
            assert has_permission(user, name, target) == (actor in holders), (name, actor)
    for pattern, expected in PAGES.items():
        url = pattern.format(id=jury.pk)
        for actor, user in actors.items():
            client = Client()
            if actor != "anonymous":
                client.force_login(user)
            assert client.get(url).status_code == expected[actor], (url, actor)


def test_services_refuse_outsiders(jury_factory: Any, actors: dict[str, Any]) -> None:
    jury = jury_factory()
    for actor in ("resident", "auditor_here", "admin_elsewhere"):
        with pytest.raises(PermissionDenied):
            services.jury_draw(actor=actors[actor], jury=jury, seed=1)
        with pytest.raises(PermissionDenied):
            services.quotas_edit(actor=actors[actor], jury=jury, ranges={})
    client = Client()
    client.login(username="jury.admin", password=PASSWORD)
    assert client.get("/juries/jury/987654/manage/").status_code == 404


def test_pool_file_saved_by_korean_excel_is_read(jury_factory: Any) -> None:
    """Korean Excel saves "CSV" in CP949; the upload is read all the same."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    jury = jury_factory(pool=0)
    text = (
        "name,phone,birth_year,gender,dong,contact_by,consent\n김하나,010-9,1980,여,가산동,sms,예\n"
    )
    client = Client()
    client.force_login(jury.admin)
    upload = SimpleUploadedFile("pool.csv", text.encode("cp949"), "text/csv")
    response = client.post(f"/juries/jury/{jury.pk}/import/", {"file": upload})
    assert response.status_code == 302
    assert list(jury.volunteers.values_list("name", flat=True)) == ["김하나"]
