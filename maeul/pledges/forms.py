"""Forms of the pledge screens (validation of shape only; rules live in the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.pledges.models import Half, PledgeStatus


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
