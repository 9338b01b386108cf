"""Residents' reports (주민 제보·신고): an inconvenience, misconduct or budget waste reported to
a municipality, and how it was handled.

* ``Report``: who reported it only when the resident chose to give their account
  (``reporter``); an anonymous report has no account, no address and no client data, and is
  found again only by its tracking code, of which the database keeps the SHA-256 hash
  (``tracking_hash``). The handling state, the deadline (working days per category) and the
  public answer live on the row, with an optional map point (``latitude``, ``longitude``)
  that only the people handling the report see.
* ``ReportAttachment``: files the reporter attached (type and size checked on upload).
* ``ReportNote``: internal notes of the people handling it, never shown to the reporter.
* ``ReportEvent``: each step of the handling as the reporter may see it (no author name), so
  the status page shows a history without exposing internal notes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.core.textlimits import BoundedTextField
from maeul.places.maps import KOREA_LATITUDE, KOREA_LONGITUDE


class Category(models.TextChoices):
    INCONVENIENCE = "inconvenience", _("Inconvenience")  # 주민불편사항
    MISCONDUCT = "misconduct", _("Misconduct by staff")  # 비위 제보
    BUDGET_WASTE = "budget_waste", _("Budget waste")  # 예산낭비 신고
    SUGGESTION = "suggestion", _("Suggestion")  # 건의사항


DEADLINE_DAYS: dict[str, int] = {
    Category.INCONVENIENCE: 7,
    Category.MISCONDUCT: 14,
    Category.BUDGET_WASTE: 14,
    Category.SUGGESTION: 14,
}
"""Working days to answer, per category. Illustrative: the seeds give no deadline; 7 days is
the usual civil-petition period (고충민원), 14 leaves time for an investigation."""


class Status(models.TextChoices):
    RECEIVED = "received", _("Received, awaiting triage")
    ASSIGNED = "assigned", _("Assigned")
    INVESTIGATING = "investigating", _("Under investigation")
    ANSWERED = "answered", _("Answered")
    TRANSFERRED = "transferred", _("Transferred to another body")
    DISMISSED = "dismissed", _("Dismissed")


OPEN_STATES = (Status.RECEIVED, Status.ASSIGNED, Status.INVESTIGATING)
CLOSED_STATES = (Status.ANSWERED, Status.TRANSFERRED, Status.DISMISSED)


class Report(models.Model):
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="resident_reports",
    )
    dong = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("dong"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    # A point set with the map picker (WGS 84), both or neither, inside Korea's box. Shown only
    # to the people handling the report: a point may identify a reporter's home.
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(KOREA_LATITUDE[0]), MaxValueValidator(KOREA_LATITUDE[1])],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(KOREA_LONGITUDE[0]), MaxValueValidator(KOREA_LONGITUDE[1])],
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=textlimits.LABEL)
    text = BoundedTextField(_("what happened"), max_length=textlimits.TEXT)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resident_reports",
    )
    tracking_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due by"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    department = models.CharField(_("department"), max_length=120, blank=True)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen auditor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_resident_reports",
    )
    answer = BoundedTextField(_("answer"), max_length=textlimits.TEXT, blank=True)
    reason = BoundedTextField(
        _("reason"), max_length=textlimits.REASON, blank=True
    )  # why dismissed, or to whom and why transferred
    transferred_to = models.CharField(_("transferred to"), max_length=120, blank=True)
    response = BoundedTextField(_("reporter's response"), max_length=textlimits.REASON, blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    overdue_told = models.BooleanField(default=False)
    demo = models.BooleanField(_("illustrative record"), default=False)

    class Meta:
        verbose_name = _("resident report")
        verbose_name_plural = _("resident reports")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="reports_report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="reports_report_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(reporter__isnull=True) | Q(tracking_hash__isnull=True),
                name="reports_report_anonymous_or_account",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    # Both given: a NULL beside a number would make the check unknown, which a
                    # CHECK constraint lets through.
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=KOREA_LATITUDE[0],
                    latitude__lte=KOREA_LATITUDE[1],
                    longitude__gte=KOREA_LONGITUDE[0],
                    longitude__lte=KOREA_LONGITUDE[1],
                ),
                name="reports_report_point_in_korea",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("received_on")),
                name="reports_report_due_after_receipt",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def anonymous(self) -> bool:
        return self.reporter_id is None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    def is_overdue(self, today: object) -> bool:
        if self.is_open:
            return bool(today > self.due_on)  # type: ignore[operator]
        return self.closed_on is not None and self.closed_on > self.due_on

    def days_to_close(self) -> int | None:
        if self.closed_on is None:
            return None
        return (self.closed_on - self.received_on).days


def attachment_path(instance: ReportAttachment, filename: str) -> str:
    return f"reports/{instance.report_id}/{filename}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        ordering = ["pk"]


class ReportNote(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = BoundedTextField(_("note"), max_length=textlimits.REASON)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class ReportEvent(models.Model):
    """One step as the reporter sees it: the status reached and when (no names)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=Status.choices)
    on = models.DateField()

    class Meta:
        ordering = ["on", "pk"]


class AuditKind(models.TextChoices):
    DONG = "dong_audit", _("General audit of a dong office")  # 동 종합감사
    SPECIAL = "special_audit", _("Special audit of outsourced or subsidised work")  # 특정감사


class AuditorMeeting(models.Model):
    """A meeting of the citizen auditors (시민감사관 간담회)."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="auditor_meetings"
    )
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=textlimits.LABEL)
    attendees = models.PositiveSmallIntegerField(_("auditors attending"))
    summary = BoundedTextField(_("summary"), max_length=textlimits.REASON, blank=True)
    demo = models.BooleanField(_("illustrative record"), default=False)

    class Meta:
        ordering = ["-held_on", "-pk"]


class ObservedAudit(models.Model):
    """An audit the citizen auditors observed, with what it found."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="observed_audits"
    )
    kind = models.CharField(_("type"), max_length=20, choices=AuditKind.choices)
    target = models.CharField(_("audited office or work"), max_length=textlimits.LABEL)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    observers = models.PositiveSmallIntegerField(_("citizen auditors observing"))
    # The citizen auditors with an account who took part (their page lists the audits they
    # observed); ``observers`` stays the head count, which may include auditors without one.
    auditors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="observed_audits",
        verbose_name=_("citizen auditors who took part"),
    )
    findings = BoundedTextField(_("findings"), max_length=textlimits.TEXT, blank=True)
    demo = models.BooleanField(_("illustrative record"), default=False)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="reports_observedaudit_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AuditKind.values), name="reports_observedaudit_kind_valid"
            ),
        ]
