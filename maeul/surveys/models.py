"""Questionnaires, their anonymous answers and the one-way "already answered" marker.

* ``Survey``: a questionnaire of one municipality, sent to the public or to the participants
  of a programme; draft → open → closed → results published.
* ``Question`` and ``Option``: single choice, multiple choice, scale 1–5 or 1–7, open text.
* ``Response`` and ``Answer``: what was answered, with the respondent's group (participants
  or general public) and nothing else about them: no account, no time, and a random UUID as
  key, so neither a foreign key nor a timestamp nor an increasing id links an answer to
  anyone (docs/subsystems/surveys.md says what remains: the database's physical row order).
* ``Respondent``: that an account has answered a survey, and nothing of what. The
  unique constraint ``surveys_one_response_per_person`` is the one-response-per-person rule.
* ``Participant``: the roster of programme participants, filled from the foundation's
  participation events (maeul/core/participation.py), so surveys never imports a programme.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.core.textlimits import BoundedTextField


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Results published")


class Audience(models.TextChoices):
    PUBLIC = "public", _("The public")
    PARTICIPANTS = "participants", _("Participants of a programme")


class ProgrammeKey(models.TextChoices):
    """The programmes whose participants a survey can be sent to (keys of the home page's
    programme registry, maeul/core/programmes.py)."""

    ANY = "", _("Any programme")
    BUDGETING = "budgeting", _("Participatory budgeting")
    VOTING = "voting", _("Resident decisions by vote")
    GOVERNANCE = "governance", _("Public–civic governance")


class RespondentGroup(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants")
    GENERAL_PUBLIC = "general_public", _("General public")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    TEXT = "text", _("Open text")


class ResponseSource(models.TextChoices):
    ONLINE = "online", _("Answered online")
    COLLECTED = "collected", _("Collected on paper or by a survey agency")


class Survey(models.Model):
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    title = models.CharField(_("title"), max_length=textlimits.LABEL)
    description = BoundedTextField(_("description"), max_length=textlimits.TEXT, blank=True)
    audience = models.CharField(
        _("sent to"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    programme = models.CharField(
        _("programme"), max_length=20, choices=ProgrammeKey.choices, blank=True, default=""
    )
    state = models.CharField(
        _("state"), max_length=10, choices=SurveyState.choices, default=SurveyState.DRAFT
    )
    template = models.CharField(_("template"), max_length=40, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=SurveyState.values), name="surveys_survey_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="surveys_survey_audience_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == SurveyState.OPEN

    @property
    def is_published(self) -> bool:
        return self.state == SurveyState.PUBLISHED


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=textlimits.LABEL)
    code = models.CharField(_("code"), max_length=40, blank=True, default="")
    scale_max = models.PositiveSmallIntegerField(_("scale"), null=True, blank=True)
    required = models.BooleanField(_("answer required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "position"], name="surveys_question_unique_position"
            ),
            models.CheckConstraint(
                condition=(Q(kind="scale") & Q(scale_max__in=[5, 7]))
                | (~Q(kind="scale") & Q(scale_max__isnull=True)),
                name="surveys_question_scale_5_or_7",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("label"), max_length=textlimits.LABEL)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="surveys_option_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """One person's answers, kept without any link to the person: a random key, the group,
    where it came from; no account, no time (a time would match the marker's audit trail or
    a web server log)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    group = models.CharField(_("group"), max_length=20, choices=RespondentGroup.choices)
    source = models.CharField(
        _("source"), max_length=10, choices=ResponseSource.choices, default=ResponseSource.ONLINE
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(group__in=RespondentGroup.values), name="surveys_response_group_valid"
            )
        ]


class Answer(models.Model):
    """The answer to one question (one row per ticked option for a multiple choice)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, related_name="answers", null=True, blank=True
    )
    value = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)
    text = BoundedTextField(_("text"), max_length=textlimits.REASON, blank=True, default="")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "option"],
                name="surveys_answer_option_once",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | (Q(value__gte=1) & Q(value__lte=7)),
                name="surveys_answer_value_range",
            ),
        ]


class Respondent(models.Model):
    """That ``user`` has answered ``survey``: the one-way marker. It names no response and
    records no time, so it says who answered and never what."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="respondents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], name="surveys_one_response_per_person"
            )
        ]


class Participant(models.Model):
    """A resident who took part in a programme of a municipality (from a participation
    event): who may answer a participants' survey, and who counts as a participant."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    programme = models.CharField(_("programme"), max_length=20, choices=ProgrammeKey.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("programme participant")
        verbose_name_plural = _("programme participants")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "programme", "user"], name="surveys_participant_unique"
            )
        ]
