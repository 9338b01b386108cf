"""Stored notices.

A notice is one event told to one person. ``(recipient, kind, event_key)`` is unique in the
database, so the same event reaches the same person once however many times the code that
creates it runs (a retried task, two workers, a double click): creation is an insert that
ignores the conflict.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    event_key = models.CharField(
        _("event"),
        max_length=200,
        help_text="Names the event stably, e.g. 'budgeting.proposal:42:screened'.",
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "event_key"], name="notice_once_per_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="notice_inbox",
            ),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notice_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class Channel(models.TextChoices):
    """Where a notice goes besides the inbox. Adapters (SMS, messenger) are named by their
    adapter's ``name`` and stored here the same way."""

    EMAIL = "email", _("E-mail")


class DeliveryStatus(models.TextChoices):
    """The life of one (notice, channel).

    ``pending`` waits for a sender (``not_before`` holds it through quiet hours and between
    retries); ``held`` waits for a digest; ``sending`` is claimed by exactly one sender;
    ``sent`` is final. ``failed`` means the retries ran out; ``skipped`` means the person
    chose "never" or has no address by the time it was due.
    """

    PENDING = "pending", _("Waiting")
    HELD = "held", _("Held for a digest")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class Delivery(models.Model):
    """One notice on one channel besides the inbox.

    ``(notice, channel)`` is unique in the database, and a sender sends only rows it moved
    from ``pending`` (or ``held``) to ``sending`` itself under a row lock (see
    ``delivery.claim``), so a task that runs twice or two workers that race send each e-mail
    at most once.
    """

    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("notice")
    )
    channel = models.CharField(_("channel"), max_length=32)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    digest = models.CharField(
        _("digest"), max_length=16, blank=True, help_text="daily or weekly when held for a digest"
    )
    not_before = models.DateTimeField(_("not before"), db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claim = models.CharField(
        _("claim"), max_length=32, blank=True, help_text="the sender that moved it to sending"
    )
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notice", "channel"], name="delivery_once_per_channel")
        ]
        indexes = [
            models.Index(
                fields=["status", "not_before"],
                condition=models.Q(status__in=["pending", "held"]),
                name="delivery_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.notice_id} {self.status}"


class NoticeSettings(models.Model):
    """A person's settings for being told things: the language of e-mails (the inbox follows
    the page's language) and quiet hours, in Korean time, during which immediate e-mails wait.
    A person without a row has the defaults: Korean, no quiet hours. Until the person picks a
    language on the preferences page (``language_chosen``), e-mails follow the language they
    last switched the site to, so an English reader is not mailed in Korean by default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_settings",
        verbose_name=_("person"),
    )
    language = models.CharField(
        _("language of e-mails"), max_length=8, choices=settings.LANGUAGES, default="ko"
    )
    language_chosen = models.BooleanField(
        _("language chosen on the preferences page"), default=True
    )
    quiet_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours until"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice settings")
        verbose_name_plural = _("notice settings")

    def __str__(self) -> str:
        return f"notice settings of {self.user_id}"


class Preference(models.Model):
    """How one person wants one kind by e-mail, when it differs from the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_preferences",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    frequency = models.CharField(_("how often"), max_length=16)

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.frequency}"
