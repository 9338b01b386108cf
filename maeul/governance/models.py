"""Governance councils and deliberation records (협치회의, 숙의공론).

* ``Body``: a council or committee of a municipality (Nam-gu's autonomy council, Seongnam's
  governance preparatory committee, a Seoul district's governance council), with its
  composition thresholds and term rules as data.
* ``Membership``: one term of one person on a body; a renewal is a new row, so the term
  history is the table itself and the engine checks renewals against it.
* ``QuarterlyReport``: a district's deliberation sessions of one quarter, submitted to the
  city in March, June, September and December and accepted or returned.
* ``DeliberationSession``: one session as a row of the city's sheet, with attendance by sector.
* ``SurveyResult``: a participant survey's perceived participation level and trust scores.

Counts are non-negative and a session ends after it starts by database constraint; the
service layer adds the rules that need several rows (overlapping terms, attended without
invited) with messages naming the field.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.core.textlimits import BoundedTextField
from maeul.engine.scoring import CompositionPolicy, SessionFigures, Term, TermPolicy


class BodyKind(models.TextChoices):
    AUTONOMY_COUNCIL = "autonomy_council", _("Autonomy council")  # 자치분권협의회
    GOVERNANCE_COMMITTEE = "governance_committee", _("Governance committee")  # 협치위원회
    PREPARATORY_COMMITTEE = "preparatory_committee", _("Preparatory committee")  # 준비위원회
    DISTRICT_GOVERNANCE_COUNCIL = (
        "district_governance_council",
        _("District governance council"),
    )  # 자치구 협치회의
    PB_COMMITTEE = "pb_committee", _("Participatory budgeting committee")  # 주민참여예산위원회
    VILLAGE_PLANNING_TEAM = "village_planning_team", _("Village planning team")  # 마을계획단
    SUBCOMMITTEE = "subcommittee", _("Subcommittee")  # 분과
    WORKING_GROUP = "working_group", _("Working group")  # 워킹그룹
    CITIZEN_AUDITORS = "citizen_auditors", _("Citizen auditors")  # 시민감사관
    # A council of young residents (청소년의회); a district may run a PB group with it.
    YOUTH_COUNCIL = "youth_council", _("Youth council")  # 청소년의회


class MeetingPeriod(models.TextChoices):
    YEAR = "year", _("per year")
    QUARTER = "quarter", _("per quarter")
    MONTH = "month", _("per month")


class Body(models.Model):
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="governance_bodies",
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("type"), max_length=40, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    mandate = BoundedTextField(_("mandate"), blank=True, max_length=textlimits.TEXT)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    meetings_required = models.PositiveSmallIntegerField(
        _("meetings required"),
        default=1,
        help_text=_("The body meets at least this many times in each period."),
    )
    meetings_period = models.CharField(
        _("meeting period"), max_length=10, choices=MeetingPeriod.choices, default="year"
    )
    min_gender_percent = models.PositiveSmallIntegerField(
        _("minimum share of each gender (%)"),
        null=True,
        blank=True,
        default=40,
        help_text=_("Empty switches the rule off. Seoul: 40."),
    )
    min_civil_percent = models.PositiveSmallIntegerField(
        _("minimum share of civil members (%)"),
        null=True,
        blank=True,
        default=70,
        help_text=_("Empty switches the rule off. Seoul: 70."),
    )
    term_years = models.PositiveSmallIntegerField(_("term (years)"), default=2)
    max_consecutive_terms = models.PositiveSmallIntegerField(
        _("consecutive terms allowed"), default=2, help_text=_("2 means renewable once.")
    )

    class Meta:
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        ordering = ["municipality__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="governance_body_unique_name"
            ),
            models.CheckConstraint(
                condition=(Q(min_gender_percent__isnull=True) | Q(min_gender_percent__lte=50))
                & (Q(min_civil_percent__isnull=True) | Q(min_civil_percent__lte=100)),
                name="governance_body_thresholds_range",
            ),
            models.CheckConstraint(
                condition=Q(term_years__gte=1) & Q(max_consecutive_terms__gte=1),
                name="governance_body_term_rules_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def composition_policy(self) -> CompositionPolicy:
        return CompositionPolicy(
            min_each_gender=None
            if self.min_gender_percent is None
            else Fraction(self.min_gender_percent, 100),
            min_civil=None
            if self.min_civil_percent is None
            else Fraction(self.min_civil_percent, 100),
        )

    def term_policy(self) -> TermPolicy:
        return TermPolicy(length_years=self.term_years, max_consecutive=self.max_consecutive_terms)


class Sector(models.TextChoices):
    CIVIL = "civil", _("Civil")  # 민간
    COUNCIL = "council", _("Council member")  # 의원
    GOVERNMENT = "government", _("Government")  # 행정


class MemberGender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or not stated")


class Appointment(models.TextChoices):
    APPOINTED = "appointed", _("Appointed (ex officio)")  # 임명직
    COMMISSIONED = "commissioned", _("Commissioned")  # 위촉직


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """One term of one person on a body. The person is a user (resident or official) or, for
    people without an account, a name; ``person_name`` is always filled for display."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="governance_memberships",
    )
    person_name = models.CharField(_("name"), max_length=60)
    affiliation = models.CharField(_("affiliation"), max_length=120, blank=True)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    gender = models.CharField(_("gender"), max_length=8, choices=MemberGender.choices)
    appointment = models.CharField(_("appointment"), max_length=14, choices=Appointment.choices)
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices, default="member")
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"))
    resigned_on = models.DateField(_("resigned on"), null=True, blank=True)
    resignation_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "role", "person_name", "term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=F("term_start")), name="governance_term_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(resigned_on__isnull=True)
                | (Q(resigned_on__gte=F("term_start")) & Q(resigned_on__lte=F("term_end"))),
                name="governance_resignation_within_term",
            ),
            models.UniqueConstraint(
                fields=["body", "person_name", "term_start"],
                name="governance_membership_unique_term",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.body})"

    def get_municipality(self) -> object:
        return self.body.municipality

    @property
    def person_key(self) -> str:
        """Identity of the person across terms: the account, else the normalised name."""
        if self.user_id is not None:
            return f"user:{self.user_id}"
        return "name:" + " ".join(self.person_name.split()).casefold()

    @property
    def effective_end(self) -> dt.date:
        return self.resigned_on or self.term_end

    def as_term(self) -> Term:
        return Term(self.term_start, self.effective_end)

    def is_active_on(self, day: dt.date) -> bool:
        return self.term_start <= day <= self.effective_end


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
"""Sessions of a report may change only while the district holds it (draft or returned)."""

