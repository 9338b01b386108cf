"""Grant calls, the organisations that apply, their applications, the review and selection.

* ``GrantCall``: one municipality's call with its rules as data (budget, maximum grant and
  grantees, members, district, staff share, capital, project types, bonuses, tie rule, grade
  bands) and its schedule; draft → open → review → announced.
* ``Organisation`` and ``OrganisationMember``: a registered group (non-profit, company ...)
  located in a municipality, and the accounts that act for it (several people per group).
* ``Application``: an organisation's proposal to a call, with its budget lines, attachments and
  consortium members (``ConsortiumMember``: each other organisation confirms it takes part).
  Draft → submitted (before the deadline) → withdrawn; the screening, scores, selection and the
  end-of-year grade are written on it by the review services.
* ``Reviewer``, ``ConflictOfInterest``, ``ReviewScore``: the panel of a call, the applications
  a reviewer declared a conflict on (they neither see nor score them), and the qualitative
  scores (selection and end-of-year evaluation are separate stages).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.core.textlimits import BoundedTextField

SCORE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class CallState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    REVIEW = "review", _("Under review")
    ANNOUNCED = "announced", _("Grantees announced")


class OnMisfit(models.TextChoices):
    STOP = "stop", _("Stop at the first application that does not fit the budget")
    SKIP = "skip", _("Pass over it to the next that fits")


class GrantCall(models.Model):
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="grant_calls",
    )
    title = models.CharField(_("title"), max_length=textlimits.LABEL)
    description = BoundedTextField(_("description"), max_length=textlimits.TEXT, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=CallState.choices, default=CallState.DRAFT
    )
    budget_won = models.PositiveBigIntegerField(_("total budget (won)"))
    max_grant_won = models.PositiveBigIntegerField(_("maximum grant (won)"))
    max_grantees = models.PositiveIntegerField(_("maximum number of grantees"))
    min_members = models.PositiveIntegerField(_("minimum member organisations"), default=1)
    member_kinds = models.JSONField(_("eligible kinds of organisation"), default=list, blank=True)
    district = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("members must be located in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    max_staff_share_percent = models.PositiveSmallIntegerField(
        _("maximum staff share of the project cost (%)"),
        default=100,
        validators=[MaxValueValidator(100)],
    )
    capital_allowed = models.BooleanField(_("capital expenses allowed"), default=True)
    project_types = models.JSONField(_("project types"), default=list, blank=True)
    bonuses = models.JSONField(_("bonus points per tag"), default=dict, blank=True)
    tie_rule = models.JSONField(_("tie rule"), default=list, blank=True)
    on_misfit = models.CharField(
        _("when an application does not fit"),
        max_length=10,
        choices=OnMisfit.choices,
        default=OnMisfit.STOP,
    )
    grade_bands = models.JSONField(_("grade bands"), default=list, blank=True)
    max_reviewers = models.PositiveSmallIntegerField(_("maximum panel size"), default=7)
    per_district = models.BooleanField(
        _("city-wide call by district (each consortium within its own district)"),
        default=False,
    )
    overspend_tolerance_percent = models.PositiveSmallIntegerField(
        _("overspending tolerated per budget line at settlement (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    schedule = models.JSONField(_("schedule"), default=list, blank=True)
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("deadline"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    spent_won = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("grant call")
        verbose_name_plural = _("grant calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="grants_call_dates"
            ),
            models.CheckConstraint(
                condition=Q(max_grant_won__lte=models.F("budget_won")), name="grants_call_max_grant"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == CallState.OPEN and self.opens_at <= timezone.now() < self.closes_at


class OrganisationKind(models.TextChoices):
    NONPROFIT = "nonprofit", _("Non-profit organisation")
    COOPERATIVE = "cooperative", _("Social cooperative")
    RESIDENTS = "residents", _("Residents' group")
    COMPANY = "company", _("Company")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=textlimits.LABEL)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("located in"),
        on_delete=models.PROTECT,
        related_name="grant_organisations",
    )
    address = models.CharField(_("address"), max_length=textlimits.LABEL, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="grants_one_organisation_per_registration",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationMember(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_organisations"
    )
    is_representative = models.BooleanField(_("representative"), default=False)
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="grants_one_membership_per_person"
            )
        ]


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    call = models.ForeignKey(GrantCall, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    title = models.CharField(_("project title"), max_length=textlimits.LABEL)
    summary = BoundedTextField(_("summary"), max_length=textlimits.TEXT, blank=True)
    project_type = models.CharField(_("project type"), max_length=40, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    requested_won = models.PositiveBigIntegerField(_("requested amount (won)"))
    district = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("applying district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    # written by the review services
    eligible = models.BooleanField(null=True, editable=False)
    reasons = models.JSONField(default=list, editable=False)
    quantitative = models.DecimalField(
        _("quantitative score"), max_digits=5, decimal_places=2, null=True, validators=SCORE
    )
    bonus = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    total = models.DecimalField(max_digits=7, decimal_places=2, null=True, editable=False)
    rank = models.PositiveIntegerField(null=True, editable=False)
    selected = models.BooleanField(default=False, editable=False)
    decision_note = models.CharField(max_length=20, blank=True, editable=False)
    # end-of-year evaluation of a grantee
    events = models.PositiveIntegerField(_("events held"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    outputs = models.PositiveIntegerField(_("outputs"), null=True, blank=True)
    evaluation_quantitative = models.DecimalField(
        _("quantitative evaluation score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        validators=SCORE,
    )
    evaluation_total = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, editable=False
    )
    grade = models.CharField(_("grade"), max_length=20, blank=True, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"],
                condition=~Q(state="withdrawn"),
                name="grants_one_live_application_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_municipality(self) -> object:
        """The applying district in a city-wide call by district (so the district's officials
        cover it, and the city's too, being above it); otherwise the call's municipality."""
        if self.district_id is not None:
            return self.district
        return self.call.municipality


class BudgetCategory(models.TextChoices):
    STAFF = "staff", _("Staff activity cost")
    ACTIVITY = "activity", _("Activity cost")
    CAPITAL = "capital", _("Capital expense")
    OTHER = "other", _("Other")


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="lines")
    item = models.CharField(_("item"), max_length=textlimits.LABEL)
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    amount_won = models.PositiveBigIntegerField(_("amount (won)"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]


class ConsortiumMember(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consortium"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consortia"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "organisation"], name="grants_member_once_per_application"
            )
        ]


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="grants/%Y/%m/")
    name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)


class Reviewer(models.Model):
    call = models.ForeignKey(GrantCall, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_reviews"
    )
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="grants_reviewer_once_per_call")
        ]


class ConflictOfInterest(models.Model):
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("reason"), max_length=textlimits.LABEL, blank=True)
    declared_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "application"], name="grants_conflict_once")
        ]


class ScoreStage(models.TextChoices):
    SELECTION = "selection", _("Selection review")
    EVALUATION = "evaluation", _("End-of-year evaluation")


class ReviewScore(models.Model):
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="scores")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    stage = models.CharField(max_length=20, choices=ScoreStage.choices)
    score = models.DecimalField(max_digits=5, decimal_places=2, validators=SCORE)
    comment = BoundedTextField(max_length=textlimits.REASON, blank=True)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "application", "stage"], name="grants_one_score_per_stage"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="grants_score_range"
            ),
        ]


# ---- grantees: agreement, progress reports, settlement ------------------------------------


class SettlementState(models.TextChoices):
    OPEN = "open", _("Spending")
    SUBMITTED = "submitted", _("Settlement submitted")
    RETURNED = "returned", _("Settlement returned for corrections")
    APPROVED = "approved", _("Settlement approved")


class Agreement(models.Model):
    """The grant agreement of a selected application: the amount granted, the project period,
    the conditions and the day it was signed; then the settlement of the receipts."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="agreement"
    )
    amount_won = models.PositiveBigIntegerField(_("granted amount (won)"))
    starts_on = models.DateField(_("project starts"))
    ends_on = models.DateField(_("project ends"))
    conditions = BoundedTextField(_("conditions"), max_length=textlimits.TEXT, blank=True)
    signed_on = models.DateField(_("signed on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    settlement_state = models.CharField(
        _("settlement"),
        max_length=20,
        choices=SettlementState.choices,
        default=SettlementState.OPEN,
    )
    settlement_note = BoundedTextField(
        _("note on the settlement"), max_length=textlimits.REASON, blank=True
    )
    settled_at = models.DateTimeField(null=True, blank=True, editable=False)
    settlement_decisions = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("grant agreement")
        verbose_name_plural = _("grant agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="grants_agreement_period"
            ),
        ]

    def get_municipality(self) -> object:
        return self.application.get_municipality()


