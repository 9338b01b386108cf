"""Changes to the municipality tree: administrators add and rename the places of their scope.

The scope rules (issue 13): a place is added only under a municipality the administrator
covers (``places.add_place``); a place is changed only when it lies *below* the
administrator's own municipality (``places.change_municipality``), so nobody renames or
re-parents their own municipality; a new parent must again lie in the scope, so nothing ever
moves out of it. A place with places below it is never moved (its subtree's materialised
paths would go stale). Kinds follow the tree's levels: a dong goes under a city, county or
district, a district under a province or metropolitan city.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maeul.accounts.permissions import has_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, NotAllowed, ServiceError, violates
from maeul.places.models import LEVEL_OF_KIND, Municipality, MunicipalityKind


def _check_parent(actor: Any, parent: Municipality, kind: str) -> None:
    if not has_permission(actor, "places.add_place", parent):
        raise NotAllowed(
            _("%(place)s is outside your scope; choose your municipality or a place below it.")
            % {"place": parent.full_name},
            field="parent",
        )
    if LEVEL_OF_KIND[MunicipalityKind(kind)] != parent.level + 1:
        raise ServiceError(
            _("A %(kind)s cannot be placed directly under %(place)s.")
            % {"kind": MunicipalityKind(kind).label, "place": parent.full_name},
            field="kind",
        )


def _clean_code(admin_code: str | None) -> str | None:
    code = (admin_code or "").strip()
    if code and (len(code) != 10 or not code.isdigit()):
        raise ServiceError(
            _("The administrative code has 10 digits (행정표준코드), e.g. 4113552000."),
            field="admin_code",
        )
    return code or None


def _save(place: Municipality, name: str) -> None:
    try:
        with transaction.atomic():
            place.save()
    except IntegrityError as error:
        if violates(error, "places_municipality_admin_code_key", "admin_code") or (
            place.admin_code
            and Municipality.objects.filter(admin_code=place.admin_code)
            .exclude(pk=place.pk)
            .exists()
        ):
            raise Conflict(
                _("Another place already has this administrative code."), field="admin_code"
            ) from None
        raise Conflict(
            _("A place with this identifier already exists: %(name)s.") % {"name": name},
            field="name_en",
        ) from None


def municipality_create(
    *,
    actor: Any,
    parent: Municipality,
    name: str,
    name_en: str,
    kind: str = MunicipalityKind.DONG,
    admin_code: str | None = None,
    sort_order: int = 0,
) -> Municipality:
    """Add a place (usually a dong) under ``parent``, a municipality of the actor's scope."""
    _check_parent(actor, parent, kind)
    name, name_en = name.strip(), name_en.strip()
    if not name or not name_en:
        raise ServiceError(_("Give the place's name in Korean and in English."), field="name")
    code = _clean_code(admin_code)
    slug = slugify(f"{parent.slug}-{name_en}")[:80]
    with transaction.atomic(durable=True):
        if Municipality.objects.filter(slug=slug).exists():
            raise Conflict(
                _("%(parent)s already has a place called %(name)s.")
                % {"parent": parent.display_name, "name": name_en},
                field="name_en",
            )
        place = Municipality(
            slug=slug,
            admin_code=code,
            name=name,
            name_en=name_en,
            kind=kind,
            parent=parent,
            sort_order=sort_order,
        )
        _save(place, name_en)
        audit_record(
            kind="places.municipality_created",
            actor=actor,
            subject=place,
            municipality=place,
            data={"parent": parent.code, "name": name, "kind": kind, "admin_code": code or ""},
        )
    return place


def municipality_update(
    *,
    actor: Any,
    municipality: Municipality,
    name: str,
    name_en: str,
    parent: Municipality,
    admin_code: str | None = None,
    sort_order: int = 0,
) -> Municipality:
    """Rename a place below the actor's municipality, or move it under another municipality
    of the scope (only a place with nothing below it)."""
    name, name_en = name.strip(), name_en.strip()
    if not name or not name_en:
        raise ServiceError(_("Give the place's name in Korean and in English."), field="name")
    code = _clean_code(admin_code)
    with transaction.atomic(durable=True):
        row = Municipality.objects.select_for_update().get(pk=municipality.pk)
        if not has_permission(actor, "places.change_municipality", row):
            raise NotAllowed(
                _(
                    "You may change only the places below your own municipality; "
                    "%(place)s is not one of them."
                )
                % {"place": row.full_name}
            )
        moved = parent.pk != row.parent_id
        if moved:
            _check_parent(actor, parent, row.kind)
            if parent.is_within(row) or row.children.exists():
                raise ServiceError(
                    _("A place with places below it cannot be moved."), field="parent"
                )
        before = {"name": row.name, "name_en": row.name_en, "parent": row.parent_id}
        row.name, row.name_en, row.admin_code, row.sort_order = name, name_en, code, sort_order
        row.parent = parent
        _save(row, name_en)
        audit_record(
            kind="places.municipality_updated",
            actor=actor,
            subject=row,
            municipality=row,
            data={
                "before": before,
                "after": {"name": name, "name_en": name_en, "parent": parent.pk},
                "admin_code": code or "",
            },
        )
    return row
