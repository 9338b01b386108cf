"""What the officials' workspace reads: the "needs me now" list and the management pages.

Read-only: every function here only queries, scoped to the official's municipality and below
(``scope_ids``), and keeps an item only when the official's roles allow the work it links to
(the same named rules the target page asks). Counts are grouped in the database, one query per
kind of work, so the page costs the same for Nam-gu and for Seoul with its 25 districts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from maeul.accounts.permissions import has_permission, official_of, scope_ids
from maeul.accounts.rules import PlatformPermission
from maeul.budgeting.models import Cycle, ProposalStatus
from maeul.budgeting.rules import BudgetingPermission
from maeul.governance.models import Membership, QuarterlyReport, ReportStatus
from maeul.governance.rules import GovernancePermission
from maeul.grants.rules import GrantPermission
from maeul.innovation.rules import InnovationPermission
from maeul.juries.models import HalfYearReport, Jury, JuryPhase
from maeul.juries.rules import JuryPermission
from maeul.moderation.rules import ModerationPermission
from maeul.outreach.rules import OutreachPermission
from maeul.outsidegrants.models import OutsideProgramme, ProgrammeStatus
from maeul.outsidegrants.notices import DEADLINE_DAYS as OUTSIDE_DEADLINE_DAYS
from maeul.outsidegrants.rules import OutsideGrantPermission
from maeul.places.models import Municipality
from maeul.pledges.models import ProgressReport, ReportState
from maeul.pledges.rules import PledgePermission
from maeul.points.models import VoucherRequest, VoucherStatus
from maeul.points.rules import PointsPermission
from maeul.publishing.rules import PublishingPermission
from maeul.reports.rules import ReportPermission
from maeul.surveys.rules import SurveyPermission
from maeul.voting.models import Poll
from maeul.voting.rules import VotingPermission

VOTE_WINDOW = dt.timedelta(days=7)
TERM_WINDOW = dt.timedelta(days=30)


@dataclass(frozen=True)
class NeedItem:
    """One piece of work waiting for the official: what, where, how many, and the page."""

    kind: str
    label: str
    place: str
    count: int
    url: str


@dataclass(frozen=True)
class ManageLink:
    label: str
    url: str


@dataclass
class PlaceLinks:
    municipality: Municipality
    own: bool
    links: list[ManageLink] = field(default_factory=list)


def is_official(user: Any) -> bool:
    """Officials of any role, and platform operators, use the workspace."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    return official_of(user) is not None


def is_administrator(user: Any) -> bool:
    """Administrators (and operators) manage officials and places."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    official = official_of(user)
    return official is not None and "administrator" in official.role_set()


def _in_scope(user: Any, lookup: str) -> Q:
    ids = scope_ids(user)
    return Q() if ids is None else Q(**{f"{lookup}__in": ids})


def _per_place(
    user: Any,
    rows: Any,
    place_key: str,
    *,
    kind: str,
    permission: str,
    label: str,
    url_name: str,
) -> list[NeedItem]:
    """One item per municipality of ``rows`` (``place_key`` and a count ``n``) that the
    official may act on with ``permission``, linking that municipality's page ``url_name``."""
    rows = list(rows)
    places = Municipality.objects.in_bulk([r[place_key] for r in rows])
    return [
        NeedItem(kind, label, place.display_name, row["n"], reverse(url_name, args=[place.slug]))
        for row in rows
        if has_permission(user, permission, place := places[row[place_key]])
    ]


def _screening(user: Any, now: dt.datetime) -> list[NeedItem]:
    cycles = (
        Cycle.objects.filter(_in_scope(user, "municipality"))
        .annotate(waiting=Count("proposals", filter=Q(proposals__status=ProposalStatus.SUBMITTED)))
        .filter(waiting__gt=0)
        .select_related("municipality")
        .order_by("municipality__path", "-cycle_year")
    )
    return [
        NeedItem(
            "screening",
            _("Proposals waiting for screening — %(cycle)s") % {"cycle": c.title},
            c.municipality.display_name,
            c.waiting,
            reverse("budgeting:screening", args=[c.pk]),
        )
        for c in cycles
        if has_permission(user, BudgetingPermission.SCREEN, c)
    ]


