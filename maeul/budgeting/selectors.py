"""Read-side queries of participatory budgeting: lists with a fixed number of queries, the
yearly history table (SPEC §1) and the figures of one cycle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maeul.accounts.models import User
from maeul.budgeting.models import (
    PUBLIC_STATUSES,
    Attachment,
    CategoryGroup,
    CityProgramme,
    Comment,
    CommitteeVote,
    Cycle,
    DistrictShare,
    Execution,
    MobileVote,
    Phase,
    PhaseWindow,
    ProjectOutcome,
    ProjectType,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Recommendation,
    ResultRun,
    TraceStep,
)
from maeul.budgeting.moderation import PROPOSAL as PROPOSAL_KIND
from maeul.budgeting.search import PROPOSAL_SEARCH_FIELDS
from maeul.core import sqlplan, textsearch
from maeul.exports.registry import rate
from maeul.governance import interface as governance_interface
from maeul.governance.interface import Membership
from maeul.moderation import selectors as moderation
from maeul.outreach import interface as outreach_interface
from maeul.places.models import Municipality
from maeul.voting.interface import Poll

PAGE_SIZE = 20


def cycles_of(municipality: Municipality) -> QuerySet[Cycle]:
    return Cycle.objects.filter(municipality=municipality).select_related("summary")


def _cycle_by_slug(slug: str, year: int) -> QuerySet[Cycle]:
    published = ResultRun.objects.filter(cycle=OuterRef("pk"), published_at__isnull=False)
    return (
        Cycle.objects.select_related("municipality", "summary")
        .annotate(
            published_run_id=Subquery(published.values("pk")[:1]),
            published_prepared=Exists(published.filter(prepared_at__isnull=False)),
        )
        .filter(municipality__slug=slug, cycle_year=year)
        .exclude(phase="setup")[:1]
    )


_CYCLE = sqlplan.Plan(_cycle_by_slug, str, int)
_CYCLE_PARTS = {
    "windows": sqlplan.Plan(lambda pk: PhaseWindow.objects.filter(cycle_id=pk), int),
    "groups": sqlplan.Plan(
        lambda pk: CategoryGroup.objects.filter(cycle_id=pk).select_related("voting_body"), int
    ),
    "types": sqlplan.Plan(lambda pk: ProjectType.objects.filter(cycle_id=pk), int),
}
"""The cycle's relations its pages read, each in its model's order (as prefetching them)."""


def cycle_public(
    slug: str, year: int, *, prefetch: tuple[str, ...] = ("windows", "groups", "types")
) -> Cycle:
    """A cycle by municipality slug and cycle year; set-up cycles are not public yet.

    ``prefetch`` names the relations read with it (one query each); a page that shows only
    the cycle's header (its phase windows) asks for less, as the result pages do when their
    body comes from the cache. Every public PB page starts here, so its queries are planned
    (``sqlplan``: compiled once per process, a third of these pages' CPU otherwise)."""
    found = _CYCLE.objects(slug, year)
    if not found:
        raise Http404("cycle")
    cycle: Cycle = found[0]
    cycle_parts(cycle, *prefetch)
    return cycle


def cycle_parts(cycle: Cycle, *names: str) -> None:
    """Read the cycle's relations ``names`` (windows, groups, types) that are not read yet, one
    planned query each, kept as prefetched: the result pages read the groups and types only
    when their part is rendered, and then in several places."""
    loaded = getattr(cycle, "_prefetched_objects_cache", {})
    for name in names:
        if name not in loaded:
            sqlplan.attach(cycle, name, _CYCLE_PARTS[name].objects(cycle.pk))


def proposal_list(
    cycle: Cycle,
    *,
    q: str = "",
    group: str = "",
    type: str = "",
    status: str = "",
    dong: str = "",
    adopted: bool = False,
    page: Any = 1,
) -> Page[ListedProposal]:
    """Public proposals of a cycle, filtered and paginated: two queries whatever the size
    (the count, then the page's rows with their group/type/dong joined, nothing per row)."""
    rows = _public_proposals(cycle.pk).order_by("number")
    unfiltered = not (q or group or type or status in PUBLIC_STATUSES or dong or adopted)
    if q:
        rows = rows.filter(textsearch.matching(q, *PROPOSAL_SEARCH_FIELDS))
    if group:
        rows = rows.filter(group__code=group)
    if type:
        rows = rows.filter(type__code=type)
    if status in PUBLIC_STATUSES:
        rows = rows.filter(status=status)
    if dong:
        rows = rows.filter(dong__slug=dong)
    if adopted:
        rows = rows.filter(adopted=True)
    shown = (
        Proposal.objects.filter(cycle=cycle).order_by("number").values_list(*ListedProposal.COLUMNS)
    )
    # Unfiltered (the list's first and last pages), the count's SQL is compiled once per
    # process; a filter changes the query's shape, so the ORM compiles it.
    count = (lambda: _public_count(cycle.pk)) if unfiltered else rows.count
    listing = ByNumber(rows, shown, count)
    return Paginator(cast(Sequence[ListedProposal], listing), PAGE_SIZE).get_page(page)


def _public_proposals(pk: int) -> QuerySet[Proposal]:
    """The cycle ``pk``'s public proposals: hidden ones leave every public list (the page and
    the API)."""
    return moderation.exclude_hidden(
        Proposal.objects.filter(cycle_id=pk, status__in=PUBLIC_STATUSES), PROPOSAL_KIND
    )


_PUBLIC_COUNT = sqlplan.Plan(
    lambda pk: (
        _public_proposals(pk).order_by().values("cycle_id").annotate(n=Count("pk")).values("n")
    ),
    int,
)


def _public_count(pk: int) -> int:
    """How many public proposals the cycle ``pk`` has (a cycle without any has no row)."""
    rows = _PUBLIC_COUNT.dicts(pk)
    return int(rows[0]["n"]) if rows else 0


@dataclass(frozen=True)
class Named:
    """A proposal's group, type or neighbourhood as a list shows it: code and names."""

    code: str
    name: str
    name_en: str

    # The models' own rule: English when the visitor chose it and the name has one.
    display_name = CategoryGroup.display_name


@dataclass(frozen=True)
class ListedProposal:
    """A row of the public proposal list (the page and the API): what they show, read as
    plain values. Building each row as a model instance with its group, type and
    neighbourhood joined in was a fifth of the list page's server CPU (issue 23)."""

    number: int
    title: str
    address: str
    track: str
    status: str
    adopted: bool
    cost_won: int
    group: Named
    type: Named | None
    dong: Named | None

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "number",
        "title",
        "address",
        "track",
        "status",
        "adopted",
        "adjusted_cost_won",
        "estimated_cost_won",
        "group__code",
        "group__name",
        "group__name_en",
        "type__code",
        "type__name",
        "type__name_en",
        "dong__slug",
        "dong__name",
        "dong__name_en",
    )
    """The columns read, in the order ``of`` takes them."""

    @classmethod
    def of(cls, row: tuple[Any, ...]) -> ListedProposal:
        number, title, address, track, status, adopted, adjusted, estimated = row[:8]
        group, kind, dong = row[8:11], row[11:14], row[14:17]
        return cls(
            number=number,
            title=title,
            address=address,
            track=track,
            status=status,
            adopted=adopted,
            cost_won=adjusted or estimated,  # as Proposal.cost_won
            group=Named(*group),
            type=Named(*kind) if kind[0] is not None else None,
            dong=Named(*dong) if dong[0] is not None else None,
        )

    @property
    def ballot_number(self) -> int:
        return self.number

    def get_status_display(self) -> str:
        return str(ProposalStatus(self.status).label)


