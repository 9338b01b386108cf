"""Files attached to a proposal: an image or document whose content must match its
extension, a few per proposal, only while proposals are collected."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting.models import Attachment, Proposal, ProposalStatus
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.services._guards import lock_cycle, lock_proposal, require_phase
from maeul.core import uploads
from maeul.core.errors import Conflict

ATTACHMENT_MAX_BYTES = 5 * uploads.MB
ATTACHMENTS_PER_PROPOSAL = 5
ATTACHMENT_TYPES = (uploads.JPEG, uploads.PNG, uploads.PDF, uploads.HWP)
"""What a proposal may carry: photos of the site and documents (PDF, 한글), each checked by
the one upload validator (extension, size, content matching the extension)."""


def _checked(upload: UploadedFile[bytes]) -> tuple[str, uploads.CheckedUpload]:
    """The attachment's kind (image or document) and the accepted file, or ``UploadRejected``
    (a ``ServiceError`` on the form's file field) naming the file and what is accepted."""
    checked = uploads.check_upload(upload, types=ATTACHMENT_TYPES, max_bytes=ATTACHMENT_MAX_BYTES)
    images = checked.type in uploads.IMAGES
    return (Attachment.Kind.IMAGE if images else Attachment.Kind.DOCUMENT), checked


def attachment_add(*, actor: Any, proposal: Proposal, upload: UploadedFile[bytes]) -> Attachment:
    """Attach an image or document to one's own proposal during the proposal phase."""
    require_permission(actor, BudgetingPermission.EDIT_PROPOSAL, proposal)
    kind, checked = _checked(upload)
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
        name = checked.original_name[-120:] or checked.name
        attachment = Attachment(proposal=current, kind=kind, original_name=name, size=checked.size)
        attachment.file.save(checked.name, upload, save=False)
        attachment.save()
        audit_record(
            kind="budgeting.attachment_added",
            actor=actor,
            subject=current,
            municipality=cycle.municipality,
            data={"name": name, "size": attachment.size},
        )
    return attachment
