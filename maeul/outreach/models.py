"""Outreach models: reporters and their posts, courses with sessions and attendance, resident
autonomy programmes with sign-ups, and the records register.

Every figure a page or export shows is counted from these rows (17 applied is 17 ``Reporter``
rows of the recruitment), never typed in as a total: a total typed beside its records drifts
from them the first time one is corrected.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# --- SNS reporters (SNS 기자단) -------------------------------------------------------------


class Channel(models.TextChoices):
    BLOG = "blog", _("Blog")
    SNS = "sns", _("SNS")
    YOUTUBE = "youtube", _("YouTube")
    NEWS = "news", _("Internet news")


class ReporterTeam(models.Model):
    """One recruitment of a municipality's reporter team (e.g. 남구톡톡 SNS기자단, 2020)."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="reporter_teams"
    )
    name = models.CharField(_("team name"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    selected_on = models.DateField(_("selection date"), null=True, blank=True)
    term_starts = models.DateField(_("term starts"))
    term_ends = models.DateField(_("term ends"))

    class Meta:
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "year"], name="outreach_team_once"
            ),
            models.CheckConstraint(
                condition=Q(term_ends__gte=models.F("term_starts")),
                name="outreach_team_term_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Reporter(models.Model):
    """An applicant to a team; ``selected`` makes them a member for the team's term."""

    team = models.ForeignKey(ReporterTeam, on_delete=models.CASCADE, related_name="reporters")
    name = models.CharField(_("name"), max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    applied_on = models.DateField(_("applied on"))
    selected = models.BooleanField(_("selected"), default=False)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="outreach_reporter_once")
        ]

    def __str__(self) -> str:
        return self.name

    def get_municipality(self) -> Any:
        return self.team.municipality


class Mission(models.Model):
    """A reporting assignment, usually on one dong (동별 특색 기획취재)."""

    team = models.ForeignKey(ReporterTeam, on_delete=models.CASCADE, related_name="missions")
    title = models.CharField(_("title"), max_length=200)
    dong = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """One publication by a reporter: where (channel), when and the link."""

    reporter = models.ForeignKey(Reporter, on_delete=models.PROTECT, related_name="posts")
    mission = models.ForeignKey(
        Mission, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    posted_on = models.DateField(_("posted on"))
    url = models.URLField(_("link"), max_length=500)
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        ordering = ["-posted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["reporter", "url"], name="outreach_post_once")
        ]

    def __str__(self) -> str:
        return self.title or self.url


class ReporterAward(models.Model):
    """The best-reporter award (우수 SNS기자상) for a period."""

    reporter = models.ForeignKey(Reporter, on_delete=models.PROTECT, related_name="awards")
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "year", "month"], name="outreach_award_once"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="outreach_award_month"
            ),
        ]


# --- Academies and schools (자치분권 아카데미·학교) ----------------------------------------------


