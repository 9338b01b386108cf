"""The officials' form that publishes a data book or a brief."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maeul.publishing.catalogue import BadYear, parse_year
from maeul.publishing.models import PublicationKind
from maeul.publishing.pdf import BadQuarter, parse_quarter


class PublishForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to publish"), choices=PublicationKind.choices)
    period = forms.CharField(
        label=_("Year or quarter"),
        max_length=10,
        help_text=_("A year for the data book (2021), a quarter for the brief (2021-Q3)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, period = data.get("kind"), data.get("period", "")
        if kind == PublicationKind.DATABOOK:
            try:
                data["year"] = parse_year(period)
            except BadYear:
                self.add_error("period", _("Write a year with four digits, e.g. 2021."))
        elif kind == PublicationKind.BRIEF:
            try:
                data["year"], data["quarter"] = parse_quarter(period)
            except BadQuarter as error:
                self.add_error("period", str(error))
        return data
