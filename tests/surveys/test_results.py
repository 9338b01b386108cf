"""Results by group, the golden figures of the Seoul 2020 demo survey, and the export."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from maeul.surveys import services
from maeul.surveys.selectors import MIN_GROUP, survey_results

pytestmark = pytest.mark.django_db


def _group(result: Any, group: str) -> Any:
    return next(g for g in result.groups if g.group == group)


def test_means_and_shares_per_group(
    make_survey: Any, answers_for: Any, make_resident: Any, places: Any, manager: Any
) -> None:
    from maeul.surveys.models import Participant

    survey = make_survey()
    # five participants: district trust 7,6,6,5,5 (mean 5.80); ladder 5,5,5,6,4
    for level, district in ((5, 7), (5, 6), (5, 6), (6, 5), (4, 5)):
        resident = make_resident(places["geumcheon"])
        Participant.objects.create(
            municipality=places["geumcheon"], programme="budgeting", user=resident
        )
        services.response_submit(
            user=resident, survey_id=survey.pk, answers=answers_for(survey, level, district, 4)
        )
    # six of the general public: district trust 1..6 (mean 3.50); all level 3
    for district in range(1, 7):
        services.response_submit(
            user=make_resident(places["geumcheon"]),
            survey_id=survey.pk,
            answers=answers_for(survey, 3, district, 4, text=f"의견 {district}"),
        )
    results = survey_results(survey)
    assert results.respondents == {"participants": 5, "general_public": 6, "all": 11}
    ladder, district, city, comments = results.questions
    assert _group(district, "participants").mean == Decimal("5.80")
    assert _group(district, "general_public").mean == Decimal("3.50")
    assert _group(district, "all").mean == Decimal("4.55")  # 50/11 = 4.545...
    assert _group(city, "all").mean == Decimal("4.00")
    shares = {s.label: s.percent for s in _group(ladder, "participants").shares}
    assert shares[ladder.question.options.get(position=5).label] == Decimal("60.0")
    assert _group(ladder, "general_public").shares[2].count == 6
    assert sorted(comments.texts) == [f"의견 {n}" for n in range(1, 7)]


def test_a_group_under_the_minimum_shows_only_its_count(
    make_survey: Any, answers_for: Any, make_resident: Any, places: Any
) -> None:
    survey = make_survey()
    for _ in range(MIN_GROUP - 1):
        services.response_submit(
            user=make_resident(places["geumcheon"]),
            survey_id=survey.pk,
            answers=answers_for(survey, 2, 2, 2, text="비밀"),
        )
    results = survey_results(survey)
    district = results.questions[1]
    public = _group(district, "general_public")
    assert public.respondents == MIN_GROUP - 1 and public.hidden and public.mean is None
    assert results.questions[3].texts == []


@pytest.fixture
def seoul_demo(places: dict[str, Any]) -> Any:
    from maeul.accounts.models import User
    from maeul.surveys.demo import load_seoul_2020

    operator = User.objects.create_superuser("operator", password="correct-horse-battery-9")
    return load_seoul_2020(operator, places["seoul"])


def test_golden_seoul_2020_trust_and_ladder(seoul_demo: Any) -> None:
    """The seed's figures, read back from the generated answers through the results service:
    district trust 4.93 vs 3.87, city hall 4.52 vs 3.94, level 5 at 44.3% among
    participants and level 3 at 28.5% among the general public."""
    results = survey_results(seoul_demo)
    assert seoul_demo.state == "published"
    assert results.respondents == {"participants": 300, "general_public": 200, "all": 500}
    by_code = {r.question.code: r for r in results.questions}
    assert _group(by_code["trust_district"], "participants").mean == Decimal("4.93")
    assert _group(by_code["trust_district"], "general_public").mean == Decimal("3.87")
    assert _group(by_code["trust_city"], "participants").mean == Decimal("4.52")
    assert _group(by_code["trust_city"], "general_public").mean == Decimal("3.94")
    participants = _group(by_code["ladder"], "participants").shares
    public = _group(by_code["ladder"], "general_public").shares
    assert participants[4].percent == Decimal("44.3")
    assert max(participants, key=lambda s: s.count) is participants[4]
    assert public[2].percent == Decimal("28.5")
    assert max(public, key=lambda s: s.count) is public[2]


def test_demo_is_idempotent(seoul_demo: Any, places: Any) -> None:
    from maeul.accounts.models import User
    from maeul.surveys.demo import load_seoul_2020
    from maeul.surveys.models import Response

    load_seoul_2020(User.objects.get(username="operator"), places["seoul"])
    assert Response.objects.count() == 500


def test_export_survey_results(seoul_demo: Any, make_survey: Any) -> None:
    from maeul.exports.registry import get_table

    make_survey()  # open, not published: not exported
    table = get_table("survey-results")
    assert table.names == ("municipality", "survey", "question", "group", "respondents", "mean")
    rows = list(table.rows(None))
    means = {(row[2].split(".")[0], row[3]): (row[4], row[5]) for row in rows}
    assert means[("2", "participants")] == (300, Decimal("4.93"))
    assert means[("2", "general_public")] == (200, Decimal("3.87"))
    assert means[("3", "participants")] == (300, Decimal("4.52"))
    assert means[("3", "general_public")] == (200, Decimal("3.94"))
    assert means[("1", "all")] == (500, "")
    assert {row[0] for row in rows} == {"서울특별시"}
    assert not any(row[2].startswith("4.") for row in rows)  # open text is not exported


def test_collected_answers_are_all_or_nothing(
    make_survey: Any, answers_for: Any, manager: Any
) -> None:
    from maeul.auditlog.models import AuditEntry
    from maeul.core.errors import ServiceError
    from maeul.surveys.models import Response

    survey = make_survey()
    good = answers_for(survey, 5, 5, 5)
    bad = dict(good)
    bad[next(iter(bad))] = 0
    with pytest.raises(ServiceError) as error:
        services.responses_record_collected(
            actor=manager, survey_id=survey.pk, group="participants", responses=[good, bad]
        )
    assert "2" in error.value.message
    assert not Response.objects.exists()
    count = services.responses_record_collected(
        actor=manager, survey_id=survey.pk, group="participants", responses=[good, good]
    )
    assert count == 2 and Response.objects.filter(source="collected").count() == 2
    entry = AuditEntry.objects.filter(kind="surveys.responses_collected").get()
    assert json.loads(entry.payload) == {"group": "participants", "responses": 2}


def test_computed_figures_agree_with_the_reported_aggregate(seoul_demo: Any, places: Any) -> None:
    """Governance keeps the report's aggregates (``SurveyResult``); the survey run from
    answers gives the same trust means and level shares."""
    from maeul.governance.demo import _load_surveys
    from maeul.governance.models import SurveyResult

    _load_surveys(places["seoul"])
    results = {r.question.code: r for r in survey_results(seoul_demo).questions}
    for reported in SurveyResult.objects.filter(municipality=places["seoul"], year=2020):
        district = _group(results["trust_district"], reported.group).mean
        city = _group(results["trust_city"], reported.group).mean
        level = _group(results["ladder"], reported.group).shares[reported.level - 1]
        assert (district, city) == (reported.trust_district, reported.trust_city)
        assert level.percent == reported.level_share
    assert SurveyResult.objects.filter(municipality=places["seoul"]).count() == 2


def test_charts_compare_the_groups(seoul_demo: Any) -> None:
    from maeul.surveys.charts import question_chart

    results = {r.question.code: r for r in survey_results(seoul_demo).questions}
    trust = str(question_chart(results["trust_district"], "구청 신뢰"))
    assert trust.startswith("<svg") and "<title>구청 신뢰</title>" in trust
    assert ">4.93<" in trust and ">3.87<" in trust
    assert trust.count('class="chart-bar"') == 1 and trust.count('class="chart-bar-alt"') == 1
    ladder = str(question_chart(results["ladder"], "참여 수준"))
    assert ">44.3%<" in ladder and ">28.5%<" in ladder and ladder.count("<rect") == 7 * 2 * 2
    assert question_chart(results["comments"], "의견") is None
