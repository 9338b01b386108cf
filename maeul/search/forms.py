"""The search form: the term checked by the one rule (``maeul.core.textsearch``), and filters
whose every wrong value gets a message rather than being ignored or raising an error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from maeul.core import textsearch
from maeul.places.models import Municipality
from maeul.search import selectors


class SearchForm(forms.Form):
    q = textsearch.SearchTermField(
        label=_("Search for"),
        help_text=_(
            "Titles, places and names are searched; part of a word is enough, e.g. 공원 "
            "finds 어린이공원."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    m = forms.ChoiceField(label=_("Where"), required=False)
    kind = forms.ChoiceField(label=_("What"), required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Proposals by their cycle's year, votes by the year they open."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = list(selectors.search_places())
        self.places = {place.slug: place for place in places}
        m = self.fields["m"]
        kind = self.fields["kind"]
        status = self.fields["status"]
        assert isinstance(m, forms.ChoiceField)
        assert isinstance(kind, forms.ChoiceField)
        assert isinstance(status, forms.ChoiceField)
        m.choices = [("", _("All of Maeul"))] + [(p.slug, p.full_name) for p in places]
        kind.choices = [("", _("Everything"))] + list(selectors.KINDS)
        status.choices = [("", _("Any status")), *selectors.status_choices()]

    def clean_q(self) -> str:
        term = textsearch.clean_term(self.cleaned_data.get("q") or "")
        if not term and "q" in self.data:
            # Submitted empty (or only spaces and invisible characters): say so, rather than
            # showing a blank page or everything.
            raise ValidationError(_("Type what you are looking for."), code="empty")
        return term

    def clean_m(self) -> Municipality | None:
        slug = self.cleaned_data.get("m") or ""
        return self.places.get(slug)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind, status = data.get("kind") or "", data.get("status") or ""
        if kind and status and not status.startswith(f"{kind}."):
            raise ValidationError(
                _("That status belongs to another kind of result: choose it with that kind.")
            )
        if kind == "pledge" and data.get("year") is not None:
            self.add_error("year", _("Pledges belong to a term, not a year: leave the year empty."))
        return data

    def criteria(self) -> selectors.Criteria:
        data = self.cleaned_data
        return selectors.Criteria(
            term=data["q"],
            place=data.get("m"),
            kind=data.get("kind") or "",
            year=data.get("year"),
            status=data.get("status") or "",
        )
