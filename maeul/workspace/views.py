"""Pages of the officials' workspace (업무공간).

Access: every page is for officials (and platform operators) only — anonymous visitors are
sent to the login page, residents get 403. The officials and places pages are for
administrators; ids outside the administrator's scope answer 404 before any service runs.
Every change goes through ``maeul.accounts.officials`` and ``maeul.places.services``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts import officials as official_services
from maeul.accounts.permissions import official_of
from maeul.core.confirm import confirmation_page
from maeul.core.errors import ServiceError
from maeul.places import services as place_services
from maeul.places.models import Municipality
from maeul.workspace import selectors
from maeul.workspace.forms import OfficialForm, PlaceForm

ACCESS = {
    "index": "official",
    "officials": "official(administrator)",
    "official_new": "official(administrator)",
    "official_edit": "official(administrator)",
    "official_deactivate": "official(administrator)",
    "places": "official(administrator)",
    "place_new": "official(administrator)",
    "place_edit": "official(administrator)",
}

View = Callable[..., HttpResponse]


def _operator(user: Any) -> bool:
    return bool(user.is_active and user.is_superuser)


def official_page(view: View) -> View:
    """Officials and operators only: the login page for visitors, 403 for everyone else."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not selectors.is_official(request.user):
            raise PermissionDenied(_("This page is for officials."))
        return view(request, *args, **kwargs)

    return wrapped


def administrator_page(view: View) -> View:
    """Administrators (and operators) only; other officials get 403."""

    @official_page
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.is_administrator(request.user):
            raise PermissionDenied(_("This page is for administrators."))
        return view(request, *args, **kwargs)

    return wrapped


