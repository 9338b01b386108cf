"""Checking a published resident vote from its published ballot record, without Maeul.

``maeul vote verify --record FILE`` reads the record Maeul publishes for every published poll
(``/votes/<id>/record.json``: the anonymous counted ballots, the receipts, the published result
and the audit-log entry that recorded the result's hash at publication), recounts the result
from the ballots and compares every published figure. No Django, no database: a journalist
runs it on a laptop. See ``docs/subsystems/voting-integrity.md``.
"""

from maeul.engine.voting.record import (
    BallotRecord,
    InvalidRecord,
    PublicationEntry,
    canonical_json,
    parse_record,
    record_from_dict,
    result_sha256,
)
from maeul.engine.voting.verify import Finding, recount, verify_record

__all__ = [
    "BallotRecord",
    "Finding",
    "InvalidRecord",
    "PublicationEntry",
    "canonical_json",
    "parse_record",
    "record_from_dict",
    "recount",
    "result_sha256",
    "verify_record",
]