REPORT_TRANSITIONS: dict[str, dict[str, str]] = {
    "submit": {ReportStatus.DRAFT: ReportStatus.SUBMITTED, ReportStatus.RETURNED: "submitted"},
    "accept": {ReportStatus.SUBMITTED: ReportStatus.ACCEPTED},
    "return": {ReportStatus.SUBMITTED: ReportStatus.RETURNED},
}
"""The quarterly report's phases as data: action -> {from status: to status}."""


class QuarterlyReport(models.Model):
    """A district's sessions of one quarter (Q1 is submitted in March, Q4 in December)."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="deliberation_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default="draft"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = BoundedTextField(
        _("reason for returning"), blank=True, max_length=textlimits.REASON
    )

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["-year", "-quarter", "municipality__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "quarter"], name="governance_report_unique_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="governance_report_quarter"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="governance_report_return_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}-Q{self.quarter}"

    @property
    def period(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def due_month(self) -> int:
        """March, June, September, December."""
        return self.quarter * 3

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class SessionKind(models.TextChoices):
    COUNCIL = "council", _("Governance council")  # 협치회의
    SUBCOMMITTEE = "subcommittee", _("Subcommittee")  # 분과
    WORKING_GROUP = "working_group", _("Working group")  # 워킹그룹
    WORKSHOP = "workshop", _("Workshop")  # 워크숍
    FORUM = "forum", _("Forum")  # 포럼·토론회
    PUBLIC_DELIBERATION = "public_deliberation", _("Public deliberation")  # 공론장
    CONSULTING = "consulting", _("Consulting")  # 컨설팅
    TRAINING = "training", _("Training")  # 교육


class DeliberationSession(models.Model):
    """One deliberation session: a row of the city's quarterly sheet.

    Attendance is split by sector always; invitations are split when the district knows them
    (``invited_government``/``invited_civil`` both filled) and otherwise only totalled, as for
    open forums. ``invited_total`` may exceed the split's sum (invitees of no recorded sector).
    """

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="deliberation_sessions",
    )
    report = models.ForeignKey(
        QuarterlyReport,
        verbose_name=_("quarterly report"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    reference = models.CharField(
        _("number"), max_length=40, help_text=_("The row's number (연번) in the quarter's sheet.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=24, choices=SessionKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("place"), max_length=120, blank=True)
    online = models.BooleanField(_("online"), default=False)
    invited_total = models.PositiveIntegerField(_("invited (all)"))
    invited_government = models.PositiveIntegerField(
        _("invited (government)"), null=True, blank=True
    )
    invited_civil = models.PositiveIntegerField(_("invited (civil)"), null=True, blank=True)
    attended_government = models.PositiveIntegerField(_("attended (government)"))
    attended_civil = models.PositiveIntegerField(_("attended (civil)"))
    agenda = BoundedTextField(_("agenda"), blank=True, max_length=textlimits.TEXT)
    minutes = BoundedTextField(_("minutes"), blank=True, max_length=textlimits.MINUTES)
    decisions = BoundedTextField(_("decisions"), blank=True, max_length=textlimits.TEXT)

    class Meta:
        verbose_name = _("deliberation session")
        verbose_name_plural = _("deliberation sessions")
        ordering = ["starts_at", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "reference"], name="governance_session_unique_reference"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="governance_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(invited_total__gt=0) | (Q(attended_government=0) & Q(attended_civil=0)),
                name="governance_session_attended_needs_invited",
            ),
            models.CheckConstraint(
                condition=(Q(invited_government__isnull=True) & Q(invited_civil__isnull=True))
                | (Q(invited_government__isnull=False) & Q(invited_civil__isnull=False)),
                name="governance_session_split_both_or_neither",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "starts_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def attended_total(self) -> int:
        return self.attended_government + self.attended_civil

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def hours(self) -> Fraction:
        return Fraction(self.duration_minutes, 60)

    def figures(self) -> SessionFigures:
        return SessionFigures(
            minutes=self.duration_minutes,
            attended_government=self.attended_government,
            attended_civil=self.attended_civil,
            invited_total=self.invited_total,
            invited_government=self.invited_government,
            invited_civil=self.invited_civil,
        )


def attachment_path(instance: SessionAttachment, filename: str) -> str:
    return f"governance/sessions/{instance.session_id}/{filename}"


class SessionAttachment(models.Model):
    """Minutes, photos or handouts of a session; the type and size are checked on upload."""

    session = models.ForeignKey(
        DeliberationSession, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    def get_municipality(self) -> object:
        """The session's municipality, so the permission rules can decide on an attachment."""
        return self.session.municipality


