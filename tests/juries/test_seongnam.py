"""Issue 13's findings on juries, as regression tests: Seongnam (no dongs recorded) could not
create or fill a jury, Korean pages showed raw codes and English engine messages, and the
draw and replacement happened on one click. Also the role x municipality matrix of the
create page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import override

from maeul.core.errors import ServiceError
from maeul.juries import services
from maeul.juries.models import Draw, Jury, Opinion, Replacement, Review, VolunteerStatus
from tests.juries.conftest import seongnam_csv

KO = {"HTTP_ACCEPT_LANGUAGE": "ko"}
ACTORS = (
    "anonymous",
    "resident",
    "admin_here",
    "manager_here",
    "auditor_here",
    "admin_above",
    "admin_elsewhere",
)
EXPECTED = {
    "anonymous": 302,
    "resident": 404,
    "admin_here": 200,
    "manager_here": 200,
    "auditor_here": 403,
    "admin_above": 200,
    "admin_elsewhere": 404,
}


@pytest.fixture
def actors(seongnam: Any, places: dict[str, Any], make_resident: Any, make_official: Any) -> dict:
    return {
        "anonymous": None,
        "resident": make_resident(seongnam),
        "admin_here": make_official(seongnam, "administrator", username="admin.seongnam"),
        "manager_here": make_official(seongnam, "programme_manager"),
        "auditor_here": make_official(seongnam, "auditor"),
        "admin_above": make_official(seongnam.parent, "administrator"),
        "admin_elsewhere": make_official(places["geumcheon"], "administrator"),
    }


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("actor", ACTORS)
def test_create_page_and_button_matrix(actor: str, actors: dict[str, Any]) -> None:
    client = _client(actors[actor])
    assert client.get("/juries/gyeonggi-seongnam-si/new/").status_code == EXPECTED[actor]
    index = client.get("/juries/gyeonggi-seongnam-si/").content.decode()
    # the finding: no create button on the index for anyone
    assert ('data-testid="new-jury"' in index) == (EXPECTED[actor] == 200)
    response = client.post(
        "/juries/gyeonggi-seongnam-si/new/",
        {
            "name": f"성남시 배심원단 {actor}",
            "recruitment_year": "2026",
            "panel_size": "8",
            "reserve_count": "2",
            "grade_scale": "A,B,C,D,E",
        },
    )
    created = Jury.objects.filter(name=f"성남시 배심원단 {actor}").exists()
    assert created == (EXPECTED[actor] == 200)
    if not created:
        assert response.status_code == EXPECTED[actor]


def test_intake_without_dongs(actors: dict[str, Any], seongnam: Any) -> None:
    admin = actors["admin_here"]
    jury = services.jury_create(
        actor=admin,
        municipality=seongnam,
        name="성남시 주민배심원단",
        recruitment_year=2026,
        panel_size=10,
        reserve_count=2,
    )
    assert not jury.district_groups.exists()
    # the phone intake form has no dong field and works without one
    client = _client(admin)
    manage = client.get(f"/juries/jury/{jury.pk}/manage/", **KO).content.decode()
    assert 'name="dong"' not in manage and 'data-testid="no-dongs"' in manage
    client.post(
        f"/juries/jury/{jury.pk}/intake/",
        {
            "name": "김성남",
            "phone": "010-1111-2222",
            "birth_year": "1980",
            "gender": "female",
            "contact_by": "sms",
            "consent": "on",
        },
    )
    volunteer = jury.volunteers.get()
    assert volunteer.dong is None and volunteer.channel == "phone"
    # CSV with the dong column empty (the finding: "2행 dong 열: 은(는) 이 자치단체의 동이 아닙니다")
    assert services.volunteers_import_csv(actor=admin, jury=jury, text=seongnam_csv(10)) == 10
    # and without the column at all
    text = seongnam_csv(14, with_column=False).replace("010-7000-", "010-8000-")
    assert services.volunteers_import_csv(actor=admin, jury=jury, text=text) == 14
    # a dong named where none is recorded cannot be placed in a district: refused, row named
    bad = "name,phone,birth_year,gender,dong,contact_by,consent\n이름,010-9,1980,여,수진동,sms,예\n"
    with override("ko"), pytest.raises(ServiceError) as caught:
        services.volunteers_import_csv(actor=admin, jury=jury, text=bad)
    assert caught.value.message.startswith("2행 dong 열: 수진동")
    assert "비워" in caught.value.message
    # a resident of Seongnam (no dong in the profile) volunteers on the web
    resident = actors["resident"]
    services.volunteer_apply(
        actor=resident, jury=jury, dong=None, phone="", contact_by="sms", consent=True
    )
    assert jury.volunteers.count() == 26
    # quotas on gender and age band only; the lottery runs
    services.quotas_from_population(
        actor=admin,
        jury=jury,
        shares={
            "gender": {"female": 50, "male": 50},
            "age_band": {"u30": 20, "30s": 20, "40s": 20, "50s": 20, "60p": 20},
        },
    )
    with override("ko"), pytest.raises(ServiceError):
        services.quotas_from_population(actor=admin, jury=jury, shares={"district": {"sujin": 100}})
    draw = services.jury_draw(actor=admin, jury=jury, seed=7)
    assert len(draw.panel) == 10 and len(draw.reserves) == 2
    assert all(set(features) == {"gender", "age_band"} for _code, features in draw.people)


def test_empty_dong_where_dongs_exist_says_so(jury_factory: Any) -> None:
    jury = jury_factory(pool=0)
    text = "name,phone,birth_year,gender,dong,contact_by,consent\n이름,010-1,1980,여,,sms,예\n"
    with override("ko"), pytest.raises(ServiceError) as caught:
        services.volunteers_import_csv(actor=jury.admin, jury=jury, text=text)
    assert caught.value.message == "2행 dong 열: 비어 있습니다. 신청자의 동을 적어 주세요"
    with override("en"), pytest.raises(ServiceError) as caught:
        services.volunteers_import_csv(actor=jury.admin, jury=jury, text=text)
    assert caught.value.message == "Row 2, column dong: empty; write the volunteer's dong"


def test_korean_pages_show_labels_not_codes(jury_factory: Any) -> None:
    jury = jury_factory(panel=10, pool=60)
    client = Client()
    client.login(username="jury.admin", password="correct-horse-battery-9")
    manage = client.get(f"/juries/jury/{jury.pk}/manage/", **KO).content.decode()
    assert "<td>여성</td>" in manage and "<td>female</td>" not in manage
    assert "<td>male</td>" not in manage
    draw = client.get(f"/juries/jury/{jury.pk}/draw/", **KO).content.decode()
    assert "여성" in draw and ">female<" not in draw
    # each algorithm explained in one sentence, in Korean and in English
    for name in ("LEXIMIN", "MAXIMIN", "NASH", "LEGACY"):
        assert f"<dt>{name}" in draw
    assert "가장 낮은 선정 확률을 최대한 높이고" in draw
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(f"/juries/jury/{jury.pk}/draw/").content.decode()
    assert "Makes the lowest selection probability as high as possible" in english
    # the feasibility message in Korean (it was entirely English)
    assert "모든 할당을 만족하는 10명 배심원단을 구성할 수 있습니다." in draw
    assert "A panel of" not in draw


def test_infeasibility_in_korean_on_the_draw_page(jury_factory: Any) -> None:
    jury = jury_factory(panel=10, pool=0)
    services.volunteers_import_csv(
        actor=jury.admin,
        jury=jury,
        text="name,phone,birth_year,gender,dong,contact_by,consent\n"
        + "".join(f"남{i},010-2000-{i:04d},1980,male,가산동,sms,yes\n" for i in range(12)),
    )
    client = Client()
    client.login(username="jury.admin", password="correct-horse-battery-9")
    page = client.get(f"/juries/jury/{jury.pk}/draw/", **KO).content.decode()
    assert 'data-testid="infeasible"' in page
    assert "모든 할당을 만족하는 10명 배심원단을 구성할 수 없습니다." in page
    assert "“성별: 여성”" in page and "최소 인원을 5명에서 0명으로 낮추기" in page
    assert "gender=female" not in page and "volunteer(s)" not in page


def test_model_names_are_translated() -> None:
    with translation.override("ko"):
        names = [str(m._meta.verbose_name_plural) for m in (Draw, Opinion, Review, Replacement)]
    assert names == ["추첨", "의견", "평가", "교체"]


def test_replacement_and_close_ask_for_confirmation(jury_factory: Any) -> None:
    jury = jury_factory(pool=80)
    record = services.jury_draw(actor=jury.admin, jury=jury, seed=11)
    profile = {code: tuple(sorted(f.items())) for code, f in record.people}
    outside = set(
        jury.volunteers.exclude(status=VolunteerStatus.JUROR).values_list("code", flat=True)
    )
    juror = next(
        v
        for v in jury.volunteers.filter(status=VolunteerStatus.JUROR).order_by("code")
        if any(profile[c] == profile[v.code] for c in outside)
    )
    client = Client()
    client.login(username="jury.admin", password="correct-horse-battery-9")
    asked = client.post(f"/juries/jury/{jury.pk}/replace/", {"volunteer": juror.pk}, **KO)
    body = asked.content.decode()
    assert asked.status_code == 200 and 'data-testid="consequences"' in body
    assert juror.code in body and not jury.replacements.exists()
    juror.refresh_from_db()
    assert juror.status == VolunteerStatus.JUROR
    done = client.post(
        f"/juries/jury/{jury.pk}/replace/", {"volunteer": juror.pk, "confirmed": "1"}
    )
    assert done.status_code == 302 and jury.replacements.count() == 1
    juror.refresh_from_db()
    assert juror.status == VolunteerStatus.DROPPED
    asked = client.post(f"/juries/jury/{jury.pk}/close/", {})
    assert asked.status_code == 200
    jury.refresh_from_db()
    assert jury.phase == "sitting"
    done = client.post(f"/juries/jury/{jury.pk}/close/", {"confirmed": "1"})
    assert done.status_code == 302
    jury.refresh_from_db()
    assert jury.phase == "closed"
