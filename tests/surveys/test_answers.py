"""Answering a survey: anonymity, one response per person, the audience, bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.surveys import services
from maeul.surveys.models import Answer, Participant, Respondent, Response

pytestmark = pytest.mark.django_db


def _links_to_account_or_time(model: type[models.Model]) -> list[str]:
    from django.conf import settings

    found = []
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if related is not None and related._meta.label == settings.AUTH_USER_MODEL:
            found.append(field.name)
        if isinstance(field, models.DateField | models.DateTimeField | models.TimeField):
            found.append(field.name)
    return found


def test_answers_cannot_be_linked_to_an_account(
    make_survey: Any, answers_for: Any, make_resident: Any, places: dict[str, Any]
) -> None:
    """No field of a response or an answer names an account or a time; keys are random; the
    marker names no response; and answering writes no audit entry (its time and order would
    sit beside the answer)."""
    assert _links_to_account_or_time(Response) == []
    assert _links_to_account_or_time(Answer) == []
    assert {f.name for f in Respondent._meta.get_fields()} == {"id", "survey", "user"}
    assert isinstance(Response._meta.pk, models.UUIDField)
    assert isinstance(Answer._meta.pk, models.UUIDField)

    survey = make_survey()
    before = AuditEntry.objects.count()
    residents = [make_resident(places["geumcheon"]) for _ in range(3)]
    for n, resident in enumerate(residents, start=1):
        services.response_submit(
            user=resident, survey_id=survey.pk, answers=answers_for(survey, n, n + 1, n + 2)
        )
    assert AuditEntry.objects.count() == before
    assert Respondent.objects.filter(survey=survey).count() == 3
    responses = list(Response.objects.filter(survey=survey))
    assert len(responses) == 3
    # Keys do not follow the order of arrival (random UUIDs), so the k-th marker cannot be
    # matched to the k-th response by sorting on the key.
    ids = [r.pk for r in responses]
    assert len({i.version for i in ids}) == 1 and ids[0].version == 4
    values = Answer.objects.filter(response__survey=survey)
    for value in values.values("response_id", "question_id", "option_id", "value", "text"):
        assert set(value) == {"response_id", "question_id", "option_id", "value", "text"}
    markers = Respondent.objects.filter(survey=survey).values_list("user_id", flat=True)
    assert set(markers) == {r.pk for r in residents}


def test_one_response_per_person(
    make_survey: Any, answers_for: Any, make_resident: Any, places: Any
) -> None:
    survey = make_survey()
    resident = make_resident(places["geumcheon"])
    services.response_submit(
        user=resident, survey_id=survey.pk, answers=answers_for(survey, 5, 5, 5)
    )
    with pytest.raises(Conflict):
        services.response_submit(
            user=resident, survey_id=survey.pk, answers=answers_for(survey, 3, 3, 3)
        )
    assert Response.objects.filter(survey=survey).count() == 1
    assert services.has_answered(resident, survey)


def test_group_follows_the_roster_of_participants(
    make_survey: Any, answers_for: Any, make_resident: Any, places: Any
) -> None:
    """A participation event makes a resident a participant; the response says only that."""
    from django.utils import timezone

    from maeul.core.participation import ActivityCode, ParticipationEvent, deliver

    survey = make_survey(programme="budgeting")
    participant = make_resident(places["geumcheon"])
    other = make_resident(places["geumcheon"])
    event = ParticipationEvent(
        activity=ActivityCode.PROPOSAL_SUBMITTED,
        resident_id=participant.pk,
        municipality_id=places["gasan"].pk,
        source_key="test:1",
        occurred_at=timezone.now(),
    )
    deliver(event)
    deliver(event)  # a second delivery adds nothing
    assert Participant.objects.filter(user=participant).count() == 1
    services.response_submit(
        user=participant, survey_id=survey.pk, answers=answers_for(survey, 5, 6, 5)
    )
    services.response_submit(user=other, survey_id=survey.pk, answers=answers_for(survey, 3, 4, 4))
    assert sorted(Response.objects.values_list("group", flat=True)) == [
        "general_public",
        "participants",
    ]


def test_participants_survey_refuses_others(
    make_survey: Any, answers_for: Any, make_resident: Any, places: Any
) -> None:
    survey = make_survey(audience="participants", programme="voting")
    outsider = make_resident(places["geumcheon"])
    with pytest.raises(NotAllowed):
        services.response_submit(
            user=outsider, survey_id=survey.pk, answers=answers_for(survey, 1, 1, 1)
        )
    Participant.objects.create(
        municipality=places["geumcheon"], programme="budgeting", user=outsider
    )
    with pytest.raises(NotAllowed):  # another programme's participant
        services.response_submit(
            user=outsider, survey_id=survey.pk, answers=answers_for(survey, 1, 1, 1)
        )
    Participant.objects.create(municipality=places["geumcheon"], programme="voting", user=outsider)
    services.response_submit(
        user=outsider, survey_id=survey.pk, answers=answers_for(survey, 1, 1, 1)
    )
    assert Response.objects.get().group == "participants"


@pytest.mark.parametrize("state", ["draft", "closed", "published"])
def test_only_an_open_survey_takes_answers(
    state: str, make_survey: Any, answers_for: Any, make_resident: Any, places: Any
) -> None:
    survey = make_survey(state=state)
    resident = make_resident(places["geumcheon"])
    with pytest.raises(ServiceError):
        services.response_submit(
            user=resident, survey_id=survey.pk, answers=answers_for(survey, 1, 1, 1)
        )
    assert not Respondent.objects.exists() and not Response.objects.exists()


def test_officials_and_visitors_do_not_answer(
    make_survey: Any, answers_for: Any, manager: Any
) -> None:
    from django.contrib.auth.models import AnonymousUser

    survey = make_survey()
    for user in (manager, AnonymousUser()):
        with pytest.raises(NotAllowed):
            services.response_submit(
                user=user, survey_id=survey.pk, answers=answers_for(survey, 1, 1, 1)
            )


def _bad(survey: Any, answers_for: Any, change: str) -> dict[str, Any]:
    answers = answers_for(survey, 5, 5, 5)
    q = {question.code: str(question.pk) for question in survey.questions.all()}
    if change == "missing_required":
        answers[q["trust_district"]] = ""
    elif change == "scale_too_high":
        answers[q["trust_district"]] = 8
    elif change == "scale_zero":
        answers[q["trust_city"]] = "0"
    elif change == "scale_not_a_number":
        answers[q["trust_city"]] = "많이"
    elif change == "option_of_another_question":
        answers[q["ladder"]] = 99999999
    elif change == "two_options_for_single":
        answers[q["ladder"]] = [answers[q["ladder"]], answers[q["ladder"]] + 1]
    elif change == "unknown_question":
        answers["424242"] = "x"
    elif change == "text_too_long":
        answers[q["comments"]] = "가" * 2001
    return answers


@pytest.mark.parametrize(
    "change",
    [
        "missing_required",
        "scale_too_high",
        "scale_zero",
        "scale_not_a_number",
        "option_of_another_question",
        "two_options_for_single",
        "unknown_question",
        "text_too_long",
    ],
)
def test_bad_answers_are_refused_with_a_message_and_change_nothing(
    change: str, make_survey: Any, answers_for: Any, make_resident: Any, places: Any
) -> None:
    survey = make_survey()
    resident = make_resident(places["geumcheon"])
    with pytest.raises(ServiceError) as error:
        services.response_submit(
            user=resident, survey_id=survey.pk, answers=_bad(survey, answers_for, change)
        )
    assert error.value.message
    assert not Respondent.objects.exists() and not Response.objects.exists()
    assert not Answer.objects.exists()


def test_multiple_choice_and_optional_text(manager: Any, make_resident: Any, places: Any) -> None:
    survey = services.survey_create(
        actor=manager, municipality=places["geumcheon"], data={"title": "관심 분야"}
    )
    multi = services.question_add(
        actor=manager,
        survey_id=survey.pk,
        data={"kind": "multiple", "text": "관심 분야는?", "options": ["교통", "환경", "복지"]},
    )
    scale = services.question_add(
        actor=manager, survey_id=survey.pk, data={"kind": "scale", "text": "만족도", "scale_max": 5}
    )
    services.survey_move(actor=manager, survey_id=survey.pk, to="open")
    ids = list(multi.options.values_list("pk", flat=True))
    services.response_submit(
        user=make_resident(places["geumcheon"]),
        survey_id=survey.pk,
        answers={str(multi.pk): [ids[0], ids[2]], str(scale.pk): "5"},
    )
    assert Answer.objects.filter(question=multi).count() == 2
    with pytest.raises(ServiceError):  # 6 on a 1-5 scale
        services.response_submit(
            user=make_resident(places["geumcheon"]),
            survey_id=survey.pk,
            answers={str(multi.pk): [ids[1]], str(scale.pk): "6"},
        )


def test_opening_a_participants_survey_tells_its_participants(
    make_survey: Any,
    make_resident: Any,
    places: Any,
    manager: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from maeul.notifications.models import Notice

    inside = make_resident(places["geumcheon"])
    other_programme = make_resident(places["geumcheon"])
    elsewhere = make_resident(places["gwanak"])
    Participant.objects.create(municipality=places["gasan"], programme="budgeting", user=inside)
    Participant.objects.create(
        municipality=places["geumcheon"], programme="voting", user=other_programme
    )
    Participant.objects.create(municipality=places["gwanak"], programme="budgeting", user=elsewhere)
    survey = make_survey(state="draft", audience="participants", programme="budgeting")
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_move(actor=manager, survey_id=survey.pk, to="open")
    notices = Notice.objects.filter(kind="surveys.survey_opened")
    assert list(notices.values_list("recipient_id", flat=True)) == [inside.pk]
    assert notices.get().url == f"/surveys/s/{survey.pk}/"
    public = make_survey(state="draft")
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_move(actor=manager, survey_id=public.pk, to="open")
    assert notices.count() == 1  # a public survey is announced on the pages, not by notice
