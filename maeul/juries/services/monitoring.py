"""A standing jury's work between sessions: field monitoring visits (현장 모니터링) and the
half-yearly reports (상·하반기 공약사업 추진 점검). Both are written by the jury's organisers,
stay internal until published, and are public afterwards; a published report is what the jury
said and no longer changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.core.errors import Conflict, ServiceError
from maeul.juries.models import HalfYearReport, Jury, MonitoringVisit, Subgroup
from maeul.juries.rules import JuryPermission
from maeul.juries.services._base import audit, locked_jury

MANAGE = JuryPermission.MANAGE


def _text(value: str, field: str, message: str) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise ServiceError(message, field=field)
    return cleaned


def _within_term(jury: Jury, day: dt.date, field: str) -> None:
    if jury.term_start is None or jury.term_end is None:
        raise ServiceError(_("Set the jury's term first."), field=field)
    if not jury.term_start <= day <= jury.term_end:
        raise ServiceError(
            _("The date must fall within the jury's term (%(start)s – %(end)s).")
            % {"start": jury.term_start, "end": jury.term_end},
            field=field,
        )


def visit_record(
    *,
    actor: Any,
    jury: Jury,
    visited_on: dt.date,
    place: str,
    checked: str,
    findings: str,
    subgroup: Subgroup | None = None,
) -> MonitoringVisit:
    """Record a field monitoring visit of the sitting jury, on a day of its term, by one of
    its own subgroups (or the whole jury)."""
    require_permission(actor, MANAGE, jury.municipality)
    place = _text(place, "place", _("Say where the jurors went."))
    checked = _text(checked, "checked", _("Say what the jurors checked."))
    findings = _text(findings, "findings", _("Write down what the jurors found."))
    if subgroup is not None and subgroup.jury_id != jury.pk:
        raise ServiceError(_("Choose one of this jury's subgroups."), field="subgroup")
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, MANAGE, "visit")
        _within_term(locked, visited_on, "visited_on")
        visit = MonitoringVisit.objects.create(
            jury=locked,
            visited_on=visited_on,
            place=place,
            subgroup=subgroup,
            checked=checked,
            findings=findings,
        )
        audit(
            "visit_recorded",
            actor,
            locked,
            visit,
            visited_on=visited_on,
            place=place,
            subgroup=subgroup.number if subgroup else None,
        )
    return visit


def visit_publish(*, actor: Any, visit: MonitoringVisit) -> MonitoringVisit:
    """Show a visit's findings to everyone."""
    jury = visit.jury
    require_permission(actor, MANAGE, jury.municipality)
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, MANAGE, "publish")
        row = MonitoringVisit.objects.select_for_update().get(pk=visit.pk, jury=locked)
        if row.published_at is not None:
            raise Conflict(_("This visit is already published."))
        row.published_at = timezone.now()
        row.save(update_fields=["published_at"])
        audit("visit_published", actor, locked, row)
    return row


def report_save(
    *,
    actor: Any,
    jury: Jury,
    year: int,
    half: int,
    title: str,
    summary: str,
    recommendations: str = "",
    presented_on: dt.date | None = None,
) -> HalfYearReport:
    """Write (or rewrite, until published) the jury's report on a half year of its term."""
    require_permission(actor, MANAGE, jury.municipality)
    if half not in (1, 2):
        raise ServiceError(_("Choose the first or the second half."), field="half")
    title = _text(title, "title", _("Give the report a title."))
    summary = _text(summary, "summary", _("Write the report's summary."))
    report = HalfYearReport(jury=jury, year=int(year), half=half)
    first, last = report.period()
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, MANAGE, "report")
        if locked.term_start is None or locked.term_end is None:
            raise ServiceError(_("Set the jury's term first."), field="year")
        if last < locked.term_start or first > locked.term_end:
            raise ServiceError(
                _("The jury did not sit in %(period)s (its term: %(start)s – %(end)s).")
                % {
                    "period": report.period_label,
                    "start": locked.term_start,
                    "end": locked.term_end,
                },
                field="year",
            )
        existing = HalfYearReport.objects.select_for_update().filter(
            jury=locked, year=year, half=half
        )
        row = existing.first()
        if row is not None and row.published_at is not None:
            raise Conflict(
                _("The report for %(period)s is published and can no longer change.")
                % {"period": row.period_label},
                field="year",
            )
        row = row or HalfYearReport(jury=locked, year=int(year), half=half)
        row.title, row.summary = title, summary
        row.recommendations = (recommendations or "").strip()
        row.presented_on = presented_on
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as error:  # two officials writing the same period at once
            raise Conflict(
                _("A report for this period was just written; reload the page."), field="year"
            ) from error
        audit("report_saved", actor, locked, row, year=row.year, half=row.half, title=title)
    return row


def report_publish(*, actor: Any, report: HalfYearReport) -> HalfYearReport:
    """Publish a half-yearly report: public from now on, and fixed."""
    jury = report.jury
    require_permission(actor, MANAGE, jury.municipality)
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, MANAGE, "publish")
        row = HalfYearReport.objects.select_for_update().get(pk=report.pk, jury=locked)
        if row.published_at is not None:
            raise Conflict(_("This report is already published."))
        row.published_at = timezone.now()
        row.save(update_fields=["published_at"])
        audit("report_published", actor, locked, row, year=row.year, half=row.half)
    return row
