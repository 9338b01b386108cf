"""The registered export ``survey-results`` (columns fixed by issue 21): every published
survey's questions with, per group, the respondents and the mean of a scale question."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.exports.columns import DECIMAL, INTEGER, MUNICIPALITY, TEXT, Column
from maeul.exports.registry import ExportTable, register
from maeul.surveys.models import QuestionKind
from maeul.surveys.selectors import published_surveys, survey_results


def _rows(municipality: Any) -> Iterator[list[Any]]:
    for survey in published_surveys(municipality):
        for result in survey_results(survey).questions:
            if result.question.kind == QuestionKind.TEXT:
                continue
            for group in result.groups:
                yield [
                    survey.municipality.name,
                    survey.title,
                    f"{result.question.position}. {result.question.text}",
                    group.group,
                    group.respondents,
                    "" if group.mean is None else group.mean,
                ]


register(
    ExportTable(
        name="survey-results",
        title=_("Survey results"),
        description=_(
            "Each published survey's questions by group (participants, general public, everyone): "
            "respondents and, for a scale question, the mean."
        ),
        columns=(
            MUNICIPALITY,
            Column("survey", TEXT, "설문 제목", "Survey title"),
            Column("question", TEXT, "문항(번호. 내용)", "Question (number. text)"),
            Column(
                "group",
                TEXT,
                "응답자 집단 코드(participants 참여자, general_public 일반시민, all 전체)",
                "Group code (participants, general_public, all)",
            ),
            Column(
                "respondents", INTEGER, "문항 응답자 수", "Respondents to the question", "people"
            ),
            Column(
                "mean",
                DECIMAL,
                "척도 문항의 평균(선택 문항과 응답자 5명 미만 집단은 빈칸)",
                "Mean of a scale question (empty for choice questions and groups under 5)",
            ),
        ),
        rows=_rows,
        public=True,
    )
)