class ByNumber:
    """Proposal rows ordered by number, cut into pages in one read each: the page's numbers
    come from a subquery over the index alone (``pb_proposal_public`` holds the public rows
    in number order, so skipping to page 500 walks index entries, never table rows) and the
    outer query reads just those rows with what the list shows (``shown``). Offset paging
    over the joined rows read every skipped row (issue 23); reading the numbers in a query
    of their own cost one more round trip and query compilation on every page."""

    def __init__(
        self, rows: QuerySet[Proposal], shown: QuerySet[Any], count: Callable[[], int]
    ) -> None:
        self.rows, self.shown, self._count = rows, shown, count

    def count(self) -> int:
        return self._count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        # The filters are applied once, in the subquery; the outer query finds the page's
        # rows by (cycle, number) and keeps the subquery's order.
        page = self.shown.filter(number__in=self.rows.values("number")[index])
        return [ListedProposal.of(row) for row in page]


_PROPOSAL = sqlplan.Plan(
    lambda pk, number: Proposal.objects.select_related(
        "group", "type", "dong", "merged_into", "author", "screening_code"
    ).filter(cycle_id=pk, number=number, status__in=[*PUBLIC_STATUSES])[:1],
    int,
    int,
)
_PROPOSAL_PARTS = {
    "attachments": sqlplan.Plan(lambda pk: Attachment.objects.filter(proposal_id=pk), int),
    "executions": sqlplan.Plan(lambda pk: Execution.objects.filter(proposal_id=pk), int),
    "merged_proposals": sqlplan.Plan(lambda pk: Proposal.objects.filter(merged_into_id=pk), int),
}
"""What the proposal's page reads with it, each in its model's order (as prefetching them)."""


