"""A report's optional map point (issue 19, item 2's map picker): both coordinates or neither,
inside Korea's box, shown to the people handling the report and never on a page or answer the
tracking code opens (a point may show where the reporter lives)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from maeul.core.errors import ServiceError
from maeul.places.maps import in_korea
from maeul.reports.models import Report
from tests.conftest import PASSWORD

FORM = {"category": "inconvenience", "title": "가로등 고장", "text": "밤에 어둡습니다."}
NEW = "/reports/gwangju-nam-gu/new/"
# Gwangju Nam-gu office, about.
POINT = {"latitude": "35.132865", "longitude": "126.902418"}


def _code(text: str) -> str:
    found = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", text)
    assert found is not None
    return found.group(0)


def test_a_point_is_stored_rounded_to_six_decimals(file_report: Any) -> None:
    report, _ = file_report(latitude="35.13286549", longitude=" 126,9024181 ")
    stored = Report.objects.get(pk=report.pk)
    assert stored.latitude == Decimal("35.132865")
    assert stored.longitude == Decimal("126.902418")


def test_no_point_is_fine(file_report: Any) -> None:
    report, _ = file_report(latitude="", longitude="  ")
    assert report.latitude is None and report.longitude is None


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "words"),
    [
        ("37.5", "", "longitude", "위도와 경도를 모두"),
        ("", "127.0", "latitude", "위도와 경도를 모두"),
        ("abc", "127.0", "latitude", "숫자"),
        ("NaN", "127.0", "latitude", "숫자"),
        ("127.0", "37.5", "latitude", "한국 밖"),  # swapped
        ("51.5", "-0.12", "latitude", "한국 밖"),  # London
        ("32.9", "126.3", "latitude", "한국 밖"),  # south of Marado
        ("37.5", "132.5", "latitude", "한국 밖"),  # east of Dokdo
    ],
)
def test_bad_points_are_refused_with_a_message(
    file_report: Any, latitude: str, longitude: str, field: str, words: str
) -> None:
    with pytest.raises(ServiceError) as failure:
        file_report(latitude=latitude, longitude=longitude)
    assert failure.value.field == field
    assert words in str(failure.value.message)
    assert Report.objects.count() == 0


def test_korea_box_reaches_its_islands() -> None:
    assert in_korea(Decimal("33.11"), Decimal("126.27"))  # Marado
    assert in_korea(Decimal("37.24"), Decimal("131.87"))  # Dokdo
    assert in_korea(Decimal("37.97"), Decimal("124.71"))  # Baengnyeong-do
    assert not in_korea(Decimal("35.68"), Decimal("139.69"))  # Tokyo


def test_the_database_refuses_a_point_outside_korea(file_report: Any) -> None:
    report, _ = file_report()
    report.latitude, report.longitude = Decimal("51.5"), Decimal("-0.12")
    with pytest.raises(ValidationError):
        report.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        report.save()
    half = Report.objects.filter(pk=report.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        half.update(latitude=Decimal("37.5"))


def test_the_form_without_javascript_files_with_and_without_a_point(places: Any) -> None:
    page = Client().get(NEW)
    assert 'name="latitude"' in page.text and 'name="longitude"' in page.text
    without = Client().post(NEW, FORM)
    assert without.status_code == 200
    with_point = Client().post(NEW, {**FORM, "place": "구청 앞", **POINT})
    assert with_point.status_code == 200
    first, second = Report.objects.order_by("pk")
    assert first.latitude is None and first.place == ""
    assert (second.latitude, second.longitude, second.place) == (
        Decimal("35.132865"),
        Decimal("126.902418"),
        "구청 앞",
    )


def test_the_form_keeps_what_was_typed_when_the_point_is_wrong(places: Any) -> None:
    answer = Client().post(NEW, {**FORM, "latitude": "127.0", "longitude": "37.5"})
    assert answer.status_code == 400
    assert Report.objects.count() == 0
    assert 'role="alert"' in answer.text and "한국 밖" in answer.text
    assert 'value="127.0"' in answer.text and 'value="가로등 고장"' in answer.text
    assert 'id="id_latitude"' in answer.text and 'aria-invalid="true"' in answer.text


def test_the_picker_is_on_the_form_only_when_a_tile_server_is_set(
    places: Any, settings: Any
) -> None:
    settings.MAP_TILE_URL = "http://tiles.maeul.test/{z}/{x}/{y}.png"
    assert 'data-map="picker"' in Client().get(NEW).text
    assert "/static/places/map.js" in Client().get(NEW).text
    settings.MAP_TILE_URL = ""
    page = Client().get(NEW).text
    assert 'data-map="picker"' not in page and "map.js" not in page
    assert 'name="latitude"' in page  # typing a point still works


def test_officials_see_the_point_the_tracking_code_never_shows_it(
    places: Any, handler: Any, settings: Any
) -> None:
    settings.MAP_TILE_URL = "http://tiles.maeul.test/{z}/{x}/{y}.png"
    filed = Client().post(NEW, {**FORM, **POINT})
    code = _code(filed.text)
    report = Report.objects.get()
    official = Client()
    assert official.login(username=handler.username, password=PASSWORD)
    page = official.get(f"/reports/manage/r/{report.pk}/").text
    assert "35.132865, 126.902418" in page and 'data-map="point"' in page

    tracked = Client().post("/reports/track/", {"code": code})
    assert tracked.status_code == 200 and "가로등 고장" in tracked.text
    api = Client().post("/api/reports/track", {"code": code}, content_type="application/json")
    assert api.status_code == 200
    for text in (tracked.text, api.content.decode()):
        assert "35.13" not in text and "126.90" not in text
        assert "data-map" not in text and "latitude" not in text
