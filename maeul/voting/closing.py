"""Ending a vote ahead of its schedule: closing it early, cancelling it, and the programme
(a participatory-budgeting cycle) ending the votes it runs.

- **Close early** (조기 마감): an open vote stops taking online and desk ballots at once. The
  reason is required and goes into the audit log; ``closed_at`` records the moment, and the
  result — computed from the ledger at publication like any other — therefore counts exactly
  the ballots cast before the close. ``closes_at`` is a frozen rule and stays as announced, so
  the page can say "closed early at …, scheduled until …". Paper batches and assembly totals
  of ballots cast before the close may still be entered until publication, as after a normal
  close.
- **Cancel** (투표 취소): only while nobody has voted (no participation, ballot, paper batch or
  assembly entry); a cancelled vote takes no ballots and publishes no result. A vote with
  ballots can only be closed early: its ballots are evidence and are never thrown away.

Locking: the poll row is taken FOR UPDATE, not FOR NO KEY UPDATE as elsewhere in the app.
Every online or desk cast first locks the row FOR KEY SHARE through the database function
``voting_poll_accepts_ballots`` (migration 0005), and only FOR UPDATE conflicts with that: the
close waits for the casts already past the check to commit and every later cast sees the
close and is refused. Order: poll row, then the audit chain's lock — the order the casts
use — so the two cannot deadlock. A programme ending its votes locks its own row first (the
cycle), then the polls in id order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised, require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, ServiceError
from maeul.voting import clock
from maeul.voting.models import AssemblyResult, Ballot, PaperBatch, Participation, Poll
from maeul.voting.rules import VotingPermission
from maeul.voting.selectors import poll_state

REASON_MAX = 1000


def _reason(reason: str, *, message: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ServiceError(message, field="reason")
    if len(text) > REASON_MAX:
        raise ServiceError(
            _("Keep the reason under %(n)s characters.") % {"n": REASON_MAX}, field="reason"
        )
    return text


def _kst(moment: Any) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def has_ballots(poll: Poll) -> bool:
    """Whether anybody voted in ``poll`` through any channel (the rules lock with the first)."""
    return (
        poll.rules_locked_at is not None
        or Participation.objects.filter(poll=poll).exists()
        or Ballot.objects.filter(poll=poll).exists()
        or PaperBatch.objects.filter(poll=poll).exists()
        or AssemblyResult.objects.filter(poll=poll).exists()
    )


def _close_early_locked(row: Poll, *, actor: Any, reason: str, moment: Any) -> Poll:
    """Close ``row`` (locked FOR UPDATE by the caller) at ``moment``; the caller's transaction."""
    if row.cancelled_at is not None:
        raise Conflict(_("This vote was cancelled; there is nothing to close."))
    if row.published_at is not None or row.closed_at is not None or moment >= row.closes_at:
        raise Conflict(_("This vote is already closed."))
    if row.announced_at is None:
        raise Conflict(_("This vote is a draft and takes no ballots; cancel it instead."))
    if moment < row.opens_at:
        raise Conflict(
            _("This vote opens at %(time)s (Korea time) and has no ballots; cancel it instead.")
            % {"time": _kst(row.opens_at)}
        )
    row.closed_at = moment
    row.close_reason = reason
    row.save(update_fields=["closed_at", "close_reason"])
    audit_record(
        kind="voting.poll_closed_early",
        actor=actor,
        subject=row,
        municipality=row.municipality,
        data={
            "reason": reason,
            "closed_at": moment,
            "scheduled_close": row.closes_at,
            "ballots": Ballot.objects.filter(poll=row, voided=False).count(),
            "participations": Participation.objects.filter(poll=row).count(),
        },
    )
    return row


