"""A city's citizen PB with district shares (issue 21, item 3): projects proposed in a district
and decided by the city are recorded as the district's share of the city's programme, shown
on the city's and the district's pages; only the city's managers record them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from maeul.auditlog.models import AuditEntry
from maeul.budgeting.models import CityProgramme, DistrictShare
from maeul.budgeting.services.city import city_programme_create, district_share_record
from maeul.core.errors import Conflict, ServiceError


@pytest.fixture
def city_admin(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["gwangju"], "programme_manager")


@pytest.fixture
def programme(places: dict[str, Any], city_admin: Any) -> CityProgramme:
    return city_programme_create(
        actor=city_admin,
        city=places["gwangju"],
        budget_year=2021,
        title="2021년 광주광역시 시민참여예산",
        title_en="Gwangju citizen participatory budget 2021",
        total_amount_won=1_000_000_000,
    )


@pytest.fixture
def namgu_share(places: dict[str, Any], city_admin: Any, programme: CityProgramme) -> Any:
    """Nam-gu's share of the 2021 programme: 8 projects, 350,000,000 won."""
    return district_share_record(
        actor=city_admin,
        programme=programme,
        district=places["namgu"],
        projects=8,
        amount_won=350_000_000,
    )


def test_namgu_share_is_recorded_in_the_citys_programme(
    places: dict[str, Any], city_admin: Any, programme: CityProgramme, namgu_share: Any
) -> None:
    share = namgu_share
    assert (share.projects, share.amount_won) == (8, 350_000_000)
    assert share.get_municipality() == places["gwangju"]
    # Recording again corrects the share, never adds a second one.
    district_share_record(
        actor=city_admin,
        programme=programme,
        district=places["namgu"],
        projects=8,
        amount_won=349_000_000,
    )
    assert DistrictShare.objects.get().amount_won == 349_000_000
    assert AuditEntry.objects.filter(kind="budgeting.district_share_recorded").count() == 2


def test_a_share_belongs_to_one_of_the_citys_districts(
    places: dict[str, Any], city_admin: Any, programme: CityProgramme
) -> None:
    for place in (places["geumcheon"], places["gasan"], places["gwangju"]):
        with pytest.raises(ServiceError) as error:
            district_share_record(
                actor=city_admin,
                programme=programme,
                district=place,
                projects=1,
                amount_won=1_000_000,
            )
        assert error.value.field == "district"
    assert not DistrictShare.objects.exists()


@pytest.mark.parametrize(
    ("projects", "amount", "field"),
    [(0, 1_000_000, "projects"), (1, 0, "amount_won"), (3, 1_000_000_001, "amount_won")],
)
def test_bad_shares_are_refused(
    places: dict[str, Any],
    city_admin: Any,
    programme: CityProgramme,
    projects: int,
    amount: int,
    field: str,
) -> None:
    with pytest.raises(ServiceError) as error:
        district_share_record(
            actor=city_admin,
            programme=programme,
            district=places["namgu"],
            projects=projects,
            amount_won=amount,
        )
    assert error.value.field == field
    assert not DistrictShare.objects.exists()


def test_only_a_city_runs_a_programme_once_a_year(
    places: dict[str, Any], city_admin: Any, programme: CityProgramme, make_official: Any
) -> None:
    with pytest.raises(Conflict):
        city_programme_create(
            actor=city_admin, city=places["gwangju"], budget_year=2021, title="다시"
        )
    district_admin = make_official(places["namgu"], "administrator")
    with pytest.raises(ServiceError) as error:
        city_programme_create(
            actor=district_admin, city=places["namgu"], budget_year=2021, title="남구"
        )
    assert error.value.field == "city"


