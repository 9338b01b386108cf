"""Election pledges (공약) and their tracking sheets (공약 이행 관리카드).

The layout follows the sheet officials already fill in (Seongnam's pledge no. 5 is the
reference): a pledge belongs to a field (분야) under a goal (목표), carries its policy-decision
record, funding plan by year and source, execution to date, milestones, tasks and weighted
indicators. Figures are stored raw (integer won; achievements as exact fractions) and the
percentages are computed by ``maeul.pledges.progress`` every time they are shown, so the
page, the export and the API can never disagree.
"""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.core.textlimits import BoundedTextField


class PledgeStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")  # 정상추진
    PARTIAL = "partial", _("Partly under way")  # 일부추진
    ON_HOLD = "on_hold", _("On hold")  # 보류
    COMPLETED = "completed", _("Completed")  # 완료
    ADJUSTED = "adjusted", _("Adjusted")  # 조정


class TermKind(models.TextChoices):
    WITHIN = "within", _("Within the term")  # 임기내
    BEYOND = "beyond", _("Continues after the term")  # 임기후


class Timing(models.TextChoices):
    SHORT = "short", _("Short term")  # 단기
    MID = "mid", _("Mid term")  # 중기
    LONG = "long", _("Long term")  # 장기


class FundingType(models.TextChoices):
    BUDGET = "budget", _("Budget")  # 예산
    NON_BUDGET = "non_budget", _("No budget")  # 비예산


