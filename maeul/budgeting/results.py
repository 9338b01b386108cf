"""The bridge between a cycle's rows and the budgeting engine (``maeul.engine.budgeting``).

The app never re-implements a selection rule: it translates the screened proposals, the vote
totals and the cycle's settings into the engine's dataclasses, runs the engine and stores the
outcome (selected ids, score table, trace, ineligible projects) as JSON. Exact fractions are
kept as ``["F", "n/d"]`` so that a stored trace renders and re-checks exactly as computed.
Proposal numbers are the engine's project ids. What the pages read of an outcome is kept
beside it as rows (:func:`prepare`), so no page decodes the whole JSON.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from maeul.budgeting.models import (
    Cycle,
    MobileVote,
    ProjectOutcome,
    Proposal,
    ProposalStatus,
    ResultRun,
    TraceStep,
    Track,
)
from maeul.core.templatetags.maeul_format import won
from maeul.engine.budgeting import (
    Instance,
    KoreanProject,
    KoreanSettings,
    Profile,
    Project,
    greedy,
    korean_mixed_rule,
    method_of_equal_shares,
    write_pb,
)
from maeul.engine.budgeting.errors import BudgetingError
from maeul.engine.budgeting.explain import render_step
from maeul.engine.budgeting.korean import Group
from maeul.engine.budgeting.model import Step
from maeul.voting import interface as voting_interface


def feasible(cycle: Cycle) -> list[Proposal]:
    """The proposals on the ballot: screened feasible, resident track (the general track
    skips the vote)."""
    return list(
        cycle.proposals.filter(status=ProposalStatus.FEASIBLE, track=Track.RESIDENT)
        .select_related("group", "type")
        .order_by("number")
    )


def fingerprint(cycle: Cycle) -> str:
    """A hash of every input of the rule, so a result computed before a change of votes or
    screening is never published."""
    rows = [
        [p.number, p.group.code, p.type_code, p.cost_won, p.committee_approvals, p.mobile_approvals]
        for p in feasible(cycle)
    ]
    head = [
        cycle.total_amount_won,
        cycle.committee_weight_percent,
        cycle.share_basis,
        cycle.on_misfit,
        cycle.pool_leftovers,
        cycle.committee_voters,
        cycle.mobile_voters,
        [[g.code, g.cap_won] for g in cycle.groups.all()],
        [[t.code, t.cap_won] for t in cycle.types.all()],
    ]
    return hashlib.sha256(json.dumps([head, rows]).encode()).hexdigest()


def settings_of(cycle: Cycle) -> KoreanSettings:
    return KoreanSettings(
        groups=tuple(
            Group(g.code, Fraction(g.cap_won), g.name) for g in cycle.groups.order_by("sort_order")
        ),
        type_caps=tuple((t.code, Fraction(t.cap_won)) for t in cycle.types.all()),
        committee_voters=cycle.committee_voters,
        public_voters=cycle.mobile_voters,
        committee_weight=Fraction(cycle.committee_weight_percent, 100),
        public_weight=Fraction(cycle.public_weight_percent, 100),
        share=cycle.share_basis,
        on_misfit=cycle.on_misfit,
        pool_leftovers=cycle.pool_leftovers,
        budget=Fraction(cycle.total_amount_won),
        title=cycle.title,
    )


def projects_of(proposals: list[Proposal]) -> list[KoreanProject]:
    return [
        KoreanProject(
            id=p.engine_id,
            cost=Fraction(p.cost_won),
            group=p.group.code,
            type=p.type_code,
            name=p.title,
            committee_votes=p.committee_approvals,
            public_votes=p.mobile_approvals,
        )
        for p in proposals
    ]


def _value(v: Any) -> Any:
    if isinstance(v, Fraction | int) and not isinstance(v, bool):
        return ["F", str(Fraction(v))]
    return str(v)


def _unvalue(v: Any) -> Any:
    if isinstance(v, list) and len(v) == 2 and v[0] == "F":
        return Fraction(v[1])
    return v


def compute(cycle: Cycle) -> dict[str, Any]:
    """Run the Korean mixed rule for ``cycle`` and return the JSON-ready outcome.

    Engine errors (for example no voters recorded) propagate as ``BudgetingError``; the
    services turn them into messages."""
    proposals = feasible(cycle)
    outcome = korean_mixed_rule(projects_of(proposals), settings_of(cycle))
    return {
        "rule": outcome.rule,
        "parameters": [list(p) for p in outcome.parameters],
        "selected": list(outcome.selected),
        "total_cost": str(outcome.total_cost),
        "scores": [
            {
                "project": s.project,
                "committee_share": str(s.committee_share),
                "public_share": str(s.public_share),
                "score": str(s.score),
            }
            for s in outcome.scores
        ],
        "trace": [
            [s.round, s.event, s.project, [[k, _value(v)] for k, v in s.values]]
            for s in outcome.trace
        ],
        "ineligible": [[i.project, i.reason, i.reason_ko] for i in outcome.ineligible],
        "fingerprint": fingerprint(cycle),
    }


def compute_error_message(cycle: Cycle, error: BudgetingError) -> str:
    """The engine's refusal to run, told in the reader's language with what to fix. The
    engine words its errors for the command line; the field it names says which input of
    this cycle is wrong."""
    field = error.field or ""
    if field == "committee_voters":
        return _("Enter the number of committee voters before computing the result.")
    if field == "public_voters":
        return _("Enter the number of mobile voters before computing the result.")
    if field == "groups" or field.startswith("groups["):
        return _(
            "Check the category groups: there must be at least one, with positive caps that "
            "add up to no more than the cycle's total."
        )
    if field == "weights":
        return _("The committee and mobile weights must not both be zero.")
    if field.startswith("projects["):
        index = int(field[len("projects[") : field.index("]")])
        proposals = feasible(cycle)
        number = proposals[index].number if index < len(proposals) else index + 1
        if field.endswith("_votes"):
            return _(
                "Proposal #%(number)s has more approvals than its channel has voters; "
                "check the vote totals."
            ) % {"number": number}
        return _("Proposal #%(number)s cannot be counted; check its group, type and cost.") % {
            "number": number
        }
    return _("The selection rule cannot run: %(error)s") % {"error": error}


def steps(data: dict[str, Any]) -> list[Step]:
    return [
        Step(r, event, project, tuple((k, _unvalue(v)) for k, v in values))
        for r, event, project, values in data["trace"]
    ]


def score_of(data: dict[str, Any], number: int) -> dict[str, Fraction] | None:
    for row in data["scores"]:
        if row["project"] == str(number):
            out = {k: Fraction(row[k]) for k in ("committee_share", "public_share", "score")}
            # Percentages for display (the template filter shows a value already in percent).
            out.update({f"{k}_pct": v * 100 for k, v in list(out.items())})
            return out
    return None


# ---- the trace in words, in the reader's language ---------------------------------------
#
# The engine renders its trace for the command line (``explain.render_step``: codes, exact
# fractions, Korean or English only). Pages narrate the same stored steps here, through the
# translation catalogue: group and type names instead of codes, amounts in won for the
# locale, shares as percentages with one decimal and the counts behind them in words.


def _percent(value: Fraction) -> str:
    exact = Decimal(value.numerator) / Decimal(value.denominator) * 100
    return f"{exact.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _count(value: Fraction | int) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):,.1f}"


@dataclass(frozen=True)
class Narrator:
    """What the narration needs besides the steps: names, vote counts and the share basis of
    the cycle whose result is told."""

    titles: dict[str, str]
    groups: dict[str, str]
    types: dict[str, tuple[str, int]]
    proposals: dict[str, Proposal]
    share_basis: str
    committee_voters: int
    public_voters: int

    @classmethod
    def of(
        cls, cycle: Cycle, *, numbers: set[str] | None = None, known: Sequence[Proposal] = ()
    ) -> Narrator:
        """The narrator of ``cycle``; with ``numbers``, knowing only those proposals (a page
        of steps names a few, and reading all of them cost seconds at 10,000), read unless
        ``known`` (loaded with their group and type) has them already."""
        if numbers is None:
            proposals = {p.engine_id: p for p in feasible(cycle)}
        else:
            proposals = {
                p.engine_id: p
                for p in known
                if p.status == ProposalStatus.FEASIBLE and p.track == Track.RESIDENT
            }
            wanted = [int(n) for n in numbers if str(n).isdigit() and n not in proposals]
            if wanted:
                rows = cycle.proposals.filter(
                    number__in=wanted, status=ProposalStatus.FEASIBLE, track=Track.RESIDENT
                ).select_related("group", "type")
                proposals.update({p.engine_id: p for p in rows})
        return cls(
            titles={pid: p.title for pid, p in proposals.items()},
            groups={g.code: g.display_name for g in cycle.groups.all()},
            types={t.code: (t.display_name, t.cap_won) for t in cycle.types.all()},
            proposals=proposals,
            share_basis=cycle.share_basis,
            committee_voters=cycle.committee_voters,
            public_voters=cycle.mobile_voters,
        )

    def project(self, pid: str | None) -> str:
        if pid is None:
            return ""
        return f"#{pid} {self.titles.get(pid, '')}".strip()

    def group(self, code: str | None) -> str:
        return self.groups.get(code or "", code or "")

    def _share(self, channel: str, share: Fraction, approvals: int, voters: int) -> str:
        if channel == "committee":
            name = pgettext("vote channel in a score", "committee")
        else:
            name = pgettext("vote channel in a score", "residents")
        values = {"channel": name, "pct": _percent(share), "n": _count(approvals)}
        if share == 0:
            return _("%(channel)s %(pct)s (no approvals)") % values
        values["d"] = _count(Fraction(approvals) / share)
        if self.share_basis == "top":
            return _("%(channel)s %(pct)s, %(n)s against the top project's %(d)s") % values
        if self.share_basis == "total":
            return _("%(channel)s %(pct)s, %(n)s of all %(d)s approvals") % values
        return _("%(channel)s %(pct)s, %(n)s of %(d)s voters") % values

    def score(self, step: Step) -> str:
        """ "score 28.8% (committee 30.0%, 12 of 40 voters; residents 28.8%, 3,617 of
        12,560 voters)"."""
        proposal = self.proposals.get(step.project or "")
        committee = Fraction(step.value("committee_share") or 0)
        public = Fraction(step.value("public_share") or 0)
        if proposal is not None:
            committee_votes = proposal.committee_approvals
            public_votes = proposal.mobile_approvals
        else:
            committee_votes = round(committee * self.committee_voters)
            public_votes = round(public * self.public_voters)
        return _("score %(score)s (%(committee)s; %(public)s)") % {
            "score": _percent(Fraction(step.value("score") or 0)),
            "committee": self._share(
                "committee", committee, committee_votes, self.committee_voters
            ),
            "public": self._share("public", public, public_votes, self.public_voters),
        }

    def ineligible_reason(self, pid: str, stored: tuple[str, str]) -> str:
        """Why a project was not eligible, from the proposal and the cycle's caps; the
        engine's stored sentence only when neither cap explains it."""
        proposal = self.proposals.get(pid)
        if proposal is not None:
            type_name, type_cap = self.types.get(proposal.type_code, ("", 0))
            if type_cap and proposal.cost_won > type_cap:
                return _("its cost %(cost)s is more than the %(cap)s cap for %(type)s") % {
                    "cost": won(proposal.cost_won),
                    "cap": won(type_cap),
                    "type": type_name,
                }
            if proposal.cost_won > proposal.group.cap_won:
                return _(
                    "its cost %(cost)s is more than the whole %(cap)s cap of the group %(group)s"
                ) % {
                    "cost": won(proposal.cost_won),
                    "cap": won(proposal.group.cap_won),
                    "group": proposal.group.display_name,
                }
        english, korean = stored
        return english if (get_language() or "ko").startswith("en") else korean

    def line(self, step: Step, ineligible: dict[str, tuple[str, str]]) -> str:
        """One step as a sentence in the active language."""
        event = step.event
        project = self.project(step.project)
        if event == "group":
            return _("Group %(group)s: cap %(cap)s") % {
                "group": self.group(step.project),
                "cap": won(step.value("cap")),
            }
        if event == "group-end":
            return _("Group %(group)s: %(left)s left") % {
                "group": self.group(step.project),
                "left": won(step.value("left")),
            }
        if event == "pool":
            return _(
                "The money left in the groups, %(pool)s, funds a final pass over the projects "
                "not yet selected"
            ) % {"pool": won(step.value("pool"))}
        if event == "ineligible":
            reason = self.ineligible_reason(
                step.project or "", ineligible.get(step.project or "", ("", ""))
            )
            return _("%(project)s is not eligible: %(reason)s") % {
                "project": project,
                "reason": reason,
            }
        if event == "tie":
            by = {
                "public_share": _("the higher residents' share goes first"),
                "cost": _("the lower cost goes first"),
                "id": _("the lower number goes first"),
            }.get(str(step.value("by")), str(step.value("by")))
            return _("%(project)s has the same score as %(other)s; %(by)s") % {
                "project": project,
                "other": self.project(str(step.value("after"))),
                "by": by,
            }
        values = {
            "project": project,
            "score": self.score(step),
            "cost": won(step.value("cost")),
            "left": won(step.value("left")),
        }
        if event == "select":
            return _("%(project)s selected: %(score)s; cost %(cost)s, %(left)s left") % values
        if event == "skip":
            return (
                _(
                    "%(project)s skipped: %(score)s; its cost %(cost)s is more than the %(left)s left"
                )
                % values
            )
        if event == "stop":
            return (
                _(
                    "%(project)s does not fit: %(score)s; its cost %(cost)s is more than the "
                    "%(left)s left, so the selection in this group stops here"
                )
                % values
            )
        if event == "not-reached":
            return (
                _("%(project)s not considered because the selection had stopped: %(score)s")
                % values
            )
        lang = "en" if (get_language() or "ko").startswith("en") else "ko"
        return render_step(Step(step.round, step.event, project or None, step.values), lang)


