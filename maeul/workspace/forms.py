"""Forms of the officials' workspace. The municipality lists offer the administrator's scope
only; an id from outside it still reaches the service, which refuses it with a message that
names the place (never a bare "invalid choice")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from maeul.accounts.forms import username_validator
from maeul.accounts.models import Role
from maeul.places.models import Municipality, MunicipalityKind

if TYPE_CHECKING:  # Django's form and admin classes are generic for the type checker only
    _MunicipalityField = forms.ModelChoiceField[Municipality]
else:
    _MunicipalityField = forms.ModelChoiceField


class PlaceChoiceField(_MunicipalityField):
    """Accepts any existing place (the service judges the scope); lists ``offered`` only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(Municipality.objects.all(), *args, **kwargs)

    def offer(self, places: Any) -> None:
        self.widget.choices = [("", "---------")] + [(p.pk, p.full_name) for p in places]

    def label_from_instance(self, obj: Municipality) -> str:
        return obj.full_name


class OfficialForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=30, validators=[username_validator])
    name = forms.CharField(label=_("Name"), max_length=60)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("The official changes it after the first login."),
        strip=False,
    )
    municipality = PlaceChoiceField(
        label=_("Municipality (scope)"),
        help_text=_("The official acts on this municipality and everything below it."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    department = forms.CharField(label=_("Department"), max_length=80, required=False)
    active = forms.BooleanField(label=_("Active (may log in)"), required=False, initial=True)

    def __init__(self, *args: Any, places: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].offer(places)  # type: ignore[attr-defined]
        if editing:
            del self.fields["username"]
            del self.fields["password"]
        else:
            del self.fields["active"]

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class PlaceForm(forms.Form):
    parent = PlaceChoiceField(label=_("Under"))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (MunicipalityKind.DONG, MunicipalityKind.DONG.label),
            (MunicipalityKind.DISTRICT, MunicipalityKind.DISTRICT.label),
            (MunicipalityKind.CITY, MunicipalityKind.CITY.label),
            (MunicipalityKind.COUNTY, MunicipalityKind.COUNTY.label),
        ],
        initial=MunicipalityKind.DONG,
    )
    name = forms.CharField(label=_("Name (Korean)"), max_length=60)
    name_en = forms.CharField(label=_("Name (English)"), max_length=80)
    admin_code = forms.CharField(
        label=_("Administrative code"),
        max_length=10,
        required=False,
        help_text=_("10 digits (행정표준코드), where known."),
    )
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, initial=0, required=False)

    def __init__(self, *args: Any, parents: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].offer(parents)  # type: ignore[attr-defined]
        if editing:
            del self.fields["kind"]
