"""Closing a poll by the clock and publishing its result.

Publication freezes the tally into ``Poll.result``, records its hash in the audit chain and
deletes the idempotency rows (retries after publication are refused anyway). Closing early and
cancelling are ``maeul.voting.closing``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict
from maeul.voting import clock, notices
from maeul.voting.checks import closing_text, poll_row_for_change
from maeul.voting.keys import result_hash
from maeul.voting.models import Ballot, CastRequest, Participation, Poll
from maeul.voting.rules import VotingPermission
from maeul.voting.selectors import poll_tally, turnout_counts


def _record_close(row: Poll, actor: Any, moment: Any) -> None:
    """Record the close by the clock; a vote closed early (``closing.py``) is closed already."""
    if row.cancelled_at is not None:
        raise Conflict(_("This vote was cancelled; it takes no ballots."))
    if row.closed_at is not None:
        return
    if moment < row.closes_at:
        raise Conflict(
            _("The vote is open until %(time)s (Korea time).") % {"time": closing_text(row)}
        )
    row.closed_at = moment
    row.save(update_fields=["closed_at"])
    audit_record(
        kind="voting.poll_closed",
        actor=actor,
        subject=row,
        municipality=row.municipality,
        data={
            "ballots": Ballot.objects.filter(poll=row, voided=False).count(),
            "participations": Participation.objects.filter(poll=row).count(),
        },
    )


def poll_close(*, actor: Any, poll: Poll) -> Poll:
    """Record that the poll closed (it closes by the clock; this writes the audit entry)."""
    require_permission(actor, VotingPermission.PUBLISH_RESULTS, poll)
    with transaction.atomic(durable=True):
        row = poll_row_for_change(actor, poll, VotingPermission.PUBLISH_RESULTS)
        _record_close(row, actor, clock.now())
    return row


def poll_publish(*, actor: Any, poll: Poll) -> Poll:
    """Publish the result and the receipts list; deletes the idempotency rows of the poll."""
    require_permission(actor, VotingPermission.PUBLISH_RESULTS, poll)
    with transaction.atomic(durable=True):
        row = poll_row_for_change(actor, poll, VotingPermission.PUBLISH_RESULTS)
        if row.published_at is not None:
            raise Conflict(_("The results of this vote are already published."))
        moment = clock.now()
        _record_close(row, actor, moment)
        row.result = poll_tally(row).as_dict()
        row.turnout_counts = turnout_counts(row)
        row.published_at = moment
        row.save(update_fields=["result", "turnout_counts", "published_at"])
        CastRequest.objects.filter(poll=row).delete()
        audit_record(
            kind="voting.poll_published",
            actor=actor,
            subject=row,
            municipality=row.municipality,
            data={
                "result_sha256": result_hash(row.result),
                "total_ballots": row.result["total_ballots"],
                "receipts_digest": row.result["receipts_digest"],
            },
        )
        notices.poll_published(row)
    return row
