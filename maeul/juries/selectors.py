"""Read side of juries: public pages show only published opinions; the organisers' screens
see the pool, the quotas with their fill, the feasibility check, the review tallies."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised
from maeul.core.errors import NotAllowed
from maeul.engine import sortition
from maeul.juries.models import (
    AGE_FEATURE,
    DISTRICT_FEATURE,
    GENDER_FEATURE,
    Draw,
    HalfYearReport,
    Jury,
    MonitoringVisit,
    Opinion,
    Review,
    Volunteer,
    VolunteerStatus,
    age_band,
)
from maeul.juries.rules import JuryPermission


def published_opinions_for_pledge(pledge: Any) -> QuerySet[Opinion]:
    """What the jury made public on a pledge; the pledge sheet shows it through
    ``maeul.pledges.interface.register_sheet_opinions`` (filled in ``apps.py``)."""
    return (
        Opinion.objects.filter(pledge=pledge, published_at__isnull=False)
        .select_related("jury")
        .order_by("-published_at")
    )


def published_opinions(jury: Jury) -> QuerySet[Opinion]:
    return jury.opinions.filter(published_at__isnull=False).select_related("pledge")


def published_reports(jury: Jury) -> QuerySet[HalfYearReport]:
    """The half-yearly reports residents may read, oldest period first."""
    return jury.reports.filter(published_at__isnull=False).order_by("year", "half")


def published_visits(jury: Jury) -> QuerySet[MonitoringVisit]:
    """The field monitoring visits residents may read, in date order."""
    return (
        jury.visits.filter(published_at__isnull=False)
        .select_related("subgroup")
        .order_by("visited_on", "pk")
    )


def report_for(user: Any, jury: Jury, report_id: int) -> HalfYearReport:
    """A report of ``jury`` that ``user`` may read: published ones for everyone, drafts only
    for the jury's organisers (anyone else gets 404, as for a missing id)."""
    from django.http import Http404

    from maeul.accounts.permissions import has_permission

    report = jury.reports.filter(pk=report_id).first()
    if report is None:
        raise Http404("report")
    if report.published_at is None and not has_permission(
        user, JuryPermission.MANAGE, jury.municipality
    ):
        raise Http404("report")
    return report


def jury_for(user: Any, jury_id: Any, permission: JuryPermission = JuryPermission.VIEW) -> Jury:
    """The jury ``jury_id`` if ``user`` holds ``permission`` on it (juries are public to
    view); 404 otherwise, for a missing jury and one outside scope alike."""
    return get_authorised(Jury.objects.select_related("municipality"), user, jury_id, permission)


def juror_for(user: Any, jury: Jury) -> Volunteer:
    """The user's seat on this jury, or NotAllowed."""
    juror = (
        jury.volunteers.filter(user=user, status=VolunteerStatus.JUROR)
        .select_related("subgroup")
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if juror is None:
        raise NotAllowed(_("Only the jurors of this jury can review its pledges."))
    return juror


def _group_of_dong(jury: Jury) -> dict[int, str]:
    return {
        dong_id: group.key
        for group in jury.district_groups.prefetch_related("dongs")
        for dong_id in group.dongs.values_list("pk", flat=True)
    }


def engine_inputs(jury: Jury) -> tuple[list[sortition.Person], list[sortition.FeatureQuota]]:
    """The pool and quotas as the engine sees them: codes and quota features only."""
    groups = _group_of_dong(jury)
    quotas = [
        sortition.FeatureQuota(q.feature, q.value, q.min, q.max)
        for q in jury.quotas.order_by("feature", "order")
    ]
    used = {q.feature for q in quotas}
    people = []
    for v in jury.volunteers.filter(status=VolunteerStatus.POOL).order_by("code"):
        features = {
            GENDER_FEATURE: v.gender,
            AGE_FEATURE: age_band(jury.recruitment_year - v.birth_year),
            DISTRICT_FEATURE: groups.get(v.dong_id, "none") if v.dong_id is not None else "none",
        }
        people.append(
            sortition.Person(id=v.code, features={f: x for f, x in features.items() if f in used})
        )
    return people, quotas


def draw_people(draw: Draw) -> tuple[list[sortition.Person], list[sortition.FeatureQuota]]:
    """The stored draw's pool and quotas, as the engine saw them."""
    people = [sortition.Person(id=code, features=features) for code, features in draw.people]
    quotas = [sortition.FeatureQuota(f, v, lo, hi) for f, v, lo, hi in draw.quotas]
    return people, quotas


def feasibility(jury: Jury) -> sortition.FeasibilityReport | sortition.SortitionError | None:
    """The engine's diagnosis of the current pool and quotas, the engine's typed error when
    the inputs cannot be used (``labels`` words both for people), None without quotas."""
    people, quotas = engine_inputs(jury)
    if not quotas:
        return None
    try:
        return sortition.check_feasibility(people, quotas, jury.panel_size, household_rule=False)
    except sortition.SortitionError as error:
        return error


def quota_fill(jury: Jury) -> list[dict[str, Any]]:
    """Each quota with the number of volunteers in the pool who have that value."""
    people, _quotas = engine_inputs(jury)
    counts = Counter((f, v) for p in people for f, v in p.features.items())
    return [
        {"quota": q, "pool": counts.get((q.feature, q.value), 0)}
        for q in jury.quotas.order_by("feature", "order")
    ]


@dataclass(frozen=True)
class ReplayResult:
    ok: bool
    inputs_match: bool
    panel_match: bool
    reserves_match: bool
    inputs_sha256: str


def draw_replay(draw: Draw) -> ReplayResult:
    """Rerun the stored draw from its recorded inputs and seed and compare (P18)."""
    people, quotas = draw_people(draw)
    result = sortition.run_lottery(
        people,
        quotas,
        draw.panel_size,
        reserves=draw.reserve_count,
        algorithm=draw.algorithm,
        seed=draw.seed,
        household_rule=False,
    )
    inputs_match = result.inputs_sha256 == draw.inputs_sha256
    panel_match = list(result.panel) == list(draw.panel)
    reserves_match = list(result.reserves) == list(draw.reserves)
    return ReplayResult(
        inputs_match and panel_match and reserves_match,
        inputs_match,
        panel_match,
        reserves_match,
        result.inputs_sha256,
    )


@dataclass(frozen=True)
class ReviewTally:
    count: int
    grades: list[tuple[str, int]]
    median_grade: str
    recommendations: list[tuple[str, int]]


def review_tally(jury: Jury, pledge: Any) -> ReviewTally:
    """The jurors' grades on a pledge: counts per grade, the median grade on the scale."""
    reviews = list(Review.objects.filter(jury=jury, pledge=pledge))
    scale = jury.grades()
    counts = Counter(r.grade for r in reviews)
    ordered = sorted((r.grade for r in reviews if r.grade in scale), key=scale.index)
    median = ordered[(len(ordered) - 1) // 2] if ordered else ""
    recs = Counter(r.get_recommendation_display() for r in reviews)
    return ReviewTally(
        len(reviews), [(g, counts.get(g, 0)) for g in scale], median, sorted(recs.items())
    )


def volunteering_of(user: Any) -> QuerySet[Volunteer]:
    """The user's applications to citizens' juries, newest first (for 내 활동): the jury, how
    they applied and where the lottery put them. Contact details stay on the jury's pages."""
    return (
        Volunteer.objects.filter(user=user)
        .select_related("jury__municipality")
        .order_by("-consent_at", "-pk")
    )
