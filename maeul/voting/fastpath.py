"""The online cast as one SQL statement on PostgreSQL (the hot path of a mobile vote).

Once a poll's rules are locked and a ballot cannot replace an earlier one, casting is pure
inserts: the participation (unique on poll and resident — one person, one ballot), the
idempotency row, the ballot and its choices, and the audit entry. ``cast_statement`` writes
them as four data-modifying CTEs and a final ``auditlog_append`` (maeul/auditlog, migration
0002) whose ``after`` argument counts the CTEs' rows: the inserts — and any wait on a
concurrent insert of the same resident — complete before the audit chain's advisory lock is
taken, so the lock is still the last one taken and nothing waits on a row lock while holding
it.

Outside a transaction (a web request) the statement is its own transaction: PostgreSQL
commits it, and with ``synchronous_commit`` on flushes the commit to the WAL, before the
result comes back. The chain's lock is therefore held only while the server finishes the
statement and commits, never across a round trip to Python; and the whole cast is one round
trip instead of ten (BEGIN, four inserts, savepoint, lock, head, append, release, COMMIT).
Inside a transaction (tests, which wrap each test in one) it runs under a savepoint like
the ORM path. Its first CTE, ``g``, asks the database whether the poll takes ballots now
(``voting_poll_accepts_ballots``, migration 0005: announced, within its window, not closed
early, not cancelled) and locks the poll row FOR KEY SHARE; every insert reads from ``g``, so
the lock comes before the inserts and the audit lock, and a poll an official closed early or a
programme closed is refused even when this process still caches it as open. ``MAEUL_FAST_CAST=0``
(``settings.FAST_CAST``) turns the path, its poll cache and its profile read off. Everything else — the checks before, the error handling after (``AlreadyVoted``
by constraint name, idempotent replays) — is shared with the ORM path in ``services.casting._cast``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from maeul.accounts.models import ResidentProfile
from maeul.accounts.permissions import get_authorised
from maeul.auditlog.services import APPEND_COLUMNS, append_sql, pending_entry
from maeul.core.rawload import load_one
from maeul.core.ttlcache import TTLCache
from maeul.places.models import Municipality
from maeul.voting import selectors
from maeul.voting.keys import seal_receipt
from maeul.voting.models import (
    Ballot,
    BallotChoice,
    CastRequest,
    Participation,
    Poll,
    RevotePolicy,
    Secrecy,
)
from maeul.voting.rules import VotingPermission

# ---- reads before the cast, without the ORM's per-query cost -----------------------------------

# Per-process caches, for a minute at most. A poll enters only once announced and with its
# rules locked: from then on every column a cast reads is frozen (the service refuses changes
# and a trigger backs it up), the poll is public, and closing is decided per request against
# the frozen ``closes_at`` (and inside the statement against the row as stored). Places change
# rarely; the minute bounds how long a renamed or moved municipality can be seen as it was.
CACHE_SECONDS = 60.0
_POLLS: TTLCache[int, Poll] = TTLCache(seconds=CACHE_SECONDS, max_entries=1000)
_PLACES: TTLCache[int, Municipality] = TTLCache(seconds=CACHE_SECONDS, max_entries=10_000)


def enabled() -> bool:
    """Whether casts may take the one-statement path: PostgreSQL and ``MAEUL_FAST_CAST`` on."""
    return connection.vendor == "postgresql" and bool(settings.FAST_CAST)


def poll_for_cast(user: Any, poll_id: int) -> Poll:
    """The poll of a cast request (404 unless ``user`` may view it); frozen polls come from the
    per-process cache when the fast path is on (PostgreSQL never reuses a primary key)."""
    if not enabled():
        return get_authorised(selectors.poll_rows(), user, poll_id, VotingPermission.VIEW_POLL)
    hit = _POLLS.get(poll_id)
    if hit is not None:
        return hit
    poll = get_authorised(selectors.poll_rows(), user, poll_id, VotingPermission.VIEW_POLL)
    if poll.announced_at is not None and poll.rules_locked_at is not None:
        _POLLS.put(poll_id, poll)
    return poll


def _place(pk: int | None) -> Municipality | None:
    if pk is None:
        return None
    return _PLACES.get_or_load(pk, lambda: Municipality.objects.get(pk=pk))


def preload_resident(user: Any) -> None:
    """Load the resident profile of ``user`` as ``selectors.load_resident`` does (cached on the
    user object, where the permission rule and the eligibility check find it), with one plain
    query and the home district and dong from the places cache."""
    if not settings.FAST_CAST:
        return  # the switch turns off every hand-written read too: load_resident does it
    if not getattr(user, "is_authenticated", False) or "resident" in user._state.fields_cache:
        return
    profile = load_one(ResidentProfile, "user_id", user.pk)
    if profile is None:
        return  # not a resident: the usual checks say so
    profile.district = _place(profile.district_id)
    profile.dong = _place(profile.dong_id)
    user._state.fields_cache["resident"] = profile


# ---- the cast ------------------------------------------------------------------------------------


def applies(poll: Poll) -> bool:
    """Fast path on (``enabled``), rules already locked (no poll row lock needed), no ballot
    replacement."""
    return enabled() and poll.rules_locked_at is not None and poll.revote == RevotePolicy.FORBIDDEN


def _statement() -> str:
    participation = Participation._meta.db_table
    cast_request = CastRequest._meta.db_table
    ballot = Ballot._meta.db_table
    choice = BallotChoice._meta.db_table
    return f"""WITH g AS (
    SELECT voting_poll_accepts_ballots(%s, %s) AS ok
), p AS (
    INSERT INTO {participation} (poll_id, resident_id, channel, recorded_by_id, paper_batch_id,
        assembly_id, created_at, revotes, receipt, kept_receipt)
    SELECT %s, %s, %s, %s, NULL, NULL, %s, 0, %s, %s FROM g RETURNING 1
), c AS (
    INSERT INTO {cast_request} (poll_id, token, receipt)
    SELECT %s, k.token, %s FROM g, (VALUES (%s::varchar)) AS k(token)
    WHERE k.token IS NOT NULL RETURNING 1
), b AS (
    INSERT INTO {ballot} (id, poll_id, receipt, cast_on, slot, voided)
    SELECT %s, %s, %s, %s, NULL, false FROM g RETURNING 1
), m AS (
    INSERT INTO {choice} (ballot_id, poll_id, option_id, rank)
    SELECT %s, %s, u.option_id, u.rank
    FROM g, unnest(%s::bigint[], %s::smallint[]) AS u(option_id, rank) RETURNING 1
)
SELECT {APPEND_COLUMNS} FROM """  # noqa: S608 (table names from the models, values bound)


_AFTER = (
    "(SELECT count(*) FROM p) + (SELECT count(*) FROM c) + (SELECT count(*) FROM b)"
    " + (SELECT count(*) FROM m)"
)


def cast(
    *,
    voter: Any,
    poll: Poll,
    marks: Sequence[tuple[int, int]],
    channel: str,
    token: str | None,
    recorded_by: Any,
    moment: Any,
    receipt: str,
) -> None:
    """Insert the ballot of ``voter`` and its audit entry in one statement.

    Raises ``IntegrityError`` like the ORM path (``one_ballot_per_resident``,
    ``cast_idempotency_key``, ``ballot_receipt_unique``); the caller maps it.
    """
    secret = poll.secrecy == Secrecy.SECRET
    data: dict[str, Any] = {"poll": poll.pk, "channel": channel, "replaced": False}
    if not secret:
        data.update(resident=voter.pk, receipt=receipt)
    entry = pending_entry(
        kind="voting.ballot_cast",
        # Secret ballots: the entry names neither the voter nor the ballot (only an official
        # who recorded a desk ballot); public ballots name both.
        actor=recorded_by if secret else (recorded_by or voter),
        subject=poll,
        municipality=poll.municipality,
        data=data,
    )
    append, append_params = append_sql(entry, after=_AFTER)
    ballot_id = uuid.uuid4()
    params: list[Any] = [
        # the guard: the poll as stored now takes ballots (locked FOR KEY SHARE, migration 0005)
        poll.pk,
        moment,
        # participation
        poll.pk,
        voter.pk,
        channel,
        getattr(recorded_by, "pk", None),
        moment,
        "" if secret else receipt,
        seal_receipt(receipt, poll_id=poll.pk, voter_id=voter.pk),
        # idempotency row
        poll.pk,
        receipt,
        token,
        # ballot: a random id, the receipt and the day only
        ballot_id,
        poll.pk,
        receipt,
        timezone.localdate(moment),
        # choices
        ballot_id,
        poll.pk,
        [option_id for option_id, _rank in marks],
        [rank for _option_id, rank in marks],
        *append_params,
    ]
    sql = _statement() + append
    if connection.in_atomic_block or not connection.get_autocommit():
        # Raises when a caller's transaction surrounds the cast (tests excepted), as the ORM
        # path does: a receipt must never be handed out for a ballot that could roll back.
        with transaction.atomic(durable=True), connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchone()
        return
    # Autocommit: the statement is its own transaction, committed before the result returns.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchone()