def proposal_public(cycle: Cycle, number: int) -> Proposal:
    """A public proposal of ``cycle`` by number (404 otherwise) with its group, type, dong,
    author, coded screening reason and the proposal it was merged into, its attachments, executions and the
    proposals merged into it; planned (``sqlplan``) as ``cycle_public`` is."""
    found = _PROPOSAL.objects(cycle.pk, number)
    if not found:
        raise Http404("proposal")
    proposal: Proposal = found[0]
    # Its cycle is the one given (the permission checks read it): no second read of it.
    Proposal.cycle.field.set_cached_value(proposal, cycle)
    for name, plan in _PROPOSAL_PARTS.items():
        sqlplan.attach(proposal, name, plan.objects(proposal.pk))
    return proposal


_COMMENTS = sqlplan.Plan(
    lambda pk: Comment.objects.filter(proposal_id=pk).select_related("author"), int
)
_RECOMMENDATIONS = sqlplan.Plan(
    lambda pk: Recommendation.objects.filter(proposal_id=pk).select_related("meeting__dong"),
    int,
)


def proposal_comments(proposal: Proposal) -> list[Comment]:
    """The proposal's comments, oldest first, with their authors."""
    comments = cast(list[Comment], _COMMENTS.objects(proposal.pk))
    for comment in comments:
        Comment.proposal.field.set_cached_value(comment, proposal)
    return comments


def proposal_recommendations(proposal: Proposal) -> list[Recommendation]:
    """The dong meetings' recommendations of the proposal, with their meeting and dong."""
    rows = cast(list[Recommendation], _RECOMMENDATIONS.objects(proposal.pk))
    for row in rows:
        Recommendation.proposal.field.set_cached_value(row, proposal)
    return rows


def published_result(cycle: Cycle) -> ResultRun | None:
    """The published run, without its JSON (megabytes at 10,000 proposals; pages read the
    prepared rows and ``summary``; ``run.data`` still loads on first use)."""
    if getattr(cycle, "published_run_id", 0) is None:  # cycle_public knows there is none
        return None
    if "_published_run" not in cycle.__dict__:  # asked by the header and the page alike
        cycle.__dict__["_published_run"] = (
            cycle.results.filter(published_at__isnull=False).defer("data").first()
        )
    run: ResultRun | None = cycle.__dict__["_published_run"]
    return run


def latest_result(cycle: Cycle) -> ResultRun | None:
    return cycle.results.order_by("-computed_at", "-pk").defer("data").first()


LIST_DEFER = ("steps", "proposal__description", "proposal__screening_reason")
"""What lists of outcomes never show: the kept steps and the proposals' long texts."""


class RangeList:
    """A list of kept result rows numbered densely by ``field`` from ``base``, cut into pages
    by the pager (``core.paging.page_of``): the count is known, and a page is the rows whose
    number lies in a range, one indexed read whether it is the first page or the last."""

    def __init__(self, rows: QuerySet[Any], field: str, total: int, base: int = 0) -> None:
        self.rows, self.field, self.total, self.base = rows, field, total, base

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self.total)
        if start >= stop:
            return []
        lookup = {
            f"{self.field}__gte": self.base + start,
            f"{self.field}__lt": self.base + stop,
        }
        return list(self.rows.filter(**lookup).order_by(self.field))


def result_rows(run: ResultRun, *, group: CategoryGroup | None = None) -> Sequence[Any]:
    """The scored projects of a prepared run in the results page's order (groups in their
    order, then the rule's), optionally of one group, each with its proposal."""
    rows = ProjectOutcome.objects.filter(run=run).select_related("proposal").defer(*LIST_DEFER)
    groups = (run.summary or {}).get("groups", {})
    if group is not None:
        total = groups.get(str(group.pk), {}).get("scored", 0)
        return cast(Sequence[Any], RangeList(rows.filter(group=group), "rank", total, base=1))
    return cast(Sequence[Any], RangeList(rows, "position", (run.summary or {}).get("scored", 0)))


def selected_rows(run: ResultRun) -> QuerySet[ProjectOutcome]:
    """The selected projects of a prepared run, in the results page's order."""
    return (
        ProjectOutcome.objects.filter(run=run, selected=True)
        .select_related("proposal")
        .defer(*LIST_DEFER)
        .order_by("position")
    )


def ineligible_rows(run: ResultRun) -> Sequence[Any]:
    """The projects of a prepared run the rule found ineligible, by number (numbered after
    the scored ones, so their list is a range too)."""
    rows = (
        ProjectOutcome.objects.filter(run=run, ineligible=True)
        .select_related("proposal__group", "proposal__type")
        .defer(*LIST_DEFER)
    )
    summary = run.summary or {}
    total, base = summary.get("ineligible", 0), summary.get("scored", 0)
    return cast(Sequence[Any], RangeList(rows, "position", total, base=base))


