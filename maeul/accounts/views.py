"""Account screens: sign-up, profile, identity verification. Login, logout and password reset
are Django's own views with Maeul's templates (see urls.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maeul.accounts.forms import (
    ProfileForm,
    ReverificationForm,
    SignupForm,
    VerificationForm,
)
from maeul.accounts.identity import VerificationFailed
from maeul.accounts.models import ResidentProfile
from maeul.accounts.services import (
    identity_verify,
    residence_reverify,
    resident_register,
    resident_update,
)
from maeul.core.errors import ServiceError


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = resident_register(
                username=data["username"],
                password=data["password1"],
                name=data["name"],
                email=data["email"],
                birth_year=data["birth_year"],
                gender=data["gender"],
                district=data["district"],
                dong=data["dong"],
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            login(request, user, backend="maeul.accounts.backends.MaeulBackend")
            messages.success(request, _("Welcome to Maeul. Your account is ready."))
            return redirect(request.GET.get("next") or "accounts:profile")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    resident = request.user.resident_or_none  # type: ignore[union-attr]
    form = None
    if resident is not None:
        initial = {
            "name": request.user.name,
            "email": request.user.email,  # type: ignore[union-attr]
            "district": resident.district,
            "dong": resident.dong,
        }
        form = ProfileForm(
            request.POST or None, initial=initial, residence_locked=resident.is_verified
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                resident_update(
                    user=request.user,
                    name=data["name"],
                    email=data["email"],  # type: ignore[arg-type]
                    district=data["district"],
                    dong=data["dong"],
                )
            except ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Your profile was saved."))
                return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "resident": resident,
            "official": request.user.official_or_none,  # type: ignore[union-attr]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    try:
        resident = request.user.resident  # type: ignore[union-attr]
    except ResidentProfile.DoesNotExist:
        messages.error(request, _("Only residents verify their identity."))
        return redirect("accounts:profile")
    if resident.is_verified:
        messages.info(request, _("Your account is already verified."))
        return redirect("accounts:profile")
    form = VerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            identity_verify(
                user=request.user,
                adapter_key=data["method"],
                name=data["name"],  # type: ignore[arg-type]
                identity_number=data["identity_number"],
            )
        except VerificationFailed as error:
            form.add_error("identity_number", str(error))
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your identity is verified."))
            return redirect("accounts:profile")
    return render(request, "accounts/verify.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def reverify(request: HttpRequest) -> HttpResponse:
    """A verified resident who has moved verifies again; the new home comes from it."""
    resident = request.user.resident_or_none  # type: ignore[union-attr]
    if resident is None or not resident.is_verified:
        return redirect("accounts:verify")
    # The district is prefilled (many moves stay within it); the dong is chosen afresh.
    form = ReverificationForm(request.POST or None, initial={"district": resident.district})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            residence_reverify(
                user=request.user,  # type: ignore[arg-type]
                adapter_key=data["method"],
                name=data["name"],
                identity_number=data["identity_number"],
                district=data["district"],
                dong=data["dong"],
            )
        except VerificationFailed as error:
            form.add_error("identity_number", str(error))
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your identity is verified and your home is updated."))
            return redirect("accounts:profile")
    return render(request, "accounts/verify.html", {"form": form, "moving": True})
