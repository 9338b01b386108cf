"""Community innovation plans and the district evaluation (SPEC §7, seed 004).

* ``PlanRound``: a city's yearly round (Seoul 2021) with its rules as data (base share,
  strategy matching, the per-district subsidy range) and its calendar (``CalendarStep``).
* ``Plan``: one district's plan in a round — the 3-year basic plan's years and the 1-year
  action plan's projects — submitted by the district's governance council (a body of the
  governance register, read through ``maeul.governance.interface``) and linked to that
  council's deliberation sessions; draft → submitted → (returned → submitted) → approved.
* ``Project``: a plan's project with sector, theme, character, governance structure and its
  money in won: city subsidy, district matching, other sources.
* ``NegotiationNote``: the city's written opinion and the district's written answer; each
  edit is a new version, so what was said and answered is kept with the plan.
* ``Consultation``: consulting and training sessions per district and year.
* ``ProjectRecord``: the projects each district carried out per year (the city's database).
* ``EvaluationRound``/``Indicator``/``DistrictResult``/``IndicatorScore``: the evaluation's
  indicator catalogue, the scores with their evidence, and the published grading; publication
  freezes the scores.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.core.textlimits import BoundedTextField


class StepKind(models.TextChoices):
    BRIEFING = "briefing", _("Briefing for the districts")  # 사업 안내
    APPLICATIONS = "applications", _("Applications")  # 사업 신청서 접수
    EVALUATION = "evaluation", _("Evaluation of last year's projects")  # 성과평가
    CONSULTING = "consulting", _("Consulting and training")  # 컨설팅 및 교육
    PLANS_DUE = "plans_due", _("Plans due")  # 사업계획서 접수
    NEGOTIATION = "negotiation", _("City–district negotiation")  # 협의·조정
    PB_APPROVAL = "pb_approval", _("PB committee approval")  # 참여예산위원회 승인
    COUNCIL_VOTE = "council_vote", _("City council vote")  # 시의회 심의·의결


class PlanRound(models.Model):
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="innovation_rounds",
    )
    year = models.PositiveSmallIntegerField(_("plan year"))
    base_min_percent = models.PositiveSmallIntegerField(
        _("governance-base projects, at least (% of the city subsidy)"), default=30
    )
    matching_min_percent = models.PositiveSmallIntegerField(
        _("district matching of strategy projects, at least (% of their city subsidy)"),
        default=20,
    )
    subsidy_min_won = models.BigIntegerField(_("city subsidy per district, at least (won)"))
    subsidy_max_won = models.BigIntegerField(_("city subsidy per district, at most (won)"))
    note = BoundedTextField(_("note"), blank=True, max_length=textlimits.REASON)

    class Meta:
        verbose_name = _("plan round")
        verbose_name_plural = _("plan rounds")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="innovation_one_round_per_year"
            ),
            models.CheckConstraint(
                condition=Q(subsidy_min_won__gte=0)
                & Q(subsidy_max_won__gte=models.F("subsidy_min_won")),
                name="innovation_round_range",
            ),
            models.CheckConstraint(
                condition=Q(base_min_percent__lte=100) & Q(matching_min_percent__lte=100),
                name="innovation_round_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"


class CalendarStep(models.Model):
    round = models.ForeignKey(PlanRound, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        verbose_name = _("calendar step")
        verbose_name_plural = _("calendar steps")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "kind"], name="innovation_one_step_per_kind"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="innovation_step_dates"
            ),
        ]

    def get_municipality(self) -> object:
        return self.round.municipality


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


class Plan(models.Model):
    round = models.ForeignKey(PlanRound, on_delete=models.PROTECT, related_name="plans")
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="innovation_plans",
    )
    council = models.ForeignKey(
        "governance.Body",
        verbose_name=_("governance council"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="innovation_plans",
    )
    sessions = models.ManyToManyField(
        "governance.DeliberationSession",
        verbose_name=_("deliberation sessions"),
        blank=True,
        related_name="innovation_plans",
    )
    basic_plan_from = models.PositiveSmallIntegerField(_("3-year basic plan from"))
    summary = BoundedTextField(_("summary"), blank=True, max_length=textlimits.TEXT)
    state = models.CharField(
        _("state"), max_length=12, choices=PlanState.choices, default=PlanState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    late = models.BooleanField(_("submitted late"), default=False)
    approved_on = models.DateField(_("approved by the PB committee on"), null=True, blank=True)
    projects_reported = models.PositiveSmallIntegerField(
        _("projects in the published summary"),
        null=True,
        blank=True,
        help_text=_("The count a published source gives, kept beside the projects entered."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("community innovation plan")
        verbose_name_plural = _("community innovation plans")
        ordering = ["round", "municipality__sort_order", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality"], name="innovation_one_plan_per_district"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.round.year}"

    @property
    def is_editable(self) -> bool:
        return self.state in (PlanState.DRAFT, PlanState.RETURNED)


class ProjectKindChoice(models.TextChoices):
    BASE = "base", _("Governance base (협치기반 구축)")
    SECTOR = "sector", _("Sector governance project (분야별 협치사업)")
    STRATEGY = "strategy", _("Governance strategy project (협치전략사업)")


class Project(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="projects")
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=textlimits.LABEL)
    kind = models.CharField(_("kind"), max_length=12, choices=ProjectKindChoice.choices)
    pb_support = models.BooleanField(
        _("supports the district's participatory budgeting"), default=False
    )
    sector = models.CharField(_("sector"), max_length=60, blank=True)
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    character = models.CharField(_("character"), max_length=60, blank=True)
    structure = models.CharField(_("governance structure"), max_length=120, blank=True)
    city_subsidy_won = models.BigIntegerField(_("city subsidy (won)"))
    district_matching_won = models.BigIntegerField(_("district matching (won)"), default=0)
    other_won = models.BigIntegerField(_("other sources (won)"), default=0)
    sessions = models.ManyToManyField(
        "governance.DeliberationSession",
        verbose_name=_("deliberation sessions"),
        blank=True,
        related_name="innovation_projects",
    )

    class Meta:
        verbose_name = _("plan project")
        verbose_name_plural = _("plan projects")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"], name="innovation_project_position"
            ),
            models.CheckConstraint(
                condition=Q(city_subsidy_won__gte=0)
                & Q(district_matching_won__gte=0)
                & Q(other_won__gte=0),
                name="innovation_project_money",
            ),
        ]

    @property
    def total_won(self) -> int:
        return self.city_subsidy_won + self.district_matching_won + self.other_won


class Side(models.TextChoices):
    CITY = "city", _("City's opinion")  # 협의조정 의견서
    DISTRICT = "district", _("District's answer")  # 답변서


class NegotiationNote(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="notes")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    text = BoundedTextField(_("text"), max_length=textlimits.TEXT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("negotiation note")
        verbose_name_plural = _("negotiation notes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "side", "version"], name="innovation_note_version"
            ),
        ]


class ConsultationKind(models.TextChoices):
    CONSULTING = "consulting", _("Consulting")
    TRAINING = "training", _("Training")


class Consultation(models.Model):
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="innovation_consultations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=ConsultationKind.choices)
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=textlimits.LABEL, blank=True)
    officials = models.PositiveIntegerField(_("officials"))
    civil = models.PositiveIntegerField(_("civil participants"))

    class Meta:
        verbose_name = _("consulting or training session")
        verbose_name_plural = _("consulting and training sessions")
        ordering = ["-held_on", "pk"]


class ProjectRecord(models.Model):
    """One project a district carried out in a year, as the city's project database keeps it
    (seed 004: 104 projects in 2018, 176 in 2019, 217 in 2020). Kept apart from ``Project``
    because these years precede the plans entered in Maeul; ``illustrative`` marks details a
    demo made up where the source gives only counts."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="innovation_project_records",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=textlimits.LABEL)
    sector = models.CharField(_("sector"), max_length=60, blank=True)
    illustrative = models.BooleanField(_("illustrative details"), default=False)

    class Meta:
        verbose_name = _("project record")
        verbose_name_plural = _("project records")
        ordering = ["year", "municipality__sort_order", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "position"], name="innovation_record_position"
            ),
        ]