def _apply_error(form: Any, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# ---- the hub -----------------------------------------------------------------------------------


@require_GET
@official_page
def index(request: HttpRequest) -> HttpResponse:
    general, per_place = selectors.manage_links(request.user)
    return render(
        request,
        "workspace/index.html",
        {
            "official": official_of(request.user),
            "needs": selectors.needs_me(request.user),
            "general_links": general,
            "place_links": per_place,
        },
    )


# ---- officials and roles -----------------------------------------------------------------------


def _official_places(user: Any) -> QuerySet[Municipality]:
    """Where an administrator may place officials: their subtree at district level or below
    (the operator: everywhere)."""
    places = Municipality.objects.order_by("path")
    if _operator(user):
        return places
    home = official_of(user).municipality
    return places.filter(path__startswith=home.path, level__gte=2)


@require_GET
@administrator_page
def officials(request: HttpRequest) -> HttpResponse:
    rows = official_services.officials_for(request.user).prefetch_related("roles")
    return render(request, "workspace/officials.html", {"officials": rows})


@require_http_methods(["GET", "POST"])
@administrator_page
def official_new(request: HttpRequest) -> HttpResponse:
    form = OfficialForm(request.POST or None, places=_official_places(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = official_services.official_create(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                name=data["name"],
                email=data["email"],
                municipality=data["municipality"],
                roles=data["roles"],
                department=data["department"],
            )
        except ServiceError as error:
            _apply_error(form, error)
        else:
            messages.success(
                request,
                _("Official %(name)s was created for %(place)s.")
                % {"name": created.user.username, "place": created.municipality.full_name},
            )
            return redirect("workspace:officials")
    return render(
        request, "workspace/official_form.html", {"form": form, "title": _("Add an official")}
    )


@require_http_methods(["GET", "POST"])
@administrator_page
def official_edit(request: HttpRequest, pk: int) -> HttpResponse:
    official = get_object_or_404(official_services.officials_for(request.user), pk=pk)
    initial = {
        "name": official.user.name,
        "email": official.user.email,
        "municipality": official.municipality_id,
        "roles": sorted(official.role_set()),
        "department": official.department,
        "active": official.user.is_active,
    }
    form = OfficialForm(
        request.POST or None,
        initial=initial,
        places=_official_places(request.user),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            official_services.official_update(
                actor=request.user,
                official=official,
                municipality=data["municipality"],
                roles=data["roles"],
                name=data["name"],
                email=data["email"],
                department=data["department"],
                active=data["active"],
            )
        except ServiceError as error:
            _apply_error(form, error)
        else:
            messages.success(
                request, _("Official %(name)s was saved.") % {"name": official.user.username}
            )
            return redirect("workspace:officials")
    return render(
        request,
        "workspace/official_form.html",
        {
            "form": form,
            "official": official,
            "own": official.user_id == request.user.pk,
            "title": _("Official %(name)s") % {"name": official.user.username},
        },
    )


@require_POST
@administrator_page
def official_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    official = get_object_or_404(official_services.officials_for(request.user), pk=pk)
    page = confirmation_page(
        request,
        title=_("Deactivate %(name)s?") % {"name": official.user.username},
        consequences=[
            _("%(name)s can no longer log in or act for %(place)s.")
            % {"name": official.user.username, "place": official.municipality.full_name},
            _("The record and its history stay; you can make the account active again."),
        ],
        action_label=_("Deactivate"),
        cancel_url=reverse("workspace:official_edit", args=[official.pk]),
    )
    if page is not None:
        return page
    try:
        official_services.official_deactivate(actor=request.user, official=official)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("workspace:official_edit", pk=official.pk)
    messages.success(
        request, _("Official %(name)s was deactivated.") % {"name": official.user.username}
    )
    return redirect("workspace:officials")


# ---- places ------------------------------------------------------------------------------------


def _scope_places(user: Any) -> QuerySet[Municipality]:
    places = Municipality.objects.select_related("parent").order_by("path")
    if _operator(user):
        return places
    return places.filter(path__startswith=official_of(user).municipality.path)


def _changeable_places(user: Any) -> QuerySet[Municipality]:
    """Places an administrator may change: below their own municipality."""
    places = _scope_places(user)
    if _operator(user):
        return places
    return places.exclude(pk=official_of(user).municipality_id)


def _parents(user: Any) -> QuerySet[Municipality]:
    return _scope_places(user).filter(level__lte=2)


@require_GET
@administrator_page
def places(request: HttpRequest) -> HttpResponse:
    rows = list(_scope_places(request.user))
    changeable = set(_changeable_places(request.user).values_list("pk", flat=True))
    return render(request, "workspace/places.html", {"places": rows, "changeable": changeable})


@require_http_methods(["GET", "POST"])
@administrator_page
def place_new(request: HttpRequest) -> HttpResponse:
    parents = _parents(request.user)
    initial = {"parent": request.GET.get("parent")}
    form = PlaceForm(request.POST or None, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            place = place_services.municipality_create(
                actor=request.user,
                parent=data["parent"],
                kind=data["kind"],
                name=data["name"],
                name_en=data["name_en"],
                admin_code=data["admin_code"],
                sort_order=data["sort_order"] or 0,
            )
        except ServiceError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("%(place)s was added.") % {"place": place.full_name})
            return redirect("workspace:places")
    return render(request, "workspace/place_form.html", {"form": form, "title": _("Add a place")})


@require_http_methods(["GET", "POST"])
@administrator_page
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(_changeable_places(request.user), pk=pk)
    initial = {
        "parent": place.parent_id,
        "name": place.name,
        "name_en": place.name_en,
        "admin_code": place.admin_code or "",
        "sort_order": place.sort_order,
    }
    form = PlaceForm(
        request.POST or None, parents=_parents(request.user), initial=initial, editing=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            place_services.municipality_update(
                actor=request.user,
                municipality=place,
                parent=data["parent"],
                name=data["name"],
                name_en=data["name_en"],
                admin_code=data["admin_code"],
                sort_order=data["sort_order"] or 0,
            )
        except ServiceError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("%(place)s was saved.") % {"place": place.name})
            return redirect("workspace:places")
    return render(
        request,
        "workspace/place_form.html",
        {"form": form, "place": place, "title": place.full_name},
    )
