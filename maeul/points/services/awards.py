"""Awarding points: for participation events (the one entry point other apps call) and by hand
with evidence. An award is idempotent by its source key (the constraint
``points_award_once_per_source`` decides), so a retried or concurrent delivery awards once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import ServiceError, violates
from maeul.core.uploads import (
    JPEG,
    MB,
    PDF,
    PNG,
    CheckedUpload,
    UploadRejected,
    check_upload,
    extension_of,
)
from maeul.places.models import Municipality
from maeul.points import notices
from maeul.points.models import (
    AccountKind,
    Activity,
    AwardRule,
    PointsTransaction,
    TransactionKind,
)
from maeul.points.rules import PointsPermission
from maeul.points.selectors import award_table_in_force
from maeul.points.services._ledger import (
    KST,
    CapReached,
    _aware,
    _locked_or_opened_account,
    _period_months,
    _post,
    _system_account,
    local_month,
)

EVIDENCE_MAX_BYTES = 5 * MB
EVIDENCE_FILE_TYPES = (PDF, PNG, JPEG)
EVIDENCE_TYPES = {
    # extension -> leading bytes of a genuine file of that type (kept for callers of the
    # services package; the check itself is ``maeul.core.uploads.check_upload``)
    extension: kind.signatures
    for kind in EVIDENCE_FILE_TYPES
    for extension in kind.extensions
}
EVIDENCE_TYPES_BY_EXTENSION = {
    extension: kind for kind in EVIDENCE_FILE_TYPES for extension in kind.extensions
}


@dataclass(frozen=True)
class AwardResult:
    """What ``points_award_for_event`` did.

    ``created`` is True when this call wrote the award; ``transaction`` is the award (new, or
    the one an earlier delivery of the same event wrote); ``reason`` says why nothing was
    awarded: "duplicate", "no_award_table", "activity_not_awarded", "not_a_resident",
    "not_eligible", "not_verified" or "cap_reached".
    """

    transaction: PointsTransaction | None
    created: bool
    reason: str = ""

    @property
    def points(self) -> int:
        return self.transaction.amount if self.transaction is not None and self.created else 0


def _rule_for(
    resident: Any, municipality: Municipality, activity: str, occurred_at: dt.datetime
) -> tuple[str, AwardRule | None]:
    """The award rule that pays ``resident`` for ``activity`` on that day, or why none does
    (the reasons of ``AwardResult``, the cap excepted: it is counted under the account lock)."""
    table = award_table_in_force(municipality, occurred_at.astimezone(KST).date())
    if table is None:
        return "no_award_table", None
    rule = table.rules.filter(activity=activity).first()
    if rule is None:
        return "activity_not_awarded", None
    rule.table = table
    profile = resident.resident_or_none
    if profile is None:
        return "not_a_resident", None
    if rule.residents_only and not profile.district.is_within(municipality):
        return "not_eligible", None
    if rule.verified_only and not profile.is_verified:
        return "not_verified", None
    return "", rule


def award_refusal(
    *, resident: Any, municipality: Municipality, activity: str, occurred_at: dt.datetime
) -> str:
    """Why an event would earn nothing ("" when it would earn points): the same checks as
    the award, without writing — for pages that say whether points are on their way."""
    refusal, rule = _rule_for(resident, municipality, activity, occurred_at)
    if rule is None or rule.cap_points is None:
        return refusal
    earned = (
        PointsTransaction.objects.filter(
            municipality=municipality,
            resident=resident,
            kind=TransactionKind.EARN,
            activity=activity,
            **_period_months(rule, local_month(occurred_at)),
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    return "cap_reached" if earned >= rule.cap_points else ""


def _award(
    *,
    resident: Any,
    municipality: Municipality,
    activity: str,
    source_key: str,
    occurred_at: dt.datetime,
    actor: Any,
    note: str = "",
    evidence: UploadedFile[bytes] | None = None,
    evidence_name: str = "",
) -> AwardResult:
    if activity not in Activity.values:
        raise ServiceError(
            _("Unknown activity: %(activity)s") % {"activity": activity}, field="activity"
        )
    if not source_key or len(source_key) > 120:
        raise ServiceError(_("A source key of 1 to 120 characters is required."), field="source")
    occurred_at = _aware(occurred_at, "occurred_at")
    existing = PointsTransaction.objects.filter(
        municipality=municipality, source_key=source_key
    ).first()
    if existing is not None:
        return AwardResult(existing, False, "duplicate")
    refusal, rule = _rule_for(resident, municipality, activity, occurred_at)
    if rule is None:
        return AwardResult(None, False, refusal)
    table = rule.table
    profile = resident.resident_or_none
    assert profile is not None  # _rule_for refuses non-residents
    month = local_month(occurred_at)
    try:
        with transaction.atomic(durable=True):
            account = _locked_or_opened_account(municipality, resident)
            points = rule.points
            if rule.cap_points is not None:
                earned = (
                    PointsTransaction.objects.filter(
                        municipality=municipality,
                        resident=resident,
                        kind=TransactionKind.EARN,
                        activity=activity,
                        **_period_months(rule, month),
                    ).aggregate(total=Sum("amount"))["total"]
                    or 0
                )
                points = min(points, rule.cap_points - earned)
                if points <= 0:
                    return AwardResult(None, False, "cap_reached")
            txn = PointsTransaction(
                municipality=municipality,
                kind=TransactionKind.EARN,
                resident=resident,
                amount=points,
                activity=activity,
                rule=rule,
                table_version=table.version,
                occurred_at=occurred_at,
                month=month,
                dong=profile.dong,
                source_key=source_key,
                note=note,
                recorded_by=actor,
            )
            if evidence is not None:
                # Stored under the safe name the upload check gave it.
                txn.evidence.save(
                    evidence_name or evidence.name or "evidence", evidence, save=False
                )
            txn.save()
            _post(
                txn, [(account, points), (_system_account(municipality, AccountKind.POOL), -points)]
            )
            audit_record(
                kind="points.awarded",
                actor=actor,
                subject=txn,
                municipality=municipality,
                data={
                    "resident": resident.pk,
                    "activity": activity,
                    "points": points,
                    "table_version": table.version,
                    "source": source_key,
                },
            )
            notices.points_awarded(txn)
    except IntegrityError as error:
        if violates(error, "points_award_once_per_source", "municipality_id", "source_key"):
            existing = PointsTransaction.objects.get(
                municipality=municipality, source_key=source_key
            )
            return AwardResult(existing, False, "duplicate")
        raise
    return AwardResult(txn, True)


def points_award_for_event(
    *,
    resident: Any,
    municipality: Municipality,
    activity: str,
    source_key: str,
    occurred_at: dt.datetime,
    actor: Any = None,
) -> AwardResult:
    """Award points for one participation event; THE entry point for other apps.

    Call it once the event is committed (e.g. from ``transaction.on_commit`` after a ballot
    is cast, attendance recorded or a proposal adopted) — it opens its own durable
    transaction, so it cannot run inside yours. It is idempotent: ``source_key`` names the
    event ("voting.ballot:<poll>:<resident>", "pb.proposal_adopted:<id>"...), and a
    municipality awards one source key at most once, enforced by the unique constraint
    ``points_award_once_per_source``; a second delivery, even concurrent, returns the first
    award with ``created=False, reason="duplicate"``. Retrying after an error is always safe.

    The award uses the award table in force on ``occurred_at``'s date (Korean time) and
    records that rule and version. Events that earn nothing are not errors: the result says
    why (no table, activity not in the table, not eligible, cap reached). ``actor`` is None
    for system events, or the official who recorded them.
    """
    return _award(
        resident=resident,
        municipality=municipality,
        activity=activity,
        source_key=source_key,
        occurred_at=occurred_at,
        actor=actor,
    )


def _check_evidence(evidence: UploadedFile[bytes] | None) -> CheckedUpload | None:
    """The evidence, accepted by the platform's one upload check (``check_upload``: extension,
    size, emptiness, first bytes, a safe stored name). A wrong type, a too large file and
    content that does not match keep the messages officials have always read here (translated
    in this app's catalogue); an empty file gets the shared check's."""
    if evidence is None:
        return None
    if extension_of(evidence.name or "") not in EVIDENCE_TYPES:
        raise ServiceError(_("Evidence must be a PDF, PNG or JPEG file."), field="evidence")
    if evidence.size is None or evidence.size > EVIDENCE_MAX_BYTES:
        raise ServiceError(_("Evidence files may be at most 5 MB."), field="evidence")
    try:
        return check_upload(
            evidence, types=EVIDENCE_FILE_TYPES, max_bytes=EVIDENCE_MAX_BYTES, field="evidence"
        )
    except UploadRejected as rejected:
        if evidence.size == 0:
            raise
        # Type and size passed above, so the content did not match the extension.
        extension = extension_of(evidence.name or "")
        raise ServiceError(
            _("The file's content does not match its type %(type)s.")
            % {"type": EVIDENCE_TYPES_BY_EXTENSION[extension].content_type},
            field="evidence",
        ) from rejected


def points_award_manual(
    *,
    actor: Any,
    resident: Any,
    municipality: Municipality,
    activity: str,
    occurred_at: dt.datetime,
    note: str,
    idempotency_key: str,
    evidence: UploadedFile[bytes] | None = None,
) -> AwardResult:
    """An official awards points for an activity recorded off-line, with evidence.

    ``note`` (what happened, e.g. the meeting and date) is required; ``evidence`` is an
    optional PDF/PNG/JPEG of at most 5 MB whose content must match its extension.
    ``idempotency_key`` comes from the form, so a double submission awards once. Unlike
    events, an award that cannot be made is refused with the reason.
    """
    require_permission(actor, PointsPermission.AWARD_MANUAL, municipality)
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("Describe the activity as evidence."), field="note")
    checked = _check_evidence(evidence)
    if occurred_at > timezone.now():
        raise ServiceError(_("The activity cannot be in the future."), field="occurred_at")
    result = _award(
        resident=resident,
        municipality=municipality,
        activity=activity,
        source_key=f"manual:{idempotency_key}",
        occurred_at=occurred_at,
        actor=actor,
        note=note,
        evidence=evidence,
        evidence_name=checked.name if checked is not None else "",
    )
    messages = {
        "no_award_table": _("No award table was in force on that date."),
        "activity_not_awarded": _("This activity earns no points in the award table."),
        "not_a_resident": _("Points are awarded to residents only."),
        "not_eligible": _("This resident does not live in the municipality."),
        "not_verified": _("This activity earns points for verified residents only."),
        "cap_reached": _("The resident has reached this activity's cap for the period."),
    }
    if result.reason in messages:
        error_class = CapReached if result.reason == "cap_reached" else ServiceError
        raise error_class(messages[result.reason], field="activity")
    return result
