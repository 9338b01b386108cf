"""State changes of pledges: one function per change, each in one transaction with its audit
entry (DESIGN.md "one entry point per state change").

Locking: every read-then-write takes the pledge's row lock first (``select_for_update``) —
status changes, indicator replacement, report decisions — so two officials working on the
same pledge serialise; the import locks every pledge of the municipality in number order,
which is the same order any other multi-pledge change uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised, require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, ServiceError
from maeul.core.uploads import HWP, JPEG, MB, PDF, PNG, XLSX, check_upload
from maeul.places.models import Municipality
from maeul.pledges import notices
from maeul.pledges.models import (
    Evidence,
    Indicator,
    Pledge,
    PledgeStatus,
    ProgressReport,
    ReportEvent,
    ReportState,
    StatusChange,
)
from maeul.pledges.progress import (
    ProgressInputError,
    WeightedAchievement,
    check_achievement,
    overall_progress,
    parse_achievement,
)
from maeul.pledges.rules import PledgePermission

MAX_EVIDENCE_BYTES = 10 * MB
EVIDENCE_TYPES = (PDF, PNG, JPEG, XLSX, HWP)


def _lock_pledge(pledge: Pledge, actor: Any, permission: PledgePermission) -> Pledge:
    """The pledge's row, checked and locked in one read (callers already refused an actor
    without ``permission`` with a 403 before doing any work)."""
    return get_authorised(
        Pledge.objects.select_related("municipality"), actor, pledge.pk, permission, lock=True
    )


# ---- the sheet -------------------------------------------------------------------------


def pledge_record_save(*, actor: Any, pledge: Pledge, changed: Sequence[str] = ()) -> Pledge:
    """Save a pledge edited in the back office and record it.

    Not durable: Django's admin wraps each change form in its own transaction, and this is
    called from inside it; the audit entry still commits or rolls back with the change.
    """
    require_permission(actor, PledgePermission.EDIT, pledge.municipality)
    with transaction.atomic():
        old_status = None
        if pledge.pk:
            old_status = (
                Pledge.objects.select_for_update()
                .filter(pk=pledge.pk)
                .values_list("status", flat=True)
                .first()
            )
        try:
            with transaction.atomic():
                pledge.save()
        except IntegrityError as error:
            raise Conflict(
                _("Pledge number %(number)s already exists here.") % {"number": pledge.number},
                field="number",
            ) from error
        if old_status != pledge.status:
            StatusChange.objects.create(
                pledge=pledge,
                old_status=old_status or "",
                new_status=pledge.status,
                changed_at=timezone.now(),
                changed_by=actor,
            )
        audit_record(
            kind="pledges.pledge_saved",
            actor=actor,
            subject=pledge,
            municipality=pledge.municipality,
            data={"number": pledge.number, "changed": sorted(changed), "status": pledge.status},
        )
    return pledge


def pledge_status_change(*, actor: Any, pledge: Pledge, status: str, reason: str = "") -> Pledge:
    """Move a pledge to another status (정상추진 → 완료 ...), keeping the history."""
    require_permission(actor, PledgePermission.EDIT, pledge.municipality)
    if status not in PledgeStatus.values:
        raise ServiceError(_("Unknown status."), field="status")
    with transaction.atomic(durable=True):
        locked = _lock_pledge(pledge, actor, PledgePermission.EDIT)
        if locked.status == status:
            return locked
        StatusChange.objects.create(
            pledge=locked,
            old_status=locked.status,
            new_status=status,
            changed_at=timezone.now(),
            changed_by=actor,
            reason=reason,
        )
        old = locked.status
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            kind="pledges.status_changed",
            actor=actor,
            subject=locked,
            municipality=locked.municipality,
            data={"number": locked.number, "from": old, "to": status, "reason": reason},
        )
    return locked


@dataclass(frozen=True)
class IndicatorInput:
    year: str
    name: str
    weight: int
    achievement: str | Fraction
    target: str = ""
    result: str = ""


def validate_indicators(rows: Sequence[IndicatorInput]) -> list[Fraction]:
    """Check indicator rows and return their achievements as exact ratios.

    Messages name the row and the field (``weight``, ``achievement``) so that the official
    finds the cell to fix; the weights must add up to more than zero.
    """
    achievements = []
    for index, row in enumerate(rows, start=1):
        if not str(row.name).strip():
            raise ServiceError(
                _("Indicator %(row)s: the indicator needs a name.") % {"row": index},
                field="name",
            )
        if row.weight is None or int(row.weight) < 0:
            raise ServiceError(
                _("Indicator %(row)s: the weight must be zero or more.") % {"row": index},
                field="weight",
            )
        try:
            value = (
                row.achievement
                if isinstance(row.achievement, Fraction)
                else parse_achievement(str(row.achievement))
            )
            check_achievement(value)
        except ProgressInputError as error:
            raise ServiceError(
                _(
                    "Indicator %(row)s: the achievement must be a percentage between 0 and 100 "
                    "(or a fraction such as 1/3)."
                )
                % {"row": index},
                field="achievement",
            ) from error
        achievements.append(value)
    try:
        overall_progress(
            WeightedAchievement(int(r.weight), a) for r, a in zip(rows, achievements, strict=True)
        )
    except ProgressInputError as error:
        raise ServiceError(
            _("The weights of the indicators add up to 0; give at least one a weight."),
            field="weight",
        ) from error
    return achievements


def pledge_indicators_replace(
    *, actor: Any, pledge: Pledge, rows: Sequence[IndicatorInput]
) -> list[Indicator]:
    """Replace the weighted indicators of a pledge (all rows at once, or none)."""
    require_permission(actor, PledgePermission.EDIT, pledge.municipality)
    achievements = validate_indicators(rows)
    with transaction.atomic(durable=True):
        locked = _lock_pledge(pledge, actor, PledgePermission.EDIT)
        locked.indicators.all().delete()
        created = [
            Indicator.objects.create(
                pledge=locked,
                order=index,
                year=row.year,
                name=row.name,
                weight=int(row.weight),
                target=row.target,
                result=row.result,
                achievement_numerator=value.numerator,
                achievement_denominator=value.denominator,
            )
            for index, (row, value) in enumerate(zip(rows, achievements, strict=True))
        ]
        audit_record(
            kind="pledges.indicators_replaced",
            actor=actor,
            subject=locked,
            municipality=locked.municipality,
            data={
                "number": locked.number,
                "indicators": [
                    [r.year, r.name, int(r.weight), f"{a.numerator}/{a.denominator}"]
                    for r, a in zip(rows, achievements, strict=True)
                ],
            },
        )
    return created


# ---- progress reports ------------------------------------------------------------------


def check_evidence(upload: UploadedFile[bytes]) -> tuple[str, str]:
    """The name and content type of an allowed evidence file (PDF, PNG, JPEG, XLSX, HWP up to
    10 MB, its content matching its name), or an ``UploadRejected`` naming the file, by the
    one upload check every attachment goes through (``maeul.core.uploads``)."""
    checked = check_upload(
        upload, types=EVIDENCE_TYPES, max_bytes=MAX_EVIDENCE_BYTES, field="evidence"
    )
    return checked.original_name, checked.content_type


def report_submit(
    *,
    actor: Any,
    pledge: Pledge,
    year: int,
    half: int,
    text: str,
    executed_won: int = 0,
    figures: str = "",
    files: Iterable[UploadedFile[bytes]] = (),
) -> ProgressReport:
    """A department submits (or, after a return, resubmits) its half-yearly report."""
    require_permission(actor, PledgePermission.SUBMIT_REPORT, pledge.municipality)
    if half not in (1, 2):
        raise ServiceError(_("Choose the first or the second half."), field="half")
    if not 2000 <= int(year) <= 2100:
        raise ServiceError(_("Enter a year between 2000 and 2100."), field="year")
    if executed_won is None or int(executed_won) < 0:
        raise ServiceError(_("The amount cannot be negative."), field="executed_won")
    if not text.strip():
        raise ServiceError(_("Describe the progress of this half."), field="text")
    checked = [(f, *check_evidence(f)) for f in files]
    now = timezone.now()
    with transaction.atomic(durable=True):
        locked = _lock_pledge(pledge, actor, PledgePermission.SUBMIT_REPORT)
        report = (
            ProgressReport.objects.select_for_update()
            .filter(pledge=locked, year=year, half=half)
            .first()
        )
        if report is not None and report.state != ReportState.RETURNED:
            raise Conflict(_("A report for this half was already submitted."), field="half")
        if report is None:
            report = ProgressReport(pledge=locked, year=year, half=half)
        report.text = text
        report.executed_won = int(executed_won)
        report.figures = figures
        report.state = ReportState.SUBMITTED
        report.submitted_by = actor
        report.submitted_at = now
        report.return_reason = ""
        report.save()
        ReportEvent.objects.create(report=report, state=ReportState.SUBMITTED, at=now, by=actor)
        for upload, name, content_type in checked:
            Evidence.objects.create(
                report=report,
                file=upload,
                original_name=name[:200],
                content_type=content_type,
                size=upload.size or 0,
            )
        audit_record(
            kind="pledges.report_submitted",
            actor=actor,
            subject=report,
            municipality=locked.municipality,
            data={
                "number": locked.number,
                "year": year,
                "half": half,
                "executed_won": int(executed_won),
                "evidence": [name for _f, name, _t in checked],
            },
        )
    return report


def _decide(actor: Any, report: ProgressReport, state: str, reason: str) -> ProgressReport:
    require_permission(actor, PledgePermission.REVIEW_REPORT, report.pledge.municipality)
    now = timezone.now()
    with transaction.atomic(durable=True):
        _lock_pledge(report.pledge, actor, PledgePermission.REVIEW_REPORT)
        locked = get_authorised(
            ProgressReport.objects.select_related("pledge__municipality"),
            actor,
            report.pk,
            PledgePermission.REVIEW_REPORT,
            lock=True,
        )
        if locked.state != ReportState.SUBMITTED:
            raise Conflict(_("This report was already decided."), field="state")
        locked.state = state
        locked.decided_by = actor
        locked.decided_at = now
        locked.return_reason = reason
        locked.save()
        ReportEvent.objects.create(report=locked, state=state, at=now, by=actor, note=reason)
        audit_record(
            kind=f"pledges.report_{state}",
            actor=actor,
            subject=locked,
            municipality=report.pledge.municipality,
            data={
                "number": report.pledge.number,
                "year": locked.year,
                "half": locked.half,
                "reason": reason,
            },
        )
    return locked


def report_approve(*, actor: Any, report: ProgressReport) -> ProgressReport:
    """The planning office accepts a report."""
    return _decide(actor, report, ReportState.APPROVED, "")


def report_return(*, actor: Any, report: ProgressReport, reason: str) -> ProgressReport:
    """The planning office sends a report back to the department, saying why."""
    if not (reason or "").strip():
        raise ServiceError(_("Say why the report is returned."), field="reason")
    return _decide(actor, report, ReportState.RETURNED, reason.strip())


# ---- the pledge table in Excel ---------------------------------------------------------


def pledge_table_import(*, actor: Any, municipality: Any, data: bytes) -> int:
    """Apply an edited pledge table (the officials' Excel layout); all rows or none.

    Every error of the file is collected first (row and column named) and reported together
    in one ServiceError; only a clean file changes anything. Returns the number of pledges
    changed.
    """
    from maeul.pledges.tables import read_pledge_table

    require_permission(actor, PledgePermission.IMPORT_TABLE, municipality)
    existing = {
        p.number: p for p in Pledge.objects.filter(municipality=municipality).order_by("number")
    }
    rows, errors = read_pledge_table(data, known_numbers=set(existing))
    if errors:
        raise ServiceError("\n".join(errors), field="file")
    changed = 0
    with transaction.atomic(durable=True):
        locked = {
            p.number: p
            for p in Pledge.objects.select_for_update()
            .filter(municipality=municipality)
            .order_by("number")
        }
        changes: list[dict[str, Any]] = []
        for row in rows:
            pledge = locked[row.number]
            updates = _row_updates(pledge, row.values)
            if not updates:
                continue
            if "status" in updates:
                StatusChange.objects.create(
                    pledge=pledge,
                    old_status=pledge.status,
                    new_status=updates["status"],
                    changed_at=timezone.now(),
                    changed_by=actor,
                    reason=_("Excel import"),
                )
            for name, value in updates.items():
                setattr(pledge, name, value)
            pledge.save(update_fields=[*updates, "updated_at"])
            changed += 1
            changes.append({"number": row.number, **updates})
        audit_record(
            kind="pledges.table_imported",
            actor=actor,
            subject=f"pledges:{municipality.code}",
            municipality=municipality,
            data={"rows": len(rows), "changed": changes},
        )
    return changed


def _row_updates(pledge: Pledge, values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if getattr(pledge, name) != value}


def reports_due_remind(*, on: dt.date | None = None) -> int:
    """The daily job (beat, ``pledges.tasks``): for every municipality with pledges, tell its
    planning office how many pledges have no report for the half year that ended last. Once
    per municipality and half, however often it runs; answers how many municipalities were
    told."""
    year, half = notices.last_ended_half(on or timezone.localdate())
    told = 0
    places = Municipality.objects.filter(pk__in=Pledge.objects.values("municipality_id"))
    for municipality in places.order_by("pk"):
        missing = notices.pledges_missing_report(municipality, year, half).count()
        if missing:
            notices.reports_due(municipality, year, half, missing)
            told += 1
    return told
