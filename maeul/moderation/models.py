"""Flags on residents' content and the moderation state of each flagged row.

A row of a programme (a proposal, a comment) is named by its kind's code and its primary
key; moderation holds no foreign key into a programme, so it stays a foundation app. The
content itself is never touched: hiding is a state here, read by the programme's selectors,
so a hidden post stays in the database (and its history in the audit log) and can be restored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maeul.places.models import Municipality


class Reason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Abuse, insults or hate")
    PERSONAL_DATA = "personal_data", _("Someone's personal data")
    OFF_TOPIC = "off_topic", _("Off-topic")
    OTHER = "other", _("Other (please explain)")


class ModeratedItem(models.Model):
    """One flagged row of a programme: what the queue shows of it and whether it is hidden."""

    kind = models.CharField(_("kind"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("object id"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    excerpt = models.CharField(_("excerpt"), max_length=300, blank=True)
    url = models.CharField(_("address"), max_length=300)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Counts the hide/restore decisions, so each one's notice has its own event key (a
    # second hiding after a restore tells the author again; a retried click does not).
    decisions = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("flagged content")
        verbose_name_plural = _("flagged content")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="moderation_one_item_per_content"
            ),
            models.CheckConstraint(
                condition=models.Q(hidden=False) | ~models.Q(hidden_reason=""),
                name="moderation_hidden_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "hidden"], name="moderation_item_place")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class Flag(models.Model):
    """One person's flag on one item, with their reason; at most one per person and item."""

    item = models.ForeignKey(ModeratedItem, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    text = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when an official hid the item or dismissed its flags: the flag left the queue.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "reporter"], name="moderation_one_flag_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.reason}"
