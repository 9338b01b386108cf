"""The quarterly report's life: the district submits, the city accepts or returns it. The
report row is locked for each step and the state machine (``REPORT_TRANSITIONS``) decides
which step is possible, so two reviewers pressing at once cannot both succeed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, ServiceError
from maeul.governance.models import REPORT_TRANSITIONS, QuarterlyReport
from maeul.governance.rules import GovernancePermission
from maeul.governance.services._base import _require


def _transition(report: QuarterlyReport, action: str) -> str:
    target = REPORT_TRANSITIONS[action].get(report.status)
    if target is None:
        raise Conflict(
            _("A %(status)s report cannot be %(action)s.")
            % {"status": report.get_status_display(), "action": _action_label(action)},
            field="status",
        )
    return target


def _action_label(action: str) -> str:
    return {"submit": _("submitted"), "accept": _("accepted"), "return": _("returned")}[action]


def report_submit(*, actor: Any, report: QuarterlyReport) -> QuarterlyReport:
    _require(actor, GovernancePermission.SUBMIT_REPORT, report.municipality)
    with transaction.atomic(durable=True):
        report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
        report.status = _transition(report, "submit")
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        report.save(update_fields=["status", "submitted_at", "submitted_by"])
        audit_record(
            kind="governance.report_submitted",
            actor=actor,
            subject=report,
            municipality=report.municipality,
            data={"period": report.period, "sessions": report.sessions.count()},
        )
    return report


def report_review(
    *, actor: Any, report: QuarterlyReport, accept: bool, reason: str = ""
) -> QuarterlyReport:
    """The city accepts the report or returns it to the district with a reason."""
    _require(actor, GovernancePermission.REVIEW_REPORT, report.municipality)
    if not accept and not reason.strip():
        raise ServiceError(_("Say why the report is returned."), field="reason")
    with transaction.atomic(durable=True):
        report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
        report.status = _transition(report, "accept" if accept else "return")
        report.reviewed_at = timezone.now()
        report.reviewed_by = actor
        report.return_reason = "" if accept else reason.strip()
        report.save(update_fields=["status", "reviewed_at", "reviewed_by", "return_reason"])
        audit_record(
            kind="governance.report_accepted" if accept else "governance.report_returned",
            actor=actor,
            subject=report,
            municipality=report.municipality,
            data={"period": report.period, "reason": report.return_reason},
        )
    return report
