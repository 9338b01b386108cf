"""The city creates an evaluation round on its page and uploads the scores as CSV: all or
nothing, every bad row named by row and column, a district can neither upload nor see another
district's scores before publication; publication tells each district its result."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.utils import translation

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict, ServiceError
from maeul.innovation import services
from maeul.innovation.models import DistrictResult, EvaluationRound, IndicatorScore
from maeul.innovation.selectors import grading_of
from maeul.notifications.models import Notice

pytestmark = pytest.mark.django_db

CATALOGUE = (
    "part,code,title,max_points\nbasic,B01,조례,35\n과정관리,P01,공론장,35\nimpact,I01,변화,35\n"
)


def _client(user: Any) -> Client:
    client = Client()
    client.cookies["maeul_language"] = "en"
    client.force_login(user)
    return client


@pytest.fixture
def created(places: dict[str, Any], people: dict[str, Any]) -> EvaluationRound:
    """An evaluation round made through the city's page (금천구 with a plan, 관악구 without)."""
    seoul = places["seoul"]
    response = _client(people["city"]).post(
        f"/innovation/{seoul.slug}/evaluations/new/",
        {
            "year": "2020",
            "funding_year": "2022",
            "tiers": "가:1:1100000000, 나:1:1000000000",
            "indicators": CATALOGUE,
            "evaluated": [places["geumcheon"].pk, places["gwanak"].pk],
            "no_plan": [places["gwanak"].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return EvaluationRound.objects.get()


GOOD = (
    "district,code,points,evidence\n"
    "금천구,B01,30,\n"
    "금천구,P01,30,\n"
    "금천구,I01,24,보고서 12쪽\n"
    "금천구,pb,30,\n"
    "관악구,pb,32,\n"
)


def _upload(client: Client, evaluation: EvaluationRound, text: str) -> Any:
    return client.post(
        f"/innovation/e/{evaluation.pk}/upload/",
        {"file": SimpleUploadedFile("scores.csv", ("\ufeff" + text).encode(), "text/csv")},
    )


def test_the_city_creates_a_round_and_uploads_scores(
    created: EvaluationRound, people: dict[str, Any]
) -> None:
    assert created.tiers == [["가", 1, 1_100_000_000], ["나", 1, 1_000_000_000]]
    assert [(i.part, i.code, i.max_points) for i in created.indicators.order_by("code")] == [
        ("basic", "B01", Decimal(35)),
        ("impact", "I01", Decimal(35)),
        ("process", "P01", Decimal(35)),
    ]
    assert not created.results.get(municipality__name="관악구").had_plan
    assert AuditEntry.objects.filter(kind="innovation.evaluation_created").count() == 1
    client = _client(people["city"])
    page = client.get(f"/innovation/e/{created.pk}/upload/")
    assert page.status_code == 200 and b"B01" in page.content
    response = _upload(client, created, GOOD)
    assert response.status_code == 302
    assert IndicatorScore.objects.count() == 3
    assert IndicatorScore.objects.get(indicator__code="I01").evidence == "보고서 12쪽"
    assert AuditEntry.objects.filter(kind="innovation.scores_recorded").count() == 1
    grading = grading_of(created)
    assert [(g.district, g.total_text, g.grade) for g in grading.districts] == [
        ("관악구", "80.000", "가"),
        ("금천구", "78.000", "나"),
    ]
    # the what-if works on the uploaded scores, saving nothing
    own = created.results.get(municipality__name="금천구")
    whatif = client.get(
        f"/innovation/e/{created.pk}/", {"result": own.pk, "part": "impact", "points": "35"}
    )
    assert b'data-testid="whatif"' in whatif.content
    assert IndicatorScore.objects.get(indicator__code="I01").points == 24


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("district,code\n금천구,B01\n", "row 1: missing column(s) points"),
        ("district,code,points\n금천구,B01,30\n금천구,B01,36\n", "row 3, column points"),
        ("district,code,points\n금천구,B01,30\n강남구,B01,1\n", "row 3, column district"),
        ("district,code,points\n금천구,B01,30\n금천구,X99,1\n", "row 3, column code"),
        ("district,code,points\n금천구,B01,30\n\n금천구,pb,41\n", "row 4, column points"),
        ("district,code,points\n금천구,B01,-1\n", "row 2, column points"),
        ("district,code,points\n관악구,B01,1\n", "row 2"),
        ("district,code,points\n금천구,B01,1\n금천구,B01,2\n", "row 3: 금천구 has B01 twice"),
        ("district,code,points\n", "no scores"),
    ],
)
def test_a_bad_upload_saves_nothing_and_names_row_and_column(
    created: EvaluationRound, people: dict[str, Any], text: str, message: str
) -> None:
    before = AuditEntry.objects.count()
    with translation.override("en"), pytest.raises(ServiceError) as failure:
        services.scores_upload(actor=people["city"], evaluation_id=created.pk, data=text.encode())
    assert message in failure.value.message
    response = _upload(_client(people["city"]), created, text)
    assert response.status_code == 400
    assert IndicatorScore.objects.count() == 0
    assert not DistrictResult.objects.exclude(pb_score=0).exists()
    assert AuditEntry.objects.count() == before


def test_upload_messages_are_korean_too(created: EvaluationRound, people: dict[str, Any]) -> None:
    with translation.override("ko"), pytest.raises(ServiceError) as failure:
        services.scores_upload(
            actor=people["city"],
            evaluation_id=created.pk,
            data="district,code,points\n금천구,B01,36\n".encode(),
        )
    assert "2행" in failure.value.message and "points" in failure.value.message


def test_a_file_not_in_utf8_is_refused_clearly(
    created: EvaluationRound, people: dict[str, Any]
) -> None:
    with translation.override("en"), pytest.raises(ServiceError, match="UTF-8"):
        services.scores_upload(
            actor=people["city"],
            evaluation_id=created.pk,
            data="district,code,points\n금천구,B01,3\n".encode("cp949"),
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tiers": "가:3:1100000000"}, "count 3 districts but 2"),
        ({"tiers": "가-1"}, "Grade 1: write NAME:COUNT:WON"),
        ({"indicators": "part,code,title\nbasic,B01,x\n"}, "missing column(s) max_points"),
        ({"indicators": "part,code,title,max_points\nother,B01,x,3\n"}, "row 2, column part"),
        ({"indicators": "part,code,title,max_points\nbasic,B01,x,0\n"}, "row 2, column max_points"),
        (
            {"indicators": "part,code,title,max_points\nbasic,B01,x,3\nimpact,B01,y,3\n"},
            "row 3, column code",
        ),
        ({"year": "abc"}, "whole number"),
        ({"funding_year": "2019"}, "later funding year"),
    ],
)
def test_a_bad_round_is_refused_and_nothing_saved(
    places: dict[str, Any], people: dict[str, Any], change: dict[str, str], message: str
) -> None:
    data = {
        "year": "2020",
        "funding_year": "2022",
        "tiers": "가:1:1100000000, 나:1:1000000000",
        "indicators": CATALOGUE,
        "evaluated": [places["geumcheon"].pk, places["gwanak"].pk],
        **change,
    }
    response = _client(people["city"]).post(
        f"/innovation/{places['seoul'].slug}/evaluations/new/", data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EvaluationRound.objects.exists()


def test_permission_matrix_before_publication(
    created: EvaluationRound, people: dict[str, Any], places: dict[str, Any]
) -> None:
    city = _client(people["city"])
    assert _upload(city, created, GOOD).status_code == 302
    own = created.results.get(municipality__name="금천구")
    other = created.results.get(municipality__name="관악구")
    district = _client(people["geumcheon"])
    # a district can neither create a round, nor upload, nor see the board or another result
    assert district.get(f"/innovation/{places['seoul'].slug}/evaluations/new/").status_code == 404
    assert district.get(f"/innovation/e/{created.pk}/upload/").status_code == 404
    assert _upload(district, created, GOOD).status_code == 404
    with pytest.raises(Http404):  # out of scope answers like a missing evaluation
        services.scores_upload(actor=people["geumcheon"], evaluation_id=created.pk, data=GOOD)
    assert district.get(f"/innovation/e/{created.pk}/").status_code == 404
    assert district.get(f"/innovation/e/{created.pk}/d/{other.pk}/").status_code == 404
    assert district.get(f"/innovation/e/{created.pk}/d/{own.pk}/").status_code == 200
    # the city's auditor reads the board but cannot upload
    auditor = _client(people["city_auditor"])
    assert auditor.get(f"/innovation/e/{created.pk}/").status_code == 200
    assert auditor.get(f"/innovation/e/{created.pk}/upload/").status_code == 404
    # the public sees nothing yet
    assert Client().get(f"/innovation/e/{created.pk}/").status_code == 404
    assert Client().get(f"/innovation/e/{created.pk}/upload/").status_code == 404


def test_publication_tells_each_district_its_result_and_freezes_uploads(
    created: EvaluationRound, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    city = _client(people["city"])
    _upload(city, created, GOOD)
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluation_publish(actor=people["city"], evaluation_id=created.pk)
    with translation.override("en"), pytest.raises(Conflict, match="frozen"):
        services.scores_upload(actor=people["city"], evaluation_id=created.pk, data=GOOD)
    notices = Notice.objects.filter(kind="innovation.evaluation_published")
    recipients = {n.recipient_id for n in notices}
    assert people["geumcheon"].pk in recipients and people["gwanak"].pk in recipients
    assert people["city"].pk not in recipients
    mine = notices.get(recipient=people["geumcheon"])
    own = created.results.get(municipality__name="금천구")
    assert mine.url == f"/innovation/e/{created.pk}/d/{own.pk}/"
    assert mine.data["grade"] == "나"
    response = _upload(city, created, GOOD)
    assert response.status_code == 400 and "frozen" in response.content.decode()
