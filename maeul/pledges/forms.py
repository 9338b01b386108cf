"""Forms of the pledge screens (validation of shape only; rules live in the services)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.pledges.catalogue import PLEDGE_FIELDS, SHEET_TABLES
from maeul.pledges.models import Half, Pledge, PledgeField, PledgeGoal, PledgeStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label=_("Half"), choices=Half.choices, coerce=int)
    text = forms.CharField(
        label=_("Progress in this half"), widget=forms.Textarea, max_length=textlimits.MINUTES
    )
    executed_won = forms.IntegerField(
        label=_("Money executed in this half (won)"), min_value=0, initial=0
    )
    figures = forms.CharField(
        label=_("Figures"),
        required=False,
        max_length=textlimits.TEXT,
        widget=forms.Textarea,
        help_text=_("Targets and results in numbers, one per line."),
    )
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, PNG, JPEG, XLSX or HWP, at most 10 MB each."),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea, max_length=textlimits.REASON
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Pledge table (.xlsx)"),
        help_text=_("The layout of the download: one row per pledge, keyed by the pledge number."),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PledgeStatus.choices)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea, required=False, max_length=textlimits.REASON
    )


# ---- the catalogue (goals, fields, pledges, the sheet's tables) -------------------------------


class GoalForm(forms.Form):
    name = forms.CharField(label=_("Goal"), max_length=120)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)


class FieldForm(forms.Form):
    """A field under one of the municipality's own goals (other goals are not offered)."""

    name = forms.CharField(label=_("Field"), max_length=120)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"] = forms.ModelChoiceField(
            label=_("Goal"),
            queryset=PledgeGoal.objects.filter(municipality=municipality),
            empty_label=None,
        )
        self.order_fields(["goal", "name", "order"])


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


if TYPE_CHECKING:  # the stubs' generics; Django's own classes take no type arguments
    PledgeModelForm = forms.ModelForm[Pledge]
else:
    PledgeModelForm = forms.ModelForm


class PledgeForm(PledgeModelForm):
    """The header of a pledge's sheet; the field is one of the municipality's own."""

    class Meta:
        model = Pledge
        fields = list(PLEDGE_FIELDS)
        widgets = {
            "execution_as_of": DATE_INPUT,
            "contacts": forms.Textarea(attrs={"rows": 2}),
            "policy_goals": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "publicity": forms.Textarea(attrs={"rows": 2}),
            "expected_effects": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        field.queryset = (  # type: ignore[attr-defined]
            PledgeField.objects.filter(goal__municipality=municipality)
            .select_related("goal")
            .order_by("goal__order", "goal__name", "order", "name")
        )
        field.label_from_instance = lambda f: f"{f.goal.name} › {f.name}"  # type: ignore[attr-defined]
        number = self.fields["number"]
        if isinstance(number, forms.IntegerField):  # a PositiveIntegerField's form field
            number.min_value = 1

    def validate_unique(self) -> None:
        """Uniqueness is the service's (matched by the constraint's name, with its message)."""

    def _post_clean(self) -> None:
        """Shape only: the instance is built by the service, not by this form."""


def table_form(table: str) -> type[forms.ModelForm[Any]]:
    """The form of one row of a sheet table, from the model's own fields."""
    spec = SHEET_TABLES[table]
    widgets: dict[str, forms.Widget | type[forms.Widget]] = {
        name: DATE_INPUT
        for name in spec.fields
        if isinstance(spec.model._meta.get_field(name), models.DateField)
    }
    widgets.update(
        {
            name: forms.Textarea(attrs={"rows": 2})
            for name in spec.fields
            if isinstance(spec.model._meta.get_field(name), models.TextField)
        }
    )
    form = forms.modelform_factory(spec.model, fields=spec.fields, widgets=widgets)

    class RowForm(form):  # type: ignore[misc, valid-type]
        def _post_clean(self) -> None:
            """Shape only: the service checks the rows together and writes them."""

    for name in spec.fields:
        model_field = spec.model._meta.get_field(name)
        if isinstance(model_field, models.Field) and model_field.has_default():
            # an empty extra row must stay "unchanged": no default as initial, and a missing
            # value means the model's default (the view leaves it out)
            RowForm.base_fields[name].initial = None
            RowForm.base_fields[name].required = False
    amount = RowForm.base_fields.get("amount_won")
    if isinstance(amount, forms.IntegerField):
        amount.min_value = 0
        amount.validators.append(MinValueValidator(0))
    return RowForm


class IndicatorRowForm(forms.Form):
    year = forms.CharField(label=_("Year"), max_length=20)
    name = forms.CharField(label=_("Indicator"), max_length=200)
    weight = forms.IntegerField(label=_("Weight"), min_value=0, max_value=1_000_000)
    target = forms.CharField(label=_("Target"), max_length=60, required=False)
    result = forms.CharField(label=_("Result"), max_length=200, required=False)
    achievement = forms.CharField(
        label=_("Achievement"),
        max_length=20,
        help_text=_("A percentage (66 or 66%) or a fraction of steps done (1/3)."),
    )


def indicator_initial(indicator: Any) -> dict[str, Any]:
    a = indicator.achievement
    return {
        "year": indicator.year,
        "name": indicator.name,
        "weight": indicator.weight,
        "target": indicator.target,
        "result": indicator.result,
        "achievement": f"{a * 100}"
        if (a * 100).denominator == 1
        else f"{a.numerator}/{a.denominator}",
    }
