"""One row per consequential change, chained by SHA-256.

``entry_hash = sha256(prev_hash || canonical_json(seq, created_at, kind, actor, municipality,
subject, data))``. The payload is stored as the exact canonical JSON text that was hashed, so
verification never depends on how a database normalises JSON. The actor is a plain id and a
label, not a foreign key: deleting an account must not rewrite history.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEntry(models.Model):
    seq = models.BigIntegerField(_("sequence"), primary_key=True)
    created_at = models.DateTimeField(_("time"))
    kind = models.CharField(_("kind"), max_length=80, db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    municipality_code = models.CharField(
        _("municipality"), max_length=80, blank=True, db_index=True
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True, db_index=True)
    payload = models.TextField(_("data"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["seq"]
        constraints = [
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="audit_seq_positive")
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}"

    @property
    def data(self) -> Any:
        return json.loads(self.payload)
