"""What every jury page shares: finding a jury its organiser may manage, and turning a
service's refusal into the form's error or a flash message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from maeul.accounts.permissions import has_permission
from maeul.core.errors import ServiceError
from maeul.juries import selectors
from maeul.juries.models import (
    Jury,
)
from maeul.juries.rules import JuryPermission


def jury_for_organiser(
    request: HttpRequest, jury_id: int, permission: JuryPermission = JuryPermission.MANAGE
) -> Jury:
    """Fetch and authorise in one step: 404 outside the user's scope (ids do not leak), 403
    for an official of the municipality without ``permission``."""
    jury = selectors.jury_for(request.user, jury_id, JuryPermission.VIEW_BACKOFFICE)
    if not has_permission(request.user, permission, jury.municipality):
        raise PermissionDenied(_("You do not have permission to do this."))
    return jury


def _form_error(form: Any, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _groups(jury: Jury) -> dict[str, str]:
    return dict(jury.district_groups.values_list("key", "name"))


def _messages(request: HttpRequest, error: ServiceError) -> None:
    for line in error.message.splitlines():
        messages.error(request, line)


def _manage_form_done(request: HttpRequest, form: Any, save: Any, done: str) -> None:
    """Run ``save(cleaned_data)`` for a valid form of the manage page; say what happened."""
    if not form.is_valid():
        messages.error(request, _("Check the dates and fields of the form."))
        return
    try:
        save(form.cleaned_data)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
