"""Fixtures: a Geumcheon-gu survey on the ready-made template, and its managers."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def manager(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["geumcheon"], "programme_manager", username="survey.manager")


@pytest.fixture
def make_survey(manager: Any, places: dict[str, Any]) -> Any:
    from maeul.surveys import services

    def make(*, state: str = "open", audience: str = "public", programme: str = "") -> Any:
        survey = services.survey_create(
            actor=manager,
            municipality=places["geumcheon"],
            data={"title": "주민참여 수준과 신뢰", "audience": audience, "programme": programme},
            template="participation_trust",
        )
        for step in ("open", "closed", "published"):
            if survey.state == state:
                break
            survey = services.survey_move(actor=manager, survey_id=survey.pk, to=step)
        return survey

    return make


@pytest.fixture
def answers_for() -> Any:
    """Answers to the template: ladder level, district trust, city trust, optional text."""

    def make(survey: Any, level: int, district: int, city: int, text: str = "") -> dict[str, Any]:
        q = {question.code: question for question in survey.questions.all()}
        option = q["ladder"].options.get(position=level)
        return {
            str(q["ladder"].pk): option.pk,
            str(q["trust_district"].pk): district,
            str(q["trust_city"].pk): city,
            str(q["comments"].pk): text,
        }

    return make
