"""What the audit log tells people (issue 15): the daily verification of the hash chain
failed. Auditors (officials with the auditor role) and platform operators (active
superusers) are told, once a day while the chain stays broken; the chain is one for the whole
platform, so no municipality's scope applies."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.accounts.models import Role, User
from maeul.notifications.kinds import Audience, NoticeKind, register
from maeul.notifications.services import notify

VERIFY_FAILED = register(
    NoticeKind(
        code="auditlog.verify_failed",
        audience=Audience.OFFICIAL,
        label=_("The audit log failed its daily verification"),
        subject=_("The audit log failed verification at entry %(seq)s"),
        body=_(
            "Someone or something changed, removed or added entries. Run “maeul audit verify” "
            "on the server and compare the head with the published one."
        ),
    )
)


def watchers() -> list[int]:
    """User ids of the auditors and platform operators."""
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(official__roles__role=Role.AUDITOR))
        .values_list("pk", flat=True)
        .distinct()
    )


def verify_failed(day: dt.date, seq: int | None, reason: str) -> None:
    notify(
        VERIFY_FAILED.code,
        watchers(),
        event_key=f"auditlog.verify_failed:{day.isoformat()}",
        data={"seq": seq if seq is not None else "—", "reason": reason},
        url=reverse("auditlog:log"),
    )
