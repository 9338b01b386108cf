"""Files attached to a session (minutes, photos, slides): checked by the one upload check of
the platform (``maeul.core.uploads``: extension, size, emptiness and the file's first bytes)
before anything is stored, so a report never points at a file the city cannot open and a
renamed program is never kept as "minutes". The stored name is made safe; the name the
official sent is kept for display.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from maeul.auditlog.services import audit_record
from maeul.core.errors import ServiceError
from maeul.core.uploads import DOCUMENTS, IMAGES, MB, CheckedUpload, check_upload, extension_of
from maeul.governance.models import DeliberationSession, SessionAttachment
from maeul.governance.rules import GovernancePermission
from maeul.governance.services._base import _require

ATTACHMENT_FILE_TYPES = (*DOCUMENTS, *IMAGES)
"""PDF, 한글 (HWP, HWPX), Word, Excel, PowerPoint, JPEG and PNG."""
ATTACHMENT_TYPES = {extension for kind in ATTACHMENT_FILE_TYPES for extension in kind.extensions}
ATTACHMENT_MAX_BYTES = 10 * MB


def _checked(upload: UploadedFile[bytes]) -> CheckedUpload:
    """The upload, accepted by ``check_upload``. A wrong type and a too large file keep the
    messages officials have always read here (they list the extensions and the limit in MB);
    an empty file or content that does not match its extension gets the shared check's."""
    extension = extension_of(upload.name or "")
    if extension not in ATTACHMENT_TYPES:
        raise ServiceError(
            _("Files of type %(ext)s cannot be attached; allowed: %(allowed)s.")
            % {"ext": extension or "?", "allowed": ", ".join(sorted(ATTACHMENT_TYPES))},
            field="file",
        )
    if (upload.size or 0) > ATTACHMENT_MAX_BYTES:
        raise ServiceError(
            _("The file is larger than %(mb)s MB.") % {"mb": ATTACHMENT_MAX_BYTES // MB},
            field="file",
        )
    return check_upload(upload, types=ATTACHMENT_FILE_TYPES, max_bytes=ATTACHMENT_MAX_BYTES)


def attachment_add(
    *, actor: Any, session: DeliberationSession, upload: UploadedFile[bytes]
) -> SessionAttachment:
    """Attach ``upload`` to ``session`` (officials who record the session's sessions)."""
    _require(actor, GovernancePermission.RECORD_SESSIONS, session.municipality)
    checked = _checked(upload)
    with transaction.atomic(durable=True):
        attachment = SessionAttachment(
            session=session, original_name=checked.original_name, size=checked.size
        )
        attachment.file.save(checked.name, upload, save=False)
        attachment.save()
        audit_record(
            kind="governance.attachment_added",
            actor=actor,
            subject=session,
            municipality=session.municipality,
            data={"file": attachment.original_name, "size": attachment.size},
        )
    return attachment