def trace_steps(run: ResultRun) -> Sequence[Any]:
    """The steps of a prepared run's trace, in order."""
    total = (run.summary or {}).get("trace", 0)
    return cast(Sequence[Any], RangeList(TraceStep.objects.filter(run=run), "index", total))


def approval_rows(run: ResultRun) -> Sequence[Any]:
    """Every feasible project of a prepared run by mobile approvals, most first (the
    analysis page), each with its proposal and group."""
    rows = (
        ProjectOutcome.objects.filter(run=run).select_related("proposal__group").defer(*LIST_DEFER)
    )
    total = (run.summary or {}).get("feasible", 0)
    return cast(Sequence[Any], RangeList(rows, "approval_position", total))


def differing_rows(run: ResultRun) -> QuerySet[ProjectOutcome]:
    """Projects the official rule and greedy by approvals decide differently."""
    return (
        ProjectOutcome.objects.filter(run=run)
        .exclude(selected=F("greedy"))
        .select_related("proposal")
        .order_by("number")
    )


_OUTCOME = sqlplan.Plan(
    lambda run_id, number: ProjectOutcome.objects.filter(run_id=run_id, number=number)[:1],
    int,
    int,
)


def project_outcome(run: ResultRun | int, number: int) -> ProjectOutcome | None:
    """One project's kept outcome in a run (or a run's id); planned (``sqlplan``)."""
    run_id = run if isinstance(run, int) else run.pk
    found = _OUTCOME.objects(run_id, number)
    return cast(ProjectOutcome, found[0]) if found else None


def has_published_result(cycle: Cycle) -> bool:
    """Whether the cycle's result is published, from ``cycle_public``'s annotation when the
    cycle came from there (no query), else by reading it."""
    if hasattr(cycle, "published_run_id"):
        return cycle.published_run_id is not None
    return published_result(cycle) is not None


@dataclass(frozen=True)
class HistoryRow:
    cycle: Cycle
    proposals: int
    proposed_amount_won: int
    adopted: int | None
    adopted_amount_won: int | None
    executed_amount_won: int | None
    mobile_voters: int
    school_sessions: int
    school_attendance: int
    # Where the adopted and executed figures come from: "records" (adopted projects and
    # their execution records in Maeul) or "reported" (the stored CycleSummary, kept only
    # where the municipality reported nothing finer than its totals).
    adopted_from: str = "records"
    executed_from: str = "records"
    executed_projects: int = 0

    @property
    def running(self) -> bool:
        """A cycle still before its result: nothing is adopted *yet*, which the table says
        instead of showing "0 adopted" (issue 21)."""
        return self.adopted is None

    @property
    def execution_rate(self) -> str:
        """Executed over adopted amount, percent with one decimal ("84.5"); "" if unknown."""
        if self.executed_amount_won is None or not self.adopted_amount_won:
            return ""
        return rate(self.executed_amount_won, self.adopted_amount_won)


DECIDED_PHASES = (Phase.EXECUTION, Phase.CLOSED)


def history(municipality: Municipality | None) -> list[HistoryRow]:
    """One row per cycle, oldest first (see ``rows_of_cycles``)."""
    cycles = Cycle.objects.all()
    if municipality is not None:
        cycles = cycles.filter(municipality__in=municipality.subtree())
    return rows_of_cycles(cycles)


def cycle_figures(cycle: Cycle) -> HistoryRow:
    """The yearly-table row of one cycle: what its page shows as its figures."""
    return rows_of_cycles(Cycle.objects.filter(pk=cycle.pk))[0]


