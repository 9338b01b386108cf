"""Writes of the surveys app: build a questionnaire, move it through its states, answer it.

Every function takes the acting user and validated-or-raw data, runs in one transaction and
raises ``ServiceError`` with a message in the user's language on bad input. Officials' actions
are written to the audit log. Answers are not: an audit entry carries its time and order, which
is exactly what must not exist beside an anonymous answer (the marker ``Respondent`` is the
record that a person answered).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.auditlog.services import audit_record
from maeul.core import textlimits
from maeul.core.errors import Conflict, NotAllowed, ServiceError, violates
from maeul.places.models import Municipality
from maeul.surveys.models import (
    Answer,
    Audience,
    Option,
    Participant,
    ProgrammeKey,
    Question,
    QuestionKind,
    Respondent,
    RespondentGroup,
    Response,
    ResponseSource,
    Survey,
    SurveyState,
)
from maeul.surveys.notices import announce_opened
from maeul.surveys.rules import SurveyPermission
from maeul.surveys.templates_ready import TEMPLATES

MAX_QUESTIONS = 50
MAX_OPTIONS = 20
MAX_COLLECTED = 10_000

# The moves a survey may make, and the time field each one stamps.
TRANSITIONS = {
    SurveyState.OPEN: (SurveyState.DRAFT, "opened_at"),
    SurveyState.CLOSED: (SurveyState.OPEN, "closed_at"),
    SurveyState.PUBLISHED: (SurveyState.CLOSED, "published_at"),
}


def _require_manage(actor: Any, obj: Any) -> None:
    if not has_permission(actor, SurveyPermission.MANAGE, obj):
        raise NotAllowed(_("You do not have permission to do this."))


def _locked(actor: Any, survey_id: Any) -> Survey:
    """The survey, locked, if ``actor`` manages it; 404 otherwise (ids are not probed)."""
    return get_authorised(
        Survey.objects.select_related("municipality"),
        actor,
        survey_id,
        SurveyPermission.MANAGE,
        lock=True,
    )


def _clean_header(data: Mapping[str, Any]) -> dict[str, Any]:
    title = str(data.get("title") or "").strip()
    if not title:
        raise ServiceError(_("Give the survey a title."), field="title")
    if len(title) > textlimits.LABEL:
        raise ServiceError(
            _("A title has at most %(n)d characters.") % {"n": textlimits.LABEL}, field="title"
        )
    description = str(data.get("description") or "").strip()
    if len(description) > textlimits.TEXT:
        raise ServiceError(
            _("A description has at most %(n)d characters.") % {"n": textlimits.TEXT},
            field="description",
        )
    audience = str(data.get("audience") or Audience.PUBLIC)
    if audience not in Audience.values:
        raise ServiceError(_("Choose who the survey is sent to."), field="audience")
    programme = str(data.get("programme") or "")
    if programme not in ProgrammeKey.values:
        raise ServiceError(_("Choose a programme from the list."), field="programme")
    return {
        "title": title,
        "description": description,
        "audience": audience,
        "programme": programme,
    }


def survey_create(
    *,
    actor: Any,
    municipality: Municipality,
    data: Mapping[str, Any],
    template: str = "",
) -> Survey:
    """A new draft survey of ``municipality``; with ``template`` its ready-made questions."""
    _require_manage(actor, municipality)
    values = _clean_header(data)
    if template and template not in TEMPLATES:
        raise ServiceError(_("Choose a template from the list."), field="template")
    with transaction.atomic():
        survey = Survey.objects.create(municipality=municipality, template=template, **values)
        if template:
            for position, spec in enumerate(TEMPLATES[template].questions, start=1):
                question = Question.objects.create(
                    survey=survey,
                    position=position,
                    kind=spec.kind,
                    text=str(spec.text),
                    code=spec.code,
                    scale_max=spec.scale_max,
                    required=spec.required,
                )
                Option.objects.bulk_create(
                    Option(question=question, position=n, label=str(label))
                    for n, label in enumerate(spec.options, start=1)
                )
        audit_record(
            kind="surveys.survey_created",
            actor=actor,
            subject=survey,
            municipality=municipality,
            data={"title": survey.title, "audience": survey.audience, "template": template},
        )
    return survey


def _clean_options(kind: str, options: Iterable[Any]) -> list[str]:
    labels = [str(o).strip() for o in options if str(o).strip()]
    if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if labels:
            raise ServiceError(_("Only choice questions have options."), field="options")
        return []
    if len(labels) < 2:
        raise ServiceError(_("A choice question needs at least two options."), field="options")
    if len(labels) > MAX_OPTIONS:
        raise ServiceError(
            _("A question has at most %(n)d options.") % {"n": MAX_OPTIONS}, field="options"
        )
    if any(len(label) > textlimits.LABEL for label in labels):
        raise ServiceError(
            _("An option has at most %(n)d characters.") % {"n": textlimits.LABEL},
            field="options",
        )
    if len(set(labels)) != len(labels):
        raise ServiceError(_("Two options have the same text."), field="options")
    return labels


def question_add(*, actor: Any, survey_id: Any, data: Mapping[str, Any]) -> Question:
    """Add a question at the end of a draft survey (questions are fixed once it opens, so
    every respondent answers the same questionnaire)."""
    kind = str(data.get("kind") or "")
    if kind not in QuestionKind.values:
        raise ServiceError(_("Choose the type of question."), field="kind")
    text = str(data.get("text") or "").strip()
    if not text:
        raise ServiceError(_("Write the question."), field="text")
    if len(text) > textlimits.LABEL:
        raise ServiceError(
            _("A question has at most %(n)d characters.") % {"n": textlimits.LABEL}, field="text"
        )
    scale_max: int | None = None
    if kind == QuestionKind.SCALE:
        try:
            scale_max = int(data.get("scale_max") or 0)
        except (TypeError, ValueError):
            scale_max = 0
        if scale_max not in (5, 7):
            raise ServiceError(_("A scale goes from 1 to 5 or from 1 to 7."), field="scale_max")
    labels = _clean_options(kind, data.get("options") or [])
    with transaction.atomic():
        survey = _locked(actor, survey_id)
        if survey.state != SurveyState.DRAFT:
            raise Conflict(_("Questions can only be changed while the survey is a draft."))
        count = survey.questions.count()
        if count >= MAX_QUESTIONS:
            raise ServiceError(
                _("A survey has at most %(n)d questions.") % {"n": MAX_QUESTIONS}, field="text"
            )
        question = Question.objects.create(
            survey=survey,
            position=count + 1,
            kind=kind,
            text=text,
            scale_max=scale_max,
            required=bool(data.get("required", True)),
        )
        Option.objects.bulk_create(
            Option(question=question, position=n, label=label)
            for n, label in enumerate(labels, start=1)
        )
        audit_record(
            kind="surveys.question_added",
            actor=actor,
            subject=survey,
            municipality=survey.municipality,
            data={"position": question.position, "kind": kind, "text": text},
        )
    return question


def question_remove(*, actor: Any, survey_id: Any, question_id: Any) -> None:
    """Remove a question of a draft survey; the ones after it move up."""
    with transaction.atomic():
        survey = _locked(actor, survey_id)
        if survey.state != SurveyState.DRAFT:
            raise Conflict(_("Questions can only be changed while the survey is a draft."))
        try:
            question = survey.questions.filter(pk=int(question_id)).first()
        except (TypeError, ValueError):
            question = None
        if question is None:
            raise ServiceError(_("That question is not in this survey."))
        position = question.position
        question.delete()
        for later in survey.questions.filter(position__gt=position).order_by("position"):
            later.position -= 1
            later.save(update_fields=["position"])
        audit_record(
            kind="surveys.question_removed",
            actor=actor,
            subject=survey,
            municipality=survey.municipality,
            data={"position": position},
        )


def survey_move(*, actor: Any, survey_id: Any, to: str) -> Survey:
    """Open a draft, close an open survey or publish a closed one's results."""
    if to not in TRANSITIONS:
        raise ServiceError(_("Unknown step."), field="to")
    before, stamp = TRANSITIONS[SurveyState(to)]
    with transaction.atomic():
        survey = _locked(actor, survey_id)
        if survey.state != before:
            raise Conflict(
                _("This step is not possible while the survey is %(state)s.")
                % {"state": survey.get_state_display()}
            )
        if to == SurveyState.OPEN and not survey.questions.exists():
            raise ServiceError(_("Add at least one question before opening the survey."))
        previous = survey.state
        survey.state = to
        setattr(survey, stamp, timezone.now())
        survey.save(update_fields=["state", stamp])
        if to == SurveyState.OPEN and survey.audience == Audience.PARTICIPANTS:
            announce_opened(survey)
        audit_record(
            kind="surveys.survey_state",
            actor=actor,
            subject=survey,
            municipality=survey.municipality,
            data={"from": previous, "to": to},
        )
    return survey