class ProgressReport(models.Model):
    """A report by the grantee on a period of the project, with the figures (events,
    participants, outputs) the city's quantitative evaluation score is based on."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reports")
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    text = BoundedTextField(_("report"), max_length=textlimits.TEXT)
    events = models.PositiveIntegerField(_("events held"), default=0)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    outputs = models.PositiveIntegerField(_("outputs"), default=0)
    file = models.FileField(upload_to="grants/reports/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["period_from", "pk"]


class Receipt(models.Model):
    """One payment of the grantee against a budget line of its application."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="receipts")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="receipts")
    spent_on = models.DateField(_("date"))
    payee = models.CharField(_("payee"), max_length=textlimits.LABEL)
    amount_won = models.PositiveBigIntegerField(_("amount (won)"))
    file = models.FileField(upload_to="grants/receipts/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    # A receipt recorded by mistake is voided, not deleted, so the officials checking the
    # settlement still see what was entered, by whom, and why it no longer counts.
    voided_at = models.DateTimeField(null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    void_reason = BoundedTextField(
        _("reason for voiding"), max_length=textlimits.REASON, blank=True
    )

    class Meta:
        ordering = ["spent_on", "pk"]

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


# ---- the innovation contest (Geumcheon-gu 혁신 공모전) ------------------------------------


class ContestState(models.TextChoices):
    DRAFT = "draft", _("Taking entries")
    VOTE = "vote", _("Round 1: review and online vote")
    FINAL = "final", _("Round 2: presentations")
    PUBLISHED = "published", _("Result published")


class Contest(models.Model):
    """Round 1: written review plus an online vote on the voting core picks the top entries by
    a published formula; round 2: live presentations judged by a panel set the final ranking."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="contests",
    )
    title = models.CharField(_("title"), max_length=textlimits.LABEL)
    description = BoundedTextField(_("description"), max_length=textlimits.TEXT, blank=True)
    state = models.CharField(
        max_length=20, choices=ContestState.choices, default=ContestState.DRAFT
    )
    review_weight_percent = models.PositiveSmallIntegerField(
        _("weight of the written review (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    advance = models.PositiveSmallIntegerField(_("entries advancing to round 2"), default=10)
    rewards = models.JSONField(_("rewards by place"), default=list, blank=True)
    poll = models.ForeignKey(
        "voting.Poll", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("innovation contest")
        verbose_name_plural = _("innovation contests")

    def __str__(self) -> str:
        return self.title


class ContestEntry(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=textlimits.LABEL)
    team = models.CharField(_("team"), max_length=textlimits.LABEL)
    summary = BoundedTextField(_("summary"), max_length=textlimits.TEXT, blank=True)
    review_score = models.DecimalField(
        _("written review score"), max_digits=5, decimal_places=2, null=True, validators=SCORE
    )
    votes = models.PositiveIntegerField(null=True, editable=False)
    round_one_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, editable=False)
    round_one_rank = models.PositiveIntegerField(null=True, editable=False)
    advances = models.BooleanField(default=False, editable=False)
    final_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, editable=False)
    final_rank = models.PositiveIntegerField(null=True, editable=False)
    reward = models.CharField(max_length=textlimits.LABEL, blank=True, editable=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "position"], name="grants_entry_position")
        ]

    def __str__(self) -> str:
        return self.title


class JudgeScore(models.Model):
    """One judge's score of a presentation in round 2 (judges are named, scores published)."""

    entry = models.ForeignKey(ContestEntry, on_delete=models.CASCADE, related_name="judge_scores")
    judge = models.CharField(_("judge"), max_length=60)
    score = models.DecimalField(max_digits=5, decimal_places=2, validators=SCORE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge"], name="grants_one_score_per_judge")
        ]
