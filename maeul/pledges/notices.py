"""What the pledge programme tells officials (issue 15): half-yearly progress reports are due.

Departments report each pledge's progress every half year (반기별 추진실적); the report of a
half is due once the half is over. After each half, the planning office (the officials who
review reports) is told how many pledges still have no report for it — none submitted, or
one returned and not submitted again — once per municipality and half.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.accounts.selectors import officials_holding
from maeul.notifications.kinds import Audience, NoticeKind, register
from maeul.notifications.services import notify
from maeul.places.models import Municipality
from maeul.pledges.models import Pledge, PledgeStatus, ProgressReport, ReportState
from maeul.pledges.rules import PledgePermission

REPORTS_DUE = register(
    NoticeKind(
        code="pledges.reports_due",
        audience=Audience.OFFICIAL,
        label=_("Pledge progress reports are due"),
        subject=_("%(count)s pledges have no progress report for %(year)s H%(half)s"),
        body=_("The half year is over: the departments' progress reports are due."),
    )
)


def last_ended_half(day: dt.date) -> tuple[int, int]:
    """(year, half) of the half year that ended last before ``day``."""
    return (day.year - 1, 2) if day.month <= 6 else (day.year, 1)


def pledges_missing_report(municipality: Municipality, year: int, half: int) -> QuerySet[Pledge]:
    """Pledges still being carried out without a submitted or approved report for the half."""
    reported = ProgressReport.objects.filter(
        pledge=OuterRef("pk"),
        year=year,
        half=half,
        state__in=[ReportState.SUBMITTED, ReportState.APPROVED],
    )
    return (
        Pledge.objects.filter(municipality=municipality)
        .exclude(status=PledgeStatus.COMPLETED)
        .exclude(Exists(reported))
    )


def reports_due(municipality: Municipality, year: int, half: int, count: int) -> None:
    notify(
        REPORTS_DUE.code,
        officials_holding(PledgePermission.REVIEW_REPORT, municipality),
        event_key=f"pledges.reports_due:{municipality.pk}:{year}H{half}",
        data={"count": count, "year": year, "half": half},
        url=reverse("pledges:report_list", args=[municipality.slug]),
        municipality_id=municipality.pk,
    )
