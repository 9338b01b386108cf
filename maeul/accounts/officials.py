"""Officials and their roles: the one entry point for every change (issue 13).

An administrator manages the officials of their own municipality and below, and nothing else:

- the municipality given to an official always lies in the administrator's subtree, so no
  change can widen anyone's scope beyond the administrator's own (their own record included);
- an administrator never changes their own municipality, nor deactivates themselves;
- officials above district level (a city, metropolitan city or province record) are created
  and changed by platform operators (superusers) only — the rule ``accounts.manage_officials``
  says so, and it is asked with the target municipality *and* with the official's current one;
- roles come from ``Role`` only.

Each function is keyword-only, runs in one durable transaction, locks the official's row
(``select_for_update``) before reading what it changes, and appends to the audit log. Views
find officials through ``officials_for`` (out-of-scope ids answer 404 before any service runs).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from maeul.accounts.models import Official, OfficialRole, Role, User
from maeul.accounts.permissions import has_permission, has_role, official_of
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.places.models import Municipality


def officials_for(user: Any) -> QuerySet[Official]:
    """Officials whose records ``user`` may manage (their scope); none for non-officials."""
    queryset = Official.objects.select_related("user", "municipality").order_by(
        "municipality__path", "user__username"
    )
    if getattr(user, "is_superuser", False) and user.is_active:
        return queryset
    official = official_of(user)
    if official is None or not has_role(user, official.municipality, [Role.ADMINISTRATOR]):
        return queryset.none()
    return queryset.filter(municipality__path__startswith=official.municipality.path)


def _check_place(actor: Any, municipality: Municipality) -> None:
    if has_permission(actor, "accounts.manage_officials", municipality):
        return
    own = official_of(actor)
    if own is None or Role.ADMINISTRATOR not in own.role_set():
        raise NotAllowed(_("Only administrators manage officials."))
    if municipality.is_within(own.municipality):
        raise NotAllowed(
            _(
                "Only the platform operator gives an official a city- or province-level "
                "scope such as %(place)s."
            )
            % {"place": municipality.full_name},
            field="municipality",
        )
    raise NotAllowed(
        _(
            "You may give officials only your own municipality or a place below it; "
            "%(place)s is outside your scope."
        )
        % {"place": municipality.full_name},
        field="municipality",
    )


def _clean_roles(roles: Iterable[str]) -> list[str]:
    chosen = sorted(set(roles))
    unknown = [r for r in chosen if r not in Role.values]
    if unknown:
        raise ServiceError(
            _("Unknown role: %(role)s") % {"role": ", ".join(unknown)}, field="roles"
        )
    if not chosen:
        raise ServiceError(_("Choose at least one role."), field="roles")
    return chosen


def official_create(
    *,
    actor: Any,
    username: str,
    password: str,
    name: str,
    municipality: Municipality,
    roles: Iterable[str],
    department: str = "",
    email: str = "",
) -> Official:
    """Create an official's account in ``municipality``.

    ``actor`` None is the system (demo data, commands run by the operator on the server)."""
    if actor is not None:
        _check_place(actor, municipality)
    role_list = _clean_roles(roles)
    with transaction.atomic(durable=True):
        if User.objects.filter(username__iexact=username).exists():
            raise Conflict(_("This user name is taken. Choose another."), field="username")
        user = User(username=username, name=name, email=email, is_staff=True)
        user.set_password(password)
        user.save()
        official = Official.objects.create(
            user=user, municipality=municipality, department=department
        )
        OfficialRole.objects.bulk_create(
            [OfficialRole(official=official, role=r) for r in role_list]
        )
        audit_record(
            kind="accounts.official_created",
            actor=actor,
            subject=user,
            municipality=municipality,
            data={"roles": role_list, "department": department},
        )
    return official


def _locked(official: Official) -> Official:
    return (
        Official.objects.select_for_update()
        .select_related("user", "municipality")
        .get(pk=official.pk)
    )


def official_update(
    *,
    actor: Any,
    official: Official,
    municipality: Municipality,
    roles: Iterable[str],
    name: str,
    email: str = "",
    department: str = "",
    active: bool = True,
) -> Official:
    """Change an official's municipality, roles, details or active state, within the actor's
    scope; an administrator's own municipality and own active state never change here."""
    role_list = _clean_roles(roles)
    with transaction.atomic(durable=True):
        row = _locked(official)
        # Both ends: the record as it is, and as it would be.
        _check_place(actor, row.municipality)
        _check_place(actor, municipality)
        own = row.user_id == getattr(actor, "pk", None)
        if own and municipality.pk != row.municipality_id:
            raise NotAllowed(
                _("You cannot change your own municipality; ask an administrator above you."),
                field="municipality",
            )
        if own and not active:
            raise NotAllowed(_("You cannot deactivate your own account."), field="active")
        before = {
            "municipality": row.municipality.code,
            "roles": sorted(row.role_set()),
            "active": row.user.is_active,
        }
        row.municipality = municipality
        row.department = department
        row.save(update_fields=["municipality", "department"])
        row.user.name = name
        row.user.email = email
        row.user.is_active = active
        row.user.save(update_fields=["name", "email", "is_active"])
        OfficialRole.objects.filter(official=row).exclude(role__in=role_list).delete()
        have = set(OfficialRole.objects.filter(official=row).values_list("role", flat=True))
        OfficialRole.objects.bulk_create(
            [OfficialRole(official=row, role=r) for r in role_list if r not in have]
        )
        row.__dict__.pop("_role_cache", None)
        after = {"municipality": municipality.code, "roles": role_list, "active": active}
        audit_record(
            kind="accounts.official_updated",
            actor=actor,
            subject=row.user,
            municipality=municipality,
            data={"before": before, "after": after, "department": department},
        )
    return row


def official_deactivate(*, actor: Any, official: Official) -> Official:
    """Stop an official's access (the account can no longer log in); the record and its
    history stay. Reactivation is an ``official_update`` with ``active=True``."""
    with transaction.atomic(durable=True):
        row = _locked(official)
        _check_place(actor, row.municipality)
        if row.user_id == getattr(actor, "pk", None):
            raise NotAllowed(_("You cannot deactivate your own account."))
        if row.user.is_active:
            row.user.is_active = False
            row.user.save(update_fields=["is_active"])
            audit_record(
                kind="accounts.official_deactivated",
                actor=actor,
                subject=row.user,
                municipality=row.municipality,
                data={"roles": sorted(row.role_set())},
            )
    return row
