"""Citizens' juries on election pledges (주민참여배심원단 / 주민배심원).

A jury is recruited from volunteers (web form, phone intake, CSV), drawn by lottery under
census-based quotas (gender × age band × district group) through the sortition engine, or
appointed whole where the municipality commissions every volunteer (Nam-gu's 위촉), sits in
sessions for the term its own setting allows (``term_months``: three months for a pledge
evaluation jury, fifteen for a standing body such as Nam-gu's 5th jury), splits into subgroups
that review assigned pledges, visits pledge sites (``MonitoringVisit``), writes half-yearly
reports (``HalfYearReport``) and publishes one opinion per pledge with the mayor's office's
answer.

The draw record keeps the exact inputs given to the engine (pseudonymous volunteer codes and
their quota features, the quotas) with the seed, the engine version and the inputs hash, so
anyone holding the record can replay the lottery (RELIABILITY P18).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.core.textlimits import BoundedTextField

FALLBACK_TERM_MONTHS = 12
"""A jury's term length when its municipality's rules name none (see rules.term_months_for)."""
GENDER_FEATURE = "gender"
AGE_FEATURE = "age_band"
DISTRICT_FEATURE = "district"


class JuryPhase(models.TextChoices):
    RECRUITING = "recruiting", _("Recruiting volunteers")
    SITTING = "sitting", _("Sitting")
    CLOSED = "closed", _("Closed")


class Gender(models.TextChoices):
    """A volunteer's gender as the lottery's quotas count it; "other" covers a resident who
    prefers not to say (0..1 seats unless the population shares give it more)."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or not stated")


class AgeBand(models.TextChoices):
    UNDER_30 = "u30", _("20s and under")
    THIRTIES = "30s", _("30s")
    FORTIES = "40s", _("40s")
    FIFTIES = "50s", _("50s")
    SIXTY_PLUS = "60p", _("60 and over")