class SurveyGroup(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants (citizens and officials)")
    GENERAL_PUBLIC = "general_public", _("General public")


class ParticipationLevel(models.IntegerChoices):
    """The seven-step scale of public–civic governance (민관협치 발전지표)."""

    ADMINISTRATION_ONLY = 1, _("1 Administration only")  # 관치행정
    INFORMATION = 2, _("2 Information")  # 정보전달
    CONSULTATION = 3, _("3 Consultation survey")  # 의견조사
    NOMINAL = 4, _("4 Nominal participation")  # 명목적참여
    COOPERATION = 5, _("5 Participatory cooperation")  # 참여적협력
    DECISION = 6, _("6 Participatory decision")  # 참여적의사결정
    CITIZEN_ADMINISTRATION = 7, _("7 Citizen administration")  # 시민행정


class SurveyResult(models.Model):
    """A survey's result for one group: the participation level most respondents perceive,
    its share, and trust in the district office and the city hall (mean scores)."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="governance_surveys",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    group = models.CharField(_("group"), max_length=20, choices=SurveyGroup.choices)
    respondents = models.PositiveIntegerField(_("respondents"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(
        _("perceived participation level"), choices=ParticipationLevel.choices
    )
    level_share = models.DecimalField(
        _("share perceiving that level (%)"), max_digits=4, decimal_places=1
    )
    trust_district = models.DecimalField(
        _("trust in the district office"), max_digits=3, decimal_places=2
    )
    trust_city = models.DecimalField(_("trust in the city hall"), max_digits=3, decimal_places=2)

    class Meta:
        verbose_name = _("survey result")
        verbose_name_plural = _("survey results")
        ordering = ["-year", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "group"], name="governance_survey_unique_group"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=7), name="governance_survey_level_range"
            ),
            models.CheckConstraint(
                condition=Q(level_share__gte=0) & Q(level_share__lte=100),
                name="governance_survey_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} {self.get_group_display()}"


class SessionAttendance(models.Model):
    """Per-person attendance of a body's members at one of its sessions. When recorded, the
    session's sector counts are derived from these rows (plus walk-ins), never typed twice."""

    session = models.ForeignKey(
        DeliberationSession, on_delete=models.CASCADE, related_name="attendance"
    )
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "membership"], name="governance_attendance_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership.person_name} @ {self.session_id}"