class CourseMode(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")


class CourseKind(models.TextChoices):
    GENERAL = "general", _("Course")
    PB_BUDGET_SCHOOL = "pb_budget_school", _("Participatory-budgeting budget school")


class Course(models.Model):
    """A course of sessions; a learner completes it by attending ``required_sessions``.

    The participatory-budgeting budget school (예산학교) is a course too (kind
    ``pb_budget_school``, linked to its budgeting cycle): one model for every course, so the
    school shows on the outreach pages beside the academies and budgeting reads its figures
    through ``maeul.outreach.interface``. The cycle is a string reference, so no import of the
    budgeting programme. ``reported_sessions``/``reported_attendance`` keep the figures a
    municipality reported for a school run before Maeul, where no session was recorded.
    """

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="courses"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=CourseKind.choices, default=CourseKind.GENERAL
    )
    cycle = models.ForeignKey(
        "budgeting.Cycle",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("budgeting cycle"),
    )
    reported_sessions = models.PositiveIntegerField(
        _("sessions as reported"), null=True, blank=True
    )
    reported_attendance = models.PositiveIntegerField(
        _("attendance as reported"), null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    mode = models.CharField(_("mode"), max_length=10, choices=CourseMode.choices)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    required_sessions = models.PositiveSmallIntegerField(
        _("sessions required for completion"), default=1
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "title", "year"], name="outreach_course_once"
            ),
            models.CheckConstraint(
                condition=Q(required_sessions__gte=1), name="outreach_course_required_positive"
            ),
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(kind="pb_budget_school"),
                name="outreach_one_budget_school_per_cycle",
            ),
            models.CheckConstraint(
                condition=Q(kind="pb_budget_school") | Q(cycle__isnull=True),
                name="outreach_cycle_only_for_budget_school",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    dong = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    online = models.BooleanField(_("online"), default=False)
    headcount = models.PositiveIntegerField(
        _("people attending (counted)"),
        null=True,
        blank=True,
        help_text=_(
            "For an open lecture with no named learners (a budget-school session): the people "
            "counted. Empty: attendance is the learners marked present."
        ),
    )

    class Meta:
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="outreach_session_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_municipality(self) -> Any:
        return self.course.municipality


class Enrolment(models.Model):
    """A learner on a course: a resident's account, or a name entered by the office (the
    seeds' courses were run before learners had accounts)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    name = models.CharField(_("name"), max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)

    class Meta:
        ordering = ["course", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="outreach_enrolment_once"),
            models.UniqueConstraint(
                fields=["course", "user"],
                condition=Q(user__isnull=False),
                name="outreach_enrolment_user_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_municipality(self) -> Any:
        return self.course.municipality


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"], name="outreach_attendance_once"
            )
        ]


# --- Resident autonomy programmes (주민자치 프로그램) ----------------------------------------


class AutonomyProgramme(models.Model):
    """A class run by a dong's resident-autonomy centre (e.g. yoga, calligraphy)."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="autonomy_programmes"
    )
    dong = models.ForeignKey("places.Municipality", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=60)
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    fee_won = models.PositiveIntegerField(_("monthly fee (won)"), default=0)
    capacity = models.PositiveIntegerField(_("capacity"))
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["dong__sort_order", "dong__name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["dong", "title", "year"], name="outreach_autonomy_programme_once"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="outreach_autonomy_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AutonomySignup(models.Model):
    """A resident's sign-up; ``waitlisted`` when the programme was full at the time (places
    are counted from the sign-ups that are not waitlisted, never above capacity)."""

    programme = models.ForeignKey(
        AutonomyProgramme, on_delete=models.CASCADE, related_name="signups"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    waitlisted = models.BooleanField(_("on the waiting list"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="outreach_signup_once")
        ]


class CouncilPilot(models.Model):
    """A dong running a resident-autonomy council (주민자치회) as a pilot."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="council_pilots"
    )
    dong = models.ForeignKey("places.Municipality", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("started on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["dong"], name="outreach_pilot_once")]


# --- Records register (송무·법률자문·자치법규·의회) ---------------------------------------------


class RecordKind(models.TextChoices):
    LAWSUIT = "lawsuit", _("Lawsuit")
    LEGAL_ADVICE = "legal_advice", _("Legal advice")
    LOCAL_LAW = "local_law", _("Local law")
    COUNCIL_SESSION = "council_session", _("Council session")
    COUNCIL_QUESTION = "council_question", _("Council question")
    AUDIT_DOCUMENT = "audit_document", _("Audit document submitted")
    VIDEO_MEETING = "video_meeting", _("Video meeting")


# Each kind's categories: the column the seeds break its counts down by.
CATEGORIES: dict[str, dict[str, Any]] = {
    RecordKind.LAWSUIT: {
        "administrative": _("Administrative suit"),
        "civil": _("Civil suit"),
    },
    RecordKind.LEGAL_ADVICE: {
        "written": _("Written"),
        "phone": _("Telephone"),
        "visit": _("Visit"),
        "litigation": _("Litigation guidance"),
    },
    RecordKind.LOCAL_LAW: {
        "ordinance": _("Ordinance"),
        "rule": _("Rule"),
        "directive": _("Directive (administrative rule)"),
        "established_rule": _("Established rule (administrative rule)"),
    },
    RecordKind.COUNCIL_SESSION: {"regular": _("Regular"), "extraordinary": _("Extraordinary")},
    RecordKind.COUNCIL_QUESTION: {"question": _("Question")},
    RecordKind.AUDIT_DOCUMENT: {"document": _("Document")},
    RecordKind.VIDEO_MEETING: {"meeting": _("Meeting")},
}


class Outcome(models.TextChoices):
    """A lawsuit's state; withdrawn (소취하) and partial wins (일부승) count as won."""

    PENDING = "pending", pgettext_lazy("lawsuit outcome", "Pending")
    WON = "won", pgettext_lazy("lawsuit outcome", "Won")
    WITHDRAWN = "withdrawn", _("Won (suit withdrawn)")
    PARTIAL = "partial", _("Won in part")
    LOST = "lost", pgettext_lazy("lawsuit outcome", "Lost")


WON_OUTCOMES = (Outcome.WON, Outcome.WITHDRAWN, Outcome.PARTIAL)


class Record(models.Model):
    """One entry of the register. ``count`` lets one row stand for a batch where the office
    keeps only a number (1,539 audit documents submitted are not 1,539 titles)."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="office_records"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RecordKind.choices)
    category = models.CharField(_("category"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    on = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    counsel_appointed = models.BooleanField(_("counsel appointed"), default=False)
    count = models.PositiveIntegerField(_("count"), default=1)

    class Meta:
        ordering = ["-year", "kind", "category", "pk"]
        indexes = [models.Index(fields=["municipality", "kind", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="lawsuit", outcome__gt="") | (~Q(kind="lawsuit") & Q(outcome="")),
                name="outreach_record_outcome_for_lawsuits",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="outreach_record_count"),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaResult(models.TextChoices):
    """What the council did with an agenda item (처리 결과)."""

    PASSED = "passed", _("Passed as proposed")
    AMENDED = "amended", _("Passed as amended")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("agenda item", "Withdrawn")
    PENDING = "pending", pgettext_lazy("agenda item", "Pending")


class AgendaItem(models.Model):
    """An item on the agenda of a council session (처리안건): its title, who proposed it (the
    mayor, a member, a committee) and what the council decided. Belongs to a register record
    of kind ``council_session``; its year is the session's."""

    session = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    proposer = models.CharField(_("proposer"), max_length=100)
    result = models.CharField(_("result"), max_length=12, choices=AgendaResult.choices)

    class Meta:
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="outreach_agenda_number")
        ]

    def __str__(self) -> str:
        return self.title

    def get_municipality(self) -> Any:
        return self.session.municipality