# ---- answering ---------------------------------------------------------------------------


def is_participant(user: Any, survey: Survey) -> bool:
    """Whether ``user`` took part in the survey's programme (any programme when it names
    none) in the survey's municipality or below it."""
    rows = Participant.objects.filter(
        user=user, municipality__path__startswith=survey.municipality.path
    )
    if survey.programme:
        rows = rows.filter(programme=survey.programme)
    return rows.exists()


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def clean_answers(
    questions: Sequence[Question], raw: Mapping[Any, Any]
) -> list[tuple[Question, list[dict[str, Any]]]]:
    """Check ``raw`` (question id → option id, option ids, scale value or text) against the
    questionnaire; the answer rows to store per question. Messages name the question."""
    by_key = {str(k): v for k, v in raw.items()}
    known = {str(q.pk) for q in questions}
    if set(by_key) - known:
        raise ServiceError(_("An answer names a question that is not in this survey."))
    cleaned = []
    for question in questions:
        value = by_key.get(str(question.pk))
        values = (
            value if isinstance(value, list | tuple) else [] if value in (None, "") else [value]
        )
        values = [v for v in values if str(v).strip() != ""]
        number = question.position
        if not values:
            if question.required:
                raise ServiceError(
                    _("Question %(n)d needs an answer.") % {"n": number}, field=f"q{question.pk}"
                )
            continue
        rows: list[dict[str, Any]] = []
        if question.has_options:
            options = {o.pk: o for o in question.options.all()}
            ids = [_int(v) for v in values]
            if any(i not in options for i in ids):
                raise ServiceError(
                    _("Question %(n)d: choose from the options given.") % {"n": number},
                    field=f"q{question.pk}",
                )
            if question.kind == QuestionKind.SINGLE and len(ids) > 1:
                raise ServiceError(
                    _("Question %(n)d takes one answer.") % {"n": number}, field=f"q{question.pk}"
                )
            rows = [{"option": options[i]} for i in dict.fromkeys(ids) if i is not None]
        elif question.kind == QuestionKind.SCALE:
            number_value = _int(values[0]) if len(values) == 1 else None
            if number_value is None or not 1 <= number_value <= (question.scale_max or 0):
                raise ServiceError(
                    _("Question %(n)d: choose a number from 1 to %(max)d.")
                    % {"n": number, "max": question.scale_max or 0},
                    field=f"q{question.pk}",
                )
            rows = [{"value": number_value}]
        else:
            text = str(values[0]).strip() if len(values) == 1 else ""
            if len(text) > textlimits.REASON:
                raise ServiceError(
                    _("Question %(n)d: an answer has at most %(max)d characters.")
                    % {"n": number, "max": textlimits.REASON},
                    field=f"q{question.pk}",
                )
            if not text:
                continue
            rows = [{"text": text}]
        cleaned.append((question, rows))
    return cleaned


