"""Outside grant programmes (외부 공모사업) a district monitors, applies for and is paid by.

* ``OutsideProgramme``: one fund offered by the central government, the city or a private
  funder, in a field (the ten fields of Geumcheon-gu's monitoring table, seed 002), with its
  deadline, the amount offered and whether the district must match it. ``year`` is the
  monitoring year the statistics count it in (a programme without a deadline still has one).
* ``DistrictApplication``: the district's decision on one programme (one per programme: one
  department leads it), with the pre-check scores kept beside the indicators they were scored
  on (``policy``), the cost estimate (비용추계), and the outcome.
* ``DepartmentIncentive``: a reward paid to a department for its grant work of ``year``
  (Geumcheon-gu paid 15,000,000 won in February 2021 for 2020), optionally tied to one
  application.

Money is integer won. Internal notes never reach the public summary.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.core.textlimits import BoundedTextField


class Field(models.TextChoices):
    """The fields of seed 002's table "2020년 공모사업 상시모니터링 기관 현황", in its order."""

    SCIENCE_ICT = "science_ict", _("Science and ICT")  # 과학통신
    EDUCATION = "education", _("Education")  # 교육
    LAND = "land", _("Land development")  # 국토개발
    LABOUR = "labour", _("Labour")  # 노동
    CULTURE_SPORTS = "culture_sports", _("Culture and sports")  # 문화체육
    WELFARE = "welfare", _("Welfare")  # 복지
    WOMEN = "women", _("Women and families")  # 여성
    ADMINISTRATION = "administration", _("General administration")  # 일반행정
    INDUSTRY = "industry", _("Industry and small business")  # 산업·중소기업
    ENVIRONMENT = "environment", _("Environment")  # 환경


FIELD_KO: dict[str, str] = {
    Field.SCIENCE_ICT: "과학통신",
    Field.EDUCATION: "교육",
    Field.LAND: "국토개발",
    Field.LABOUR: "노동",
    Field.CULTURE_SPORTS: "문화체육",
    Field.WELFARE: "복지",
    Field.WOMEN: "여성",
    Field.ADMINISTRATION: "일반행정",
    Field.INDUSTRY: "산업·중소기업",
    Field.ENVIRONMENT: "환경",
}
"""The seed's own Korean names: the import reads them and the export writes field codes."""


class FunderKind(models.TextChoices):
    CENTRAL = "central", _("Central government")  # 정부
    CITY = "city", _("City")  # 서울시
    PRIVATE = "private", _("Private funder")  # 민간


class ProgrammeStatus(models.TextChoices):
    MONITORING = "monitoring", _("Monitoring, not decided")
    APPLYING = "applying", _("District applies")
    DECLINED = "declined", _("District does not apply")
    CLOSED = "closed", _("Closed")


UNDECIDED = (ProgrammeStatus.MONITORING,)


class OutsideProgramme(models.Model):
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="outside_programmes",
    )
    year = models.PositiveSmallIntegerField(_("monitoring year"))
    funder = models.CharField(_("funder"), max_length=textlimits.LABEL)
    funder_kind = models.CharField(_("kind of funder"), max_length=10, choices=FunderKind.choices)
    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    title = models.CharField(_("title"), max_length=textlimits.LABEL)
    deadline = models.DateField(_("application deadline"), null=True, blank=True)
    amount_offered_won = models.PositiveBigIntegerField(_("amount offered (won)"), default=0)
    matching_required = models.BooleanField(_("matching funds required"), default=False)
    url = models.URLField(_("call's web address"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.MONITORING,
    )
    note = BoundedTextField(_("internal note"), max_length=textlimits.TEXT, blank=True)
    demo = models.BooleanField(_("illustrative record"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("outside grant programme")
        verbose_name_plural = _("outside grant programmes")
        indexes = [models.Index(fields=["municipality", "year"])]

    def __str__(self) -> str:
        return self.title


class Decision(models.TextChoices):
    APPLY = "apply", _("Apply")
    DECLINE = "decline", _("Do not apply")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class DistrictApplication(models.Model):
    programme = models.OneToOneField(
        OutsideProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="application",
    )
    department = models.CharField(_("department"), max_length=100)
    policy = models.JSONField(_("pre-check indicators"), default=dict)
    scores = models.JSONField(_("pre-check scores"), default=dict)
    precheck_total = models.DecimalField(_("pre-check score"), max_digits=6, decimal_places=2)
    recommended = models.BooleanField(_("recommended"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    estimated_cost_won = models.PositiveBigIntegerField(_("estimated cost (won)"))
    matching_won = models.PositiveBigIntegerField(_("district's matching funds (won)"), default=0)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    amount_awarded_won = models.PositiveBigIntegerField(_("amount awarded (won)"), default=0)
    outcome_on = models.DateField(_("outcome announced on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    demo = models.BooleanField(_("illustrative record"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme__deadline", "pk"]
        verbose_name = _("district application")
        verbose_name_plural = _("district applications")
        constraints = [
            # Money awarded only to a selected application; a declined one has no outcome.
            models.CheckConstraint(
                condition=Q(outcome="selected") | Q(amount_awarded_won=0),
                name="outside_award_only_when_selected",
            ),
            models.CheckConstraint(
                condition=Q(decision="apply") | Q(outcome="pending"),
                name="outside_outcome_only_when_applied",
            ),
        ]

    def get_municipality(self) -> object:
        return self.programme.municipality

    def __str__(self) -> str:
        return f"{self.programme.title} ({self.department})"


class DepartmentIncentive(models.Model):
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="outside_incentives",
    )
    department = models.CharField(_("department"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year of the work rewarded"))
    reason = models.CharField(_("reason"), max_length=textlimits.LABEL)
    amount_won = models.PositiveBigIntegerField(_("amount (won)"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    application = models.ForeignKey(
        DistrictApplication,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incentives",
    )
    demo = models.BooleanField(_("illustrative record"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "department", "pk"]
        verbose_name = _("department incentive")
        verbose_name_plural = _("department incentives")
        constraints = [
            models.CheckConstraint(condition=Q(amount_won__gt=0), name="outside_incentive_positive")
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.year}"
