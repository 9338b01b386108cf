"""Files attached to a proposal: an image or document whose content must match its
extension, a few per proposal, only while proposals are collected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting.models import Attachment, Proposal, ProposalStatus
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.services._guards import lock_cycle, lock_proposal, require_phase
from maeul.core.errors import Conflict, ServiceError

ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024


ATTACHMENTS_PER_PROPOSAL = 5


ATTACHMENT_TYPES = {
    # extension -> (kind, leading bytes of a genuine file of that type)
    ".jpg": (Attachment.Kind.IMAGE, (b"\xff\xd8\xff",)),
    ".jpeg": (Attachment.Kind.IMAGE, (b"\xff\xd8\xff",)),
    ".png": (Attachment.Kind.IMAGE, (b"\x89PNG\r\n\x1a\n",)),
    ".pdf": (Attachment.Kind.DOCUMENT, (b"%PDF-",)),
    ".hwp": (Attachment.Kind.DOCUMENT, (b"\xd0\xcf\x11\xe0",)),
}


def _attachment_kind(upload: UploadedFile[bytes]) -> str:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ServiceError(_("Attach JPEG, PNG, PDF or HWP files only."), field="file")
    if upload.size is None or upload.size > ATTACHMENT_MAX_BYTES:
        raise ServiceError(
            _("The file is larger than %(mb)s MB.") % {"mb": ATTACHMENT_MAX_BYTES // 1024 // 1024},
            field="file",
        )
    if upload.size == 0:
        raise ServiceError(_("The file is empty."), field="file")
    kind, magics = ATTACHMENT_TYPES[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in magics):
        raise ServiceError(
            _("The file's content does not match its %(ext)s extension.") % {"ext": suffix},
            field="file",
        )
    return kind


def attachment_add(*, actor: Any, proposal: Proposal, upload: UploadedFile[bytes]) -> Attachment:
    """Attach an image or document to one's own proposal during the proposal phase."""
    require_permission(actor, BudgetingPermission.EDIT_PROPOSAL, proposal)
    kind = _attachment_kind(upload)
    with transaction.atomic(durable=True):
        cycle = lock_cycle(actor, proposal.cycle)
        require_phase(cycle, "propose")
        current = lock_proposal(actor, proposal, BudgetingPermission.EDIT_PROPOSAL)
        if current.status not in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED):
            raise Conflict(_("Files can be attached only to drafts and submitted proposals."))
        if current.attachments.count() >= ATTACHMENTS_PER_PROPOSAL:
            raise Conflict(
                _("A proposal has at most %(n)s attachments.") % {"n": ATTACHMENTS_PER_PROPOSAL}
            )
        name = Path(upload.name or "file").name[-120:]
        attachment = Attachment(
            proposal=current, kind=kind, original_name=name, size=upload.size or 0
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        audit_record(
            kind="budgeting.attachment_added",
            actor=actor,
            subject=current,
            municipality=cycle.municipality,
            data={"name": name, "size": attachment.size},
        )
    return attachment
