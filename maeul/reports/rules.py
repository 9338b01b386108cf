"""Who may do what with residents' reports (see maeul/accounts/permissions.py).

* Anyone, signed in or not, may file a report (``FILE``).
* Administrators and programme managers of the report's municipality (or above) handle it:
  triage, assign, transfer, dismiss, answer, internal notes; only they see who reported it
  (``HANDLE``, ``SEE_REPORTER``). Officials with the auditor role may read the queue.
* A citizen auditor (시민감사관, a resident with a running term on the municipality's
  citizen-auditor body, read through ``governance.interface``) works only on the reports
  assigned to them (``WORK``): investigate, answer, notes. They never see the reporter.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from maeul.accounts.models import Role
from maeul.accounts.permissions import Permission, has_role, rule
from maeul.governance.interface import is_citizen_auditor

MANAGERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]


class ReportPermission(Permission):
    FILE = "reports.file"
    HANDLE = "reports.handle"
    SEE_REPORTER = "reports.see_reporter"
    WORK = "reports.work"
    VIEW_QUEUE = "reports.view_queue"
    VIEW = "reports.view"


@rule(ReportPermission.FILE)
def file(user: Any, obj: Any) -> bool:
    return True


@rule(ReportPermission.HANDLE)
def handle(user: Any, obj: Any) -> bool:
    return has_role(user, obj, MANAGERS)


@rule(ReportPermission.SEE_REPORTER)
def see_reporter(user: Any, obj: Any) -> bool:
    return has_role(user, obj, MANAGERS)


@rule(ReportPermission.VIEW_QUEUE)
def view_queue(user: Any, obj: Any) -> bool:
    return has_role(user, obj, [*MANAGERS, Role.AUDITOR])


def is_assigned_auditor(user: Any, report: Any) -> bool:
    auditor_id = getattr(report, "auditor_id", None)
    if auditor_id is None or not getattr(user, "is_authenticated", False):
        return False
    if auditor_id != user.pk:
        return False
    return is_citizen_auditor(user, report.municipality_id, timezone.localdate())


@rule(ReportPermission.WORK)
def work(user: Any, report: Any) -> bool:
    """The handling officials, or the citizen auditor the report is assigned to while their
    term runs."""
    return has_role(user, report, MANAGERS) or is_assigned_auditor(user, report)


@rule(ReportPermission.VIEW)
def view(user: Any, report: Any) -> bool:
    """Reading a report in the workspace: whoever may work on it, and the officials'
    auditors of its scope."""
    return has_role(user, report, [*MANAGERS, Role.AUDITOR]) or is_assigned_auditor(user, report)
