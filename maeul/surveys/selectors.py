"""Reads of the surveys app: lists and the results by group.

Results are computed from the stored answers every time (no stored aggregate to drift).
A group with fewer than ``MIN_GROUP`` respondents to a question shows its count and nothing
else, so a small group's answers cannot be read off the results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from maeul.places.models import Municipality
from maeul.surveys.models import (
    Answer,
    Question,
    QuestionKind,
    RespondentGroup,
    Response,
    Survey,
    SurveyState,
)

MIN_GROUP = 5
ALL = "all"
PUBLIC_STATES = (SurveyState.OPEN, SurveyState.CLOSED, SurveyState.PUBLISHED)


def surveys_of(municipality: Municipality, *, public: bool = True) -> QuerySet[Survey]:
    """A municipality's surveys (those it runs itself), newest first; the public sees all
    but drafts."""
    rows = Survey.objects.filter(municipality=municipality).select_related("municipality")
    if public:
        rows = rows.filter(state__in=PUBLIC_STATES)
    return rows.annotate(response_count=Count("responses"))


def _two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _one(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class OptionShare:
    label: str
    count: int
    percent: Decimal | None


@dataclass
class GroupResult:
    group: str
    label: str
    respondents: int
    mean: Decimal | None = None
    shares: list[OptionShare] = field(default_factory=list)
    hidden: bool = False  # fewer than MIN_GROUP respondents


@dataclass
class QuestionResult:
    question: Question
    groups: list[GroupResult]
    texts: list[str] = field(default_factory=list)

    @property
    def shown_groups(self) -> list[GroupResult]:
        return [g for g in self.groups if g.respondents]


@dataclass
class SurveyResults:
    survey: Survey
    respondents: dict[str, int]
    questions: list[QuestionResult]


def group_labels() -> list[tuple[str, str]]:
    from django.utils.translation import gettext

    return [
        (RespondentGroup.PARTICIPANTS.value, str(RespondentGroup.PARTICIPANTS.label)),
        (RespondentGroup.GENERAL_PUBLIC.value, str(RespondentGroup.GENERAL_PUBLIC.label)),
        (ALL, gettext("Everyone")),
    ]


def survey_results(survey: Survey) -> SurveyResults:
    """Per question and group (participants, general public, everyone): respondents, the
    mean of a scale, the share choosing each option; open texts in no particular order."""
    per_group = dict(
        Response.objects.filter(survey=survey)
        .values_list("group")
        .annotate(n=Count("id"))
        .values_list("group", "n")
    )
    respondents = {g: per_group.get(g, 0) for g, _ in group_labels() if g != ALL}
    respondents[ALL] = sum(respondents.values())
    answers = Answer.objects.filter(response__survey=survey)
    # respondents and value sums per (question, group)
    answered: dict[tuple[int, str], tuple[int, int]] = {}
    for question_id, group, n, total in (
        answers.values("question_id", "response__group")
        .annotate(n=Count("response_id", distinct=True), total=Sum("value"))
        .values_list("question_id", "response__group", "n", "total")
    ):
        answered[(question_id, group)] = (n, total or 0)
    chosen: dict[tuple[int, str], int] = {}
    for option_id, group, n in (
        answers.filter(option__isnull=False)
        .values("option_id", "response__group")
        .annotate(n=Count("id"))
        .values_list("option_id", "response__group", "n")
    ):
        chosen[(option_id, group)] = n
    results = []
    questions = survey.questions.prefetch_related("options").order_by("position")
    for question in questions:
        groups = []
        options = list(question.options.all())
        for group, label in group_labels():
            members = [group] if group != ALL else [g for g, _ in group_labels() if g != ALL]
            n = sum(answered.get((question.pk, g), (0, 0))[0] for g in members)
            total = sum(answered.get((question.pk, g), (0, 0))[1] for g in members)
            result = GroupResult(group, label, n, hidden=0 < n < MIN_GROUP)
            if n and not result.hidden:
                if question.kind == QuestionKind.SCALE:
                    result.mean = _two(Decimal(total) / n)
                for option in options:
                    count = sum(chosen.get((option.pk, g), 0) for g in members)
                    result.shares.append(
                        OptionShare(option.label, count, _one(Decimal(count * 100) / n))
                    )
            groups.append(result)
        texts: list[str] = []
        if question.kind == QuestionKind.TEXT:
            shown = sum(g.respondents for g in groups if g.group == ALL)
            if shown >= MIN_GROUP:
                texts = list(
                    answers.filter(question=question)
                    .exclude(text="")
                    .order_by("id")  # a random key: no order of arrival
                    .values_list("text", flat=True)[:200]
                )
        results.append(QuestionResult(question, groups, texts))
    return SurveyResults(survey, respondents, results)


def published_surveys(municipality: Municipality | None = None) -> QuerySet[Survey]:
    rows = Survey.objects.filter(state=SurveyState.PUBLISHED).select_related("municipality")
    if municipality is not None:
        rows = rows.filter(municipality__in=municipality.subtree())
    return rows.order_by("municipality__path", "published_at", "pk")


def open_count(municipality: Municipality) -> int:
    return Survey.objects.filter(
        Q(state=SurveyState.OPEN), municipality__in=municipality.subtree()
    ).count()
