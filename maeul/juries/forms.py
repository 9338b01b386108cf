"""Forms of the jury screens (shape only; the services decide)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.juries.dongs import dongs_of, records_dongs
from maeul.juries.labels import algorithm_choices
from maeul.juries.models import ContactBy, Gender, Half, Jury, Recommendation

GENDER_CHOICES = Gender.choices


def _add_dong_field(form: forms.Form, jury: Jury, required: bool) -> None:
    """The dong choice, only where the municipality records dongs (none: no such field)."""
    if records_dongs(jury.municipality):
        form.fields["dong"] = forms.ModelChoiceField(
            label=_("Neighbourhood (dong)"),
            queryset=dongs_of(jury.municipality),
            required=required,
        )


class ApplyForm(forms.Form):
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    contact_by = forms.ChoiceField(label=_("Contact me by"), choices=ContactBy.choices)
    consent = forms.BooleanField(
        label=_("I agree that my age, gender and neighbourhood are used for the lottery"),
        required=True,
    )

    def __init__(self, *args: Any, jury: Jury, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_dong_field(self, jury, required=False)
        self.order_fields(["dong", "phone", "contact_by", "consent"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.setdefault("dong", None)
        return data


class IntakeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    birth_year = forms.IntegerField(label=_("Birth year"), min_value=1900, max_value=2100)
    gender = forms.ChoiceField(label=_("Gender"), choices=GENDER_CHOICES)
    contact_by = forms.ChoiceField(label=_("Contact by"), choices=ContactBy.choices)
    consent = forms.BooleanField(label=_("The volunteer consented on the phone"), required=True)

    def __init__(self, *args: Any, jury: Jury, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_dong_field(self, jury, required=True)
        self.order_fields(["name", "phone", "birth_year", "gender", "dong"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.setdefault("dong", None)
        return data


class CsvForm(forms.Form):
    file = forms.FileField(
        label=_("Volunteers (CSV, UTF-8)"),
        help_text=_(
            "Columns: name, phone, birth_year, gender, dong, contact_by, consent. The dong "
            "column may be left out where the municipality records no dongs."
        ),
    )


class DrawForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Seed"),
        required=False,
        min_value=0,
        max_value=2**62 - 1,
        help_text=_("Leave empty to draw a fresh seed; it is recorded and published."),
    )
    algorithm = forms.ChoiceField(
        label=_("Algorithm"), choices=algorithm_choices, initial="leximin"
    )


class TermForm(forms.Form):
    term_months = forms.IntegerField(
        label=_("Term length (months)"),
        min_value=1,
        required=False,
        help_text=_("The jury's own setting; the municipality's rule gives the first value."),
    )
    term_start = forms.DateField(label=_("Term starts"), widget=forms.DateInput({"type": "date"}))
    term_end = forms.DateField(
        label=_("Term ends"),
        widget=forms.DateInput({"type": "date"}),
        required=False,
        help_text=_("Leave empty to end on the last day of the term's length."),
    )


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Date"), widget=forms.DateInput({"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=120)
    checked = forms.CharField(
        label=_("What was checked"), widget=forms.Textarea({"rows": 3}), max_length=textlimits.TEXT
    )
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea({"rows": 3}), max_length=textlimits.TEXT
    )

    def __init__(self, *args: Any, jury: Jury, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # only this jury's subgroups are offered
        self.fields["subgroup"] = forms.ModelChoiceField(
            label=_("Subgroup"),
            queryset=jury.subgroups.all(),
            required=False,
            empty_label=_("The whole jury"),
        )
        self.order_fields(["visited_on", "place", "subgroup", "checked", "findings"])


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label=_("Half"), choices=Half.choices, coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    presented_on = forms.DateField(
        label=_("Presented on"),
        widget=forms.DateInput({"type": "date"}),
        required=False,
        help_text=_("The day of the pledge progress report meeting, if there was one."),
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea({"rows": 4}), max_length=textlimits.TEXT
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        widget=forms.Textarea({"rows": 4}),
        required=False,
        max_length=textlimits.TEXT,
    )


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput({"type": "date"}))
    title = forms.CharField(label=_("Title"), max_length=120)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)


class SubgroupForm(forms.Form):
    count = forms.IntegerField(label=_("Number of subgroups"), min_value=1, max_value=12, initial=4)


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    comments = forms.CharField(
        label=_("Comments"), widget=forms.Textarea, required=False, max_length=textlimits.TEXT
    )

    def __init__(self, *args: Any, jury: Jury, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grade"] = forms.ChoiceField(
            label=_("Grade"), choices=[(g, g) for g in jury.grades()]
        )
        self.order_fields(["grade", "recommendation", "comments"])


class OpinionForm(forms.Form):
    text = forms.CharField(
        label=_("The jury's opinion"), widget=forms.Textarea, max_length=textlimits.TEXT
    )
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)

    def __init__(self, *args: Any, jury: Jury, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grade"] = forms.ChoiceField(
            label=_("Grade"), choices=[(g, g) for g in jury.grades()]
        )
        self.order_fields(["grade", "recommendation", "text"])


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("The mayor's office's answer"),
        widget=forms.Textarea,
        max_length=textlimits.TEXT,
    )


class JuryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    recruitment_year = forms.IntegerField(
        label=_("Recruitment year"), min_value=2000, max_value=2100
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=textlimits.TEXT
    )
    panel_size = forms.IntegerField(label=_("Jurors"), min_value=1, max_value=500, initial=35)
    reserve_count = forms.IntegerField(label=_("Reserves"), min_value=0, max_value=100, initial=5)
    grade_scale = forms.CharField(
        label=_("Grade scale"),
        max_length=60,
        initial="A,B,C,D,E",
        help_text=_("The municipality's grades, best first, separated by commas."),
    )
    term_months = forms.IntegerField(
        label=_("Term length (months)"),
        min_value=1,
        required=False,
        help_text=_("How long the jury sits; the municipality's rule gives the first value."),
    )


class SharesForm(forms.Form):
    shares = forms.CharField(
        label=_("Population shares"),
        widget=forms.Textarea,
        max_length=textlimits.TEXT,
        help_text=_(
            "One line per value: feature,value,share — features gender (female, male), "
            "age_band (u30, 30s, 40s, 50s, 60p) and district (the district keys)."
        ),
    )