def _votes(user: Any, now: dt.datetime) -> list[NeedItem]:
    soon = now + VOTE_WINDOW
    polls = (
        Poll.objects.filter(_in_scope(user, "municipality"))
        .filter(
            Q(opens_at__gt=now, opens_at__lte=soon)
            | Q(closes_at__gt=now, closes_at__lte=soon, closed_at__isnull=True)
        )
        .select_related("municipality")
        .order_by("opens_at")
    )
    items = []
    for poll in polls:
        if not has_permission(user, VotingPermission.MANAGE_POLL, poll):
            continue
        if poll.opens_at > now:
            label = _("Vote opens within 7 days: %(title)s") % {"title": poll.title}
        else:
            label = _("Vote closes within 7 days: %(title)s") % {"title": poll.title}
        items.append(
            NeedItem(
                "vote",
                label,
                poll.municipality.display_name,
                1,
                reverse("voting:manage", args=[poll.pk]),
            )
        )
    return items


def _pledge_reports(user: Any, now: dt.datetime) -> list[NeedItem]:
    rows = (
        ProgressReport.objects.filter(_in_scope(user, "pledge__municipality"))
        .filter(state=ReportState.SUBMITTED)
        .values("pledge__municipality")
        .annotate(n=Count("pk"))
    )
    return _per_place(
        user,
        rows,
        "pledge__municipality",
        kind="pledge_report",
        permission=PledgePermission.REVIEW_REPORT,
        label=_("Pledge progress reports waiting for review"),
        url_name="pledges:report_list",
    )


def _governance_reports(user: Any, now: dt.datetime) -> list[NeedItem]:
    rows = (
        QuarterlyReport.objects.filter(_in_scope(user, "municipality"))
        .filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.DRAFT])
        .values("municipality", "status")
        .annotate(n=Count("pk"))
    )
    places = Municipality.objects.in_bulk([r["municipality"] for r in rows])
    items = []
    for row in rows:
        place = places[row["municipality"]]
        if row["status"] == ReportStatus.SUBMITTED:
            rule, label = (
                GovernancePermission.REVIEW_REPORT,
                _("Quarterly reports waiting for review"),
            )
        else:
            rule, label = GovernancePermission.SUBMIT_REPORT, _("Quarterly reports to submit")
        if has_permission(user, rule, place):
            items.append(
                NeedItem(
                    "governance_report",
                    label,
                    place.display_name,
                    row["n"],
                    reverse("governance:reports", args=[place.slug]),
                )
            )
    return items


def _juries(user: Any, now: dt.datetime) -> list[NeedItem]:
    juries = (
        Jury.objects.filter(_in_scope(user, "municipality"))
        .filter(phase=JuryPhase.RECRUITING, draw__isnull=True)
        .select_related("municipality")
        .order_by("municipality__path", "name")
    )
    return [
        NeedItem(
            "jury",
            _("Jury recruiting, waiting for the draw: %(name)s") % {"name": jury.name},
            jury.municipality.display_name,
            1,
            reverse("juries:manage", args=[jury.pk]),
        )
        for jury in juries
        if has_permission(user, JuryPermission.DRAW, jury)
    ]


def _last_half(today: dt.date) -> tuple[int, int, dt.date, dt.date]:
    """The half year that ended most recently before ``today``: year, half, first, last day."""
    if today.month <= 6:
        return today.year - 1, 2, dt.date(today.year - 1, 7, 1), dt.date(today.year - 1, 12, 31)
    return today.year, 1, dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)


def _jury_reports(user: Any, now: dt.datetime) -> list[NeedItem]:
    """Sitting juries whose term overlapped the half year just ended and that have not
    published their report on it yet (a standing jury reports twice a year)."""
    year, half, first, last = _last_half(timezone.localdate(now))
    published = HalfYearReport.objects.filter(
        year=year, half=half, published_at__isnull=False
    ).values("jury_id")
    juries = (
        Jury.objects.filter(_in_scope(user, "municipality"))
        .filter(phase=JuryPhase.SITTING, term_start__lte=last, term_end__gte=first)
        .exclude(pk__in=published)
        .select_related("municipality")
        .order_by("municipality__path", "name")
    )
    period = (_("%(year)s, first half") if half == 1 else _("%(year)s, second half")) % {
        "year": year
    }
    return [
        NeedItem(
            "jury_report",
            _("Jury's half-yearly report due: %(name)s, %(period)s")
            % {"name": jury.name, "period": period},
            jury.municipality.display_name,
            1,
            reverse("juries:reports", args=[jury.pk]),
        )
        for jury in juries
        if has_permission(user, JuryPermission.MANAGE, jury.municipality)
    ]


