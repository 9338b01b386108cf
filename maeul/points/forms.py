"""Forms of the points screens. They check shapes only; the services decide the rules."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from maeul.points.models import Activity, CapPeriod

MONTH = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("Enter a month as YYYY-MM."))


class VoucherRequestForm(forms.Form):
    municipality = forms.SlugField(widget=forms.HiddenInput, max_length=80)
    units = forms.IntegerField(
        label=_("Number of 10,000-won vouchers"),
        min_value=1,
        max_value=50,
        initial=1,
        error_messages={"min_value": _("Request at least one voucher (10,000 points).")},
    )


class TotalsFilterForm(forms.Form):
    month_from = forms.CharField(label=_("From month"), validators=[MONTH], max_length=7)
    month_to = forms.CharField(label=_("To month"), validators=[MONTH], max_length=7)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("month_from")
            and data.get("month_to")
            and data["month_from"] > data["month_to"]
        ):
            raise forms.ValidationError(_("The first month must not be after the last."))
        return data


class ResidentLookupForm(forms.Form):
    resident = forms.CharField(label=_("Resident's user name"), max_length=150)


class ManualAwardForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    resident = forms.CharField(label=_("Resident's user name"), max_length=150)
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    occurred_on = forms.DateField(
        label=_("Date of the activity"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Evidence note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("What the resident did: the meeting, course or event, and its date."),
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_(
            "Optional: a PDF, PNG or JPEG of at most 5 MB (attendance sheet, certificate)."
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)


class CorrectionForm(forms.Form):
    resident = forms.CharField(label=_("Resident's user name"), max_length=150)
    points = forms.IntegerField(
        label=_("Points"),
        help_text=_("Positive to add, negative to remove."),
        min_value=-10_000_000,
        max_value=10_000_000,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Required. You are recorded as the approving official."),
    )


class IssueForm(forms.Form):
    handed_to = forms.CharField(label=_("Handed over to"), max_length=80)
    note = forms.CharField(
        label=_("Hand-over note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)


class AwardTableForm(forms.Form):
    """A new award table version: one row of fields per activity (empty points: not awarded),
    plus the expiry rules."""

    effective_from = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    points_valid_months = forms.IntegerField(
        label=_("Points valid for (months)"),
        required=False,
        min_value=1,
        max_value=600,
        help_text=_("Empty: points never expire."),
    )
    voucher_valid_months = forms.IntegerField(
        label=_("Vouchers valid for (months)"), min_value=1, max_value=120, initial=12
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for value, label in Activity.choices:
            self.fields[f"{value}__points"] = forms.IntegerField(
                label=_("%(activity)s: points") % {"activity": label},
                required=False,
                min_value=1,
                max_value=1_000_000,
            )
            self.fields[f"{value}__cap"] = forms.IntegerField(
                label=_("%(activity)s: cap (points)") % {"activity": label},
                required=False,
                min_value=1,
                max_value=10_000_000,
            )
            self.fields[f"{value}__period"] = forms.ChoiceField(
                label=_("%(activity)s: cap period") % {"activity": label},
                required=False,
                choices=[("", "—"), *CapPeriod.choices],
            )
            self.fields[f"{value}__verified"] = forms.BooleanField(
                label=_("%(activity)s: verified residents only") % {"activity": label},
                required=False,
            )

    def rules(self) -> list[dict[str, object]]:
        data = self.cleaned_data
        found: list[dict[str, object]] = []
        for value, _label in Activity.choices:
            if not data.get(f"{value}__points"):
                continue
            found.append(
                {
                    "activity": value,
                    "points": data[f"{value}__points"],
                    "cap_points": data.get(f"{value}__cap"),
                    "cap_period": data.get(f"{value}__period") or "",
                    "verified_only": bool(data.get(f"{value}__verified")),
                }
            )
        return found