class PledgeGoal(models.Model):
    """One of the administration's goals (목표), e.g. 더불어 행복한 금천."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="pledge_goals"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("goal"), max_length=120)

    class Meta:
        verbose_name = _("pledge goal")
        verbose_name_plural = _("pledge goals")
        ordering = ["municipality", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="pledge_goal_unique")
        ]

    def __str__(self) -> str:
        return self.name


class PledgeField(models.Model):
    """A policy field (분야) under a goal, e.g. 지역경제."""

    goal = models.ForeignKey(PledgeGoal, on_delete=models.CASCADE, related_name="fields")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("field"), max_length=120)

    class Meta:
        verbose_name = _("pledge field")
        verbose_name_plural = _("pledge fields")
        ordering = ["goal__order", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["goal", "name"], name="pledge_field_unique")]

    def __str__(self) -> str:
        return self.name

    def get_municipality(self) -> object:
        return self.goal.municipality


class Pledge(models.Model):
    """One election pledge with the header fields of its sheet."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="pledges"
    )
    field = models.ForeignKey(
        PledgeField, verbose_name=_("field"), on_delete=models.PROTECT, related_name="pledges"
    )
    number = models.PositiveIntegerField(_("pledge number"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=PledgeStatus.choices, default=PledgeStatus.ON_TRACK
    )
    term_kind = models.CharField(
        _("term"), max_length=8, choices=TermKind.choices, default=TermKind.WITHIN
    )
    owner = models.CharField(_("implementing body"), max_length=60, blank=True)
    is_new = models.BooleanField(_("new pledge"), default=True)
    timing = models.CharField(_("timing"), max_length=6, choices=Timing.choices, blank=True)
    funding_type = models.CharField(
        _("funding type"), max_length=12, choices=FundingType.choices, default=FundingType.BUDGET
    )
    department = models.CharField(_("responsible department"), max_length=120, blank=True)
    contacts = BoundedTextField(_("contacts"), blank=True, max_length=textlimits.REASON)
    policy_goals = BoundedTextField(_("policy goals"), blank=True, max_length=textlimits.TEXT)
    target_group = models.CharField(_("who it is for"), max_length=200, blank=True)
    period = models.CharField(_("period"), max_length=120, blank=True)
    summary = BoundedTextField(_("summary"), blank=True, max_length=textlimits.TEXT)
    next_steps = BoundedTextField(_("next steps"), blank=True, max_length=textlimits.TEXT)
    problems = BoundedTextField(_("problems and remedies"), blank=True, max_length=textlimits.TEXT)
    publicity = BoundedTextField(_("publicity plan"), blank=True, max_length=textlimits.TEXT)
    expected_effects = BoundedTextField(
        _("expected effects"), blank=True, max_length=textlimits.TEXT
    )
    execution_as_of = models.DateField(_("execution figures as of"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["municipality", "number"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="pledge_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="pledge_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class DecisionStage(models.TextChoices):
    ORIGINAL = "original", _("Original")  # 당초
    CHANGED = "changed", _("Changed")  # 변경
    FINAL = "final", _("Final")  # 최종


class PolicyDecision(models.Model):
    """The policy-decision record (방침결정): approval date, document number and reason."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="decisions")
    stage = models.CharField(_("stage"), max_length=10, choices=DecisionStage.choices)
    decided_on = models.DateField(_("approval date"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    reason = BoundedTextField(_("reason"), blank=True, max_length=textlimits.REASON)

    class Meta:
        verbose_name = _("policy decision")
        verbose_name_plural = _("policy decisions")
        constraints = [
            models.UniqueConstraint(fields=["pledge", "stage"], name="pledge_decision_stage_unique")
        ]

    def get_municipality(self) -> object:
        return self.pledge.municipality


class PledgeTask(models.Model):
    """A row of the tasks table (추진과제 / 세부내용)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("task"), max_length=200)
    details = BoundedTextField(_("details"), blank=True, max_length=textlimits.TEXT)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["order", "pk"]

    def get_municipality(self) -> object:
        return self.pledge.municipality


class FundingPlan(models.Model):
    """Planned money for one period and source (재정투입계획), integer won.

    ``in_term`` separates the mayor's term (소계 B) from earlier investment (A) and later
    years (C); the execution rate is measured against the in-term total only.
    """

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("source"), max_length=40)  # 국비, 시비, 구비...
    period = models.CharField(_("period"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    in_term = models.BooleanField(_("within the term"), default=True)
    amount_won = models.BigIntegerField(_("amount (won)"))

    class Meta:
        verbose_name = _("funding plan line")
        verbose_name_plural = _("funding plan")
        ordering = ["source", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_won__gte=0), name="funding_plan_nonneg"),
            models.UniqueConstraint(
                fields=["pledge", "source", "period"], name="funding_plan_period_unique"
            ),
        ]

    def get_municipality(self) -> object:
        return self.pledge.municipality


class Execution(models.Model):
    """Money spent in one period and source (예산집행현황), integer won."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="executions")
    source = models.CharField(_("source"), max_length=40)
    period = models.CharField(_("period"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    amount_won = models.BigIntegerField(_("amount (won)"))

    class Meta:
        verbose_name = _("execution line")
        verbose_name_plural = _("execution to date")
        ordering = ["source", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_won__gte=0), name="execution_nonneg"),
            models.UniqueConstraint(
                fields=["pledge", "source", "period"], name="execution_period_unique"
            ),
        ]

    def get_municipality(self) -> object:
        return self.pledge.municipality


class YearPlan(models.Model):
    """The yearly plan (연도별 추진계획): a period and its steps, one per line."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="year_plans")
    period = models.CharField(_("period"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    steps = BoundedTextField(_("steps"), max_length=textlimits.TEXT)
    details = BoundedTextField(_("details"), blank=True, max_length=textlimits.TEXT)

    class Meta:
        verbose_name = _("yearly plan")
        verbose_name_plural = _("yearly plans")
        ordering = ["order", "pk"]

    def get_municipality(self) -> object:
        return self.pledge.municipality

    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class Milestone(models.Model):
    """A dated entry of the milestone log (그간 추진성과); ``when`` keeps the sheet's wording
    ("2019. 2월 ~ 3월") and ``sort_date`` orders the log."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="milestones")
    when = models.CharField(_("when"), max_length=60)
    sort_date = models.DateField(_("date"))
    text = BoundedTextField(_("what happened"), max_length=textlimits.REASON)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["sort_date", "pk"]

    def get_municipality(self) -> object:
        return self.pledge.municipality


class Indicator(models.Model):
    """A weighted indicator (목표달성 확인지표) of one year.

    The achievement is stored as an exact fraction (``achievement_numerator /
    achievement_denominator``, 1 = 100 %) so that "one of three steps" stays exactly 1/3.
    """

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="indicators")
    year = models.CharField(_("year"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("indicator"), max_length=200)
    weight = models.PositiveIntegerField(_("weight"))
    target = models.CharField(_("target"), max_length=60, blank=True)
    result = models.CharField(_("result"), max_length=200, blank=True)
    achievement_numerator = models.PositiveIntegerField(default=0)
    achievement_denominator = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(achievement_denominator__gte=1)
                & Q(achievement_numerator__lte=models.F("achievement_denominator")),
                name="indicator_achievement_range",
            ),
        ]

    def get_municipality(self) -> object:
        return self.pledge.municipality

    @property
    def achievement(self) -> Fraction:
        return Fraction(self.achievement_numerator, self.achievement_denominator)

    @property
    def achievement_percent(self) -> object:
        from maeul.pledges.progress import as_percent

        return as_percent(self.achievement)

    @property
    def achievement_is_fraction(self) -> bool:
        """True when the achievement is a ratio of steps (1/3) rather than a whole percent."""
        return (self.achievement * 100).denominator != 1


class StatusChange(models.Model):
    """Status history of a pledge: every change with who, when and why."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(max_length=12, choices=PledgeStatus.choices, blank=True)
    new_status = models.CharField(max_length=12, choices=PledgeStatus.choices)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = BoundedTextField(_("reason"), blank=True, max_length=textlimits.REASON)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["changed_at", "pk"]


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class Half(models.IntegerChoices):
    FIRST = 1, _("First half")
    SECOND = 2, _("Second half")


class ProgressReport(models.Model):
    """A department's half-yearly progress report (반기별 추진실적), reviewed by the planning
    office (기획부서): approved, or returned with a reason and submitted again."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half"), choices=Half.choices)
    text = BoundedTextField(_("progress in this half"), max_length=textlimits.MINUTES)
    executed_won = models.BigIntegerField(_("money executed in this half (won)"), default=0)
    figures = BoundedTextField(_("figures"), blank=True, max_length=textlimits.TEXT)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = BoundedTextField(
        _("reason for returning"), blank=True, max_length=textlimits.REASON
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-year", "-half", "pledge__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "year", "half"], name="progress_report_period_unique"
            ),
            models.CheckConstraint(condition=Q(executed_won__gte=0), name="report_executed_nonneg"),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""),
                name="report_returned_has_reason",
            ),
        ]

    def get_municipality(self) -> object:
        return self.pledge.municipality


class ReportEvent(models.Model):
    """History of a report: submitted, approved, returned, resubmitted."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(max_length=10, choices=ReportState.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = BoundedTextField(blank=True, max_length=textlimits.REASON)

    class Meta:
        ordering = ["at", "pk"]


class Evidence(models.Model):
    """An evidence file attached to a report (PDF, image, spreadsheet), type and size checked."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="pledges/evidence/%Y/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def get_municipality(self) -> object:
        return self.report.pledge.municipality