def _cancel_locked(row: Poll, *, actor: Any, reason: str, moment: Any) -> Poll:
    if row.cancelled_at is not None:
        raise Conflict(_("This vote is already cancelled."))
    if row.published_at is not None:
        raise Conflict(_("The results of this vote are published; it cannot be cancelled."))
    if has_ballots(row):
        raise Conflict(
            _(
                "Residents have already voted, so this vote cannot be cancelled; close it "
                "early instead (its ballots are kept and counted)."
            )
        )
    row.cancelled_at = moment
    row.cancel_reason = reason
    row.save(update_fields=["cancelled_at", "cancel_reason"])
    audit_record(
        kind="voting.poll_cancelled",
        actor=actor,
        subject=row,
        municipality=row.municipality,
        data={"reason": reason, "was_announced": row.announced_at is not None},
    )
    return row


def _locked(actor: Any, poll: Poll, permission: VotingPermission) -> Poll:
    """The poll's row read again FOR UPDATE and checked for ``actor`` in the same read.

    FOR UPDATE (not NO KEY UPDATE as elsewhere) on purpose: a cast's guard
    (``voting_poll_accepts_ballots``) holds the row FOR KEY SHARE until it commits, so closing
    waits for the casts already under way and every later one sees the poll closed.
    """
    return get_authorised(
        Poll.objects.select_related("municipality"), actor, poll.pk, permission, lock=True
    )


def poll_close_early(*, actor: Any, poll: Poll, reason: str) -> Poll:
    """Close an open vote now, before its scheduled closing time (audit:
    ``voting.poll_closed_early`` with the reason). Ballots sent afterwards are refused by every
    channel and path; the result counts the ballots cast before the close."""
    require_permission(actor, VotingPermission.CLOSE_POLL, poll)
    text = _reason(reason, message=_("Give the reason for closing the vote early."))
    with transaction.atomic(durable=True):
        return _close_early_locked(
            _locked(actor, poll, VotingPermission.CLOSE_POLL),
            actor=actor,
            reason=text,
            moment=clock.now(),
        )


def poll_cancel(*, actor: Any, poll: Poll, reason: str) -> Poll:
    """Cancel a vote nobody has voted in yet (a draft, an announced vote not yet open, or an
    open one without ballots); audit: ``voting.poll_cancelled`` with the reason."""
    require_permission(actor, VotingPermission.CANCEL_POLL, poll)
    text = _reason(reason, message=_("Give the reason for cancelling the vote."))
    with transaction.atomic(durable=True):
        return _cancel_locked(
            _locked(actor, poll, VotingPermission.CANCEL_POLL),
            actor=actor,
            reason=text,
            moment=clock.now(),
        )


# ---- votes run by a programme ----------------------------------------------------------------


def polls_still_running(polls: Iterable[Poll]) -> list[Poll]:
    """The polls among ``polls`` that take ballots now or may later (draft, upcoming, open)."""
    return [p for p in polls if poll_state(p) in ("draft", "upcoming", "open")]


def end_in_transaction(*, actor: Any, polls: Iterable[Poll], reason: str) -> list[Poll]:
    """End the running polls of a programme inside the caller's transaction: an open poll is
    closed early, a draft or not-yet-open poll (which cannot have ballots) is cancelled; each
    with its own audit entry naming ``reason``. The caller has locked its own row first; the
    polls are locked here in id order. Returns the polls it ended."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("end_in_transaction runs inside the caller's transaction")
    text = _reason(reason, message=_("Give the reason for ending the votes."))
    moment = clock.now()
    ended = []
    for poll in sorted(polls, key=lambda p: p.pk):
        require_permission(actor, VotingPermission.CLOSE_POLL, poll)
        row = _locked(actor, poll, VotingPermission.CLOSE_POLL)
        state = poll_state(row, moment)
        if state == "open":
            ended.append(_close_early_locked(row, actor=actor, reason=text, moment=moment))
        elif state in ("draft", "upcoming"):
            ended.append(_cancel_locked(row, actor=actor, reason=text, moment=moment))
    return ended
