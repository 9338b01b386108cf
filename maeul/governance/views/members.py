"""Officials who manage bodies: create and edit a body, add or end a membership.

Adding or ending a membership is a two-step form that works without JavaScript: the first
POST (to ``member_add``/``member_end``) shows the composition before and after and any rule
the change would break; the confirm button posts the same fields to ``..._confirm``, which
saves.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maeul.accounts.models import User
from maeul.accounts.permissions import get_authorised
from maeul.core.errors import ServiceError
from maeul.governance import selectors, services
from maeul.governance.forms import (
    BodyForm,
    EndMembershipForm,
    MemberForm,
)
from maeul.governance.models import (
    Body,
    Membership,
)
from maeul.governance.rules import GovernancePermission
from maeul.governance.views._common import (
    _effect,
    _put_error,
    manager_municipality,
)


def _draft(form: MemberForm) -> selectors.MemberDraft:
    data = form.cleaned_data
    user_id = None
    if data.get("username"):
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            raise ServiceError(_("No account has this user name."), field="username")
        user_id = user.pk
    return selectors.MemberDraft(
        person_name=data["person_name"],
        affiliation=data.get("affiliation") or "",
        sector=data["sector"],
        gender=data["gender"],
        appointment=data["appointment"],
        role=data["role"],
        term_start=data["term_start"],
        term_end=data.get("term_end"),
        user_id=user_id,
    )


def _managed_body(request: HttpRequest, body_id: int) -> Body:
    """A body the official may manage; another scope's id answers 404, like a missing one."""
    return get_authorised(
        Body.objects.select_related("municipality", "parent"),
        request.user,
        body_id,
        GovernancePermission.MANAGE_BODIES,
    )


def _managed_membership(request: HttpRequest, member_id: int) -> Membership:
    return get_authorised(
        Membership.objects.select_related("body__municipality", "body__parent"),
        request.user,
        member_id,
        GovernancePermission.MANAGE_BODIES,
    )


def _member_add_page(
    request: HttpRequest, body: Body, form: MemberForm, extra: dict[str, Any]
) -> HttpResponse:
    context: dict[str, Any] = {"body": body, "municipality": body.municipality, "form": form}
    return render(request, "governance/member_form.html", {**context, **extra})


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, body_id: int) -> HttpResponse:
    """Officials who manage bodies: the member form. A POST previews the change (composition
    before and after, any rule it would break) and saves nothing; the page's confirm button
    posts the same fields to ``member_add_confirm``."""
    body = _managed_body(request, body_id)
    form = MemberForm(request.POST or None)
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            effect, end = selectors.membership_preview(body=body, draft=_draft(form))
        except ServiceError as error:
            _put_error(form, error)
        else:
            extra = {
                "preview": _effect(effect),
                "term_end": end,
                "warns": bool(effect.newly_broken),
            }
    return _member_add_page(request, body, form, extra)


@login_required
@require_POST
def member_add_confirm(request: HttpRequest, body_id: int) -> HttpResponse:
    """Officials who manage bodies: save the previewed member. A rule the change would break
    is saved only with ``acknowledge`` (sent once the warning was shown); otherwise the
    preview comes back with the warning."""
    body = _managed_body(request, body_id)
    form = MemberForm(request.POST)
    extra: dict[str, Any] = {}
    if form.is_valid():
        try:
            services.membership_add(
                actor=request.user,
                body=body,
                draft=_draft(form),
                acknowledge=request.POST.get("acknowledge") == "1",
            )
        except services.CompositionWarning as warning:
            extra = {"preview": _effect(warning.effect), "warns": True}
            messages.warning(request, warning.message)
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The member was added."))
            return redirect("governance:body", body.pk)
    return _member_add_page(request, body, form, extra)


def _member_end_page(
    request: HttpRequest, member: Membership, form: EndMembershipForm, extra: dict[str, Any]
) -> HttpResponse:
    context: dict[str, Any] = {
        "body": member.body,
        "member": member,
        "municipality": member.body.municipality,
        "form": form,
    }
    return render(request, "governance/member_end.html", {**context, **extra})


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request: HttpRequest, member_id: int) -> HttpResponse:
    """Officials who manage bodies: the form to end a membership. A POST previews the
    composition after the member's last day and saves nothing; the confirm button posts to
    ``member_end_confirm``."""
    member = _managed_membership(request, member_id)
    form = EndMembershipForm(request.POST or None, initial={"resigned_on": selectors.today()})
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            effect = selectors.membership_end_preview(
                membership=member, on=form.cleaned_data["resigned_on"]
            )
        except ServiceError as error:
            _put_error(form, error)
        else:
            extra = {"preview": _effect(effect), "warns": bool(effect.newly_broken)}
    return _member_end_page(request, member, form, extra)


@login_required
@require_POST
def member_end_confirm(request: HttpRequest, member_id: int) -> HttpResponse:
    """Officials who manage bodies: record the previewed end of a membership (a rule it would
    break needs ``acknowledge``, as for adding)."""
    member = _managed_membership(request, member_id)
    form = EndMembershipForm(request.POST)
    extra: dict[str, Any] = {}
    if form.is_valid():
        try:
            services.membership_end(
                actor=request.user,
                membership=member,
                on=form.cleaned_data["resigned_on"],
                reason=form.cleaned_data["reason"],
                acknowledge=request.POST.get("acknowledge") == "1",
            )
        except services.CompositionWarning as warning:
            extra = {"preview": _effect(warning.effect), "warns": True}
            messages.warning(request, warning.message)
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The membership was ended."))
            return redirect("governance:body", member.body_id)
    return _member_end_page(request, member, form, extra)


@login_required
@require_http_methods(["GET", "POST"])
def body_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Officials who manage bodies: create a council or committee of this municipality."""
    municipality = manager_municipality(request, slug)
    form = BodyForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The body was created; now add its members."))
            return redirect("governance:body", body.pk)
    return render(
        request,
        "governance/body_form.html",
        {"municipality": municipality, "form": form, "body": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, body_id: int) -> HttpResponse:
    """Officials who manage bodies: change a body's name, mandate, meeting and term rules."""
    body = _managed_body(request, body_id)
    form = BodyForm(request.POST or None, instance=body, municipality=body.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(actor=request.user, body=body, data=form.cleaned_data)
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The body was saved."))
            return redirect("governance:body", body.pk)
    return render(
        request,
        "governance/body_form.html",
        {"municipality": body.municipality, "form": form, "body": body},
    )