def _terms(user: Any, now: dt.datetime) -> list[NeedItem]:
    today = timezone.localdate(now)
    rows = (
        Membership.objects.filter(_in_scope(user, "body__municipality"))
        .filter(resigned_on__isnull=True, term_end__gte=today)
        .filter(term_end__lte=today + TERM_WINDOW)
        .values("body__municipality")
        .annotate(n=Count("pk"))
    )
    return _per_place(
        user,
        rows,
        "body__municipality",
        kind="terms",
        permission=GovernancePermission.MANAGE_BODIES,
        label=_("Council members whose terms end within 30 days"),
        url_name="governance:alerts",
    )


def _vouchers(user: Any, now: dt.datetime) -> list[NeedItem]:
    rows = (
        VoucherRequest.objects.filter(_in_scope(user, "municipality"))
        .filter(status__in=[VoucherStatus.REQUESTED, VoucherStatus.APPROVED])
        .values("municipality")
        .annotate(n=Count("pk"))
    )
    return _per_place(
        user,
        rows,
        "municipality",
        kind="vouchers",
        permission=PointsPermission.HANDLE_VOUCHERS,
        label=_("Voucher requests waiting"),
        url_name="points:vouchers",
    )


def _outside_deadlines(user: Any, now: dt.datetime) -> list[NeedItem]:
    """Outside grant programmes closing within a week that nobody has decided on (the same
    window as the daily notice)."""
    today = timezone.localdate(now)
    rows = (
        OutsideProgramme.objects.filter(_in_scope(user, "municipality"))
        .filter(
            status=ProgrammeStatus.MONITORING,
            deadline__gte=today,
            deadline__lte=today + dt.timedelta(days=OUTSIDE_DEADLINE_DAYS),
        )
        .values("municipality")
        .annotate(n=Count("pk"))
    )
    return _per_place(
        user,
        rows,
        "municipality",
        kind="outside_deadlines",
        permission=OutsideGrantPermission.MANAGE,
        label=_("Outside grant programmes closing within a week, not decided"),
        url_name="outsidegrants:register",
    )


NEEDS: list[Callable[[Any, dt.datetime], list[NeedItem]]] = [
    _screening,
    _votes,
    _pledge_reports,
    _governance_reports,
    _juries,
    _jury_reports,
    _terms,
    _vouchers,
    _outside_deadlines,
]


def needs_me(user: Any, *, now: dt.datetime | None = None) -> list[NeedItem]:
    """Every piece of work waiting for ``user`` in their scope, in the order of ``NEEDS``."""
    moment = now or timezone.now()
    return [item for reader in NEEDS for item in reader(user, moment)]


def scope_places(user: Any) -> list[Municipality]:
    """The official's municipality and the cities, counties and districts below it (dongs
    are reached through their district's pages)."""
    official = official_of(user)
    queryset = Municipality.objects.filter(level__lte=2).order_by("path")
    if official is None:
        return list(queryset) if is_official(user) else []
    home = official.municipality
    if home.level > 2:
        return [home]
    return list(queryset.filter(path__startswith=home.path))


# The pages a permission opens on one municipality, in the order the workspace lists them
# (label, URL name taking the municipality's slug); labels are translated when listed.
_PLACE_PAGES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        BudgetingPermission.MANAGE,
        ((gettext_noop("PB screening reasons"), "budgeting:reasons"),),
    ),
    (
        PledgePermission.VIEW_BACKOFFICE,
        (
            (gettext_noop("Pledge dashboard"), "pledges:dashboard"),
            (gettext_noop("Pledge reports"), "pledges:report_list"),
        ),
    ),
    (
        PledgePermission.IMPORT_TABLE,
        ((gettext_noop("Pledge table import"), "pledges:table_import"),),
    ),
    (
        GovernancePermission.VIEW_RECORDS,
        (
            (gettext_noop("Governance bodies"), "governance:bodies"),
            (gettext_noop("Governance alerts"), "governance:alerts"),
            (gettext_noop("Quarterly reports"), "governance:reports"),
        ),
    ),
    (
        GovernancePermission.RECORD_SESSIONS,
        ((gettext_noop("Sessions sheet import"), "governance:import"),),
    ),
    (PointsPermission.VIEW_TOTALS, ((gettext_noop("Points totals"), "points:totals"),)),
    (PointsPermission.HANDLE_VOUCHERS, ((gettext_noop("Voucher requests"), "points:vouchers"),)),
    (PointsPermission.AWARD_MANUAL, ((gettext_noop("Award points"), "points:award"),)),
    (SurveyPermission.VIEW_BACKOFFICE, ((gettext_noop("Manage surveys"), "surveys:manage_list"),)),
    (
        OutreachPermission.VIEW_BACKOFFICE,
        ((gettext_noop("Manage outreach and records"), "outreach:manage"),),
    ),
    (
        InnovationPermission.VIEW_BACKOFFICE,
        ((gettext_noop("Community innovation plans"), "innovation:city"),),
    ),
    (GrantPermission.VIEW_BACKOFFICE, ((gettext_noop("Grant calls"), "grants:list"),)),
    (
        OutsideGrantPermission.VIEW,
        ((gettext_noop("Outside grant programmes"), "outsidegrants:register"),),
    ),
    (ReportPermission.VIEW_QUEUE, ((gettext_noop("Residents' reports"), "reports:manage_list"),)),
    (
        ModerationPermission.MODERATE,
        ((gettext_noop("Moderation queue: flagged posts"), "moderation:queue"),),
    ),
)
# The pages that span the official's scope: (permission asked of the home municipality,
# label, URL name).
_GENERAL_PAGES: tuple[tuple[str, str, str], ...] = (
    (VotingPermission.MANAGE_POLL, gettext_noop("Resident votes: manage"), "voting:manage_list"),
    (PlatformPermission.VIEW_LOG, gettext_noop("Audit log"), "auditlog:log"),
    (PlatformPermission.DOWNLOAD, gettext_noop("Data downloads"), "exports:index"),
)


