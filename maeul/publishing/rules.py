"""Who may publish a data book or brief: administrators and programme managers of the
municipality (or of a place above it). Reading and verifying publications is public."""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import Permission, has_role, rule


class PublishingPermission(Permission):
    PUBLISH = "publishing.publish"


@rule(PublishingPermission.PUBLISH)
def publish(user: Any, obj: Any) -> bool:
    return has_role(user, obj, [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER])
