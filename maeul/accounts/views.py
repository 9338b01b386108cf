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
from maeul.accounts.models import ResidentProfile, User
from maeul.accounts.selectors import profile_differences
from maeul.accounts.services import (
    VerificationOutcome,
    identity_check,
    identity_confirm,
    residence_reverify,
    resident_register,
    resident_update,
)
from maeul.core.errors import ServiceError


def _signed_in(request: HttpRequest) -> User:
    """The account of a view behind ``login_required`` (typed: never the anonymous user)."""
    user = request.user
    assert isinstance(user, User), "the view is behind login_required"
    return user


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    if request.method == "POST" and SignupForm.CHOOSE_DISTRICT in request.POST:
        # Without JavaScript: show the chosen district's dongs, keeping what was typed
        # (except the passwords, which are never sent back) and showing no errors yet.
        kept = {k: v for k, v in request.POST.items() if not k.startswith("password")}
        form = SignupForm(initial=kept)
        return render(request, "accounts/signup.html", {"form": form})
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
    user = _signed_in(request)
    resident = user.resident_or_none
    form = None
    if resident is not None:
        initial = {
            "name": user.name,
            "email": user.email,
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
                    user=user,
                    name=data["name"],
                    email=data["email"],
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
            "official": user.official_or_none,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    try:
        resident = user.resident
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
            outcome = identity_check(
                adapter_key=data["method"],
                name=data["name"],
                identity_number=data["identity_number"],
            )
            if profile_differences(resident, outcome):
                # Ask first: the register differs from what the resident declared.
                request.session[PENDING_VERIFICATION] = outcome.to_session()
                return redirect("accounts:verify_confirm")
            identity_confirm(user=user, outcome=outcome)
        except VerificationFailed as error:
            form.add_error("identity_number", str(error))
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your identity is verified."))
            return redirect("accounts:profile")
    return render(request, "accounts/verify.html", {"form": form})


#: Session key of a verification waiting for the resident's answer (no registration
#: number in it: only the keyed hash and what the register says).
PENDING_VERIFICATION = "accounts.pending_verification"


@login_required
@require_http_methods(["GET", "POST"])
def verify_confirm(request: HttpRequest) -> HttpResponse:
    """Show the declared birth year and gender beside the register's and apply the
    verification only when the resident confirms; cancelling changes nothing and leaves
    the account unverified."""
    user = _signed_in(request)
    resident = user.resident_or_none
    outcome = VerificationOutcome.from_session(request.session.get(PENDING_VERIFICATION))
    if resident is None or resident.is_verified or outcome is None:
        request.session.pop(PENDING_VERIFICATION, None)
        return redirect("accounts:verify")
    if request.method == "POST":
        request.session.pop(PENDING_VERIFICATION, None)
        if "confirm" not in request.POST:
            messages.info(request, _("Nothing was changed. Your account is not verified."))
            return redirect("accounts:profile")
        try:
            identity_confirm(user=user, outcome=outcome)
        except (VerificationFailed, ServiceError) as error:
            messages.error(request, str(getattr(error, "message", error)))
            return redirect("accounts:verify")
        messages.success(request, _("Your identity is verified."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/verify_confirm.html",
        {"differences": profile_differences(resident, outcome)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reverify(request: HttpRequest) -> HttpResponse:
    """A verified resident who has moved verifies again; the new home comes from it."""
    user = _signed_in(request)
    resident = user.resident_or_none
    if resident is None or not resident.is_verified:
        return redirect("accounts:verify")
    # The district is prefilled (many moves stay within it); the dong is chosen afresh.
    form = ReverificationForm(request.POST or None, initial={"district": resident.district})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            residence_reverify(
                user=user,
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
