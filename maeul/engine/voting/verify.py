"""Recount a poll from its ballot record and compare with everything that was published.

The recount follows the rules of ``maeul.voting.selectors.poll_tally`` (votes per option —
points ``n_options + 1 - rank`` on ranking polls — plus assembly totals; shares with one
decimal rounded half up; quorum, majority threshold, ties), written a second time on purpose:
the verifier must not trust the code that produced the result. A differential test
(``tests/security/test_vote_verify.py``) keeps the two equal on every kind and rule.

What a record cannot prove offline, stated plainly: who took part is secret, so the number of
participants and the size of the electorate are taken as published (they decide turnout and
the quorum); ``maeul vote verify POLL`` on the database also recounts the participants.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from maeul.engine.voting.record import BallotRecord, result_sha256

PUBLISHED_KIND = "voting.poll_published"


@dataclass(frozen=True)
class Finding:
    """One difference between the record and what was published, in Korean and English."""

    what: str
    en: str
    ko: str

    def text(self, language: str = "ko") -> str:
        return f"{self.what}: {self.en if language.startswith('en') else self.ko}"


def _differs(what: str, published: Any, recounted: Any) -> Finding:
    return Finding(
        what,
        f"published {published!r}, recounted {recounted!r}",
        f"공표 {published!r}, 재집계 {recounted!r}",
    )


def rate(numerator: int, denominator: int) -> str:
    """Percent with one decimal, half up, as text; "" when undefined (as published)."""
    if denominator == 0:
        return ""
    value = Fraction(numerator) / Fraction(denominator) * 100
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def receipts_digest(receipts: Any) -> str:
    return hashlib.sha256("\n".join(sorted(receipts)).encode("utf-8")).hexdigest()


def recount(record: BallotRecord, *, participants: int, electorate: int) -> dict[str, Any]:
    """The result recomputed from the record's ballots and assembly totals, in the shape of
    the published result."""
    poll = record.poll
    ranking = poll["kind"] == "ranking"
    options = sorted(record.options, key=lambda o: o["position"])
    n_options = len(options)
    points: Counter[int] = Counter()
    firsts: Counter[int] = Counter()
    for ballot in record.ballots:
        for option_id, rank in ballot.choices:
            points[option_id] += (n_options + 1 - rank) if ranking else 1
            if rank == 1:
                firsts[option_id] += 1
    by_assembly: Counter[int] = Counter()
    for assembly in record.assemblies:
        for option_id, votes in assembly["counts"].items():
            by_assembly[int(option_id)] += votes
    assemblies = [
        {
            "name": a["name"],
            "held_on": a["held_on"],
            "ballots": a["ballots"],
            "unregistered_ballots": a["unregistered_ballots"],
        }
        for a in sorted(record.assemblies, key=lambda a: (a["held_on"], a["name"]))
    ]
    assembly_ballots = sum(a["ballots"] for a in assemblies)
    ballots = len(record.ballots)
    total_ballots = ballots + assembly_ballots
    totals = [
        (o, points[o["id"]], by_assembly[o["id"]], firsts[o["id"]] if ranking else points[o["id"]])
        for o in options
    ]
    denominator = sum(bv + av for _o, bv, av, _f in totals) if ranking else total_ballots
    option_rows = [
        {
            "id": o["id"],
            "position": o["position"],
            "label": o["label"],
            "ballot_votes": bv,
            "assembly_votes": av,
            "votes": bv + av,
            "share": rate(bv + av, denominator),
            "first_preferences": first,
        }
        for o, bv, av, first in totals
    ]
    quorum_met = True
    if poll["result_rule"] == "quorum" and poll["quorum_percent"]:
        quorum_met = electorate > 0 and Fraction(participants, electorate) * 100 >= Fraction(
            poll["quorum_percent"]
        )
    outcome, winners = _outcome(poll, option_rows, denominator, quorum_met)
    return {
        "poll": record.poll_id,
        "rule": poll["result_rule"],
        "kind": poll["kind"],
        "options": option_rows,
        "ballots": ballots,
        "assembly_ballots": assembly_ballots,
        "total_ballots": total_ballots,
        "participants": participants,
        "electorate": electorate,
        "turnout": rate(participants, electorate),
        "quorum_met": quorum_met,
        "outcome": outcome,
        "winners": winners,
        "receipts_digest": receipts_digest(record.receipts),
        "assemblies": assemblies,
    }


def _outcome(
    poll: dict[str, Any], options: list[dict[str, Any]], denominator: int, quorum_met: bool
) -> tuple[str, list[int]]:
    if not quorum_met:
        return "no_quorum", []
    if denominator == 0 or not options:
        return "no_ballots", []
    top = max(o["votes"] for o in options)
    leaders = [o["id"] for o in options if o["votes"] == top]
    if len(leaders) > 1:
        return "tie", leaders
    if poll["result_rule"] == "majority" and Fraction(top, denominator) * 100 <= Fraction(
        poll["threshold_percent"]
    ):
        return "no_majority", []
    return "decided", leaders


# ---- checks ---------------------------------------------------------------------------------


def _ballot_problems(record: BallotRecord) -> list[Finding]:
    """Ballots that could not have been cast: unknown options, an option twice, too many."""
    problems = []
    known = {o["id"] for o in record.options}
    kind = record.poll["kind"]
    limit = record.poll.get("max_choices")
    bad = Counter[str]()
    for ballot in record.ballots:
        ids = [option_id for option_id, _rank in ballot.choices]
        ranks = sorted(rank for _id, rank in ballot.choices)
        if not ids:
            bad["empty"] += 1
        elif set(ids) - known:
            bad["unknown option"] += 1
        elif len(set(ids)) != len(ids):
            bad["option twice"] += 1
        elif kind == "single" and len(ids) != 1:
            bad["more than one choice"] += 1
        elif kind == "multiple" and isinstance(limit, int) and len(ids) > limit:
            bad["more choices than allowed"] += 1
        elif kind == "ranking" and ranks != list(range(1, len(ranks) + 1)):
            bad["ranks not 1..k"] += 1
        elif kind != "ranking" and set(ranks) != {1}:
            bad["rank on a non-ranking poll"] += 1
    for reason, count in sorted(bad.items()):
        problems.append(
            Finding(
                "ballots",
                f"{count} ballot(s) impossible on this poll: {reason}",
                f"이 투표에서 나올 수 없는 투표지 {count}장: {reason}",
            )
        )
    receipts = list(record.receipts)
    if len(set(receipts)) != len(receipts):
        problems.append(Finding("receipts", "a receipt appears twice", "같은 영수증이 두 번 있음"))
    if len(receipts) != len(record.ballots):
        problems.append(
            _differs("receipts (one per counted ballot)", len(record.ballots), len(receipts))
        )
    linked = [b.receipt for b in record.ballots if b.receipt is not None]
    if linked and sorted(linked) != sorted(receipts):
        problems.append(
            Finding(
                "receipts",
                "the ballots' receipts are not the receipts list",
                "투표지의 영수증과 영수증 목록이 다름",
            )
        )
    if set(receipts) & set(record.replaced_receipts):
        problems.append(
            Finding(
                "receipts",
                "a receipt is both counted and replaced",
                "같은 영수증이 집계와 교체 양쪽에 있음",
            )
        )
    return problems


def _compare(published: dict[str, Any], fresh: dict[str, Any]) -> list[Finding]:
    problems = []
    for key in fresh:
        if key == "options":
            continue
        if published.get(key) != fresh[key]:
            problems.append(_differs(key, published.get(key), fresh[key]))
    old = {o.get("id"): o for o in published.get("options", []) if isinstance(o, dict)}
    new = {o["id"]: o for o in fresh["options"]}
    for option_id in sorted(set(old) | set(new), key=str):
        before, after = old.get(option_id), new.get(option_id)
        label = (after or before or {}).get("label", option_id)
        if before is None or after is None:
            problems.append(_differs(f"option {label!r}", before, after))
            continue
        for field in after:
            if before.get(field) != after[field]:
                problems.append(
                    _differs(f"option {label!r} {field}", before.get(field), after[field])
                )
    return problems


def _publication_problems(record: BallotRecord) -> list[Finding]:
    entry = record.publication
    if entry is None:
        return [
            Finding(
                "publication",
                "the record has no audit-log entry of the publication",
                "공표를 기록한 감사 로그 항목이 없음",
            )
        ]
    problems = []
    if entry.recomputed_hash() != entry.entry_hash:
        problems.append(
            Finding(
                f"audit entry {entry.seq}",
                "its hash does not match its content (changed after it was written)",
                "항목의 해시가 내용과 맞지 않음(기록 후 변경됨)",
            )
        )
    if entry.kind != PUBLISHED_KIND or entry.subject != f"voting.poll:{record.poll_id}":
        problems.append(
            Finding(
                f"audit entry {entry.seq}",
                f"is {entry.kind} of {entry.subject}, not the publication of this poll",
                f"{entry.subject}의 {entry.kind} 항목으로, 이 투표의 공표 항목이 아님",
            )
        )
    data = entry.payload()
    recorded = data.get("result_sha256")
    if recorded != record.result_sha256:
        problems.append(
            Finding(
                "result_sha256",
                f"the published result hashes to {record.result_sha256}, but the audit log "
                f"recorded {recorded} when it was published: the result was changed afterwards",
                f"공표된 결과의 해시는 {record.result_sha256}인데 감사 로그에는 공표 때 "
                f"{recorded}로 기록됨: 공표 뒤에 결과가 바뀜",
            )
        )
    for key in ("total_ballots", "receipts_digest"):
        if key in data and data[key] != record.result.get(key):
            problems.append(_differs(f"{key} in the audit log", data[key], record.result.get(key)))
    return problems


def verify_record(
    record: BallotRecord,
    *,
    participants: int | None = None,
    electorate: int | None = None,
) -> list[Finding]:
    """Every difference found; an empty list means the record checks out.

    Checks, in order: the ballots are possible on this poll; the published result hashes to
    ``result_sha256``, which equals the hash the audit log recorded at publication, in an entry
    whose own hash matches its content; the recount from the ballots equals every published
    figure (votes, shares, totals, outcome, winners, receipts digest). ``participants`` and
    ``electorate`` default to the published ones (see the module docstring).
    """
    problems = _ballot_problems(record)
    stored_hash = result_sha256(record.result)
    if stored_hash != record.result_sha256:
        problems.append(
            _differs("result_sha256 of the published result", record.result_sha256, stored_hash)
        )
    problems += _publication_problems(record)
    published = record.result
    fresh = recount(
        record,
        participants=_whole(published.get("participants"))
        if participants is None
        else participants,
        electorate=_whole(published.get("electorate")) if electorate is None else electorate,
    )
    problems += _compare(published, fresh)
    return problems


def _whole(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