def rows_of_cycles(cycles: QuerySet[Cycle]) -> list[HistoryRow]:
    """One row per cycle, oldest first, with every figure computed from records where Maeul
    holds them and taken from the reported totals (``CycleSummary``) only where it does not.

    - Adopted projects and amount: the adopted proposals' records; for a cycle run before
      Maeul, its reported totals until its adopted projects are recorded.
    - Executed amount: the sum of the adopted projects' execution records (``Execution``),
      in any cycle that has them (Geumcheon-gu 2018: 766 of 906 million won from the 35
      projects' records, 84.5%); a reported cycle without records keeps its reported figure;
      a cycle run in Maeul shows none before its execution phase.
    - A cycle whose result is not published yet (before its execution phase) has no adopted
      figure at all (``running``), not "0 adopted".
    - Proposals, proposed amount and mobile voters of a reported cycle stay the reported
      ones: Maeul holds only the adopted projects of such a cycle, not all its proposals.
    """
    cycles = (
        cycles.select_related("municipality", "summary")
        .order_by("municipality__name", "cycle_year")
        .annotate(
            n_proposals=Count(
                "proposals", filter=Q(proposals__status__in=PUBLIC_STATUSES), distinct=True
            ),
            n_adopted=Count("proposals", filter=Q(proposals__adopted=True), distinct=True),
            published_run=Exists(
                ResultRun.objects.filter(cycle=OuterRef("pk"), published_at__isnull=False)
            ),
        )
    )
    cycle_list = list(cycles)
    ids = [c.pk for c in cycle_list]
    sums: dict[int, dict[str, Any]] = {
        row["cycle"]: dict(row)
        for row in Proposal.objects.filter(cycle__in=ids, status__in=PUBLIC_STATUSES)
        .values("cycle")
        .annotate(
            proposed=Sum("estimated_cost_won"),
            adopted_amount=Sum("adopted_amount_won", filter=Q(adopted=True)),
        )
    }
    executed: dict[int, dict[str, Any]] = {
        row["proposal__cycle"]: dict(row)
        for row in Execution.objects.filter(proposal__cycle__in=ids)
        .values("proposal__cycle")
        .annotate(total=Sum("amount_won"), projects=Count("proposal", distinct=True))
    }
    school = outreach_interface.budget_school_figures(ids)
    out = []
    for c in cycle_list:
        summary = getattr(c, "summary", None)
        s = sums.get(c.pk, {})
        done = executed.get(c.pk)
        if summary is not None:
            recorded = c.n_adopted > 0
            out.append(
                HistoryRow(
                    c,
                    summary.proposals,
                    summary.proposed_amount_won,
                    c.n_adopted if recorded else summary.adopted,
                    (s.get("adopted_amount") or 0) if recorded else summary.adopted_amount_won,
                    done["total"] if done else summary.executed_amount_won,
                    summary.mobile_voters,
                    school[c.pk].sessions,
                    school[c.pk].attendance,
                    adopted_from="records" if recorded else "reported",
                    executed_from="records" if done else "reported",
                    executed_projects=done["projects"] if done else 0,
                )
            )
            continue
        decided = c.published_run or c.phase in DECIDED_PHASES
        in_execution = c.phase in DECIDED_PHASES
        out.append(
            HistoryRow(
                c,
                c.n_proposals,
                s.get("proposed") or 0,
                c.n_adopted if decided else None,
                (s.get("adopted_amount") or 0) if decided else None,
                ((done or {}).get("total") or 0) if in_execution else None,
                c.mobile_voters,
                school[c.pk].sessions,
                school[c.pk].attendance,
                executed_projects=(done or {}).get("projects", 0),
            )
        )
    return out


def _tally(pk: int) -> QuerySet[Any]:
    return (
        Proposal.objects.filter(cycle_id=pk, status__in=PUBLIC_STATUSES)
        .values("group", "screening_code", "status", "adopted")
        .annotate(
            n=Count("pk"),
            amount=Sum("estimated_cost_won"),
            adopted_amount=Sum("adopted_amount_won"),
        )
        .order_by()
    )


_TALLY = sqlplan.Plan(_tally, int)


def proposal_tally(cycle: Cycle) -> list[dict[str, Any]]:
    """The cycle's public proposals counted by group, coded screening reason, status and
    adoption, with their estimated cost and adopted amount: every count the cycle's page
    shows (``group_summary``, ``cycle_facts.reason_counts``) from one scan of its
    proposals, a few dozen rows whatever their number."""
    return _TALLY.dicts(cycle.pk)


