"""State changes of participation points: one keyword-only ``<entity>_<verb>`` function per
change, each one durable transaction with its audit entry. One module per area; this package
re-exports every public name, so callers keep writing ``from maeul.points import services``.

- ``award_tables``: award table versions and the expiry policy;
- ``awards``: awards for events (``points_award_for_event``, THE entry point for other apps)
  and by hand with evidence;
- ``corrections``: corrections and expiry;
- ``vouchers``: requests, approval, rejection, cancellation and issue;
- ``_ledger``: the double-entry internals and the locking rule they follow.

Readers (``award_table_in_force``, ``voucher_number``) live in ``points.selectors`` and are
re-exported here for old callers.
"""

from maeul.points.selectors import award_table_in_force, voucher_number
from maeul.points.services._ledger import (
    KST,
    CapReached,
    IdempotencyKeyReused,
    InsufficientPoints,
    local_month,
)
from maeul.points.services.award_tables import award_table_publish, points_policy_set
from maeul.points.services.awards import (
    EVIDENCE_MAX_BYTES,
    EVIDENCE_TYPES,
    AwardResult,
    award_refusal,
    points_award_for_event,
    points_award_manual,
)
from maeul.points.services.corrections import points_correct, points_expire, points_expire_due
from maeul.points.services.vouchers import (
    MAX_VOUCHERS_PER_REQUEST,
    VoucherSubmission,
    voucher_request_approve,
    voucher_request_cancel,
    voucher_request_create,
    voucher_request_issue,
    voucher_request_reject,
    voucher_request_submit,
)

__all__ = [
    "EVIDENCE_MAX_BYTES",
    "EVIDENCE_TYPES",
    "KST",
    "MAX_VOUCHERS_PER_REQUEST",
    "AwardResult",
    "CapReached",
    "IdempotencyKeyReused",
    "InsufficientPoints",
    "VoucherSubmission",
    "award_refusal",
    "award_table_in_force",
    "award_table_publish",
    "local_month",
    "points_award_for_event",
    "points_award_manual",
    "points_correct",
    "points_expire",
    "points_expire_due",
    "points_policy_set",
    "voucher_number",
    "voucher_request_approve",
    "voucher_request_cancel",
    "voucher_request_create",
    "voucher_request_issue",
    "voucher_request_reject",
    "voucher_request_submit",
]
