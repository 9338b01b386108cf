"""The published ballot record of a poll: its format, reading it, and the hashes in it.

A record (``"format": "maeul-ballot-record"``, version 1) is one JSON object:

``poll``
    the rules that decide the count: ``id``, ``code``, ``title``, ``municipality``, ``kind``
    (single, multiple, approval, ranking), ``secrecy``, ``revote``, ``result_rule``,
    ``threshold_percent``, ``quorum_percent``, ``max_choices``, times.
``options``
    ``[{"id", "position", "label"}]``.
``ballots``
    every counted ballot as ``{"choices": [[option_id, rank], ...]}`` (rank 1 except on ranking
    polls). On **public** polls each ballot also carries its ``receipt``. On **secret** polls
    ballots carry no receipt and are sorted by their content, so that a receipt can never prove
    a choice (vote buying); the receipts are listed apart.
``receipts``
    the receipts of the counted ballots, sorted; ``replaced_receipts``: ballots replaced by a
    later one of the same voter (``last_counts`` polls), not counted.
``assemblies``
    resident-assembly totals as entered by the chair, with their ``counts`` per option id.
``result``
    the published result exactly as stored; ``result_sha256`` its hash,
    ``sha256(canonical_json(result))``.
``publication``
    the audit-log entry that recorded ``result_sha256`` when the result was published, with
    every field its chain hash covers (``seq``, ``ts``, ``kind``, ``actor``, ``actor_label``,
    ``municipality``, ``subject``, ``data`` — the exact JSON text hashed — ``prev_hash``,
    ``entry_hash``), so anyone can recompute ``entry_hash`` and compare it with the audit
    chain's published heads.

No voter identity is in a record: participations (who voted) are never exported, only their
number (``result.participants``).

The canonical JSON and the entry hash are the audit log's (``maeul.auditlog.services``),
re-implemented here without Django; ``tests/security/test_vote_verify.py`` checks that both
give the same bytes for real entries.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

FORMAT = "maeul-ballot-record"
VERSION = 1


class InvalidRecord(ValueError):
    """The file is not a ballot record Maeul could have written (names the field)."""


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, UTF-8 text: the audit log's canonical form."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def result_sha256(result: Any) -> str:
    """The hash recorded in the audit log when a result is published."""
    return hashlib.sha256(canonical_json(result).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PublicationEntry:
    """The audit-log entry ``voting.poll_published`` of the poll."""

    seq: int
    ts: str
    kind: str
    actor: int | None
    actor_label: str
    municipality: str
    subject: str
    data: str  # the exact canonical JSON text that was hashed
    prev_hash: str
    entry_hash: str

    def recomputed_hash(self) -> str:
        """``sha256(prev_hash || canonical_json({seq, ts, kind, actor, ...}))``."""
        body = canonical_json(
            {
                "seq": self.seq,
                "ts": self.ts,
                "kind": self.kind,
                "actor": self.actor,
                "actor_label": self.actor_label,
                "municipality": self.municipality,
                "subject": self.subject,
                "data": self.data,
            }
        )
        return hashlib.sha256((self.prev_hash + body).encode("utf-8")).hexdigest()

    def payload(self) -> dict[str, Any]:
        try:
            value = json.loads(self.data)
        except ValueError:
            raise InvalidRecord("publication.data is not JSON") from None
        if not isinstance(value, dict):
            raise InvalidRecord("publication.data is not a JSON object")
        return value

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "ts": self.ts,
            "kind": self.kind,
            "actor": self.actor,
            "actor_label": self.actor_label,
            "municipality": self.municipality,
            "subject": self.subject,
            "data": self.data,
            "prev_hash": self.prev_hash,
            "entry_hash": self.entry_hash,
        }


@dataclass(frozen=True)
class RecordBallot:
    choices: tuple[tuple[int, int], ...]  # (option id, rank)
    receipt: str | None = None


@dataclass(frozen=True)
class BallotRecord:
    """A parsed record (see the module docstring for the fields)."""

    poll: dict[str, Any]
    options: tuple[dict[str, Any], ...]
    ballots: tuple[RecordBallot, ...]
    receipts: tuple[str, ...]
    replaced_receipts: tuple[str, ...]
    assemblies: tuple[dict[str, Any], ...]
    result: dict[str, Any]
    result_sha256: str
    publication: PublicationEntry | None

    @property
    def poll_id(self) -> int:
        return int(self.poll["id"])


def _require(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise InvalidRecord(f"{where}{key} is missing")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InvalidRecord(f"{where}{key} has the wrong type ({type(value).__name__})")
    return value


def _ballot(raw: Any, index: int) -> RecordBallot:
    where = f"ballots[{index}]."
    if not isinstance(raw, dict):
        raise InvalidRecord(f"ballots[{index}] is not an object")
    choices = _require(raw, "choices", list, where)
    pairs = []
    for position, pair in enumerate(choices):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in pair)
        ):
            raise InvalidRecord(f"{where}choices[{position}] is not [option id, rank]")
        pairs.append((int(pair[0]), int(pair[1])))
    receipt = raw.get("receipt")
    if receipt is not None and not isinstance(receipt, str):
        raise InvalidRecord(f"{where}receipt is not text")
    return RecordBallot(tuple(pairs), receipt)


def _publication(raw: Any) -> PublicationEntry | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InvalidRecord("publication is not an object")
    w = "publication."
    actor = raw.get("actor")
    if actor is not None and (not isinstance(actor, int) or isinstance(actor, bool)):
        raise InvalidRecord("publication.actor has the wrong type")
    return PublicationEntry(
        seq=_require(raw, "seq", int, w),
        ts=_require(raw, "ts", str, w),
        kind=_require(raw, "kind", str, w),
        actor=actor,
        actor_label=_require(raw, "actor_label", str, w),
        municipality=_require(raw, "municipality", str, w),
        subject=_require(raw, "subject", str, w),
        data=_require(raw, "data", str, w),
        prev_hash=_require(raw, "prev_hash", str, w),
        entry_hash=_require(raw, "entry_hash", str, w),
    )


def record_from_dict(raw: Any) -> BallotRecord:
    if not isinstance(raw, dict):
        raise InvalidRecord("the record is not a JSON object")
    if raw.get("format") != FORMAT:
        raise InvalidRecord(f"format is not {FORMAT!r}")
    if raw.get("version") != VERSION:
        raise InvalidRecord(f"version {raw.get('version')!r} is not supported (expected 1)")
    poll = _require(raw, "poll", dict, "")
    for key, kind in (
        ("id", int),
        ("kind", str),
        ("result_rule", str),
        ("threshold_percent", int),
        ("quorum_percent", int),
    ):
        _require(poll, key, kind, "poll.")
    options = _require(raw, "options", list, "")
    for index, option in enumerate(options):
        if not isinstance(option, dict):
            raise InvalidRecord(f"options[{index}] is not an object")
        _require(option, "id", int, f"options[{index}].")
        _require(option, "position", int, f"options[{index}].")
        _require(option, "label", str, f"options[{index}].")
    ballots = tuple(_ballot(b, i) for i, b in enumerate(_require(raw, "ballots", list, "")))
    receipts = _require(raw, "receipts", list, "")
    replaced = raw.get("replaced_receipts", [])
    if not all(isinstance(r, str) for r in [*receipts, *replaced]):
        raise InvalidRecord("receipts must be text")
    assemblies = _require(raw, "assemblies", list, "")
    for index, assembly in enumerate(assemblies):
        w = f"assemblies[{index}]."
        if not isinstance(assembly, dict):
            raise InvalidRecord(f"assemblies[{index}] is not an object")
        _require(assembly, "name", str, w)
        _require(assembly, "held_on", str, w)
        _require(assembly, "ballots", int, w)
        _require(assembly, "unregistered_ballots", int, w)
        counts = _require(assembly, "counts", dict, w)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in counts.values()):
            raise InvalidRecord(f"{w}counts must be whole numbers")
    result = _require(raw, "result", dict, "")
    return BallotRecord(
        poll=poll,
        options=tuple(options),
        ballots=ballots,
        receipts=tuple(receipts),
        replaced_receipts=tuple(replaced),
        assemblies=tuple(assemblies),
        result=result,
        result_sha256=_require(raw, "result_sha256", str, ""),
        publication=_publication(raw.get("publication")),
    )


def parse_record(text: str) -> BallotRecord:
    """A record from its JSON text; :class:`InvalidRecord` names what is wrong."""
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise InvalidRecord(f"not JSON: {error}") from None
    return record_from_dict(raw)
