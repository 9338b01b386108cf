"""A published data book or brief, kept with what proves it unaltered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationKind(models.TextChoices):
    DATABOOK = "databook", _("Data book")
    BRIEF = "brief", _("Governance Brief")


class Publication(models.Model):
    """One published PDF. The file lives under ``MEDIA_ROOT/publications/``; ``sha256`` is
    its digest and ``audit_seq``/``audit_hash`` the audit log's head when it was made, both
    also written to the audit log — so anyone holding the file can check it is the one
    published, and that the log it was read from was not rewritten since."""

    kind = models.CharField(_("kind"), max_length=20, choices=PublicationKind.choices)
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="publications"
    )
    period = models.CharField(_("period"), max_length=10)
    version = models.PositiveIntegerField(_("version"))
    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    pages = models.PositiveIntegerField(_("pages"))
    audit_seq = models.BigIntegerField(_("audit log head (sequence)"))
    audit_hash = models.CharField(_("audit log head (hash)"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "municipality", "period", "version"],
                name="publication_version_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} v{self.version}"