def _ineligible(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {pid: (english, korean) for pid, english, korean in data["ineligible"]}


def explanation(cycle: Cycle, data: dict[str, Any], number: int) -> list[str]:
    """The trace lines about one project, in the active language."""
    narrator = Narrator.of(cycle)
    ineligible = _ineligible(data)
    pid = str(number)
    lines = [
        narrator.line(step, ineligible)
        for step in steps(data)
        if step.project == pid or (step.event == "tie" and step.value("after") == pid)
    ]
    if pid in ineligible and not any(step.project == pid for step in steps(data)):
        lines.append(narrator.ineligible_reason(pid, ineligible[pid]))
    return lines


def full_trace(cycle: Cycle, data: dict[str, Any]) -> list[str]:
    """Every step of the selection, in the active language."""
    narrator = Narrator.of(cycle)
    ineligible = _ineligible(data)
    return [narrator.line(step, ineligible) for step in steps(data)]


def ineligible_rows(cycle: Cycle, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The projects the rule found ineligible, each with its proposal and the reason."""
    narrator = Narrator.of(cycle)
    return [
        {
            "proposal": narrator.proposals.get(pid),
            "reason": narrator.ineligible_reason(pid, (english, korean)),
        }
        for pid, english, korean in data["ineligible"]
    ]


def count_profile(proposals: list[Proposal], voters: int) -> Profile:
    """A profile whose score for each proposal is exactly its mobile approval count: one
    ballot giving every approved proposal its count as points. Greedy by votes with the
    ``id`` tie-break depends on these scores only, so its outcome on this profile is the
    true greedy outcome, at the cost of one entry per proposal (one ballot per voter cost
    7.4 s at 10,000 proposals, issue 23). MES depends on who approved what together and is
    therefore never run on it. ``voters`` is kept for callers; a profile of counts has no
    use for it."""
    del voters
    approved = [p for p in proposals if p.mobile_approvals > 0]
    return Profile(
        voter_ids=("counts",),
        votes=(tuple(p.engine_id for p in approved),),
        points=(tuple(Fraction(p.mobile_approvals) for p in approved),),
    )


def instance_of(cycle: Cycle, proposals: list[Proposal], data: dict[str, Any] | None) -> Instance:
    selected = set(data["selected"]) if data else set()
    scores = {row["project"]: row["score"] for row in data["scores"]} if data else {}
    return Instance(
        budget=Fraction(cycle.total_amount_won),
        projects=tuple(
            Project(
                id=p.engine_id,
                cost=Fraction(p.cost_won),
                name=p.title,
                category=p.group.code,
                group=p.group.code,
                type=p.type_code,
                extra=(
                    ("votes", str(p.mobile_approvals)),
                    ("committee_votes", str(p.committee_approvals)),
                    ("score", scores.get(p.engine_id, "")),
                    ("selected", "1" if p.engine_id in selected else "0"),
                ),
            )
            for p in proposals
        ),
        meta=(
            ("description", cycle.title),
            ("country", "South Korea"),
            ("unit", cycle.municipality.name_en or cycle.municipality.name),
            ("instance", str(cycle.budget_year)),
            ("num_projects", str(len(proposals))),
            ("num_votes", str(cycle.mobile_voters)),
            ("budget", str(cycle.total_amount_won)),
            ("vote_type", "approval"),
            ("rule", "korean-mixed"),
            ("currency", "KRW"),
        ),
    )


def greedy_outcome(cycle: Cycle) -> Any:
    """Greedy by mobile approvals over the whole budget, ignoring groups (for comparison)."""
    proposals = [p for p in feasible(cycle) if p.cost_won <= cycle.total_amount_won]
    if not proposals or cycle.mobile_voters == 0:
        return None
    instance = instance_of(cycle, proposals, None)
    return greedy(instance, count_profile(proposals, cycle.mobile_voters), tie_break="id")


def mes_outcome(cycle: Cycle) -> list[dict[str, Any]] | None:
    """The Method of Equal Shares per category group, on the mobile vote's individual ballots
    from the voting core (budget = the group's cap, cost utilities, no completion). Ballots of
    different group polls are not linked (secret ballots), so MES runs group by group. None
    when the mobile vote did not run on the voting core."""
    links = list(MobileVote.objects.filter(cycle=cycle).select_related("group", "poll"))
    if not links:
        return None
    by_number = {p.number: p for p in feasible(cycle)}
    out = []
    for link in links:
        ballots: dict[Any, list[str]] = {}
        for ballot_id, positions in voting_interface.choices_by_ballot(link.poll).items():
            for position in positions:
                number = link.numbers[position - 1]
                if number in by_number:
                    ballots.setdefault(ballot_id, []).append(str(number))
        members = [by_number[n] for n in link.numbers if n in by_number]
        fitting = [p for p in members if p.cost_won <= link.group.cap_won]
        if not fitting:
            continue
        instance = Instance(
            budget=Fraction(link.group.cap_won),
            projects=tuple(Project(id=p.engine_id, cost=Fraction(p.cost_won)) for p in fitting),
        )
        ids = {p.engine_id for p in fitting}
        profile = Profile(
            voter_ids=tuple(str(k) for k in ballots),
            votes=tuple(tuple(v for v in votes if v in ids) for votes in ballots.values()),
        )
        outcome = method_of_equal_shares(instance, profile, tie_break="id")
        out.append(
            {"group": link.group, "selected": list(outcome.selected), "ballots": len(ballots)}
        )
    return out


def pabulib_text(cycle: Cycle, data: dict[str, Any] | None) -> str:
    """The cycle as a Pabulib ``.pb`` file: projects with both vote counts, the score and
    whether the published result selected them. Individual ballots are not part of the
    entered tallies, so the VOTES section is empty and ``num_votes`` gives the voters."""
    proposals = [p for p in feasible(cycle) if p.cost_won <= cycle.total_amount_won]
    instance = instance_of(cycle, proposals, data)
    return write_pb(instance, Profile(voter_ids=(), votes=()))


# ---- what the pages read: the result prepared once ----------------------------------------
#
# A result's JSON holds every score and the whole trace (1.9 M characters at 10,000
# proposals). Pages that decoded it per request took seconds (issue 23), so when a result is
# computed or published its parts are kept as rows: one ``ProjectOutcome`` per feasible
# project and one ``TraceStep`` per step, numbered densely so that a page of a list is a
# range of numbers, and a small ``summary`` on the run. The JSON stays the record of the
# computation; the rows are derived from it and can be rebuilt at any time.


def _step_row(index: int, step: list[Any]) -> list[Any]:
    return [index, *step]


def _as_number(pid: str) -> tuple[int, str]:
    return (int(pid), pid) if pid.isdigit() else (0, pid)


def _steps_by_project(trace: list[list[Any]]) -> dict[str, list[list[Any]]]:
    """The stored steps about each project: its own, and the ties where it is the other."""
    out: dict[str, list[list[Any]]] = {}
    for index, step in enumerate(trace):
        _round, event, project, values = step
        if project is not None:
            out.setdefault(str(project), []).append(_step_row(index, step))
        if event == "tie":
            after = dict(values).get("after")
            if after is not None and str(after) != str(project):
                out.setdefault(str(after), []).append(_step_row(index, step))
    return out


def prepare(run: ResultRun) -> None:
    """Keep the rows and the summary the pages read for ``run`` (replacing any kept
    before). Runs inside the caller's transaction; the greedy and MES comparisons of the
    analysis page are computed here, once, from the cycle as it stands."""
    from django.utils import timezone

    cycle = run.cycle
    data = run.data
    ProjectOutcome.objects.filter(run=run).delete()
    TraceStep.objects.filter(run=run).delete()
    proposals = {p.engine_id: p for p in feasible(cycle)}
    scored_ids = [row["project"] for row in data["scores"]]
    missing = [int(pid) for pid in scored_ids if pid not in proposals]
    if missing:  # a result kept from before a later change of screening
        for p in cycle.proposals.filter(number__in=missing).select_related("group", "type"):
            proposals[p.engine_id] = p
    selected = set(data["selected"])
    ineligible = {pid: (en, ko) for pid, en, ko in data["ineligible"]}
    by_project = _steps_by_project(data["trace"])
    greedy = greedy_outcome(cycle)
    greedy_set = set(greedy.selected) if greedy else set()
    mes = mes_outcome(cycle)
    mes_set = {pid for group in mes or [] for pid in group["selected"]}
    scores = {row["project"]: row for row in data["scores"]}
    groups = list(cycle.groups.all())
    position = 0
    placed: dict[str, tuple[int, int]] = {}
    per_group: dict[str, dict[str, int]] = {}
    for g in groups:
        rank = 0
        spent = 0
        for pid in scored_ids:
            member = proposals.get(pid)
            if member is None or member.group_id != g.pk:
                continue
            rank += 1
            placed[pid] = (position, rank)
            position += 1
            if pid in selected:
                spent += member.cost_won
        per_group[str(g.pk)] = {"scored": rank, "spent": spent}
    scored_count = position
    # The ineligible projects follow the scored ones, by number: their list is a range too.
    for pid in sorted((pid for pid in ineligible if pid not in placed), key=_as_number):
        if pid in proposals:
            placed[pid] = (position, 0)
            position += 1
    by_approvals = sorted(proposals.values(), key=lambda p: (-p.mobile_approvals, p.ballot_number))
    rows = []
    for approval_position, p in enumerate(by_approvals):
        pid = p.engine_id
        score = scores.get(pid, {})
        where = placed.get(pid)
        rows.append(
            ProjectOutcome(
                run=run,
                proposal=p,
                number=p.ballot_number,
                group_id=p.group_id,
                position=where[0] if where else None,
                rank=where[1] if where and where[1] else None,
                approval_position=approval_position,
                committee_share=score.get("committee_share", ""),
                public_share=score.get("public_share", ""),
                score=score.get("score", ""),
                selected=pid in selected,
                ineligible=pid in ineligible,
                greedy=pid in greedy_set,
                mes=(pid in mes_set) if mes is not None else None,
                steps=by_project.get(pid, []),
                reason_en=ineligible.get(pid, ("", ""))[0],
                reason_ko=ineligible.get(pid, ("", ""))[1],
            )
        )
    ProjectOutcome.objects.bulk_create(rows, batch_size=2000)
    TraceStep.objects.bulk_create(
        [
            TraceStep(
                run=run,
                index=index,
                round=step[0],
                event=step[1],
                project="" if step[2] is None else str(step[2]),
                values=step[3],
            )
            for index, step in enumerate(data["trace"])
        ],
        batch_size=2000,
    )

    def cost_of(ids: set[str]) -> int:
        return sum(p.cost_won for pid, p in proposals.items() if pid in ids)

    run.summary = {
        "rule": data["rule"],
        "selected": list(data["selected"]),
        "total_cost": data["total_cost"],
        "scored": scored_count,
        "ineligible": position - scored_count,
        "general": cycle.proposals.filter(
            track=Track.GENERAL, status=ProposalStatus.FEASIBLE
        ).count(),
        "feasible": len(rows),
        "trace": len(data["trace"]),
        "groups": per_group,
        "korean_total": cost_of(selected),
        "greedy": greedy is not None,
        "greedy_total": cost_of(greedy_set),
        "mes": (
            None
            if mes is None
            else [
                {"group": g["group"].pk, "selected": g["selected"], "ballots": g["ballots"]}
                for g in mes
            ]
        ),
        "mes_total": cost_of(mes_set),
        "differ": len(selected ^ greedy_set),
    }
    run.prepared_at = timezone.now()
    run.save(update_fields=["summary", "prepared_at"])


def stored_steps(rows: list[list[Any]]) -> list[Step]:
    """Steps kept as ``[index, round, event, project, values]`` rows, as engine steps."""
    return [
        Step(r, event, project, tuple((k, _unvalue(v)) for k, v in values))
        for _index, r, event, project, values in rows
    ]


def trace_step(row: TraceStep) -> Step:
    """A kept trace step as the engine's step, exact values restored."""
    values = tuple((k, _unvalue(v)) for k, v in row.values)
    return Step(row.round, row.event, row.project or None, values)


def mentioned(step_list: list[Step]) -> set[str]:
    """The projects a list of steps names: their own and the other of a tie."""
    out = {s.project for s in step_list if s.project}
    out |= {str(s.value("after")) for s in step_list if s.event == "tie" and s.value("after")}
    return out


def kept_reasons(run: ResultRun, step_list: list[Step]) -> dict[str, tuple[str, str]]:
    """The engine's stored reasons for the ineligible projects among ``step_list``."""
    numbers = [int(s.project) for s in step_list if s.event == "ineligible" and s.project]
    rows = ProjectOutcome.objects.filter(run=run, number__in=numbers, ineligible=True)
    return {str(o.number): (o.reason_en, o.reason_ko) for o in rows}


def narrate(
    cycle: Cycle, step_list: list[Step], ineligible: dict[str, tuple[str, str]] | None = None
) -> list[str]:
    """Lines for a few steps, reading only the proposals they name."""
    narrator = Narrator.of(cycle, numbers=mentioned(step_list))
    return [narrator.line(step, ineligible or {}) for step in step_list]


def outcome_explanation(
    cycle: Cycle, outcome: ProjectOutcome, proposal: Proposal | None = None
) -> list[str]:
    """The trace lines about one project (as :func:`explanation`), from its kept steps;
    ``proposal`` is the project's own row when the caller has it."""
    stored = (outcome.reason_en, outcome.reason_ko)
    step_list = stored_steps(outcome.steps)
    pid = str(outcome.number)
    ineligible = {pid: stored} if outcome.ineligible else {}
    narrator = Narrator.of(
        cycle, numbers=mentioned(step_list) | {pid}, known=[proposal] if proposal else []
    )
    lines = [narrator.line(step, ineligible) for step in step_list]
    if outcome.ineligible and not any(step.project == pid for step in step_list):
        lines.append(narrator.ineligible_reason(pid, stored))
    return lines


def shares(outcome: ProjectOutcome) -> dict[str, Fraction] | None:
    """A kept score as :func:`score_of` gives it: exact shares and percentages."""
    if not outcome.score:
        return None
    out = {
        "committee_share": Fraction(outcome.committee_share),
        "public_share": Fraction(outcome.public_share),
        "score": Fraction(outcome.score),
    }
    out.update({f"{k}_pct": v * 100 for k, v in list(out.items())})
    return out
