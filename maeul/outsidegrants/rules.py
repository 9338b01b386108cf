"""Who may do what with the register of outside grant programmes (see
maeul/accounts/permissions.py).

* Anyone may read the public summary: yearly counts by field, applications, selections, the
  amounts won and the incentives paid; never a note, a pre-check score or a department's
  reward (the summary is not a rule, it is public).
* Officials of the municipality's scope with the administrator, programme-manager, reviewer
  or auditor role read the register (``VIEW``): the programmes, the pre-checks, the outcomes.
* Administrators and programme managers record (``MANAGE``): programmes, imports,
  applications with their pre-check, outcomes and incentives.
"""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import Permission, has_role, rule

MANAGERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]


class OutsideGrantPermission(Permission):
    VIEW = "outsidegrants.view"
    MANAGE = "outsidegrants.manage"


@rule(OutsideGrantPermission.VIEW)
def view(user: Any, obj: Any) -> bool:
    return has_role(user, obj, [*MANAGERS, Role.REVIEWER, Role.AUDITOR])


@rule(OutsideGrantPermission.MANAGE)
def manage(user: Any, obj: Any) -> bool:
    return has_role(user, obj, MANAGERS)