def test_permission_matrix(
    places: dict[str, Any],
    programme: CityProgramme,
    make_official: Any,
    make_resident: Any,
) -> None:
    """The city decides: its managers record shares; the district's own officials, another
    city's and residents may not (they read the pages)."""
    allowed = [make_official(places["gwangju"], "administrator")]
    refused = [
        make_official(places["namgu"], "administrator"),
        make_official(places["seoul"], "administrator"),
        make_official(places["gwangju"], "reviewer"),
        make_resident(places["namgu"]),
    ]
    for user in refused:
        with pytest.raises(PermissionDenied):
            district_share_record(
                actor=user,
                programme=programme,
                district=places["namgu"],
                projects=8,
                amount_won=350_000_000,
            )
        with pytest.raises(PermissionDenied):
            city_programme_create(
                actor=user, city=places["gwangju"], budget_year=2022, title="2022"
            )
    assert not DistrictShare.objects.exists()
    for user in allowed:
        district_share_record(
            actor=user,
            programme=programme,
            district=places["namgu"],
            projects=8,
            amount_won=350_000_000,
        )
    assert DistrictShare.objects.count() == 1


def test_pages_show_the_share_on_the_city_and_the_district(
    client: Client, places: dict[str, Any], namgu_share: Any
) -> None:
    city = client.get(reverse("budgeting:city_pb", args=["gwangju"])).content.decode()
    assert "2021년 광주광역시 시민참여예산" in city
    assert "남구" in city and "350.0백만원" in city and "1,000.0백만원" in city
    district = client.get(reverse("budgeting:city_pb", args=["gwangju-nam-gu"])).content.decode()
    assert 'data-testid="district-share"' in district
    assert "이곳에서 제안한 사업 8건, 350.0백만원이 광주광역시에서 선정되었습니다." in district
    # The PB index pages of both link there.
    for slug in ("gwangju", "gwangju-nam-gu"):
        index = client.get(reverse("budgeting:index", args=[slug])).content.decode()
        assert reverse("budgeting:city_pb", args=[slug]) in index, slug
    # And the home pages carry a card.
    home = client.get(reverse("core:municipality", args=["gwangju-nam-gu"])).content.decode()
    assert "이곳에서 제안한 사업 8건, 350,000,000원이 광주광역시에서 선정되었습니다." in home
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("budgeting:city_pb", args=["gwangju-nam-gu"]))
    assert "8 projects proposed here, ₩350.0M, selected by Gwangju." in english.content.decode()


def test_a_place_without_city_pb_says_so(client: Client, places: dict[str, Any]) -> None:
    response = client.get(reverse("budgeting:city_pb", args=["seoul-gwanak-gu"]))
    assert response.status_code == 200
    assert "아직 기록된 시 시민참여예산이 없습니다." in response.content.decode()
    assert client.get(reverse("budgeting:city_pb", args=["nowhere"])).status_code == 404


def test_demo_records_namgu_2021_share(client: Client, shared_demo: None) -> None:
    """SPEC §1: Nam-gu 2021, 8 projects / 350 M won selected in the city's citizen PB."""
    share = DistrictShare.objects.select_related("programme__city", "district").get(
        district__slug="gwangju-nam-gu"
    )
    assert (share.programme.city.slug, share.programme.budget_year) == ("gwangju", 2021)
    assert (share.projects, share.amount_won) == (8, 350_000_000)
    for slug in ("gwangju", "gwangju-nam-gu"):
        body = client.get(reverse("budgeting:city_pb", args=[slug])).content.decode()
        assert "350.0백만원" in body, slug


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_manage_page_permission_matrix(
    places: dict[str, Any], programme: CityProgramme, make_official: Any, make_resident: Any
) -> None:
    url = reverse("budgeting:city_pb_manage", args=["gwangju"])
    assert _client(make_official(places["gwangju"], "administrator")).get(url).status_code == 200
    assert (
        _client(make_official(places["gwangju"], "programme_manager")).get(url).status_code == 200
    )
    for user in (
        make_official(places["namgu"], "administrator"),  # the district reads, the city decides
        make_official(places["seoul"], "administrator"),
        make_official(places["gwangju"], "reviewer"),
        make_resident(places["namgu"]),
    ):
        assert _client(user).get(url).status_code == 404
        response = _client(user).post(
            url,
            {
                "action": "share",
                "share-programme": programme.pk,
                "share-district": places["namgu"].pk,
                "share-projects": 8,
                "share-amount_won": 350_000_000,
            },
        )
        assert response.status_code == 404
    # A district is not a city: no such page for it, even for its own administrator.
    namgu_url = reverse("budgeting:city_pb_manage", args=["gwangju-nam-gu"])
    assert (
        _client(make_official(places["namgu"], "administrator")).get(namgu_url).status_code == 404
    )
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not DistrictShare.objects.exists()


