"""Every change to governance records: one keyword-only ``<entity>_<verb>`` function per change,
each one durable transaction that checks the permission, applies the engine's rules and writes
the audit log. One module per area; this package re-exports every public name, so callers keep
writing ``from maeul.governance import services`` and ``services.membership_add(...)``.

- ``bodies``: councils and committees and their rules;
- ``members``: adding and ending memberships (previews are readers, in ``selectors``);
- ``sessions``: sessions recorded by hand, minutes and attendance;
- ``imports``: the city's quarterly sheet, all or nothing;
- ``attachments``: files attached to a session;
- ``reports``: submitting, accepting and returning quarterly reports;
- ``surveys``: survey results shown with the statistics.

Locking (docs/subsystems/concurrency.md): a membership change locks its body's row first; a
session change or an import locks the quarterly reports it touches, in (district, year,
quarter) order.
"""

from maeul.governance import selectors
from maeul.governance.selectors import MemberDraft, membership_end_preview, membership_preview
from maeul.governance.services.attachments import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_TYPES,
    attachment_add,
)
from maeul.governance.services.bodies import BODY_FIELDS, body_create, body_update
from maeul.governance.services.imports import SHEET_MAX_BYTES, ImportFailed, sessions_import
from maeul.governance.services.members import CompositionWarning, membership_add, membership_end
from maeul.governance.services.reports import report_review, report_submit
from maeul.governance.services.sessions import (
    session_attendance_record,
    session_record,
    session_update_record,
)
from maeul.governance.services.surveys import SURVEY_FIELDS, survey_result_save

__all__ = [
    "ATTACHMENT_MAX_BYTES",
    "ATTACHMENT_TYPES",
    "BODY_FIELDS",
    "SHEET_MAX_BYTES",
    "SURVEY_FIELDS",
    "CompositionWarning",
    "ImportFailed",
    "MemberDraft",
    "attachment_add",
    "body_create",
    "body_update",
    "membership_add",
    "membership_end",
    "membership_end_preview",
    "membership_preview",
    "report_review",
    "report_submit",
    "selectors",
    "session_attendance_record",
    "session_record",
    "session_update_record",
    "sessions_import",
    "survey_result_save",
]