class EvaluationState(models.TextChoices):
    DRAFT = "draft", _("Scoring")
    PUBLISHED = "published", _("Published")


class EvaluationRound(models.Model):
    """The evaluation of one year's plans, grading next year's funding. ``tiers`` is a list
    of ``[name, count, amount_won]`` in grade order."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="innovation_evaluations",
    )
    year = models.PositiveSmallIntegerField(_("year evaluated"))
    funding_year = models.PositiveSmallIntegerField(_("funding year"))
    tiers = models.JSONField(_("grades"))
    state = models.CharField(
        _("state"), max_length=12, choices=EvaluationState.choices, default=EvaluationState.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    note = BoundedTextField(_("note"), blank=True, max_length=textlimits.REASON)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="innovation_one_evaluation_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"


class Part(models.TextChoices):
    BASIC = "basic", _("Basic conditions")  # 기본조건평가
    PROCESS = "process", _("Process management")  # 과정관리평가
    IMPACT = "impact", _("Impact")  # 영향평가


class Indicator(models.Model):
    evaluation = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="indicators"
    )
    part = models.CharField(_("part"), max_length=10, choices=Part.choices)
    code = models.CharField(_("code"), max_length=12)
    title = models.CharField(_("indicator"), max_length=textlimits.LABEL)
    max_points = models.DecimalField(_("points at most"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["evaluation", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "code"], name="innovation_indicator_code"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0), name="innovation_indicator_points"
            ),
        ]


class DistrictResult(models.Model):
    evaluation = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="results"
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="innovation_results",
    )
    had_plan = models.BooleanField(_("ran a plan last year"), default=True)
    pb_score = models.DecimalField(
        _("PB-system score (of 40)"), max_digits=5, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("district result")
        verbose_name_plural = _("district results")
        ordering = ["evaluation", "municipality__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "municipality"], name="innovation_one_result_per_district"
            ),
            models.CheckConstraint(
                condition=Q(pb_score__gte=0) & Q(pb_score__lte=40), name="innovation_pb_range"
            ),
        ]

    def get_municipality(self) -> object:
        return self.municipality


class IndicatorScore(models.Model):
    result = models.ForeignKey(DistrictResult, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="scores")
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    evidence = BoundedTextField(_("evidence"), blank=True, max_length=textlimits.REASON)

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        constraints = [
            models.UniqueConstraint(
                fields=["result", "indicator"], name="innovation_one_score_per_indicator"
            ),
            models.CheckConstraint(condition=Q(points__gte=0), name="innovation_points_positive"),
        ]