def manage_links(user: Any) -> tuple[list[ManageLink], list[PlaceLinks]]:
    """Links to every management page the official may open: the ones that span the scope,
    then per municipality of the scope (participatory budgeting cycles and juries by name)."""
    official = official_of(user)
    home = official.municipality if official else None
    general = _general_links(user, home)
    places = scope_places(user)
    ids = [p.pk for p in places]
    cycles: dict[int, list[Cycle]] = {}
    for cycle in Cycle.objects.filter(municipality__in=ids).order_by("-cycle_year"):
        cycles.setdefault(cycle.municipality_id, []).append(cycle)
    juries: dict[int, list[Jury]] = {}
    for jury in Jury.objects.filter(municipality__in=ids).order_by("name"):
        juries.setdefault(jury.municipality_id, []).append(jury)
    result = []
    for place in places:
        entry = PlaceLinks(place, own=home is not None and place.pk == home.pk)
        entry.links.extend(
            _place_links(user, place, cycles.get(place.pk, []), juries.get(place.pk, []))
        )
        if entry.links:
            result.append(entry)
    return general, result


def _general_links(user: Any, home: Municipality | None) -> list[ManageLink]:
    anchor = home or Municipality.objects.filter(level=1).first()
    general: list[ManageLink] = []
    if anchor is not None:
        general.extend(
            ManageLink(_(label), reverse(url_name))
            for permission, label, url_name in _GENERAL_PAGES
            if has_permission(user, permission, anchor)
        )
    # Imports and large downloads an official starts run as background jobs; the list is
    # theirs alone, so every official gets the link.
    general.append(ManageLink(_("My background jobs"), reverse("jobs:index")))
    if is_administrator(user):
        general.append(ManageLink(_("Officials and roles"), reverse("workspace:officials")))
        general.append(ManageLink(_("Places"), reverse("workspace:places")))
    return general


def _place_links(
    user: Any, place: Municipality, cycles: list[Cycle], juries: list[Jury]
) -> list[ManageLink]:
    links: list[ManageLink] = []
    if cycles and has_permission(user, BudgetingPermission.VIEW_BACKOFFICE, place):
        links.extend(
            ManageLink(
                _("Participatory budgeting: %(cycle)s") % {"cycle": cycle.title},
                reverse("budgeting:manage", args=[cycle.pk]),
            )
            for cycle in cycles
        )
    if has_permission(user, JuryPermission.MANAGE, place):
        links.append(ManageLink(_("Citizens' juries"), reverse("juries:index", args=[place.slug])))
        links.extend(
            ManageLink(
                _("Jury: %(name)s") % {"name": jury.name},
                reverse("juries:manage", args=[jury.pk]),
            )
            for jury in juries
        )
    for permission, pages in _PLACE_PAGES:
        if has_permission(user, permission, place):
            links.extend(
                ManageLink(_(label), reverse(url_name, args=[place.slug]))
                for label, url_name in pages
            )
    # The data book and the brief are published from the place's publications page, which
    # is addressed by the administrative code, like the rest of the open data.
    if place.code and has_permission(user, PublishingPermission.PUBLISH, place):
        links.append(
            ManageLink(
                _("Publish the data book and the Governance Brief"),
                reverse("publishing:publications", kwargs={"code": place.code}),
            )
        )
    return links