def group_summary(cycle: Cycle, tally: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Per group: cap, submitted proposals and their cost, adopted projects and amount
    (from ``tally``, the cycle's ``proposal_tally``, when the caller has it). A sum over no
    known amount stays None, as SQL's would."""
    counts: dict[int, dict[str, Any]] = {}
    for row in proposal_tally(cycle) if tally is None else tally:
        c = counts.setdefault(
            row["group"],
            {"n": 0, "n_feasible": 0, "amount": None, "n_adopted": 0, "adopted_amount": None},
        )
        c["n"] += row["n"]
        if row["status"] == ProposalStatus.FEASIBLE:
            c["n_feasible"] += row["n"]
        if row["amount"] is not None:
            c["amount"] = (c["amount"] or 0) + row["amount"]
        if row["adopted"]:
            c["n_adopted"] += row["n"]
            if row["adopted_amount"] is not None:
                c["adopted_amount"] = (c["adopted_amount"] or 0) + row["adopted_amount"]
    return [
        {
            "group": g,
            **counts.get(
                g.pk, {"n": 0, "n_feasible": 0, "amount": 0, "n_adopted": 0, "adopted_amount": 0}
            ),
        }
        for g in cycle.groups.all()
    ]


def body_groups(cycle: Cycle) -> list[CategoryGroup]:
    """The cycle's groups run with a body of the governance register, with that body (from
    the groups ``cycle_public`` read with it: no query of their own)."""
    return [group for group in cycle.groups.all() if group.voting_body_id is not None]


def adopted_projects(cycle: Cycle) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(cycle=cycle, adopted=True)
        .select_related("group", "type")
        .prefetch_related(
            Prefetch("executions", queryset=Execution.objects.order_by("executed_on"))
        )
        .order_by("group__sort_order", "number")
    )


def screening_queue(cycle: Cycle, *, status: str = "", page: Any = 1) -> Page[Proposal]:
    rows = (
        Proposal.objects.filter(cycle=cycle)
        .exclude(status__in=[ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN])
        .select_related("group", "type", "merged_into")
        .order_by("status", "number")
    )
    if status:
        rows = rows.filter(status=status)
    return Paginator(rows, 50).get_page(page)


_MOBILE_VOTES = sqlplan.Plan(
    lambda pk: MobileVote.objects.filter(cycle_id=pk).select_related(
        "group__voting_body", "poll__municipality"
    ),
    int,
)
_COMMITTEE_VOTES = sqlplan.Plan(
    lambda pk: CommitteeVote.objects.filter(cycle_id=pk).select_related("group", "poll"), int
)


def mobile_votes(cycle: Cycle) -> list[tuple[MobileVote, Poll]]:
    """The cycle's group polls on the voting core, as (link, poll) pairs, in the groups'
    order; planned (``sqlplan``): the cycle's page reads them on every request while it
    votes."""
    links = cast(list[MobileVote], _MOBILE_VOTES.objects(cycle.pk))
    for link in links:
        MobileVote.cycle.field.set_cached_value(link, cycle)
    return [(link, link.poll) for link in links]


def ballot_cycle(slug: str, year: int) -> Cycle:
    """The cycle of a resident's ballot, as ``cycle_public`` finds it (set-up cycles are not
    public; 404 otherwise) but without the cycle's groups and project types, which the
    ballot reads from its mobile votes (``ballot_steps``): two queries fewer on each step of
    the ballot (issue 23). The windows (the pages' cycle context) and whether a result is
    published (the cycle's links) come with it."""
    return cycle_public(slug, year, prefetch=("windows",))


@dataclass
class BallotStep:
    """One group (분야) of a cycle's resident ballot: its poll on the voting core and its
    projects in the poll's option order (option ``i`` is ``projects[i - 1]``)."""

    link: MobileVote
    projects: list[BallotProject]

    @property
    def poll(self) -> Poll:
        return self.link.poll

    @property
    def group(self) -> Any:
        return self.link.group

    @property
    def cap(self) -> int:
        """How many projects may be chosen: the poll's own maximum."""
        return self.link.poll.max_choices

    def chosen(self, numbers: list[int]) -> list[BallotProject]:
        wanted = set(numbers)
        return [p for p in self.projects if p.number in wanted]


@dataclass(frozen=True)
class BallotProject:
    """What the ballot flow reads of every project of every group: the number, the title and
    the cost (the cap, the running total, the summary, the positions cast)."""

    number: int
    title: str
    cost_won: int


_BALLOT_LINKS = sqlplan.Plan(
    lambda pk: (
        MobileVote.objects.filter(cycle_id=pk)
        .select_related("group", "poll")
        .order_by("group__sort_order", "pk")
    ),
    int,
)
"""A cycle's group polls with their groups, in the groups' order: every step of the ballot
reads them, so their SQL is compiled once per process (``sqlplan``)."""


def ballot_steps(cycle: Cycle, *, projects: bool = True) -> list[BallotStep]:
    """The steps of the cycle's resident ballot: one per group with a mobile vote, in the
    groups' order (committee polls are never part of it). Two queries whatever the number
    of groups. The projects are ``BallotProject`` rows: a step shows the details of one
    page of its projects (``ballot_projects_shown``), and building every project of every
    group as a model instance (500 at the benchmark's size, with their photos) was most of
    the ballot page's server CPU (issue 23). With ``projects=False`` the steps come without
    their projects (one query), for a page that needs those of one step only
    (``load_ballot_step``)."""
    # The groups' voting bodies are named only for the steps a visitor is not on the roll
    # of (``views.ballot._flow`` reads those); joining them and the polls' municipality in
    # on every step cost a third of this query's time (issue 23).
    links: list[MobileVote] = _BALLOT_LINKS.objects(cycle.pk)
    for link in links:
        # A cycle's polls are its municipality's: the place read with the cycle is reused
        # rather than joined in again for every poll.
        if link.poll.municipality_id == cycle.municipality_id:
            link.poll.municipality = cycle.municipality
    steps = [BallotStep(link=link, projects=[]) for link in links]
    if projects:
        load_ballot_projects(cycle, steps)
    return steps


def load_ballot_projects(cycle: Cycle, steps: list[BallotStep]) -> None:
    """Fill in the projects of ``steps`` (in their polls' option order), one query for all."""
    numbers = [n for step in steps for n in step.link.numbers]
    rows = {
        number: BallotProject(number, title, adjusted or estimated)  # as Proposal.cost_won
        for number, title, adjusted, estimated in cycle.proposals.filter(
            number__in=numbers
        ).values_list("number", "title", "adjusted_cost_won", "estimated_cost_won")
        if number is not None
    }
    for step in steps:
        step.projects = [rows[n] for n in step.link.numbers if n in rows]


@dataclass(frozen=True)
class ShownProject(BallotProject):
    """A ballot project with what a step's page shows of it (``_ballot_projects.html``): the
    description, the place and the id of its first photo (None without one)."""

    description: str
    address: str
    image_pk: int | None


def _shown_projects(cycle: Cycle, numbers: list[int]) -> dict[int, ShownProject]:
    """The projects ``numbers`` of the cycle with what a step's page shows of them, by
    number, in one query: the first photo is a subquery, not a prefetch of every
    attachment."""
    first_image = Attachment.objects.filter(
        proposal=OuterRef("pk"), kind=Attachment.Kind.IMAGE
    ).order_by("pk")
    return {
        number: ShownProject(number, title, adjusted or estimated, description, address, image)
        for number, title, adjusted, estimated, description, address, image in (
            cycle.proposals.filter(number__in=numbers)
            .annotate(image_pk=Subquery(first_image.values("pk")[:1]))
            .values_list(
                "number",
                "title",
                "adjusted_cost_won",
                "estimated_cost_won",
                "description",
                "address",
                "image_pk",
            )
        )
        if number is not None
    }


def load_ballot_step(cycle: Cycle, step: BallotStep) -> None:
    """Fill in the projects of one ``step`` (in its poll's option order) with what its page
    shows (``ShownProject``), in one query: a step's GET read the group's projects and then
    its page's details in a second query, one compilation and round trip more (issue 23).
    A group holds about a hundred projects, so reading every description is cheap."""
    rows = _shown_projects(cycle, step.link.numbers)
    step.projects = [rows[n] for n in step.link.numbers if n in rows]


def ballot_projects_shown(cycle: Cycle, numbers: list[int]) -> list[ShownProject]:
    """The projects ``numbers`` of the cycle in that order, with what a step's page shows:
    the page of a step whose projects were read with their titles only (a POST)."""
    rows = _shown_projects(cycle, numbers)
    return [rows[n] for n in numbers if n in rows]


def committee_votes(cycle: Cycle) -> list[tuple[CommitteeVote, Poll]]:
    """The committee's group polls on the voting core, as (link, poll) pairs (planned)."""
    links = cast(list[CommitteeVote], _COMMITTEE_VOTES.objects(cycle.pk))
    for link in links:
        CommitteeVote.cycle.field.set_cached_value(link, cycle)
    return [(link, link.poll) for link in links]


def vote_polls(cycle: Cycle) -> list[Poll]:
    """The cycle's committee and mobile polls on the voting core, in id order."""
    ids = [
        *CommitteeVote.objects.filter(cycle=cycle).values_list("poll_id", flat=True),
        *MobileVote.objects.filter(cycle=cycle).values_list("poll_id", flat=True),
    ]
    return list(Poll.objects.filter(pk__in=ids).select_related("municipality").order_by("pk"))


def phase_dates(cycle: Cycle, phase: str) -> str:
    """The phase's name with its dates when the cycle set them ("Voting, 7/26/21 – 8/13/21")."""
    window = next((w for w in cycle.windows.all() if w.phase == phase), None)
    label = str(Phase(phase).label)
    if window is None:
        return label
    return _("%(phase)s, %(start)s – %(end)s") % {
        "phase": label,
        "start": date_format(window.starts_on, "SHORT_DATE_FORMAT"),
        "end": date_format(window.ends_on, "SHORT_DATE_FORMAT"),
    }


# ---- the committee and the support group, from the governance register --------------------


def committee_body_ids(cycle: Cycle) -> list[int]:
    """The linked PB committee and its subcommittees (분과, child bodies): a subcommittee's
    members are members of the committee even when the register lists them only there."""
    if cycle.committee_body_id is None:
        return []
    return governance_interface.with_subbodies(cycle.committee_body_id)


def member_body_ids(cycle: Cycle) -> list[int]:
    """Every body whose members take part in the cycle: the committee with its
    subcommittees and the proposal-support group."""
    ids = committee_body_ids(cycle)
    if cycle.support_body_id is not None:
        ids.append(cycle.support_body_id)
    return ids


def current_memberships(cycle: Cycle, on: dt.date | None = None) -> QuerySet[Membership]:
    """Terms running on ``on`` (today) in the committee, its subcommittees and the support
    group, as the governance register records them (resignations end a term early)."""
    day = on or timezone.localdate()
    return governance_interface.running_terms(member_body_ids(cycle), day).select_related(
        "body", "user"
    )


def is_current_member(cycle: Cycle, user: Any, *, committee_only: bool = False) -> bool:
    """Whether ``user`` holds a running term in the committee (or its subcommittees) or, unless
    ``committee_only``, in the proposal-support group."""
    if not getattr(user, "is_authenticated", False):
        return False
    ids = committee_body_ids(cycle) if committee_only else member_body_ids(cycle)
    if not ids:
        return False
    return governance_interface.running_terms(ids, timezone.localdate(), user=user).exists()


def committee_accounts(cycle: Cycle, on: dt.date | None = None) -> list[User]:
    """The accounts of the committee's members (with its subcommittees) whose term runs on
    ``on``: the roll of the committee vote. Members recorded without an account are left out
    (``committee_without_account`` counts them for the officials' screen)."""
    day = on or timezone.localdate()
    terms = governance_interface.running_terms(committee_body_ids(cycle), day, with_account=True)
    return list(User.objects.filter(pk__in=terms.values("user_id")).order_by("pk"))


def committee_without_account(cycle: Cycle, on: dt.date | None = None) -> int:
    """Members of the committee in term on ``on`` recorded by name only (no account)."""
    day = on or timezone.localdate()
    terms = governance_interface.running_terms(committee_body_ids(cycle), day, with_account=False)
    return len(
        {" ".join(name.split()).casefold() for name in terms.values_list("person_name", flat=True)}
    )


def proposals_of(user: Any) -> QuerySet[Proposal]:
    """The user's own proposals, drafts included, newest first, each with its status history
    (``ProposalEvent``) prefetched in order — for 내 활동 (an ordered queryset, for the pager)."""
    return (
        Proposal.objects.filter(author_id=user.pk, offline_proposer="")
        .select_related("cycle__municipality", "group")
        .prefetch_related(Prefetch("history", queryset=ProposalEvent.objects.order_by("at", "pk")))
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class CityPB:
    """A municipality's place in city-level citizen PB: for a city, its programmes with every
    district's share; for a district, its shares of its city's programmes."""

    programmes: list[CityProgramme]
    shares: list[DistrictShare]

    def __bool__(self) -> bool:
        return bool(self.programmes or self.shares)


def city_pb(municipality: Municipality) -> CityPB:
    """Three queries at most, whatever the number of districts."""
    return city_pb_many([municipality])[municipality.pk]


def city_pb_many(municipalities: list[Municipality]) -> dict[int, CityPB]:
    """``city_pb`` of every place in ``municipalities``, by id, in three queries at most
    whatever the number of places (the ``/pb/`` index lists them all).

    Only a city (the tree's first level, the places without a parent) runs a programme, and
    only one of its districts receives a share (``services.city`` refuses anything else), so a query
    that no place in the list could answer is not made: a district's home page needs only
    the shares, a city's only the programmes."""
    ids = [m.pk for m in municipalities]
    cities = [m.pk for m in municipalities if m.parent_id is None]
    districts = [m.pk for m in municipalities if m.parent_id is not None]
    programmes: dict[int, list[CityProgramme]] = {pk: [] for pk in ids}
    for programme in (
        CityProgramme.objects.filter(city_id__in=cities)
        .select_related("city")
        .prefetch_related(
            Prefetch("shares", queryset=DistrictShare.objects.select_related("district"))
        )
        .order_by("city_id", "-budget_year")
        if cities
        else ()
    ):
        programmes[programme.city_id].append(programme)
    shares: dict[int, list[DistrictShare]] = {pk: [] for pk in ids}
    for share in (
        DistrictShare.objects.filter(district_id__in=districts)
        .select_related("programme__city", "district")
        .order_by("district_id", "-programme__budget_year")
        if districts
        else ()
    ):
        shares[share.district_id].append(share)
    return {pk: CityPB(programmes[pk], shares[pk]) for pk in ids}
