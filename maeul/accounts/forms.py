"""Forms of the account screens; each error message is translatable (Korean and English)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import password_validation
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maeul.accounts.identity import (
    VerificationFailed,
    canonical_identity_number,
    enabled_adapters,
    normalise_name,
)
from maeul.accounts.models import Gender
from maeul.places.models import Municipality, MunicipalityKind
from maeul.places.selectors import districts_in_korean_order, dongs_by_district

username_validator = RegexValidator(
    r"^[A-Za-z0-9._-]{3,30}$",
    _("Use 3 to 30 letters, digits, dots, hyphens or underscores."),
)


if TYPE_CHECKING:  # Django's form and admin classes are generic for the type checker only
    _MunicipalityField = forms.ModelChoiceField[Municipality]
else:
    _MunicipalityField = forms.ModelChoiceField


class MunicipalityChoiceField(_MunicipalityField):
    def label_from_instance(self, obj: Municipality) -> str:
        return obj.full_name


def _districts() -> Any:
    return Municipality.objects.filter(level=2).select_related("parent").order_by("path")


def _dongs() -> Any:
    return Municipality.objects.filter(kind=MunicipalityKind.DONG).order_by("parent__name", "name")


EMPTY_CHOICE = ("", "---------")


def _district_label(district: Municipality) -> str:
    parent = district.parent
    return f"{parent.display_name} {district.display_name}" if parent else district.display_name


class HomeFieldsMixin(forms.Form):
    """District and dong of a resident's home.

    The district list is in 가나다 order; the dong list offers only the dongs of the chosen
    district (the submitted one, else the initial one), so that without JavaScript a
    resident picks the district, asks for its neighbourhoods (a submit that re-renders the
    form, see ``SignupForm.CHOOSE_DISTRICT``) and then picks among them. ``dong_map`` feeds
    the script that makes the list follow the district without a reload. Validation still
    accepts any dong and ``clean`` names a mismatch, so a stale choice gets a clear message.
    """

    district = MunicipalityChoiceField(
        queryset=Municipality.objects.none(), label=_("Home district")
    )
    dong = forms.ModelChoiceField(
        queryset=Municipality.objects.none(),
        label=_("Neighbourhood (dong)"),
        required=False,
        help_text=_("Optional; where the district has neighbourhoods on Maeul."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = _districts()  # type: ignore[attr-defined]
        self.fields["dong"].queryset = _dongs()  # type: ignore[attr-defined]
        districts = districts_in_korean_order()
        self._dongs_by_district = dongs_by_district()
        # Only the options shown change (setting ``choices`` keeps ``queryset`` for validation).
        self.fields["district"].choices = [EMPTY_CHOICE] + [  # type: ignore[attr-defined]
            (d.pk, _district_label(d)) for d in districts
        ]
        chosen = self._chosen_district_id()
        self.fields["dong"].choices = [EMPTY_CHOICE] + [  # type: ignore[attr-defined]
            (d.pk, d.display_name) for d in self._dongs_by_district.get(chosen or 0, [])
        ]

    def _chosen_district_id(self) -> int | None:
        if self.is_bound:
            raw = self.data.get(self.add_prefix("district"))
        else:
            raw = self.initial.get("district")
        if isinstance(raw, Municipality):
            return raw.pk
        try:
            return int(str(raw))
        except (TypeError, ValueError):
            return None

    @property
    def dong_map(self) -> dict[str, list[list[Any]]]:
        """District id -> its dongs as ``[id, name]`` pairs, for ``json_script``."""
        return {
            str(district_id): [[d.pk, d.display_name] for d in dongs]
            for district_id, dongs in self._dongs_by_district.items()
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        district, dong = data.get("district"), data.get("dong")
        if district is not None and dong is not None and dong.parent_id != district.pk:
            self.add_error(
                "dong",
                _("%(dong)s is not in %(district)s.")
                % {"dong": dong.name, "district": district.name},
            )
        return data


class SignupForm(HomeFieldsMixin):
    username = forms.CharField(
        label=_("User name"),
        max_length=30,
        validators=[username_validator],
        help_text=_("3 to 30 letters, digits, dots, hyphens or underscores."),
    )
    name = forms.CharField(label=_("Name"), max_length=60)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Optional; needed to reset a forgotten password."),
    )
    birth_year = forms.IntegerField(label=_("Birth year"))
    # No answer preselected: the first option is empty and an answer is required.
    gender = forms.ChoiceField(label=_("Gender"), choices=[EMPTY_CHOICE, *Gender.choices])
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput,
        help_text=_("At least 12 characters."),
    )
    password2 = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput)

    # The home comes first: without JavaScript, asking for a district's neighbourhoods
    # re-renders the form, and nothing typed below has to be typed again.
    field_order = [
        "district",
        "dong",
        "username",
        "name",
        "email",
        "birth_year",
        "gender",
        "password1",
        "password2",
    ]

    #: The name of the submit button that only asks for the chosen district's dongs.
    CHOOSE_DISTRICT = "choose_district"

    def clean_birth_year(self) -> int:
        year = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if not (this_year - 120 <= year <= this_year):
            raise forms.ValidationError(
                _("Enter a birth year between %(low)s and %(high)s.")
                % {"low": this_year - 120, "high": this_year}
            )
        return int(year)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            from maeul.accounts.models import User

            probe = User(
                username=data.get("username", ""),
                name=data.get("name", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(HomeFieldsMixin):
    name = forms.CharField(label=_("Name"), max_length=60)
    email = forms.EmailField(label=_("E-mail"), required=False)
    field_order = ["name", "email", "district", "dong"]

    def __init__(self, *args: Any, residence_locked: bool = False, **kwargs: Any) -> None:
        """``residence_locked``: a verified profile, whose home shows read-only (a disabled
        field also ignores whatever a tampered POST sends for it)."""
        super().__init__(*args, **kwargs)
        if residence_locked:
            for name in ("district", "dong"):
                self.fields[name].disabled = True
            self.fields["district"].help_text = _(
                "Set by your identity verification. If you have moved, verify again."
            )
            self.fields["dong"].help_text = ""


class VerificationForm(forms.Form):
    method = forms.ChoiceField(label=_("Verification method"))
    name = forms.CharField(label=_("Name as registered"), max_length=60)
    identity_number = forms.CharField(
        label=_("Resident registration number"),
        # Room for full-width digits and spaces: the length that counts is checked after
        # normalisation (``clean_identity_number``).
        max_length=40,
        help_text=_("Used once to confirm who you are; Maeul keeps only a keyed hash of it."),
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(a.key, a.label) for a in enabled_adapters()]  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        name = normalise_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter your name as registered."))
        return name

    def clean_identity_number(self) -> str:
        """The 13 digits, whatever keyboard typed them; a message in the person's language."""
        try:
            return canonical_identity_number(self.cleaned_data["identity_number"])
        except VerificationFailed as error:
            raise forms.ValidationError(str(error)) from None


class ReverificationForm(VerificationForm, HomeFieldsMixin):
    """Verify again after moving: the same identity, and the new home."""

    field_order = ["method", "name", "identity_number", "district", "dong"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].label = _("New home district")
        self.fields["district"].help_text = _(
            "Where the verification method reports your registered address (the resident "
            "register does), that address is used instead."
        )