def _store(survey: Survey, group: str, source: str, cleaned: Any) -> Response:
    response = Response.objects.create(survey=survey, group=group, source=source)
    Answer.objects.bulk_create(
        Answer(response=response, question=question, **row)
        for question, rows in cleaned
        for row in rows
    )
    return response


def response_submit(*, user: Any, survey_id: Any, answers: Mapping[Any, Any]) -> None:
    """Record ``user``'s answers to an open survey, once.

    Two transactions, so that the marker (who answered) and the response (what) share
    nothing, not even PostgreSQL's hidden transaction id (``xmin``), which two rows written
    by one transaction carry alike:

    1. check the survey, the audience and every answer, then write the marker; the marker's
       unique constraint refuses a second answer of the same person, also when both arrive
       at once;
    2. write the response and its answers, if the survey is still open. Should this fail,
       the marker is removed again, so the person can answer once more; a crash between the
       two leaves a marker without a response (the person cannot answer again and the
       survey counts one response fewer than markers), never a second response.

    Returns nothing on purpose: a receipt naming the response would be the link. Call it
    outside a transaction (``durable``): inside one, both writes would share its id again.
    """
    if not has_permission(user, SurveyPermission.ANSWER, None):
        raise NotAllowed(_("Only residents signed in can answer a survey."))
    try:
        with transaction.atomic(durable=True):
            survey = _open_survey(user, survey_id)
            participant = is_participant(user, survey)
            if survey.audience == Audience.PARTICIPANTS and not participant:
                raise NotAllowed(
                    _("This survey is for the participants of the programme it names.")
                )
            questions = list(survey.questions.prefetch_related("options").order_by("position"))
            cleaned = clean_answers(questions, answers)
            Respondent.objects.create(survey=survey, user=user)
    except IntegrityError as error:
        if violates(error, "surveys_one_response_per_person", "survey_id", "user_id"):
            raise Conflict(_("You have already answered this survey.")) from None
        raise
    group = RespondentGroup.PARTICIPANTS if participant else RespondentGroup.GENERAL_PUBLIC
    try:
        with transaction.atomic(durable=True):
            _store(_open_survey(user, survey.pk), group, ResponseSource.ONLINE, cleaned)
    except BaseException:
        Respondent.objects.filter(survey=survey, user=user).delete()
        raise


