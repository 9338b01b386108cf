"""Demo surveys.

* Seoul's 2020 survey of participation and trust, as the 2021 local-governance plan reports
  it (seed 004): participants perceive level 5 "participatory cooperation" (44.3%), the general
  public level 3 "consultation survey" (28.5%); trust in the district office 4.93 vs 3.87, in
  the city hall 4.52 vs 3.94. The seed gives no number of respondents, so the demo uses 300
  participants and 200 residents of the general public (invented), the smallest round numbers
  for which 44.3% and 28.5% are whole counts (133/300 rounds to 44.3%, 57/200 is 28.5%).
  The answers are entered as collected by a survey agency (the plan's survey was run by one),
  and generated so that the means are exactly the reported figures; a golden test reads them
  back through the results service.
* Geumcheon-gu's open survey on the same template, which a demo resident can answer.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from maeul.accounts.models import User
from maeul.places.models import Municipality
from maeul.surveys import services
from maeul.surveys.models import Survey, SurveyState
from maeul.surveys.templates_ready import LADDER, TRUST_CITY, TRUST_DISTRICT

ORDER = 80

SEOUL_TITLE = "2020 지역사회혁신계획 참여자·일반시민 인식조사"
GEUMCHEON_TITLE = "2021 금천구 주민참여 수준과 신뢰 설문"

# group → (respondents, ladder counts for levels 1–7, district trust sum, city trust sum)
SEOUL_2020 = {
    "participants": (300, (4, 10, 30, 60, 133, 48, 15), 1479, 1356),  # 4.93, 4.52
    "general_public": (200, (30, 45, 57, 35, 20, 9, 4), 774, 788),  # 3.87, 3.94
}
SPREAD = (-2, -1, 0, 0, 1, 1, 2, -1, 0, 1, -3, 2)


def scale_values(n: int, total: int, *, low: int = 1, high: int = 7) -> list[int]:
    """``n`` answers on a ``low``–``high`` scale summing to ``total`` exactly (so their mean
    is ``total / n``), spread around the mean rather than all on one value."""
    if not n * low <= total <= n * high:
        raise ValueError("no such answers")
    centre = round(total / n)
    values = [min(high, max(low, centre + SPREAD[i % len(SPREAD)])) for i in range(n)]
    difference = total - sum(values)
    index = 0
    while difference:
        step = 1 if difference > 0 else -1
        value = values[index % n] + step
        if low <= value <= high:
            values[index % n] = value
            difference -= step
        index += 1
    return values


def _sheets(survey: Survey, group: str) -> list[dict[str, Any]]:
    respondents, ladder, district, city = SEOUL_2020[group]
    questions = {q.code: q for q in survey.questions.prefetch_related("options")}
    options = list(questions[LADDER].options.order_by("position"))
    levels = [options[level].pk for level, count in enumerate(ladder) for _ in range(count)]
    districts = scale_values(respondents, district)
    cities = scale_values(respondents, city)
    return [
        {
            str(questions[LADDER].pk): levels[i],
            str(questions[TRUST_DISTRICT].pk): districts[i],
            str(questions[TRUST_CITY].pk): cities[i],
        }
        for i in range(respondents)
    ]


def load_seoul_2020(actor: Any, seoul: Municipality) -> Survey:
    survey = Survey.objects.filter(municipality=seoul, title=SEOUL_TITLE).first()
    if survey is not None:
        return survey
    with translation.override("ko"):
        survey = services.survey_create(
            actor=actor,
            municipality=seoul,
            data={
                "title": SEOUL_TITLE,
                "description": (
                    "지역사회혁신계획 참여자(시민, 공무원)와 일반시민에게 정책 결정 과정의 "
                    "시민참여 수준(7단계)과 구정·시정 신뢰도를 물은 과정관리 설문조사. "
                    "전문 기관이 온라인으로 실시한 결과를 입력함."
                ),
                "audience": "public",
                "programme": "governance",
            },
            template="participation_trust",
        )
    services.survey_move(actor=actor, survey_id=survey.pk, to=SurveyState.OPEN)
    for group in SEOUL_2020:
        services.responses_record_collected(
            actor=actor, survey_id=survey.pk, group=group, responses=_sheets(survey, group)
        )
    services.survey_move(actor=actor, survey_id=survey.pk, to=SurveyState.CLOSED)
    return services.survey_move(actor=actor, survey_id=survey.pk, to=SurveyState.PUBLISHED)


def load_geumcheon_open(actor: Any, geumcheon: Municipality) -> Survey:
    survey = Survey.objects.filter(municipality=geumcheon, title=GEUMCHEON_TITLE).first()
    if survey is not None:
        return survey
    with translation.override("ko"):
        survey = services.survey_create(
            actor=actor,
            municipality=geumcheon,
            data={
                "title": GEUMCHEON_TITLE,
                "description": "금천구 주민 누구나 답할 수 있습니다. 답변은 이름 없이 저장됩니다.",
                "audience": "public",
                "programme": "budgeting",
            },
            template="participation_trust",
        )
    return services.survey_move(actor=actor, survey_id=survey.pk, to=SurveyState.OPEN)


def load(stdout: Any = None) -> None:
    actor = User.objects.filter(is_superuser=True).order_by("pk").first()
    if actor is None:
        raise RuntimeError("the surveys demo needs the accounts demo's superuser")
    seoul = Municipality.objects.get(slug="seoul")
    geumcheon = Municipality.objects.get(slug="seoul-geumcheon-gu")
    load_seoul_2020(actor, seoul)
    load_geumcheon_open(actor, geumcheon)
    if stdout is not None:
        stdout.write(f"surveys: {Survey.objects.count()} surveys")
