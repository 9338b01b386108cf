"""Who may flag and who moderates (see maeul/accounts/permissions.py).

* Any signed-in, active account may flag content it can see (``FLAG``); anonymous visitors
  may not, so one person cannot flag the same post many times from many sessions.
* Administrators and programme managers of the content's municipality (or above) see the
  queue and hide, restore or dismiss (``MODERATE``); the object is a Municipality or a
  ``ModeratedItem`` (its ``municipality``).
"""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import Permission, has_role, rule

MODERATORS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]


class ModerationPermission(Permission):
    FLAG = "moderation.flag"
    MODERATE = "moderation.moderate"


@rule(ModerationPermission.FLAG)
def flag(user: Any, obj: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rule(ModerationPermission.MODERATE)
def moderate(user: Any, obj: Any) -> bool:
    return has_role(user, obj, MODERATORS)
