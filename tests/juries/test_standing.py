"""Standing juries: the term is a setting per jury (the municipality's rule gives the first
value, no hard cap), commissioned juries are appointed without a lottery, and the jury's field
monitoring visits and half-yearly reports are public once published and only then."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils.translation import override

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict, ServiceError
from maeul.juries import services
from maeul.juries.models import Jury, JuryPhase, VolunteerStatus
from maeul.juries.rules import term_months_for
from tests.conftest import PASSWORD
from tests.juries.conftest import members_csv

pytestmark = pytest.mark.django_db

# --- the term setting ---------------------------------------------------------------------


def test_default_term_comes_from_the_municipality_rule(
    places: dict[str, Any], make_official: Any
) -> None:
    assert term_months_for(places["geumcheon"]) == 3
    assert term_months_for(places["namgu"]) == 24
    assert term_months_for(places["gwanak"]) == 12  # no rule: the fallback
    assert term_months_for(places["gasan"]) == 3  # a dong follows its district
    admin = make_official(places["namgu"], "administrator")
    jury = services.jury_create(
        actor=admin, municipality=places["namgu"], name="배심원단", recruitment_year=2020
    )
    assert jury.term_months == 24


def test_a_fifteen_month_jury_is_accepted(standing: Any) -> None:
    """Nam-gu's 5th jury sat from October 2018 through its December 2019 report: 15 months,
    which the old 90-day cap refused."""
    assert (standing.term_start, standing.term_end) == (dt.date(2018, 10, 18), dt.date(2020, 1, 17))
    assert standing.term_months == 15
    services.session_schedule(
        actor=standing.admin, jury=standing, held_on=dt.date(2019, 12, 18), title="보고회 참관"
    )
    entry = AuditEntry.objects.filter(kind="juries.term_set").latest("pk")
    assert entry.data["months"] == 15


def test_the_end_must_fit_the_jury_s_own_length(standing: Any) -> None:
    with override("en"), pytest.raises(ServiceError) as caught:
        services.jury_term_set(
            actor=standing.admin,
            jury=standing,
            start=dt.date(2018, 10, 18),
            end=dt.date(2020, 1, 18),
        )
    assert caught.value.field == "term_end"
    assert "15 months" in caught.value.message and "2020-01-17" in caught.value.message
    with override("ko"), pytest.raises(ServiceError) as caught:
        services.jury_term_set(
            actor=standing.admin,
            jury=standing,
            start=dt.date(2018, 10, 18),
            end=dt.date(2020, 1, 18),
        )
    assert "15개월" in caught.value.message
    # lengthening the setting makes the same dates acceptable: no hard cap
    services.jury_term_set(
        actor=standing.admin,
        jury=standing,
        start=dt.date(2018, 10, 18),
        end=dt.date(2021, 10, 17),
        months=36,
    )
    standing.refresh_from_db()
    assert (standing.term_months, standing.term_end) == (36, dt.date(2021, 10, 17))


@pytest.mark.parametrize(
    ("months", "end", "field"),
    [
        (0, None, "term_months"),
        (-3, None, "term_months"),
        (601, None, "term_months"),
        (12, dt.date(2018, 10, 1), "term_end"),
    ],
)
def test_a_bad_term_is_a_clear_error(standing: Any, months: int, end: Any, field: str) -> None:
    before = (standing.term_months, standing.term_start, standing.term_end)
    with override("ko"), pytest.raises(ServiceError) as caught:
        services.jury_term_set(
            actor=standing.admin,
            jury=standing,
            start=dt.date(2018, 10, 18),
            end=end,
            months=months,
        )
    assert caught.value.field == field and caught.value.message
    standing.refresh_from_db()
    assert (standing.term_months, standing.term_start, standing.term_end) == before


def test_term_page_saves_the_length_and_refuses_a_bad_one(standing: Any) -> None:
    client = Client()
    client.login(username="namgu.jury.admin", password=PASSWORD)
    url = f"/juries/jury/{standing.pk}/term/"
    response = client.post(
        url, {"term_months": "18", "term_start": "2018-10-18", "term_end": ""}, follow=True
    )
    assert response.status_code == 200
    standing.refresh_from_db()
    assert (standing.term_months, standing.term_end) == (18, dt.date(2020, 4, 17))
    client.cookies["maeul_language"] = "ko"
    response = client.post(
        url,
        {"term_months": "3", "term_start": "2018-10-18", "term_end": "2019-12-31"},
        follow=True,
    )
    assert response.status_code == 200
    assert "3개월" in response.content.decode()
    standing.refresh_from_db()
    assert standing.term_months == 18
    page = client.get(f"/juries/jury/{standing.pk}/manage/").content.decode()
    assert 'name="term_months"' in page and 'value="18"' in page


def test_jury_term_beyond_ninety_days_for_geumcheon_when_its_setting_allows(
    jury_factory: Any,
) -> None:
    jury = jury_factory(pool=0)
    assert jury.term_months == 3
    start = dt.date(2021, 5, 1)
    with pytest.raises(ServiceError):
        services.jury_term_set(actor=jury.admin, jury=jury, start=start, end=dt.date(2021, 8, 1))
    services.jury_term_set(
        actor=jury.admin, jury=jury, start=start, end=dt.date(2021, 8, 1), months=4
    )


def test_geumcheon_s_default_term_holds_to_its_ninety_days(jury_factory: Any) -> None:
    """Three calendar months from 1 May reach 31 July, day 92; the rule says 90 days."""
    jury = jury_factory(pool=0)
    start = dt.date(2021, 5, 1)
    with pytest.raises(ServiceError) as refused:
        services.jury_term_set(actor=jury.admin, jury=jury, start=start, end=dt.date(2021, 7, 30))
    assert "90" in str(refused.value) and "2021-07-29" in str(refused.value)
    services.jury_term_set(actor=jury.admin, jury=jury, start=start)
    jury.refresh_from_db()
    assert jury.term_end == dt.date(2021, 7, 29)
    assert (jury.term_end - jury.term_start).days + 1 == 90


# --- appointment without a lottery ----------------------------------------------------------


def test_appointment_seats_the_whole_pool_once(namgu: Any, make_official: Any) -> None:
    admin = make_official(namgu, "administrator")
    jury = services.jury_create(
        actor=admin, municipality=namgu, name="배심원단", recruitment_year=2020, panel_size=5
    )
    with pytest.raises(ServiceError):
        services.jury_appoint(actor=admin, jury=jury)  # empty pool
    services.volunteers_import_csv(actor=admin, jury=jury, text=members_csv(6, 2020))
    with override("en"), pytest.raises(ServiceError) as caught:
        services.jury_appoint(actor=admin, jury=jury)
    assert "6 volunteers for 5 seats" in caught.value.message
    assert jury.volunteers.filter(status=VolunteerStatus.JUROR).count() == 0
    Jury.objects.filter(pk=jury.pk).update(panel_size=6)
    jury.refresh_from_db()
    assert services.jury_appoint(actor=admin, jury=jury) == 6
    jury.refresh_from_db()
    assert jury.phase == JuryPhase.SITTING
    assert jury.volunteers.filter(status=VolunteerStatus.JUROR).count() == 6
    with pytest.raises(Conflict):
        services.jury_appoint(actor=admin, jury=jury)
    assert AuditEntry.objects.filter(kind="juries.appointed").count() == 1


# --- visits and reports -----------------------------------------------------------------------


def test_visit_rules(standing: Any, jury_factory: Any) -> None:
    group = standing.subgroups.get(number=1)
    visit = services.visit_record(
        actor=standing.admin,
        jury=standing,
        visited_on=dt.date(2019, 5, 2),
        place="푸른길 공원",
        subgroup=group,
        checked="보행로 정비",
        findings="조명 부족",
    )
    assert visit.published_at is None
    with pytest.raises(ServiceError) as caught:
        services.visit_record(
            actor=standing.admin,
            jury=standing,
            visited_on=dt.date(2020, 3, 1),  # after the term
            place="푸른길 공원",
            checked="보행로",
            findings="없음",
        )
    assert caught.value.field == "visited_on"
    with pytest.raises(ServiceError) as caught:
        services.visit_record(
            actor=standing.admin,
            jury=standing,
            visited_on=dt.date(2019, 5, 2),
            place=" ",
            checked="보행로",
            findings="없음",
        )
    assert caught.value.field == "place"
    other = jury_factory(pool=0)
    services.volunteers_import_csv  # noqa: B018 - the other jury has no subgroups; make one
    from maeul.juries.models import Subgroup

    foreign = Subgroup.objects.create(jury=other, number=1, name="1분임")
    with pytest.raises(ServiceError) as caught:
        services.visit_record(
            actor=standing.admin,
            jury=standing,
            visited_on=dt.date(2019, 5, 2),
            place="공원",
            subgroup=foreign,
            checked="보행로",
            findings="없음",
        )
    assert caught.value.field == "subgroup"
    services.visit_publish(actor=standing.admin, visit=visit)
    with pytest.raises(Conflict):
        services.visit_publish(actor=standing.admin, visit=visit)


def _report(jury: Any, **changes: Any) -> Any:
    data = {
        "year": 2019,
        "half": 1,
        "title": "2019년 상반기 점검",
        "summary": "계획대로 추진 중입니다.",
        "recommendations": "공개 확대",
        "presented_on": dt.date(2019, 7, 17),
    }
    data.update(changes)
    return services.report_save(actor=jury.admin, jury=jury, **data)


def test_report_rules(standing: Any) -> None:
    draft = _report(standing)
    again = _report(standing, title="고친 제목")
    assert again.pk == draft.pk and again.title == "고친 제목"
    with override("en"), pytest.raises(ServiceError) as caught:
        _report(standing, year=2017, half=2)
    assert caught.value.field == "year" and "2017, second half" in caught.value.message
    with pytest.raises(ServiceError) as caught:
        _report(standing, half=3)
    assert caught.value.field == "half"
    with pytest.raises(ServiceError) as caught:
        _report(standing, summary="  ")
    assert caught.value.field == "summary"
    services.report_publish(actor=standing.admin, report=draft)
    with pytest.raises(Conflict):
        _report(standing, title="발행 후 수정")
    # a closed jury still writes up its last report, and publishes it
    services.jury_close(actor=standing.admin, jury=standing)
    standing.refresh_from_db()
    last = _report(standing, half=2, title="하반기")
    services.report_publish(actor=standing.admin, report=last)
    with pytest.raises(Conflict):  # but visits belong to a sitting jury
        services.visit_record(
            actor=standing.admin,
            jury=standing,
            visited_on=dt.date(2019, 5, 2),
            place="공원",
            checked="보행로",
            findings="없음",
        )
    kinds = set(AuditEntry.objects.values_list("kind", flat=True))
    assert {"juries.report_saved", "juries.report_published"} <= kinds


# --- who sees what ------------------------------------------------------------------------------


@pytest.fixture
def with_records(standing: Any) -> dict[str, Any]:
    published = _report(standing)
    services.report_publish(actor=standing.admin, report=published)
    draft = _report(standing, half=2, title="작성 중 보고서", summary="아직 비공개")
    seen = services.visit_record(
        actor=standing.admin,
        jury=standing,
        visited_on=dt.date(2019, 5, 2),
        place="공개된 현장",
        checked="보행로",
        findings="조명 부족",
    )
    services.visit_publish(actor=standing.admin, visit=seen)
    hidden = services.visit_record(
        actor=standing.admin,
        jury=standing,
        visited_on=dt.date(2019, 6, 2),
        place="비공개 현장",
        checked="보행로",
        findings="확인 중",
    )
    return {"published": published, "draft": draft, "seen": seen, "hidden": hidden}


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        assert client.login(username=username, password=PASSWORD)
    return client


def test_residents_read_published_only(
    standing: Any, with_records: dict[str, Any], make_resident: Any
) -> None:
    make_resident(standing.municipality, username="namgu.resident")
    for who in (None, "namgu.resident"):
        client = _client(who)
        page = client.get(f"/juries/jury/{standing.pk}/").content.decode()
        assert "2019년 상반기 점검" in page and "작성 중 보고서" not in page
        assert "공개된 현장" in page and "비공개 현장" not in page
        url = f"/juries/jury/{standing.pk}/reports/"
        assert client.get(f"{url}{with_records['published'].pk}/").status_code == 200
        assert client.get(f"{url}{with_records['draft'].pk}/").status_code == 404
    api = Client().get(f"/api/juries/{standing.pk}/reports").json()["items"]
    assert [r["title"] for r in api] == ["2019년 상반기 점검"]
    visits = Client().get(f"/api/juries/{standing.pk}/visits").json()["items"]
    assert [v["place"] for v in visits] == ["공개된 현장"]
    # the draft belongs to another jury's address: 404, not the report
    other = services.jury_create(
        actor=standing.admin,
        municipality=standing.municipality,
        name="다른 배심원단",
        recruitment_year=2020,
    )
    assert (
        Client().get(f"/juries/jury/{other.pk}/reports/{with_records['published'].pk}/").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("namgu.jury.admin", 200),
        ("namgu.manager", 200),
        ("namgu.auditor", 403),  # an official here without the role
        ("gwanak.admin", 404),  # an official of another municipality
        ("namgu.resident", 404),
    ],
)
def test_permission_matrix_of_the_organisers_pages(
    standing: Any,
    with_records: dict[str, Any],
    places: dict[str, Any],
    make_official: Any,
    make_resident: Any,
    who: str,
    status: int,
) -> None:
    make_official(places["namgu"], "programme_manager", username="namgu.manager")
    make_official(places["namgu"], "auditor", username="namgu.auditor")
    make_official(places["gwanak"], "administrator", username="gwanak.admin")
    make_resident(places["namgu"], username="namgu.resident")
    client = _client(who)
    assert client.get(f"/juries/jury/{standing.pk}/visits/").status_code == status
    assert client.get(f"/juries/jury/{standing.pk}/reports/").status_code == status
    draft = with_records["draft"]
    draft_url = f"/juries/jury/{standing.pk}/reports/{draft.pk}/"
    assert client.get(draft_url).status_code == (200 if status == 200 else 404)
    publish = client.post(f"/juries/report/{draft.pk}/publish/", {"confirmed": "1"})
    visit = client.post(f"/juries/visit/{with_records['hidden'].pk}/publish/")
    draft.refresh_from_db()
    with_records["hidden"].refresh_from_db()
    if status == 200:
        assert publish.status_code == visit.status_code == 302
        assert draft.published_at is not None and with_records["hidden"].published_at is not None
    else:
        assert publish.status_code == visit.status_code == status
        assert draft.published_at is None and with_records["hidden"].published_at is None
    record = client.post(
        f"/juries/jury/{standing.pk}/visits/",
        {
            "visited_on": "2019-08-01",
            "place": "새 현장",
            "checked": "시설",
            "findings": "양호",
        },
    )
    assert record.status_code == (302 if status == 200 else status)


def test_anonymous_is_sent_to_log_in(standing: Any) -> None:
    response = Client().get(f"/juries/jury/{standing.pk}/reports/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_forms_refuse_bad_input_in_both_languages(standing: Any) -> None:
    client = _client("namgu.jury.admin")
    for language, words in (("ko", "운영기간"), ("en", "the jury's term")):
        client.cookies["maeul_language"] = language
        response = client.post(
            f"/juries/jury/{standing.pk}/visits/",
            {"visited_on": "2021-01-01", "place": "현장", "checked": "시설", "findings": "양호"},
        )
        assert response.status_code == 422
        assert words in response.content.decode().replace("&#x27;", "'")
    client.cookies["maeul_language"] = "ko"
    response = client.post(
        f"/juries/jury/{standing.pk}/reports/",
        {"year": "2016", "half": "1", "title": "t", "summary": "s"},
    )
    assert response.status_code == 422 and "2016" in response.content.decode()
    assert not standing.reports.exists()
    response = client.post(
        f"/juries/jury/{standing.pk}/reports/",
        {"year": "2019", "half": "9", "title": "t", "summary": "s"},
    )
    assert response.status_code == 422


def test_attendance_announces_jury_service_for_members_with_accounts(
    standing: Any, make_resident: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Points for jury service come from the attendance record, through the participation
    events (the juries never call the points app): one event per present juror with an
    account, named by session and person, dated on the session's day in Korean time."""
    from zoneinfo import ZoneInfo

    from maeul.core.participation import participation_recorded
    from maeul.juries.models import Volunteer

    resident = make_resident(standing.municipality)
    jurors = list(standing.volunteers.filter(status=VolunteerStatus.JUROR).order_by("code"))
    Volunteer.objects.filter(pk=jurors[0].pk).update(user=resident)
    absent_user = make_resident(standing.municipality)
    Volunteer.objects.filter(pk=jurors[1].pk).update(user=absent_user)
    session = services.session_schedule(
        actor=standing.admin, jury=standing, held_on=dt.date(2019, 2, 11), title="교육"
    )
    seen: list[Any] = []

    def receive(sender: Any, event: Any, **kwargs: Any) -> None:
        seen.append(event)

    participation_recorded.connect(receive, dispatch_uid="test-jury-service")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.attendance_record(
                actor=standing.admin, session=session, present_ids=[jurors[0].pk, jurors[2].pk]
            )
        with django_capture_on_commit_callbacks(execute=True):  # recorded again: same key
            services.attendance_record(
                actor=standing.admin, session=session, present_ids=[jurors[0].pk, jurors[2].pk]
            )
    finally:
        participation_recorded.disconnect(dispatch_uid="test-jury-service")
    key = f"juries.attendance:{session.pk}:{resident.pk}"
    assert [(e.activity, e.resident_id, e.source_key) for e in seen] == [
        ("jury_service", resident.pk, key),
        ("jury_service", resident.pk, key),
    ]
    assert seen[0].municipality_id == standing.municipality_id
    assert seen[0].occurred_at.astimezone(ZoneInfo("Asia/Seoul")).date() == dt.date(2019, 2, 11)


