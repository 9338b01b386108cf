"""The innovation contest's services (Geumcheon-gu 혁신 공모전).

Round 1: officials register the entries and their written review scores; the online vote runs
on the voting core (one secret poll, residents of the district, through
``maeul.voting.interface``); when it has closed, the published formula of the engine
(``ContestFormula``) ranks the entries and the top ones advance. Round 2: the judges' scores of
the live presentations give the final ranking and the rewards. The formula, the weights and
every score are published with the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.auditlog.services import audit_record
from maeul.core import textlimits
from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.engine.grants import ContestFormula, round_one, round_two
from maeul.grants.models import Contest, ContestEntry, ContestState, JudgeScore
from maeul.grants.rules import GrantPermission
from maeul.grants.rulesdata import decimal, fraction
from maeul.grants.services import clean_score
from maeul.places.models import Municipality
from maeul.voting import interface as voting


def formula(contest: Contest) -> ContestFormula:
    weight = Fraction(contest.review_weight_percent, 100)
    return ContestFormula(weight, 1 - weight, advance=contest.advance)


def _locked(actor: Any, contest_id: Any) -> Contest:
    return get_authorised(
        Contest.objects.select_related("municipality"),
        actor,
        contest_id,
        GrantPermission.MANAGE_CALL,
        lock=True,
    )


def _audit(actor: Any, contest: Contest, kind: str, **data: Any) -> None:
    audit_record(
        kind=kind,
        actor=actor,
        subject=contest,
        municipality=contest.municipality,
        data={"title": contest.title, **data},
    )


def contest_create(*, actor: Any, municipality: Municipality, data: Mapping[str, Any]) -> Contest:
    if not has_permission(actor, GrantPermission.MANAGE_CALL, municipality):
        raise NotAllowed(_("You do not have permission to do this."))
    title = str(data.get("title") or "").strip()
    if not title or len(title) > textlimits.LABEL:
        raise ServiceError(_("Give the contest a title."), field="title")
    try:
        weight = int(data.get("review_weight_percent", 50))
        advance = int(data.get("advance", 10))
    except (TypeError, ValueError) as error:
        raise ServiceError(_("Weights and counts are whole numbers.")) from error
    if not 0 <= weight <= 100:
        raise ServiceError(_("A weight is from 0 to 100%."), field="review_weight_percent")
    if advance < 1:
        raise ServiceError(_("At least one entry advances."), field="advance")
    rewards = [str(r).strip() for r in (data.get("rewards") or []) if str(r).strip()]
    with transaction.atomic():
        contest = Contest.objects.create(
            municipality=municipality,
            title=title,
            description=str(data.get("description") or "")[: textlimits.TEXT],
            review_weight_percent=weight,
            advance=advance,
            rewards=rewards,
        )
        _audit(actor, contest, "grants.contest_created")
    return contest


def entry_add(
    *, actor: Any, contest_id: Any, title: str, team: str, summary: str = ""
) -> ContestEntry:
    with transaction.atomic():
        contest = _locked(actor, contest_id)
        if contest.state != ContestState.DRAFT:
            raise Conflict(_("Entries are added before the vote opens."))
        if not title.strip() or not team.strip():
            raise ServiceError(_("Give the entry a title and a team."), field="title")
        entry = ContestEntry.objects.create(
            contest=contest,
            position=contest.entries.count() + 1,
            title=title.strip()[: textlimits.LABEL],
            team=team.strip()[: textlimits.LABEL],
            summary=summary.strip()[: textlimits.TEXT],
        )
        _audit(actor, contest, "grants.contest_entry_added", name=entry.title)
    return entry


def review_score_set(*, actor: Any, entry_id: Any, score: Any) -> ContestEntry:
    value = clean_score(score)
    with transaction.atomic():
        entry = ContestEntry.objects.select_for_update().filter(pk=entry_id).first()
        if entry is None:
            raise ServiceError(_("This entry does not exist."))
        contest = _locked(actor, entry.contest_id)
        if contest.state not in (ContestState.DRAFT, ContestState.VOTE):
            raise Conflict(_("Round 1 is over; its scores are final."))
        entry.review_score = value
        entry.save(update_fields=["review_score"])
        _audit(actor, contest, "grants.contest_review_scored", name=entry.title, score=str(value))
    return entry


def vote_open(
    *, actor: Any, contest_id: Any, opens_at: dt.datetime, closes_at: dt.datetime
) -> Contest:
    """Open the online vote on the voting core: one secret single-choice poll among the
    entries, for the residents of the district."""
    contest = _locked_outside(actor, contest_id)
    if contest.state != ContestState.DRAFT:
        raise Conflict(_("The vote of this contest is already open."))
    entries = list(contest.entries.all())
    if len(entries) < 2:
        raise Conflict(_("A vote needs at least two entries."))
    poll = voting.poll_open(
        actor=actor,
        municipality=contest.municipality,
        code=f"contest-{contest.pk}",
        options=[{"label": f"{e.title} ({e.team})"[:200]} for e in entries],
        title=(_("%(title)s · online vote") % {"title": contest.title})[:200],
        kind="single",
        max_choices=1,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    with transaction.atomic():
        contest = _locked(actor, contest_id)
        contest.poll = poll
        contest.state = ContestState.VOTE
        contest.save(update_fields=["poll", "state"])
        _audit(actor, contest, "grants.contest_vote_opened")
    return contest


def _locked_outside(actor: Any, contest_id: Any) -> Contest:
    """The contest, checked without a lock (the voting core opens its poll in its own
    durable transaction, so this step cannot run inside ours)."""
    return get_authorised(
        Contest.objects.select_related("municipality"),
        actor,
        contest_id,
        GrantPermission.MANAGE_CALL,
    )


def round_one_close(*, actor: Any, contest_id: Any) -> Contest:
    """Rank round 1 once the vote has closed: every entry needs its review score."""
    with transaction.atomic():
        contest = _locked(actor, contest_id)
        if contest.state != ContestState.VOTE or contest.poll is None:
            raise Conflict(_("Round 1 can be ranked once its vote has run."))
        if voting.running_polls([contest.poll]):
            raise Conflict(_("The online vote is still running."))
        entries = list(contest.entries.all())
        missing = [e.title for e in entries if e.review_score is None]
        if missing:
            raise Conflict(
                _("Review scores are missing for: %(titles)s.") % {"titles": ", ".join(missing)}
            )
        votes = voting.approvals_by_position(contest.poll)
        rows = round_one(
            [(str(e.pk), fraction(e.review_score), votes.get(e.position, 0)) for e in entries],
            formula(contest),
        )
        by_id = {str(e.pk): e for e in entries}
        for row in rows:
            entry = by_id[row.id]
            entry.votes = row.votes
            entry.round_one_score = decimal(row.score)
            entry.round_one_rank = row.rank
            entry.advances = row.advances
            entry.save(update_fields=["votes", "round_one_score", "round_one_rank", "advances"])
        contest.state = ContestState.FINAL
        contest.save(update_fields=["state"])
        _audit(
            actor,
            contest,
            "grants.contest_round_one",
            selected=[by_id[r.id].title for r in rows if r.advances],
        )
    return contest


def judge_score_enter(*, actor: Any, entry_id: Any, judge: str, score: Any) -> JudgeScore:
    value = clean_score(score)
    judge = judge.strip()
    if not judge or len(judge) > 60:
        raise ServiceError(_("Name the judge (at most 60 characters)."), field="judge")
    with transaction.atomic():
        entry = ContestEntry.objects.filter(pk=entry_id).first()
        if entry is None:
            raise ServiceError(_("This entry does not exist."))
        contest = _locked(actor, entry.contest_id)
        if contest.state != ContestState.FINAL or not entry.advances:
            raise Conflict(_("Only entries in round 2 are judged, during round 2."))
        row, _created = JudgeScore.objects.update_or_create(
            entry=entry, judge=judge, defaults={"score": value}
        )
        _audit(actor, contest, "grants.contest_judged", name=entry.title, score=str(value))
    return row


def contest_publish(*, actor: Any, contest_id: Any) -> Contest:
    """Final ranking by the judges' mean (ties: round-1 score, then a shared place) and the
    rewards; the result with every score becomes public."""
    with transaction.atomic():
        contest = _locked(actor, contest_id)
        if contest.state != ContestState.FINAL:
            raise Conflict(_("The result is published after round 2."))
        finalists = list(contest.entries.filter(advances=True).prefetch_related("judge_scores"))
        missing = [e.title for e in finalists if not e.judge_scores.all()]
        if missing:
            raise Conflict(
                _("Judges' scores are missing for: %(titles)s.") % {"titles": ", ".join(missing)}
            )
        rows = round_two(
            [(str(e.pk), [fraction(s.score) for s in e.judge_scores.all()]) for e in finalists],
            contest.rewards,
            {str(e.pk): fraction(e.round_one_score) for e in finalists},
        )
        by_id = {str(e.pk): e for e in finalists}
        for row in rows:
            entry = by_id[row.id]
            entry.final_score = decimal(row.score)
            entry.final_rank = row.rank
            entry.reward = row.reward
            entry.save(update_fields=["final_score", "final_rank", "reward"])
        contest.state = ContestState.PUBLISHED
        contest.published_at = timezone.now()
        contest.save(update_fields=["state", "published_at"])
        _audit(actor, contest, "grants.contest_published", count=len(rows))
    return contest