def test_manage_page_records_and_refuses_with_a_message(
    places: dict[str, Any], city_admin: Any, programme: CityProgramme
) -> None:
    client = _client(city_admin)
    url = reverse("budgeting:city_pb_manage", args=["gwangju"])
    page = client.get(url).content.decode()
    # Only Gwangju's districts and programmes are offered.
    assert f'value="{places["namgu"].pk}"' in page
    assert f'value="{places["geumcheon"].pk}"' not in page
    share = {
        "action": "share",
        "share-programme": programme.pk,
        "share-district": places["namgu"].pk,
        "share-projects": 8,
        "share-amount_won": 350_000_000,
        "share-source": "남구 자치분권 추진계획",
    }
    response = client.post(url, share)
    assert response.status_code == 302
    assert DistrictShare.objects.get().amount_won == 350_000_000
    # Over the programme's total: the service's message on the form, nothing changed.
    response = client.post(url, {**share, "share-amount_won": 1_000_000_001})
    assert response.status_code == 200
    assert "시민참여예산 총액 1,000,000,000원을 넘습니다" in response.content.decode()
    assert DistrictShare.objects.get().amount_won == 350_000_000
    # Another city's district cannot be sent in by hand.
    response = client.post(url, {**share, "share-district": places["geumcheon"].pk})
    assert response.status_code == 200
    assert DistrictShare.objects.count() == 1
    # Opening a year that exists already: a message, not a 500.
    response = client.post(
        url, {"action": "programme", "programme-budget_year": 2021, "programme-title": "다시 2021"}
    )
    assert response.status_code == 200
    assert "2021년 시민참여예산이 이미 있습니다." in response.content.decode()
    response = client.post(
        url,
        {
            "action": "programme",
            "programme-budget_year": 2022,
            "programme-title": "2022년 광주광역시 시민참여예산",
        },
    )
    assert response.status_code == 302
    assert CityProgramme.objects.filter(city=places["gwangju"]).count() == 2


def test_home_pages_query_only_the_side_the_place_can_have(namgu_share: Any) -> None:
    """A city runs programmes and a district receives shares, never the other way round, so
    the district's home page does not query programmes nor the city's shares (both cards
    still show, in both languages)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def home(slug: str, language: str) -> tuple[str, list[str]]:
        client = Client()
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        with CaptureQueriesContext(connection) as queries:
            body = client.get(reverse("core:municipality", args=[slug])).content.decode()
        return body, [q["sql"] for q in queries.captured_queries]

    def queried(sqls: list[str], table: str, column: str) -> bool:
        prefix = f'SELECT "{table}"'
        where = (f'"{table}"."{column}" IN', f'"{table}"."{column}" = ')
        return any(s.startswith(prefix) and any(w in s for w in where) for s in sqls)

    city, city_sql = home("gwangju", "ko")
    assert "2021년 광주광역시 시민참여예산" in city
    assert queried(city_sql, "budgeting_cityprogramme", "city_id")
    assert not queried(city_sql, "budgeting_districtshare", "district_id")
    district, district_sql = home("gwangju-nam-gu", "ko")
    assert "이곳에서 제안한 사업 8건, 350,000,000원이 광주광역시에서 선정되었습니다." in district
    assert queried(district_sql, "budgeting_districtshare", "district_id")
    assert not queried(district_sql, "budgeting_cityprogramme", "city_id")
    english, _ = home("gwangju-nam-gu", "en")
    assert "8 projects proposed here, 350,000,000 won, selected by Gwangju." in english
