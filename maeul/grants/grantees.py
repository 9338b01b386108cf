"""Grantees' lifecycle after selection: the agreement, progress reports, receipts and the
settlement, the end-of-year figures; and the past grades the next call's reviewers see.

* An official managing the call signs the **agreement** of a selected application (amount up
  to what was requested, project period, conditions, signed date).
* The people acting for the grantee write **progress reports** (period, text, events,
  participants, outputs, a file); the sums of the figures are written on the application, where
  the city's quantitative evaluation reads them.
* They record **receipts** against the application's budget lines; the engine
  (``maeul.engine.grants.settlement``) refuses a receipt that takes a line beyond the call's
  tolerance, one on a capital line when the call forbids capital expenses, and one dated
  outside the project period. They then **submit the settlement**; an official **approves**
  it or **returns** it with a note (receipts may then be added again).
* A receipt entered by mistake is **voided** with a reason before the settlement is submitted
  (or after it is returned); it stays on record for the officials but spends nothing.

Each function runs in one transaction, checks permission, raises ``ServiceError`` with a
message in the user's language and saves nothing on bad input, and writes the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.core import textlimits
from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.core.uploads import DOCUMENTS, IMAGES, check_upload
from maeul.engine.grants import Balance, Line, balances, check_receipt
from maeul.grants import notices
from maeul.grants.models import (
    Agreement,
    Application,
    BudgetLine,
    CallState,
    ProgressReport,
    Receipt,
    SettlementState,
)
from maeul.grants.rules import GrantPermission, acts_for
from maeul.grants.services import ATTACHMENT_MAX_BYTES, _audit_application, _text, clean_won

MAX_REPORTS = 24
MAX_RECEIPTS = 500
SPENDING = (SettlementState.OPEN, SettlementState.RETURNED)


def clean_date(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError as error:
        raise ServiceError(_("Give a date (YYYY-MM-DD)."), field=field) from error


def _count(value: Any, field: str) -> int:
    text = str(value if value is not None else "").strip() or "0"
    if not text.isdigit():
        raise ServiceError(_("Counts are whole numbers, never negative."), field=field)
    number = int(text)
    if number > 10**9:
        raise ServiceError(_("This number is too large."), field=field)
    return number


def _manager_application(actor: Any, application_id: Any) -> Application:
    application = get_authorised(
        Application.objects.select_related("call__municipality", "organisation", "district"),
        actor,
        application_id,
        GrantPermission.VIEW_APPLICATION,
        lock=True,
    )
    if not has_permission(actor, GrantPermission.MANAGE_CALL, application.call):
        raise NotAllowed(_("You do not have permission to do this."))
    return application


def _grantee_agreement(actor: Any, application_id: Any) -> Agreement:
    """The agreement of an application the actor acts for, locked."""
    application = get_authorised(
        Application.objects.select_related("call__municipality", "organisation"),
        actor,
        application_id,
        GrantPermission.EDIT_APPLICATION,
    )
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("application__call__municipality", "application__organisation")
        .filter(application=application)
        .first()
    )
    if agreement is None:
        raise Conflict(_("There is no grant agreement yet."))
    return agreement


def agreement_sign(*, actor: Any, application_id: Any, data: Mapping[str, Any]) -> Agreement:
    """The agreement of a selected application, signed once; the amount is at most what was
    requested (the budget lines are the application's)."""
    with transaction.atomic():
        application = _manager_application(actor, application_id)
        if application.call.state != CallState.ANNOUNCED or not application.selected:
            raise Conflict(_("Only a selected grantee gets an agreement."))
        if Agreement.objects.filter(application=application).exists():
            raise Conflict(_("This grantee already has an agreement."))
        amount = clean_won(data.get("amount_won"), "amount_won", positive=True)
        if amount > application.requested_won:
            raise ServiceError(
                _("The granted amount cannot exceed the requested %(won)s won.")
                % {"won": f"{application.requested_won:,}"},
                field="amount_won",
            )
        starts_on = clean_date(data.get("starts_on"), "starts_on")
        ends_on = clean_date(data.get("ends_on"), "ends_on")
        if ends_on < starts_on:
            raise ServiceError(_("The project cannot end before it starts."), field="ends_on")
        signed_on = clean_date(data.get("signed_on"), "signed_on")
        conditions = _text(
            data, "conditions", _("conditions"), limit=textlimits.TEXT, required=False
        )
        agreement = Agreement.objects.create(
            application=application,
            amount_won=amount,
            starts_on=starts_on,
            ends_on=ends_on,
            signed_on=signed_on,
            conditions=conditions,
            created_by=actor,
        )
        _audit_application(
            actor,
            application,
            "grants.agreement_signed",
            amount_won=amount,
            starts_on=starts_on.isoformat(),
            ends_on=ends_on.isoformat(),
            signed_on=signed_on.isoformat(),
        )
    return agreement


def _attach(row: Any, upload: Any) -> None:
    if upload is None:
        return
    checked = check_upload(upload, types=(*DOCUMENTS, *IMAGES), max_bytes=ATTACHMENT_MAX_BYTES)
    row.file_name = checked.name
    row.file.save(checked.name, upload, save=False)


def report_add(
    *, actor: Any, application_id: Any, data: Mapping[str, Any], upload: Any = None
) -> ProgressReport:
    """A progress report by the grantee; the application's figures become the reports' sums."""
    with transaction.atomic():
        agreement = _grantee_agreement(actor, application_id)
        if agreement.settlement_state == SettlementState.APPROVED:
            raise Conflict(_("The settlement is approved; the project is closed."))
        if agreement.reports.count() >= MAX_REPORTS:
            raise ServiceError(_("At most %(n)d reports.") % {"n": MAX_REPORTS})
        period_from = clean_date(data.get("period_from"), "period_from")
        period_to = clean_date(data.get("period_to"), "period_to")
        if period_to < period_from:
            raise ServiceError(_("The period cannot end before it starts."), field="period_to")
        if period_from < agreement.starts_on or period_to > agreement.ends_on:
            raise ServiceError(
                _("A report covers part of the project period (%(start)s to %(end)s).")
                % {"start": agreement.starts_on, "end": agreement.ends_on},
                field="period_from",
            )
        report = ProgressReport(
            agreement=agreement,
            period_from=period_from,
            period_to=period_to,
            text=_text(data, "text", _("report"), limit=textlimits.TEXT, required=True),
            events=_count(data.get("events"), "events"),
            participants=_count(data.get("participants"), "participants"),
            outputs=_count(data.get("outputs"), "outputs"),
            submitted_by=actor,
        )
        _attach(report, upload)
        report.save()
        application = agreement.application
        sums = agreement.reports.aggregate(
            events=Sum("events"), participants=Sum("participants"), outputs=Sum("outputs")
        )
        Application.objects.filter(pk=application.pk).update(**sums)
        _audit_application(
            actor,
            application,
            "grants.progress_reported",
            period=f"{period_from}..{period_to}",
            events=report.events,
            participants=report.participants,
            outputs=report.outputs,
        )
    return report


def _lines(application: Application) -> list[tuple[BudgetLine, Line]]:
    return [
        (row, Line(str(row.pk), row.item, row.category, row.amount_won))
        for row in application.lines.all()
    ]


def counted(agreement: Agreement) -> Any:
    """The receipts that count: a voided receipt stays on record but spends nothing."""
    return agreement.receipts.filter(voided_at__isnull=True)


def line_balances(agreement: Agreement) -> list[tuple[BudgetLine, Balance]]:
    """Per budget line of the application: budget, spent by the receipts, remaining."""
    pairs = _lines(agreement.application)
    spent = [(str(r.line_id), r.amount_won) for r in counted(agreement)]
    rows = {line.key: row for row, line in pairs}
    return [(rows[b.line.key], b) for b in balances([line for _r, line in pairs], spent)]


def receipt_add(
    *, actor: Any, application_id: Any, data: Mapping[str, Any], upload: Any = None
) -> Receipt:
    """A receipt against a budget line, refused (with every reason) when it takes the line
    beyond the call's tolerance, is a capital expense the call forbids, or is dated outside
    the project period."""
    with transaction.atomic():
        agreement = _grantee_agreement(actor, application_id)
        if agreement.settlement_state not in SPENDING:
            raise Conflict(_("The settlement is submitted; receipts can no longer be added."))
        if agreement.receipts.count() >= MAX_RECEIPTS:
            raise ServiceError(_("At most %(n)d receipts.") % {"n": MAX_RECEIPTS})
        application = agreement.application
        call = application.call
        line = application.lines.filter(pk=str(data.get("line") or "0").strip() or 0).first()
        if line is None:
            raise ServiceError(_("Choose a budget line of the application."), field="line")
        amount = clean_won(data.get("amount_won"), "amount_won", positive=True)
        spent_on = clean_date(data.get("spent_on"), "spent_on")
        payee = _text(data, "payee", _("payee"), limit=textlimits.LABEL, required=True)
        already = counted(agreement).filter(line=line).aggregate(s=Sum("amount_won"))["s"] or 0
        reasons = check_receipt(
            Line(str(line.pk), line.item, line.category, line.amount_won),
            amount_won=amount,
            spent_on=spent_on,
            already_spent_won=already,
            tolerance_percent=call.overspend_tolerance_percent,
            capital_allowed=call.capital_allowed,
            period=(agreement.starts_on, agreement.ends_on),
        )
        if reasons:
            language = get_language() or "ko"
            raise ServiceError(" ".join(r.text(language) for r in reasons), field=reasons[0].code)
        receipt = Receipt(
            agreement=agreement,
            line=line,
            spent_on=spent_on,
            payee=payee,
            amount_won=amount,
            added_by=actor,
        )
        _attach(receipt, upload)
        receipt.save()
        _audit_application(
            actor,
            application,
            "grants.receipt_added",
            line=line.pk,
            amount_won=amount,
            spent_on=spent_on.isoformat(),
            payee=payee,
        )
    return receipt


def receipt_void(*, actor: Any, application_id: Any, receipt_id: Any, reason: str) -> Receipt:
    """The organisation takes back a receipt recorded by mistake (wrong amount, line or
    payee) while the settlement is still open or returned; it is voided with a reason rather
    than deleted, so the officials checking the settlement see the whole history. Runs under
    the same agreement lock as ``receipt_add``, so a void and an add on the same line cannot
    both read the old balance."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the receipt is voided."), field="reason")
    if len(reason) > textlimits.REASON:
        raise ServiceError(_("The reason is too long."), field="reason")
    with transaction.atomic():
        agreement = _grantee_agreement(actor, application_id)
        text = str(receipt_id if receipt_id is not None else "").strip()
        receipt = (
            agreement.receipts.select_related("line").filter(pk=int(text)).first()
            if text.isdigit()
            else None
        )
        if receipt is None:
            raise ServiceError(_("Choose a receipt of this grant."), field="receipt")
        if agreement.settlement_state not in SPENDING:
            raise Conflict(
                _(
                    "The settlement is submitted or approved; its receipts can no longer be "
                    "voided. Ask the officials to return the settlement for corrections."
                )
            )
        if receipt.voided:
            raise Conflict(_("This receipt is already voided."))
        receipt.voided_at = timezone.now()
        receipt.voided_by = actor
        receipt.void_reason = reason
        receipt.save(update_fields=["voided_at", "voided_by", "void_reason"])
        _audit_application(
            actor,
            agreement.application,
            "grants.receipt_voided",
            receipt=receipt.pk,
            line=receipt.line_id,
            amount_won=receipt.amount_won,
            spent_on=receipt.spent_on.isoformat(),
            payee=receipt.payee,
            reason=reason,
        )
    return receipt


def settlement_submit(*, actor: Any, application_id: Any) -> Agreement:
    """The grantee hands its receipts in for approval."""
    with transaction.atomic():
        agreement = _grantee_agreement(actor, application_id)
        if agreement.settlement_state not in SPENDING:
            raise Conflict(_("The settlement is already submitted."))
        if not counted(agreement).exists():
            raise ServiceError(_("Add the receipts before submitting the settlement."))
        agreement.settlement_state = SettlementState.SUBMITTED
        agreement.save(update_fields=["settlement_state"])
        _audit_application(
            actor, agreement.application, "grants.settlement_submitted", spent_won=spent(agreement)
        )
    return agreement


def spent(agreement: Agreement) -> int:
    return int(counted(agreement).aggregate(s=Sum("amount_won"))["s"] or 0)


def settlement_decide(
    *, actor: Any, application_id: Any, approve: bool, note: str = ""
) -> Agreement:
    """An official approves the submitted settlement, or returns it with a note (required)
    so the grantee corrects it and submits again."""
    note = (note or "").strip()
    if len(note) > textlimits.REASON:
        raise ServiceError(_("The note is too long."), field="note")
    if not approve and not note:
        raise ServiceError(_("Say what must be corrected."), field="note")
    with transaction.atomic():
        application = _manager_application(actor, application_id)
        agreement = Agreement.objects.select_for_update().filter(application=application).first()
        if agreement is None or agreement.settlement_state != SettlementState.SUBMITTED:
            raise Conflict(_("There is no submitted settlement to decide."))
        agreement.settlement_state = (
            SettlementState.APPROVED if approve else SettlementState.RETURNED
        )
        agreement.settlement_note = note
        agreement.settled_at = timezone.now() if approve else None
        agreement.settlement_decisions += 1
        agreement.save(
            update_fields=[
                "settlement_state",
                "settlement_note",
                "settled_at",
                "settlement_decisions",
            ]
        )
        _audit_application(
            actor,
            application,
            "grants.settlement_approved" if approve else "grants.settlement_returned",
            note=note,
            spent_won=spent(agreement),
        )
        notices.settlement_decided(
            application, approved=approve, note=note, round_=agreement.settlement_decisions
        )
    return agreement


def can_see_grantee(user: Any, application: Application) -> bool:
    """The grantee records are the organisation's and the call's officials' (and the
    district's, in a city-wide call by district): reviewers do not see receipts."""
    return acts_for(user, application.organisation_id) or has_permission(
        user, GrantPermission.VIEW_BACKOFFICE, application
    )
