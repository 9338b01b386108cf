"""Category groups run with a body of the governance register — Geumcheon-gu runs the
education/youth group (교육·청소년) with its youth council (청소년의회): only the body's members
in term propose in the group and vote in its resident poll, and the group's cap applies in
the selection like any other group's. Membership is read from the register through
``maeul.governance.interface``, never copied."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.models import User
from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting.models import CategoryGroup
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.services._guards import lock_cycle, require_unlocked
from maeul.core.errors import NotAllowed, ServiceError
from maeul.governance import interface as governance_interface


def group_roll(group: CategoryGroup, on: dt.date | None = None) -> list[User]:
    """The accounts of the members of the group's body (with its sub-bodies) in term on
    ``on``: the electorate of the group's resident poll. Empty for a group open to all."""
    if group.voting_body_id is None:
        return []
    day = on or timezone.localdate()
    ids = governance_interface.with_subbodies(group.voting_body_id)
    terms = governance_interface.running_terms(ids, day, with_account=True)
    return list(User.objects.filter(pk__in=terms.values("user_id")).order_by("pk"))


def is_group_member(group: CategoryGroup, user: Any, on: dt.date | None = None) -> bool:
    if group.voting_body_id is None:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    ids = governance_interface.with_subbodies(group.voting_body_id)
    day = on or timezone.localdate()
    return governance_interface.running_terms(ids, day, user=user).exists()


def require_group_member(group: CategoryGroup, user: Any) -> None:
    """Refuse a proposal in a group run with a body from anyone but its members in term."""
    if not is_group_member(group, user):
        raise NotAllowed(
            _("Only members of %(body)s propose in the group %(group)s.")
            % {"body": group.voting_body.name, "group": group.display_name},  # type: ignore[union-attr]
        )


def group_body_set(*, actor: Any, group: CategoryGroup, body: Any | None) -> CategoryGroup:
    """Run ``group`` with ``body`` (a body of the cycle's municipality in the governance
    register), or open it to all residents again with ``None``. A rule of the cycle: it
    freezes with the others when voting opens."""
    cycle = group.cycle
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    if body is not None and body.municipality_id != cycle.municipality_id:
        raise ServiceError(
            _("Choose a body of %(place)s.") % {"place": cycle.municipality.name},
            field="voting_body",
        )
    with transaction.atomic(durable=True):
        locked = lock_cycle(actor, cycle, BudgetingPermission.MANAGE)
        require_unlocked(locked)
        current = CategoryGroup.objects.select_for_update().get(pk=group.pk, cycle=locked)
        current.voting_body = body
        current.save(update_fields=["voting_body"])
        audit_record(
            kind="budgeting.group_body_set",
            actor=actor,
            subject=current,
            municipality=locked.municipality,
            data={"group": current.code, "body": body.pk if body is not None else None},
        )
    return current