def _open_survey(user: Any, survey_id: Any) -> Survey:
    survey = _shared(_int(survey_id))
    if survey is None or not has_permission(user, SurveyPermission.VIEW, survey):
        raise ServiceError(_("This survey does not exist."))
    if survey.state != SurveyState.OPEN:
        raise Conflict(_("This survey is not open for answers."))
    return survey


def _shared(survey_id: int | None) -> Survey | None:
    """The survey read with a shared row lock on PostgreSQL: answers do not wait for each
    other, but closing (``FOR UPDATE``) waits for the answers in flight and an answer that
    comes after the close sees it closed. SQLite has one writer at a time anyway."""
    if survey_id is None or not 0 < survey_id < 2**63:
        return None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM surveys_survey WHERE id = %s FOR SHARE", [survey_id])
    return Survey.objects.select_related("municipality").filter(pk=survey_id).first()


def has_answered(user: Any, survey: Survey) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Respondent.objects.filter(survey=survey, user=user).exists()


def responses_record_collected(
    *, actor: Any, survey_id: Any, group: str, responses: Sequence[Mapping[Any, Any]]
) -> int:
    """Enter answers collected outside Maeul (paper forms, a survey agency's file) for one
    group: the same checks as an online answer, all or nothing, audited by count. There is
    no account behind them, so no marker is written."""
    if group not in RespondentGroup.values:
        raise ServiceError(_("Choose the group surveyed."), field="group")
    if not responses:
        raise ServiceError(_("There are no answers to record."))
    if len(responses) > MAX_COLLECTED:
        raise ServiceError(
            _("At most %(n)d answers at a time.") % {"n": MAX_COLLECTED}, field="responses"
        )
    with transaction.atomic():
        survey = _locked(actor, survey_id)
        if survey.state not in (SurveyState.OPEN, SurveyState.CLOSED):
            raise Conflict(_("Answers can be recorded while the survey is open or closed."))
        questions = list(survey.questions.prefetch_related("options").order_by("position"))
        cleaned = []
        for line, raw in enumerate(responses, start=1):
            try:
                cleaned.append(clean_answers(questions, raw))
            except ServiceError as error:
                raise ServiceError(
                    _("Answer sheet %(line)d: %(message)s")
                    % {"line": line, "message": error.message},
                    field=error.field,
                ) from None
        for answers in cleaned:
            _store(survey, group, ResponseSource.COLLECTED, answers)
        audit_record(
            kind="surveys.responses_collected",
            actor=actor,
            subject=survey,
            municipality=survey.municipality,
            data={"group": group, "responses": len(cleaned)},
        )
    return len(cleaned)
