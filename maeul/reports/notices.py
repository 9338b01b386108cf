"""What residents' reports tell people (through the notifications foundation).

* Officials who handle reports: a new report arrived; a report is past its deadline; the
  reporter responded to the outcome.
* A citizen auditor: a report was assigned to them.
* The reporter, when they filed with their account: the report was answered, transferred
  or dismissed. An anonymous reporter is told nothing (there is nobody to tell) and reads the
  outcome by tracking code.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.accounts.selectors import officials_holding
from maeul.notifications.kinds import Audience, NoticeKind, register
from maeul.notifications.services import notify

NEW = register(
    NoticeKind(
        code="reports.new",
        audience=Audience.OFFICIAL,
        label=_("A resident filed a report"),
        subject=_("New report: %(title)s"),
        body=_("Triage it and assign it; the answer is due by %(due_on)s."),
    )
)
OVERDUE = register(
    NoticeKind(
        code="reports.overdue",
        audience=Audience.OFFICIAL,
        label=_("A resident's report is past its deadline"),
        subject=_("Overdue report: %(title)s"),
        body=_("The answer was due by %(due_on)s."),
    )
)
DUE_SOON = register(
    NoticeKind(
        code="reports.due_soon",
        audience=Audience.OFFICIAL,
        label=_("A report assigned to my department is due within two working days"),
        subject=_("Report due soon: %(title)s"),
        body=_("The answer is due by %(due_on)s."),
    )
)
RESPONDED = register(
    NoticeKind(
        code="reports.responded",
        audience=Audience.OFFICIAL,
        label=_("A reporter responded to the outcome of their report"),
        subject=_("Response to report: %(title)s"),
        body=_("The reporter is not satisfied or adds something; read it on the report."),
    )
)
ASSIGNED = register(
    NoticeKind(
        code="reports.assigned",
        audience=Audience.RESIDENT,
        label=_("A resident's report was assigned to you as citizen auditor"),
        subject=_("Report assigned to you: %(title)s"),
        body=_("The answer is due by %(due_on)s."),
    )
)
ANSWERED = register(
    NoticeKind(
        code="reports.answered",
        audience=Audience.RESIDENT,
        label=_("Your report was answered"),
        subject=_("Your report: %(title)s"),
        body=_("%(place)s has handled your report (%(status)s). Read the answer."),
    )
)


def _handlers(report: Any) -> list[int]:
    from maeul.reports.rules import ReportPermission

    return officials_holding(ReportPermission.HANDLE, report)


def _data(report: Any) -> dict[str, str]:
    return {
        "title": report.title,
        "due_on": report.due_on.isoformat(),
        "place": report.municipality.name,
        "status": str(report.get_status_display()),
    }


def _manage_url(report: Any) -> str:
    return reverse("reports:manage", args=[report.pk])


def report_received(report: Any) -> None:
    notify(
        NEW.code,
        _handlers(report),
        event_key=f"reports.report:{report.pk}:new",
        data=_data(report),
        url=_manage_url(report),
        municipality_id=report.municipality_id,
    )


def report_overdue(report: Any) -> None:
    recipients = _handlers(report)
    if report.auditor_id:
        recipients.append(report.auditor_id)
    notify(
        OVERDUE.code,
        recipients,
        event_key=f"reports.report:{report.pk}:overdue:{report.due_on.isoformat()}",
        data=_data(report),
        url=_manage_url(report),
        municipality_id=report.municipality_id,
    )


def _department(report: Any) -> list[int]:
    """The officials of the report's scope in the department it was assigned to (by the
    department's name, as officials' records hold it); the handlers when nobody there has an
    account, so a reminder never goes nowhere."""
    from maeul.accounts.models import Official
    from maeul.reports.rules import ReportPermission

    candidates = officials_holding(ReportPermission.VIEW, report)
    if report.department:
        wanted = " ".join(report.department.split())
        ids = list(
            Official.objects.filter(user_id__in=candidates, department=wanted).values_list(
                "user_id", flat=True
            )
        )
        if ids:
            return ids
        return _handlers(report)
    return []


def report_due_soon(report: Any) -> None:
    recipients = _department(report)
    if report.auditor_id:
        recipients.append(report.auditor_id)
    notify(
        DUE_SOON.code,
        recipients,
        event_key=f"reports.report:{report.pk}:due_soon:{report.due_on.isoformat()}",
        data=_data(report),
        url=_manage_url(report),
        municipality_id=report.municipality_id,
    )


def report_responded(report: Any) -> None:
    recipients = _handlers(report)
    if report.auditor_id:
        recipients.append(report.auditor_id)
    notify(
        RESPONDED.code,
        recipients,
        event_key=f"reports.report:{report.pk}:responded",
        data=_data(report),
        url=_manage_url(report),
        municipality_id=report.municipality_id,
    )


def report_assigned(report: Any) -> None:
    notify(
        ASSIGNED.code,
        [report.auditor_id],
        event_key=f"reports.report:{report.pk}:assigned:{report.auditor_id}",
        data=_data(report),
        url=_manage_url(report),
        municipality_id=report.municipality_id,
    )


def report_answered(report: Any) -> None:
    if report.reporter_id is None:
        return
    notify(
        ANSWERED.code,
        [report.reporter_id],
        event_key=f"reports.report:{report.pk}:closed",
        data=_data(report),
        url=reverse("reports:mine_detail", args=[report.pk]),
        municipality_id=report.municipality_id,
    )
