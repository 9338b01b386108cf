"""Reads of governance records: composition and previews of a change, term alerts, statistics.

Statistics are computed by the engine from session rows (never stored), so the published
table is always what the sessions add up to. Public readers see only sessions of accepted
reports; officials may include the reports still with the district or the city.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import scope_filter
from maeul.core.errors import ServiceError
from maeul.engine.scoring import (
    Aggregate,
    ChangeEffect,
    CompositionCounts,
    CompositionReport,
    InvalidTerm,
    StatsTable,
    Term,
    check_composition,
    check_new_term,
    compare,
    default_term_end,
    summarise,
    total_counts,
)
from maeul.governance.models import (
    Body,
    DeliberationSession,
    Membership,
    QuarterlyReport,
    ReportStatus,
    SurveyResult,
)
from maeul.places.models import Municipality

ALERT_DAYS = 60


def today() -> dt.date:
    return timezone.localdate()


def active_memberships(body: Body, on: dt.date | None = None) -> QuerySet[Membership]:
    day = on or today()
    return (
        body.memberships.filter(term_start__lte=day, term_end__gte=day)
        .filter(Q(resigned_on__isnull=True) | Q(resigned_on__gte=day))
        .select_related("user")
    )


def composition_counts(body: Body, on: dt.date | None = None) -> CompositionCounts:
    values: dict[str, int] = defaultdict(int)
    for sector, gender in active_memberships(body, on).values_list("sector", "gender"):
        values[sector] += 1
        values[gender] += 1
    return CompositionCounts(**values)


def reference_day(body: Body) -> dt.date:
    """Today, or the last day the body had members when all its terms are over (a past
    preparatory committee still shows the composition it had)."""
    day = today()
    if active_memberships(body, day).exists():
        return day
    last = max((m.effective_end for m in body.memberships.all()), default=day)
    return min(last, day)


@dataclass(frozen=True)
class MeetingRuleStatus:
    label: str
    held: int
    required: int

    @property
    def met(self) -> bool:
        return self.held >= self.required


def meeting_rule_status(body: Body, on: dt.date | None = None) -> MeetingRuleStatus:
    """How many sessions of the body fall in the rule's current period (year, quarter or
    month containing ``on``) against the meetings the rule requires."""
    day = on or today()
    if body.meetings_period == "month":
        start = day.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1)
        label = f"{day.year}-{day.month:02d}"
    elif body.meetings_period == "quarter":
        quarter = (day.month - 1) // 3 + 1
        start, end = Period(day.year, quarter).bounds_dates()
        label = f"{day.year}-Q{quarter}"
    else:
        start, end = dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1)
        label = str(day.year)
    tz = timezone.get_current_timezone()
    held = body.sessions.filter(
        starts_at__gte=dt.datetime.combine(start, dt.time(), tzinfo=tz),
        starts_at__lt=dt.datetime.combine(end, dt.time(), tzinfo=tz),
    ).count()
    return MeetingRuleStatus(label, held, body.meetings_required)


def composition(body: Body, on: dt.date | None = None) -> CompositionReport:
    return check_composition(composition_counts(body, on), body.composition_policy())


def compositions_for(
    bodies: Iterable[Body], on: dt.date | None = None
) -> dict[int, tuple[dt.date, CompositionReport]]:
    """Each body's reference day (``on``, else as ``reference_day``) and composition, from
    one query over all their memberships — list pages stay at a fixed number of queries."""
    by_id = {b.pk: b for b in bodies}
    terms: dict[int, list[tuple[str, str, dt.date, dt.date]]] = defaultdict(list)
    rows = Membership.objects.filter(body_id__in=by_id).values_list(
        "body_id", "sector", "gender", "term_start", "term_end", "resigned_on"
    )
    for body_id, sector, gender, start, end, resigned in rows:
        terms[body_id].append((sector, gender, start, resigned or end))
    now = today()
    result: dict[int, tuple[dt.date, CompositionReport]] = {}
    for pk, body in by_id.items():
        mine = terms.get(pk, [])
        day = on
        if day is None:
            if any(start <= now <= end for _s, _g, start, end in mine):
                day = now
            else:
                day = min(max((end for *_rest, end in mine), default=now), now)
        values: dict[str, int] = defaultdict(int)
        for sector, gender, start, end in mine:
            if start <= day <= end:
                values[sector] += 1
                values[gender] += 1
        report = check_composition(CompositionCounts(**values), body.composition_policy())
        result[pk] = (day, report)
    return result


@dataclass(frozen=True)
class CompositionLine:
    body: Body
    report: CompositionReport


def composition_report(
    municipality: Municipality, kind: str | None = None, on: dt.date | None = None
) -> tuple[list[CompositionLine], CompositionReport | None]:
    """Every body in the municipality's subtree (of ``kind``), and their combined counts
    checked against Seoul's default rules (e.g. 682 = 492 + 48 + 142 -> civil 72.1%)."""
    bodies = Body.objects.filter(municipality__in=municipality.subtree()).select_related(
        "municipality"
    )
    if kind:
        bodies = bodies.filter(kind=kind)
    ordered = list(bodies.order_by("municipality__name", "name"))
    reports = compositions_for(ordered, on)
    lines = [CompositionLine(b, reports[b.pk][1]) for b in ordered]
    if not lines:
        return [], None
    total = check_composition(total_counts([line.report.counts for line in lines]))
    return lines, total