def age_band(age: int) -> str:
    """The census band of an age (18-29 count as "20s and under")."""
    if age < 30:
        return AgeBand.UNDER_30
    if age >= 60:
        return AgeBand.SIXTY_PLUS
    return {3: AgeBand.THIRTIES, 4: AgeBand.FORTIES, 5: AgeBand.FIFTIES}[age // 10]


class Jury(models.Model):
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="juries"
    )
    name = models.CharField(_("name"), max_length=120)
    description = BoundedTextField(_("description"), blank=True, max_length=textlimits.TEXT)
    phase = models.CharField(
        _("phase"), max_length=12, choices=JuryPhase.choices, default=JuryPhase.RECRUITING
    )
    recruitment_year = models.PositiveSmallIntegerField(
        _("recruitment year"), help_text=_("Ages are counted in this year.")
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    panel_size = models.PositiveSmallIntegerField(_("jurors"), default=35)
    reserve_count = models.PositiveSmallIntegerField(_("reserves"), default=5)
    term_months = models.PositiveSmallIntegerField(
        _("term length (months)"),
        default=FALLBACK_TERM_MONTHS,
        help_text=_("How long the jury sits; its term's dates must fit in it."),
    )
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    grade_scale = models.CharField(
        _("grade scale"),
        max_length=60,
        default="A,B,C,D,E",
        help_text=_("The municipality's grades, best first, separated by commas."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jury")
        verbose_name_plural = _("juries")
        ordering = ["-recruitment_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="jury_name_unique"),
            models.CheckConstraint(condition=Q(panel_size__gte=1), name="jury_panel_positive"),
            models.CheckConstraint(
                condition=Q(term_months__gte=1), name="jury_term_months_positive"
            ),
            models.CheckConstraint(
                condition=Q(term_start__isnull=True)
                | Q(term_end__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="jury_term_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def grades(self) -> list[str]:
        return [g.strip() for g in self.grade_scale.split(",") if g.strip()]


class DistrictGroup(models.Model):
    """An electoral district (선거구): a group of dongs that forms one quota category."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="district_groups")
    key = models.SlugField(_("key"), max_length=30)
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    dongs = models.ManyToManyField("places.Municipality", related_name="+")

    class Meta:
        verbose_name = _("district group")
        verbose_name_plural = _("district groups")
        ordering = ["order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["jury", "key"], name="district_group_key_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_municipality(self) -> object:
        return self.jury.municipality


class Quota(models.Model):
    """At least ``min`` and at most ``max`` jurors with ``feature == value``; ``share`` is the
    population share (head count or percent) the default range was computed from."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="quotas")
    feature = models.CharField(max_length=20)
    value = models.CharField(max_length=30)
    order = models.PositiveSmallIntegerField(default=0)
    share = models.DecimalField(_("population share"), max_digits=12, decimal_places=2)
    min = models.PositiveSmallIntegerField(_("minimum"))
    max = models.PositiveSmallIntegerField(_("maximum"))

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["feature", "order"]
        constraints = [
            models.UniqueConstraint(fields=["jury", "feature", "value"], name="quota_unique"),
            models.CheckConstraint(condition=Q(min__lte=models.F("max")), name="quota_min_le_max"),
        ]

    def get_municipality(self) -> object:
        return self.jury.municipality


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone intake")
    CSV = "csv", _("CSV import")


class ContactBy(models.TextChoices):
    SMS = "sms", _("Text message")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("E-mail")


class VolunteerStatus(models.TextChoices):
    POOL = "pool", _("In the pool")
    JUROR = "juror", _("Juror")
    RESERVE = "reserve", _("Reserve")
    DROPPED = "dropped", _("Dropped out")
    NOT_SELECTED = "not_selected", _("Not selected")


class Volunteer(models.Model):
    """A resident who volunteered; ``code`` is the pseudonymous id given to the engine."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="volunteers")
    code = models.CharField(_("volunteer code"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jury_volunteering",
    )
    name = models.CharField(_("name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    dong = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("neighbourhood (dong)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty where the municipality records no dongs (e.g. Seongnam-si)."),
    )
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices)
    consent_at = models.DateTimeField(_("consent given at"))
    contact_by = models.CharField(
        _("contact by"), max_length=6, choices=ContactBy.choices, default=ContactBy.SMS
    )
    status = models.CharField(
        _("status"), max_length=14, choices=VolunteerStatus.choices, default=VolunteerStatus.POOL
    )
    reserve_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    subgroup = models.ForeignKey(
        "Subgroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["jury", "code"], name="volunteer_code_unique"),
            models.UniqueConstraint(
                fields=["jury", "user"],
                condition=Q(user__isnull=False),
                name="volunteer_user_unique",
            ),
            models.UniqueConstraint(
                fields=["jury", "phone"], condition=~Q(phone=""), name="volunteer_phone_unique"
            ),
            models.CheckConstraint(
                condition=Q(gender__in=["female", "male", "other"]), name="volunteer_gender"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_municipality(self) -> object:
        return self.jury.municipality


class Draw(models.Model):
    """The lottery's record: inputs, seed, engine version and hash, outcome (one per jury)."""

    jury = models.OneToOneField(Jury, on_delete=models.CASCADE, related_name="draw")
    algorithm = models.CharField(max_length=12)
    engine_version = models.CharField(max_length=20)
    inputs_sha256 = models.CharField(max_length=64)
    seed = models.BigIntegerField()
    panel_size = models.PositiveSmallIntegerField()
    reserve_count = models.PositiveSmallIntegerField()
    people = models.JSONField(help_text="[[code, {feature: value}], ...] in pool order")
    quotas = models.JSONField(help_text="[[feature, value, min, max], ...]")
    probabilities = models.JSONField()
    panel = models.JSONField()
    reserves = models.JSONField()
    min_probability = models.FloatField()
    seconds = models.FloatField(default=0)
    drawn_at = models.DateTimeField()
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")

    def get_municipality(self) -> object:
        return self.jury.municipality


class Replacement(models.Model):
    """A drop-out and who took the seat (a reserve, or a fresh draw from the pool)."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="replacements")
    dropout = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="+")
    substitute = models.ForeignKey(Volunteer, null=True, on_delete=models.PROTECT, related_name="+")
    from_reserves = models.BooleanField()
    seed = models.BigIntegerField()
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("replacement")
        verbose_name_plural = _("replacements")
        ordering = ["at", "pk"]


class Subgroup(models.Model):
    """A working group of the jury (분임), reviewing the pledges assigned to it."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="subgroups")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    pledges = models.ManyToManyField("pledges.Pledge", related_name="+", blank=True)

    class Meta:
        verbose_name = _("subgroup")
        verbose_name_plural = _("subgroups")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["jury", "number"], name="subgroup_number_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_municipality(self) -> object:
        return self.jury.municipality


class Session(models.Model):
    """A meeting of the jury within its term (운영회의, 보고회 참관, 현장 모니터링)."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number"))
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=120)
    place = models.CharField(_("place"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["jury", "number"], name="session_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_municipality(self) -> object:
        return self.jury.municipality


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "volunteer"], name="attendance_unique")
        ]


class Recommendation(models.TextChoices):
    NONE = "none", _("No recommendation")
    ADVISE = "advise", _("Advise")  # 조언
    RECOMMEND = "recommend", _("Recommend")  # 권고
    ADJUST = "adjust", _("Agree to adjust")  # 공약 조정 동의


class Review(models.Model):
    """One juror's grade and comments on one pledge."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="reviews")
    pledge = models.ForeignKey("pledges.Pledge", on_delete=models.CASCADE, related_name="+")
    juror = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="reviews")
    grade = models.CharField(_("grade"), max_length=10)
    comments = BoundedTextField(_("comments"), blank=True, max_length=textlimits.TEXT)
    recommendation = models.CharField(
        _("recommendation"),
        max_length=10,
        choices=Recommendation.choices,
        default=Recommendation.NONE,
    )
    submitted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["juror", "pledge"], name="review_once_per_pledge")
        ]


class Opinion(models.Model):
    """The jury's aggregated opinion on a pledge, the mayor's office's answer, publication."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="opinions")
    pledge = models.ForeignKey("pledges.Pledge", on_delete=models.CASCADE, related_name="+")
    grade = models.CharField(_("grade"), max_length=10)
    text = BoundedTextField(_("opinion"), max_length=textlimits.TEXT)
    recommendation = models.CharField(
        _("recommendation"),
        max_length=10,
        choices=Recommendation.choices,
        default=Recommendation.NONE,
    )
    reviews_count = models.PositiveSmallIntegerField(default=0)
    mayor_answer = BoundedTextField(
        _("the mayor's office's answer"), blank=True, max_length=textlimits.TEXT
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["pledge__number"]
        constraints = [
            models.UniqueConstraint(fields=["jury", "pledge"], name="opinion_once_per_pledge")
        ]

    def get_municipality(self) -> object:
        return self.jury.municipality


class MonitoringVisit(models.Model):
    """A field monitoring visit (현장 모니터링): jurors go to a pledge's site and say what they
    checked and found. Residents see it once an organiser publishes it."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120)
    subgroup = models.ForeignKey(
        Subgroup,
        verbose_name=_("subgroup"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    checked = BoundedTextField(_("what was checked"), max_length=textlimits.TEXT)
    findings = BoundedTextField(_("findings"), max_length=textlimits.TEXT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        ordering = ["visited_on", "pk"]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.place}"

    def get_municipality(self) -> object:
        return self.jury.municipality


class Half(models.IntegerChoices):
    FIRST = 1, _("first half")  # 상반기
    SECOND = 2, _("second half")  # 하반기


class HalfYearReport(models.Model):
    """The jury's report on a half year of pledge work (상·하반기 공약사업 추진 점검), as presented
    at the pledge progress report meeting (공약추진보고회). Published reports are public and no
    longer change."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half"), choices=Half.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = BoundedTextField(_("summary"), max_length=textlimits.TEXT)
    recommendations = BoundedTextField(_("recommendations"), blank=True, max_length=textlimits.TEXT)
    presented_on = models.DateField(_("presented on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("half-yearly report")
        verbose_name_plural = _("half-yearly reports")
        ordering = ["year", "half"]
        constraints = [
            models.UniqueConstraint(fields=["jury", "year", "half"], name="jury_report_period"),
            models.CheckConstraint(condition=Q(half__in=[1, 2]), name="jury_report_half"),
        ]

    def __str__(self) -> str:
        return f"{self.period_label} {self.title}"

    @property
    def period_label(self) -> str:
        if self.half == Half.FIRST:
            return _("%(year)s, first half") % {"year": self.year}
        return _("%(year)s, second half") % {"year": self.year}

    def period(self) -> tuple[dt.date, dt.date]:
        """The half year's first and last day."""
        if self.half == Half.FIRST:
            return dt.date(self.year, 1, 1), dt.date(self.year, 6, 30)
        return dt.date(self.year, 7, 1), dt.date(self.year, 12, 31)

    def get_municipality(self) -> object:
        return self.jury.municipality
