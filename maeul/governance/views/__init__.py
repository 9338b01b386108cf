"""Governance screens under /governance/.

Access, per view: ``bodies``, ``body``, ``composition`` and ``statistics`` are public (the
statistics show accepted reports only, unless an official of the scope asks for the rest);
everything else is for officials whose scope covers the municipality, by the named rules in
``rules.py`` — fetched and authorised in one step by ``get_authorised``, so another
district's id answers 404. Writes go through ``services`` only. Each action has its own view
and URL (no view tells actions apart by the button pressed).

Adding or ending a membership is a two-step form that works without JavaScript: the first
POST (to ``member_add``/``member_end``) shows the composition before and after and any rule
the change would break; the confirm button posts the same fields to ``..._confirm``, which
saves.
"""

from maeul.governance.views._common import rule_name, rule_text
from maeul.governance.views.members import (
    body_edit,
    body_new,
    member_add,
    member_add_confirm,
    member_end,
    member_end_confirm,
)
from maeul.governance.views.public import (
    bodies,
    body_detail,
    composition,
    statistics,
)
from maeul.governance.views.reports import (
    alerts,
    report_accept,
    report_detail,
    report_return,
    report_submit,
    reports,
)
from maeul.governance.views.sessions import (
    attachment_download,
    import_sheet,
    session_attach,
    session_attendance,
    session_detail,
    session_minutes,
    session_new,
    sheet_download,
    surveys,
)

__all__ = [
    "alerts",
    "attachment_download",
    "bodies",
    "body_detail",
    "body_edit",
    "body_new",
    "composition",
    "import_sheet",
    "member_add",
    "member_add_confirm",
    "member_end",
    "member_end_confirm",
    "report_accept",
    "report_detail",
    "report_return",
    "report_submit",
    "reports",
    "rule_name",
    "rule_text",
    "session_attach",
    "session_attendance",
    "session_detail",
    "session_minutes",
    "session_new",
    "sheet_download",
    "statistics",
    "surveys",
]