def terms_ending(
    municipality: Municipality, *, on: dt.date | None = None, days: int = ALERT_DAYS
) -> QuerySet[Membership]:
    """Running terms (not resigned) whose last day falls within ``days`` days."""
    day = on or today()
    return (
        Membership.objects.filter(
            body__municipality__in=municipality.subtree(),
            resigned_on__isnull=True,
            term_start__lte=day,
            term_end__gte=day,
            term_end__lte=day + dt.timedelta(days=days),
        )
        .select_related("body", "body__municipality")
        .order_by("term_end", "body__name", "person_name")
    )


# ---- statistics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None

    @property
    def label(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year}-Q{self.quarter}"

    def bounds_dates(self) -> tuple[dt.date, dt.date]:
        """First day of the period and first day after it."""
        if self.quarter is None:
            return dt.date(self.year, 1, 1), dt.date(self.year + 1, 1, 1)
        start = dt.date(self.year, 3 * self.quarter - 2, 1)
        end = (
            dt.date(self.year + 1, 1, 1)
            if self.quarter == 4
            else dt.date(self.year, 3 * self.quarter + 1, 1)
        )
        return start, end

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        start, end = self.bounds_dates()
        tz = timezone.get_current_timezone()
        return (
            dt.datetime.combine(start, dt.time(), tzinfo=tz),
            dt.datetime.combine(end, dt.time(), tzinfo=tz),
        )


def session_queryset(
    municipality: Municipality, period: Period, *, accepted_only: bool = True
) -> QuerySet[DeliberationSession]:
    start, end = period.bounds()
    sessions = DeliberationSession.objects.filter(
        municipality__in=municipality.subtree(), starts_at__gte=start, starts_at__lt=end
    )
    if accepted_only:
        sessions = sessions.filter(report__status=ReportStatus.ACCEPTED)
    return sessions


@dataclass(frozen=True)
class DistrictStats:
    municipality: Municipality
    aggregate: Aggregate


