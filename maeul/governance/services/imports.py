"""The city's quarterly sheet, imported all or nothing: every row is checked and every error
collected before anything is written, then the reports it touches are locked in (district,
year, quarter) order and their sessions replaced in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from maeul.accounts.permissions import has_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import ServiceError
from maeul.governance.models import DeliberationSession, QuarterlyReport
from maeul.governance.rules import GovernancePermission
from maeul.governance.services._base import _aware, _report_for, _require
from maeul.governance.sheet import CellError, ParsedRow, SheetUnreadable, read_rows
from maeul.places.models import Municipality

SHEET_MAX_BYTES = 5 * 1024 * 1024


class ImportFailed(ServiceError):
    """The sheet has errors; nothing was imported. ``errors`` lists every one."""

    code = "import_failed"
    status = 422

    def __init__(self, errors: Sequence[CellError]) -> None:
        super().__init__(
            _("The sheet has %(count)s errors; nothing was imported.") % {"count": len(errors)}
        )
        self.errors = list(errors)


def _district_named(scope: Municipality, name: str) -> Municipality | None:
    if scope.level >= 2:
        return scope if name in (scope.name, scope.name_en, scope.slug) else None
    return Municipality.objects.filter(parent=scope, name=name).first()


def sessions_import(*, actor: Any, scope: Municipality, content: bytes) -> dict[str, int]:
    """Import the city's sheet, all or nothing.

    Every row is validated and every error collected (``ImportFailed.errors``, by row and
    column) before anything is written. Rows name their district (it must lie within
    ``scope`` and the actor must record sessions there) and their date picks the quarter; each
    quarterly report the sheet touches must still be held by the district (draft or
    returned), and its sessions are replaced by the sheet's rows in one transaction.
    Returns sessions imported per report period ("금천구 2019-Q1": 22)."""
    _require(actor, GovernancePermission.RECORD_SESSIONS, scope)
    if len(content) > SHEET_MAX_BYTES:
        raise ImportFailed(
            [
                CellError(
                    1,
                    "-",
                    "-",
                    _("The file is larger than %(mb)s MB.") % {"mb": SHEET_MAX_BYTES // 2**20},
                )
            ]
        )
    try:
        rows, errors = read_rows(content)
    except SheetUnreadable as error:
        raise ImportFailed([CellError(1, "-", "-", str(error))]) from None
    seen: dict[tuple[str, int, int, str], int] = {}
    districts: dict[str, Municipality] = {}
    keyed: list[tuple[ParsedRow, Municipality]] = []
    for row in rows:
        district = districts.get(row.district) or _district_named(scope, row.district)
        if district is None:
            errors.append(
                CellError(
                    row.row,
                    "자치구",
                    "B",
                    _("%(name)s is not a district of %(scope)s.")
                    % {"name": row.district[:30], "scope": scope.name},
                )
            )
            continue
        if not has_permission(actor, GovernancePermission.RECORD_SESSIONS, district):
            errors.append(
                CellError(
                    row.row,
                    "자치구",
                    "B",
                    _("You may not record sessions of %(name)s.") % {"name": district.name},
                )
            )
            continue
        districts[row.district] = district
        key = (district.name, row.date.year, row.quarter, row.reference)
        if key in seen:
            errors.append(
                CellError(
                    row.row,
                    "연번",
                    "A",
                    _("Number %(ref)s is used twice in this quarter (also row %(other)s).")
                    % {"ref": row.reference, "other": seen[key]},
                )
            )
            continue
        seen[key] = row.row
        keyed.append((row, district))
    periods = sorted({(d.path, d.pk, r.date.year, r.quarter) for r, d in keyed})
    with transaction.atomic(durable=True):
        reports: dict[tuple[int, int, int], QuarterlyReport] = {}
        for _path, district_id, year, quarter in periods:
            district = next(d for d in districts.values() if d.pk == district_id)
            report = _report_for(district, year, quarter)
            if not report.editable:
                first_row = min(
                    r.row
                    for r, d in keyed
                    if d.pk == district_id and (r.date.year, r.quarter) == (year, quarter)
                )
                errors.append(
                    CellError(
                        first_row,
                        "일자",
                        "E",
                        _(
                            "The %(period)s report of %(name)s is %(status)s; only a draft or "
                            "returned report can be replaced."
                        )
                        % {
                            "period": report.period,
                            "name": district.name,
                            "status": report.get_status_display(),
                        },
                    )
                )
            reports[(district_id, year, quarter)] = report
        if errors:
            transaction.set_rollback(True)
            raise ImportFailed(sorted(errors, key=lambda e: (e.row, e.letter)))
        counts: dict[str, int] = {}
        for report in reports.values():
            report.sessions.all().delete()
        DeliberationSession.objects.bulk_create(
            [
                DeliberationSession(
                    municipality=district,
                    report=reports[(district.pk, row.date.year, row.quarter)],
                    reference=row.reference,
                    name=row.name,
                    kind=row.kind,
                    starts_at=_aware(row.date, row.start),
                    ends_at=_aware(row.date, row.end),
                    venue="" if row.online else row.venue,
                    online=row.online,
                    invited_total=row.invited_total,
                    invited_government=row.invited_government,
                    invited_civil=row.invited_civil,
                    attended_government=row.attended_government,
                    attended_civil=row.attended_civil,
                    agenda=row.agenda,
                    decisions=row.decisions,
                )
                for row, district in keyed
            ]
        )
        for row, district in keyed:
            label = f"{district.name} {row.date.year}-Q{row.quarter}"
            counts[label] = counts.get(label, 0) + 1
        audit_record(
            kind="governance.sessions_imported",
            actor=actor,
            subject=f"sheet:{scope.code}",
            municipality=scope,
            data={"reports": counts},
        )
    return counts
