"""The audit log's filter: date range, actor, kind, municipality and subject.

Bad input (an unknown kind, a date range that ends before it starts, a municipality outside
the reader's scope) is a form error with a message, never a 500 and never a silently wider
result.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from maeul.auditlog.kinds import APPS, KINDS, kind_choices


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    actor = forms.CharField(
        label=_("Actor (user name)"), required=False, max_length=150, strip=True
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    subject = forms.CharField(
        label=_("Subject"),
        required=False,
        max_length=200,
        strip=True,
        help_text=_(
            "A record such as points.voucherrequest:12, or a type such as points.voucherrequest."
        ),
    )

    def __init__(self, *args: Any, municipalities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        municipality = cast(forms.ChoiceField, self.fields["municipality"])
        kind.choices = [("", _("Every kind")), *kind_choices()]
        municipality.choices = [("", _("Every municipality in scope")), *municipalities]

    def clean_kind(self) -> str:
        value: str = self.cleaned_data.get("kind") or ""
        if value and value not in KINDS and value.removesuffix(".*") not in APPS:
            raise forms.ValidationError(_("Choose a kind from the list."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("date_from")
        end: dt.date | None = data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
