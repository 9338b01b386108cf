"""On PostgreSQL: one response per person holds when the same resident answers from many
tabs at once, and closing a survey waits for the answers in flight."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.core.errors import Conflict, ServiceError
from maeul.surveys import services
from maeul.surveys.models import Answer, Respondent, Response
from tests.concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_same_person_answering_at_once_is_recorded_once(
    make_survey: Any, answers_for: Any, make_resident: Any, places: Any
) -> None:
    survey = make_survey()
    resident = make_resident(places["geumcheon"])
    answers = answers_for(survey, 5, 5, 5)
    results = race(
        8, lambda i: services.response_submit(user=resident, survey_id=survey.pk, answers=answers)
    )
    assert sum(1 for r in results if r is None) == 1
    assert all(isinstance(r, Conflict) for r in results if r is not None), results
    assert Respondent.objects.filter(survey=survey).count() == 1
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(response__survey=survey).count() == 3


def test_different_people_answer_at_once_and_close_keeps_counts_in_step(
    make_survey: Any, answers_for: Any, make_resident: Any, places: Any, manager: Any
) -> None:
    survey = make_survey()
    residents = [make_resident(places["geumcheon"]) for _ in range(7)]
    answers = answers_for(survey, 4, 4, 4)

    def work(i: int) -> Any:
        if i == 7:
            return services.survey_move(actor=manager, survey_id=survey.pk, to="closed")
        return services.response_submit(user=residents[i], survey_id=survey.pk, answers=answers)

    results = race(8, work)
    refused = [r for r in results[:7] if isinstance(r, ServiceError)]
    assert all(r is None or isinstance(r, ServiceError) for r in results[:7]), results
    # every answer either landed before the close, or was refused as not open: markers and
    # responses always count the same
    assert Respondent.objects.filter(survey=survey).count() == 7 - len(refused)
    assert Response.objects.filter(survey=survey).count() == 7 - len(refused)


def test_marker_and_response_do_not_share_a_transaction_id(
    make_survey: Any, answers_for: Any, make_resident: Any, places: Any
) -> None:
    """PostgreSQL stamps every row with the id of the transaction that wrote it (``xmin``);
    written together, the marker and the response would carry the same one, a link."""
    from django.db import connection

    survey = make_survey()
    for _ in range(3):
        services.response_submit(
            user=make_resident(places["geumcheon"]),
            survey_id=survey.pk,
            answers=answers_for(survey, 4, 4, 4),
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM surveys_respondent")
        markers = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT xmin::text FROM surveys_response")
        responses = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT xmin::text FROM surveys_answer")
        answers = {row[0] for row in cursor.fetchall()}
    assert len(markers) == 3 and len(responses) == 3
    assert not markers & responses and not markers & answers