def statistics(
    municipality: Municipality, period: Period, *, accepted_only: bool = True
) -> tuple[StatsTable, list[DistrictStats]]:
    """The SPEC §6 table for the districts with sessions in ``period`` (Korean name order)."""
    rows = session_queryset(municipality, period, accepted_only=accepted_only).values_list(
        "municipality_id",
        "starts_at",
        "ends_at",
        "attended_government",
        "attended_civil",
        "invited_total",
        "invited_government",
        "invited_civil",
    )
    from maeul.engine.scoring import SessionFigures

    sums: dict[int, Aggregate] = {}
    for mid, starts, ends, ag, ac, it, ig, ic in rows:
        figures = SessionFigures(
            minutes=int((ends - starts).total_seconds() // 60),
            attended_government=ag,
            attended_civil=ac,
            invited_total=it,
            invited_government=ig,
            invited_civil=ic,
        )
        sums[mid] = sums.get(mid, Aggregate()).add(figures)
    districts = {m.pk: m for m in Municipality.objects.filter(pk__in=sums)}
    ordered = sorted(sums, key=lambda pk: districts[pk].name)
    table = summarise({districts[pk].name: sums[pk] for pk in ordered})
    return table, [DistrictStats(districts[pk], sums[pk]) for pk in ordered]


def periods_with_sessions(municipality: Municipality, *, accepted_only: bool = True) -> list[int]:
    """Years that have sessions (newest first)."""
    sessions = DeliberationSession.objects.filter(municipality__in=municipality.subtree())
    if accepted_only:
        sessions = sessions.filter(report__status=ReportStatus.ACCEPTED)
    years = {timezone.localtime(s).year for s in sessions.values_list("starts_at", flat=True)}
    return sorted(years, reverse=True)


def programme_figures() -> tuple[dict[str, int], dict[str, int]]:
    """Bodies per place and the year of each place's latest session of an accepted report,
    both keyed by the place's path, from two grouped queries (the programme cards of every
    city and district at once; ``periods_with_sessions`` gives one place's years)."""
    bodies = dict(Body.objects.values_list("municipality__path").annotate(n=Count("id")).order_by())
    latest = {
        path: timezone.localtime(moment).year
        for path, moment in DeliberationSession.objects.filter(report__status=ReportStatus.ACCEPTED)
        .values_list("municipality__path")
        .annotate(last=Max("starts_at"))
        .order_by()
    }
    return bodies, latest


def surveys(municipality: Municipality, year: int | None = None) -> QuerySet[SurveyResult]:
    results = SurveyResult.objects.filter(municipality=municipality)
    if year is not None:
        results = results.filter(year=year)
    return results


def reports_in_scope(user: Any, municipality: Municipality) -> QuerySet[QuarterlyReport]:
    visible: QuerySet[QuarterlyReport] = scope_filter(
        user, QuarterlyReport.objects.select_related("municipality")
    )
    return visible.filter(municipality__in=municipality.subtree()).order_by(
        "-year", "-quarter", "municipality__name", "pk"
    )


def report_sessions(report: QuarterlyReport) -> Iterable[DeliberationSession]:
    return report.sessions.select_related("municipality").order_by("starts_at", "reference")


# ---- membership previews (what a change would do, before it is made) -----------------------


@dataclass(frozen=True)
class MemberDraft:
    """A proposed membership, as the form or the API gives it."""

    person_name: str
    sector: str
    gender: str
    appointment: str
    role: str
    term_start: dt.date
    term_end: dt.date | None = None
    affiliation: str = ""
    user_id: int | None = None

    def person_key(self) -> str:
        if self.user_id is not None:
            return f"user:{self.user_id}"
        return "name:" + " ".join(self.person_name.split()).casefold()


def membership_preview(*, body: Body, draft: MemberDraft) -> tuple[ChangeEffect, dt.date]:
    """The composition before and after adding ``draft`` (on its first day), and its end.

    Raises ServiceError for term problems (end before start, overlap, third consecutive term),
    which no acknowledgement can override."""
    end = draft.term_end or default_term_end(draft.term_start, body.term_policy())
    try:
        term = Term(draft.term_start, end)
    except InvalidTerm:
        raise ServiceError(
            _("The term ends (%(end)s) before it starts (%(start)s).")
            % {"end": end.isoformat(), "start": draft.term_start.isoformat()},
            field="term_end",
        ) from None
    earlier = [m.as_term() for m in body.memberships.all() if m.person_key == draft.person_key()]
    verdict = check_new_term(earlier, term, body.term_policy())
    if not verdict.ok:
        if verdict.code == "overlap" and verdict.conflicting is not None:
            message = _(
                "%(name)s already holds a term in this body from %(start)s to %(end)s; terms "
                "of one person must not overlap."
            ) % {
                "name": draft.person_name,
                "start": verdict.conflicting.start.isoformat(),
                "end": verdict.conflicting.end.isoformat(),
            }
            field = "term_start"
        elif verdict.code == "too_many_consecutive":
            message = _(
                "This would be %(name)s's term number %(count)s in a row; the body allows "
                "%(limit)s consecutive terms (renewable %(renewals)s times)."
            ) % {
                "name": draft.person_name,
                "count": verdict.consecutive,
                "limit": body.max_consecutive_terms,
                "renewals": body.max_consecutive_terms - 1,
            }
            field = "term_start"
        else:
            message = _("A term of this body lasts at most %(years)s years.") % {
                "years": body.term_years
            }
            field = "term_end"
        raise ServiceError(message, field=field)
    before = composition_counts(body, on=draft.term_start)
    after = before.plus(sector=draft.sector, gender=draft.gender)
    return compare(before, after, body.composition_policy()), end


def membership_end_preview(*, membership: Membership, on: dt.date) -> ChangeEffect:
    if not membership.term_start <= on <= membership.term_end:
        raise ServiceError(
            _("The last day must fall within the term (%(start)s to %(end)s).")
            % {"start": membership.term_start, "end": membership.term_end},
            field="resigned_on",
        )
    body = membership.body
    before = composition_counts(body, on=on)
    if membership.is_active_on(on):
        after = before.minus(sector=membership.sector, gender=membership.gender)
    else:
        after = before
    return compare(before, after, body.composition_policy())
