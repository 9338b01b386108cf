"""Files attached to a session (minutes, photos, slides): the type and size are checked
before anything is stored, so a report never points at a file the city cannot open.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from maeul.auditlog.services import audit_record
from maeul.core.errors import ServiceError
from maeul.governance.models import DeliberationSession, SessionAttachment
from maeul.governance.rules import GovernancePermission
from maeul.governance.services._base import _require

ATTACHMENT_TYPES = {".pdf", ".hwp", ".hwpx", ".docx", ".xlsx", ".pptx", ".jpg", ".jpeg", ".png"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def attachment_add(
    *, actor: Any, session: DeliberationSession, upload: UploadedFile[bytes]
) -> SessionAttachment:
    _require(actor, GovernancePermission.RECORD_SESSIONS, session.municipality)
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in ATTACHMENT_TYPES:
        raise ServiceError(
            _("Files of type %(ext)s cannot be attached; allowed: %(allowed)s.")
            % {"ext": extension or "?", "allowed": ", ".join(sorted(ATTACHMENT_TYPES))},
            field="file",
        )
    size = upload.size or 0
    if size > ATTACHMENT_MAX_BYTES:
        raise ServiceError(
            _("The file is larger than %(mb)s MB.") % {"mb": ATTACHMENT_MAX_BYTES // 2**20},
            field="file",
        )
    with transaction.atomic(durable=True):
        attachment = SessionAttachment(session=session, original_name=name[:200], size=size)
        attachment.file.save(name, upload, save=False)
        attachment.save()
        audit_record(
            kind="governance.attachment_added",
            actor=actor,
            subject=session,
            municipality=session.municipality,
            data={"file": attachment.original_name, "size": attachment.size},
        )
    return attachment