def test_new_jury_page_offers_the_rule_and_takes_a_setting(standing: Any) -> None:
    client = _client("namgu.jury.admin")
    page = client.get("/juries/gwangju-nam-gu/new/").content.decode()
    assert 'name="term_months"' in page and 'value="24"' in page
    base = {"recruitment_year": "2022", "panel_size": "35", "reserve_count": "0"}
    base["grade_scale"] = "A,B,C,D,E"
    client.post("/juries/gwangju-nam-gu/new/", {**base, "name": "제7기", "term_months": "15"})
    client.post("/juries/gwangju-nam-gu/new/", {**base, "name": "제8기", "term_months": ""})
    response = client.post(
        "/juries/gwangju-nam-gu/new/", {**base, "name": "제9기", "term_months": "0"}
    )
    assert response.status_code == 200
    terms = dict(
        Jury.objects.filter(name__in=["제7기", "제8기", "제9기"]).values_list("name", "term_months")
    )
    assert terms == {"제7기": 15, "제8기": 24}


def test_workspace_lists_a_report_due_until_it_is_published(
    standing: Any, places: dict[str, Any], make_official: Any
) -> None:
    from zoneinfo import ZoneInfo

    from maeul.workspace.selectors import needs_me

    seoul = ZoneInfo("Asia/Seoul")
    august = dt.datetime(2019, 8, 1, 9, tzinfo=seoul)
    elsewhere = make_official(places["gwanak"], "administrator")
    auditor = make_official(places["namgu"], "auditor")

    def due(user: Any, now: Any = august) -> list[Any]:
        return [n for n in needs_me(user, now=now) if n.kind == "jury_report"]

    with override("ko"):
        [item] = due(standing.admin)
    assert item.url == f"/juries/jury/{standing.pk}/reports/"
    assert "2019년 상반기" in item.label and standing.name in item.label
    assert due(elsewhere) == [] and due(auditor) == []
    # before the term's first half year ended nothing is due; a draft does not count
    assert due(standing.admin, dt.datetime(2018, 11, 1, 9, tzinfo=seoul)) == []
    report = _report(standing)
    assert len(due(standing.admin)) == 1
    services.report_publish(actor=standing.admin, report=report)
    assert due(standing.admin) == []
