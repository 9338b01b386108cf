"""State changes of polls and ballots: one keyword-only entry point per change, one durable
transaction and one audit entry each, grouped by area.

- ``casting``: ``ballot_cast`` (online) and ``ballot_record_at_desk`` (an official, in person);
- ``offline``: ``paper_batch_enter`` and ``assembly_result_enter``;
- ``polls``: ``poll_create``, ``poll_update`` (the rule freeze) and ``poll_announce``;
- ``results``: ``poll_close`` and ``poll_publish``.

Closing early and cancelling are ``maeul.voting.closing``. The checks they share live in
``maeul.voting.checks``, keys and receipts in ``maeul.voting.keys``, the validation of a
poll's settings in ``maeul.voting.poll_input`` and every reader in ``maeul.voting.selectors``.
This package re-exports the names the former ``services.py`` module offered, so callers
(``from maeul.voting import services``) do not change.
"""

from __future__ import annotations

from maeul.core.errors import Conflict, ServiceError
from maeul.voting.checks import (
    ACCEPTS_BALLOTS,
    check_window,
    guard_accepts_ballots,
    refusal_of_closed_poll,
    validate_choices,
)
from maeul.voting.errors import (
    AlreadyVoted,
    ChannelNotOffered,
    InvalidChoices,
    NotEligible,
    PollClosed,
    PollNotOpen,
    RulesLocked,
)
from maeul.voting.keys import RECEIPT_ALPHABET, ballot_slot, new_receipt, result_hash
from maeul.voting.models import RULE_FIELDS
from maeul.voting.poll_input import OPTION_IMAGE_MAX_BYTES, OPTION_IMAGE_TYPES
from maeul.voting.selectors import COMPARED, poll_verify, resident_by_username
from maeul.voting.services.casting import CastResult, ballot_cast, ballot_record_at_desk
from maeul.voting.services.offline import assembly_result_enter, paper_batch_enter
from maeul.voting.services.polls import poll_announce, poll_create, poll_update
from maeul.voting.services.results import poll_close, poll_publish

__all__ = [
    "ACCEPTS_BALLOTS",
    "COMPARED",
    "OPTION_IMAGE_MAX_BYTES",
    "OPTION_IMAGE_TYPES",
    "RECEIPT_ALPHABET",
    "RULE_FIELDS",
    "AlreadyVoted",
    "CastResult",
    "ChannelNotOffered",
    "Conflict",
    "InvalidChoices",
    "NotEligible",
    "PollClosed",
    "PollNotOpen",
    "RulesLocked",
    "ServiceError",
    "assembly_result_enter",
    "ballot_cast",
    "ballot_record_at_desk",
    "ballot_slot",
    "check_window",
    "guard_accepts_ballots",
    "new_receipt",
    "paper_batch_enter",
    "poll_announce",
    "poll_close",
    "poll_create",
    "poll_publish",
    "poll_update",
    "poll_verify",
    "refusal_of_closed_poll",
    "resident_by_username",
    "result_hash",
    "validate_choices",
]
