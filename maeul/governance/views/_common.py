"""Helpers the governance views share: the municipality by slug, rule texts, downloads."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from maeul.accounts.permissions import covers, has_permission
from maeul.core.errors import ServiceError
from maeul.engine.scoring import CIVIL_SHARE, GENDER_BALANCE, ChangeEffect, RuleResult
from maeul.engine.scoring.exact import percent_text
from maeul.exports.writers import CONTENT_TYPES
from maeul.exports.writers import render as render_table
from maeul.governance.rules import GovernancePermission
from maeul.places.models import Municipality


def _municipality(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


def _links(user: Any, municipality: Municipality) -> dict[str, bool]:
    return {
        "can_view": has_permission(user, GovernancePermission.VIEW_RECORDS, municipality),
        "can_manage": has_permission(user, GovernancePermission.MANAGE_BODIES, municipality),
        "can_record": has_permission(user, GovernancePermission.RECORD_SESSIONS, municipality),
    }


def rule_text(result: RuleResult) -> str:
    """A rule's verdict in the visitor's language."""
    if result.value is None:
        return _("No members yet: nothing to check.")
    values = {"value": percent_text(result.value), "threshold": percent_text(result.threshold)}
    if result.code == GENDER_BALANCE:
        if result.ok:
            return (
                _("The smaller gender holds %(value)s%% (each gender needs %(threshold)s%%).")
                % values
            )
        return (
            _("The smaller gender holds only %(value)s%%; each gender needs %(threshold)s%%.")
            % values
        )
    if result.code == CIVIL_SHARE:
        if result.ok:
            return _("Civil members hold %(value)s%% (at least %(threshold)s%% needed).") % values
        return (
            _("Civil members hold only %(value)s%%; at least %(threshold)s%% is needed.") % values
        )
    return result.explanation


def rule_name(code: str) -> str:
    return {GENDER_BALANCE: _("Gender balance"), CIVIL_SHARE: _("Civil share")}.get(code, code)


def _rules(report: Any) -> list[dict[str, Any]]:
    return [{"name": rule_name(r.code), "ok": r.ok, "text": rule_text(r)} for r in report.results]


def _effect(effect: ChangeEffect) -> dict[str, Any]:
    return {
        "before": effect.before,
        "after": effect.after,
        "before_rules": _rules(effect.before),
        "after_rules": _rules(effect.after),
        "newly_broken": [rule_name(c) for c in effect.newly_broken],
        "still_broken": [rule_name(c) for c in effect.still_broken],
        "repaired": [rule_name(c) for c in effect.repaired],
    }


def _download(table: Any, fmt: str, rows: Any, suffix: str) -> HttpResponse:
    """A public table as CSV (with a BOM for Excel) or XLSX, in the export's columns."""
    data = render_table(fmt, table.name, table.columns, rows, bom=True)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{table.name}-{suffix}.{fmt}"'
    return response


# ---- public ---------------------------------------------------------------------------------


def _put_error(form: Any, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def manager_municipality(request: HttpRequest, slug: str) -> Municipality:
    """The municipality, if the user may manage its bodies: officials of it without the role
    get 403, anyone whose scope does not cover it gets 404 (as for a body's id)."""
    municipality = _municipality(slug)
    if has_permission(request.user, GovernancePermission.MANAGE_BODIES, municipality):
        return municipality
    if covers(request.user, municipality):
        raise PermissionDenied(_("You do not have permission to do this."))
    raise Http404(slug)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("id") from None
