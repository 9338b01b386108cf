"""Helpers every governance service shares: the permission check that answers with a
person's message, and the quarterly report a session change locks.

Locking (docs/subsystems/concurrency.md): a session change or an import locks the quarterly
reports it touches, in (district, year, quarter) order, so a report cannot be submitted or
accepted while its sessions are being replaced.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import has_permission
from maeul.core.errors import NotAllowed
from maeul.governance.models import QuarterlyReport
from maeul.places.models import Municipality


def _require(actor: Any, name: str, obj: Any) -> None:
    if not has_permission(actor, name, obj):
        raise NotAllowed(_("You do not have permission to do this."))


def _report_for(district: Municipality, year: int, quarter: int) -> QuarterlyReport:
    report, _created = QuarterlyReport.objects.get_or_create(
        municipality=district, year=year, quarter=quarter
    )
    return QuarterlyReport.objects.select_for_update().get(pk=report.pk)


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))
