"""The published ballot record of a poll, and verifying a published poll against it.

A published result is trusted only as far as three independent things agree: the ballots,
the stored result, and the hash of the result that the audit chain recorded at publication.
``maeul vote verify`` used to recount the ballots and compare with the stored result only, so
someone who changed ballots *and* rewrote the stored result to match passed it (security
review, issue 12, finding 3). Verification now goes through the published record:

* ``ballot_record(poll)`` builds the record anyone can download for a published poll
  (``/votes/<id>/record.json``): the counted ballots without any voter identity, the receipts
  (linked to ballots only on public polls), the stored result, its hash and the audit entry of
  the publication. Format: ``maeul.engine.voting.record``.
* ``poll_verify_published(poll)`` builds that record from the database and runs the engine's
  ``verify_record`` on it — the same check a journalist runs offline with ``maeul vote verify
  --record FILE`` — and adds what only the database can tell: the participants recounted from
  the participation rows, and the whole audit chain verified (so the publication entry it
  compares with is the one in an intact chain).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import audit_verify
from maeul.engine.voting import Finding, record_from_dict, result_sha256, verify_record
from maeul.voting.models import (
    AssemblyCount,
    AssemblyResult,
    Ballot,
    BallotChoice,
    Participation,
    Poll,
    PollOption,
    Secrecy,
)

PUBLISHED_KIND = "voting.poll_published"


def publication_entry(poll: Poll) -> AuditEntry | None:
    """The audit entry that recorded the publication of ``poll`` (the latest one)."""
    return (
        AuditEntry.objects.filter(kind=PUBLISHED_KIND, subject=f"voting.poll:{poll.pk}")
        .order_by("-seq")
        .first()
    )


def _entry_dict(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "ts": entry.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "kind": entry.kind,
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "municipality": entry.municipality_code,
        "subject": entry.subject,
        "data": entry.payload,
        "prev_hash": entry.prev_hash,
        "entry_hash": entry.entry_hash,
    }


def _iso(value: Any) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value is not None else None


def ballot_record(poll: Poll) -> dict[str, Any]:
    """The published ballot record of ``poll`` as a JSON-ready dict (published polls only:
    callers check ``poll.published_at``; before publication there is nothing to verify)."""
    options = list(
        PollOption.objects.filter(poll=poll).order_by("position").values("id", "position", "label")
    )
    counted: dict[Any, list[list[int]]] = {}
    receipts: dict[Any, str] = {}
    replaced = []
    for ballot_id, receipt, voided in Ballot.objects.filter(poll=poll).values_list(
        "id", "receipt", "voided"
    ):
        if voided:
            replaced.append(receipt)
        else:
            counted[ballot_id] = []
            receipts[ballot_id] = receipt
    choices = BallotChoice.objects.filter(poll=poll, ballot_id__in=list(counted))
    for ballot_id, option_id, rank in choices.values_list("ballot_id", "option_id", "rank"):
        counted[ballot_id].append([option_id, rank])
    public = poll.secrecy == Secrecy.PUBLIC
    ballots = []
    for ballot_id, picks in counted.items():
        entry: dict[str, Any] = {"choices": sorted(picks, key=lambda p: (p[1], p[0]))}
        if public:
            entry["receipt"] = receipts[ballot_id]
        ballots.append(entry)
    if public:
        ballots.sort(key=lambda b: b["receipt"])
    else:  # by content: the order says nothing about who voted when
        ballots.sort(key=lambda b: b["choices"])
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for assembly_id, option_id, votes in AssemblyCount.objects.filter(
        assembly__poll=poll
    ).values_list("assembly_id", "option_id", "votes"):
        counts[assembly_id][str(option_id)] = votes
    assemblies = [
        {
            "name": a.name,
            "held_on": a.held_on.isoformat(),
            "ballots": a.ballots,
            "unregistered_ballots": a.unregistered_ballots,
            "counts": counts.get(a.pk, {}),
        }
        for a in AssemblyResult.objects.filter(poll=poll).order_by("held_on", "name")
    ]
    entry_row = publication_entry(poll)
    return {
        "format": "maeul-ballot-record",
        "version": 1,
        "poll": {
            "id": poll.pk,
            "code": poll.code,
            "title": poll.title,
            "municipality": poll.municipality.code,
            "kind": poll.kind,
            "secrecy": poll.secrecy,
            "revote": poll.revote,
            "result_rule": poll.result_rule,
            "threshold_percent": poll.threshold_percent,
            "quorum_percent": poll.quorum_percent,
            "max_choices": poll.max_choices,
            "opens_at": _iso(poll.opens_at),
            "closes_at": _iso(poll.closes_at),
            "published_at": _iso(poll.published_at),
        },
        "options": options,
        "ballots": ballots,
        "receipts": sorted(receipts.values()),
        "replaced_receipts": sorted(replaced),
        "assemblies": assemblies,
        "result": poll.result,
        "result_sha256": result_sha256(poll.result),
        "publication": _entry_dict(entry_row) if entry_row is not None else None,
    }


def poll_verify_published(poll: Poll) -> list[Finding]:
    """Every difference between the ballots, the stored result and the audit chain.

    An empty list means: the audit chain is intact, the result stored today is the one whose
    hash was recorded at publication, and recounting the ballots gives every published figure
    (per-option votes and shares, totals, participants, outcome, winners, receipts digest).
    """
    if poll.result is None:
        return [Finding("result", "the results are not published yet", "결과가 아직 공표되지 않음")]
    record = record_from_dict(ballot_record(poll))
    unregistered = sum(
        AssemblyResult.objects.filter(poll=poll).values_list("unregistered_ballots", flat=True)
    )
    participants = Participation.objects.filter(poll=poll).count() + unregistered
    problems = verify_record(record, participants=participants)
    chain = audit_verify()
    if not chain.ok:
        problems.insert(
            0,
            Finding(
                "audit chain",
                f"does not verify: {chain.problem}",
                f"감사 로그 사슬 검증 실패: {chain.problem}",
            ),
        )
    return problems
