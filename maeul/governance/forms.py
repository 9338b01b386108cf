"""Forms of the governance screens. They check shapes (dates, numbers, choices); the rules
that need the database or the engine live in the services, whose errors the views put back on
the named field."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.engine.scoring import SessionFigures, session_problems
from maeul.governance.models import (
    Appointment,
    Body,
    MemberGender,
    MemberRole,
    Sector,
    SessionKind,
    SurveyResult,
)

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MemberForm(forms.Form):
    person_name = forms.CharField(label=_("Name"), max_length=60)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=120, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    gender = forms.ChoiceField(label=_("Gender"), choices=MemberGender.choices)
    appointment = forms.ChoiceField(label=_("Appointment"), choices=Appointment.choices)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial="member")
    term_start = forms.DateField(label=_("Term start"), widget=DATE)
    term_end = forms.DateField(
        label=_("Term end"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty for the body's usual term."),
    )
    username = forms.CharField(
        label=_("Account (user name)"),
        max_length=150,
        required=False,
        help_text=_("When the member is a registered resident or an official."),
    )


class EndMembershipForm(forms.Form):
    resigned_on = forms.DateField(label=_("Last day"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=textlimits.REASON,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Quarterly sheet (.xlsx)"),
        help_text=_("One row per session, in the city's layout; see the downloadable sheet."),
    )


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Whole year")), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
    )
    include_unreviewed = forms.BooleanField(
        label=_("Include reports not yet accepted"), required=False
    )


class SessionForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.none(),
        required=False,
        help_text=_(
            "When the session is a meeting of a body, its members' attendance can be ticked."
        ),
    )
    reference = forms.CharField(label=_("Number"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=SessionKind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    start = forms.TimeField(label=_("Starts at"), widget=TIME)
    end = forms.TimeField(label=_("Ends at"), widget=TIME)
    venue = forms.CharField(label=_("Place"), max_length=120, required=False)
    online = forms.BooleanField(label=_("Online"), required=False)
    invited_total = forms.IntegerField(label=_("Invited (all)"))
    invited_government = forms.IntegerField(label=_("Invited (government)"), required=False)
    invited_civil = forms.IntegerField(label=_("Invited (civil)"), required=False)
    attended_government = forms.IntegerField(label=_("Attended (government)"))
    attended_civil = forms.IntegerField(label=_("Attended (civil)"))
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=textlimits.TEXT,
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=textlimits.TEXT,
    )

    def __init__(self, *args: Any, district: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if district is not None:
            self.fields["body"].queryset = Body.objects.filter(  # type: ignore[attr-defined]
                municipality__in=district.ancestors() + [district]
            )

    MESSAGES = {
        "negative": _("A count cannot be negative."),
        "attended_without_invited": _("People attended but nobody was invited."),
        "split_exceeds_total": _("Invited by sector add up to more than the total invited."),
        "half_split": _("Give invited counts for both sectors or for neither."),
        "no_duration": _("The session must end after it starts."),
    }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end, day = data.get("start"), data.get("end"), data.get("date")
        if start and end and end <= start:
            self.add_error("end", _("The session ends before it starts."))
            return data
        needed = ("invited_total", "attended_government", "attended_civil")
        if not (start and end and day) or any(data.get(k) is None for k in needed):
            return data
        minutes = int(
            (dt.datetime.combine(day, end) - dt.datetime.combine(day, start)).total_seconds() // 60
        )
        figures = SessionFigures(
            minutes=minutes,
            attended_government=data["attended_government"],
            attended_civil=data["attended_civil"],
            invited_total=data["invited_total"],
            invited_government=data.get("invited_government"),
            invited_civil=data.get("invited_civil"),
        )
        for problem in session_problems(figures):
            field = problem.field if problem.field in self.fields else "end"
            self.add_error(field, self.MESSAGES.get(problem.code, problem.message))
        return data


class MinutesForm(forms.Form):
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=textlimits.TEXT,
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=textlimits.MINUTES,
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=textlimits.TEXT,
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class AttendanceForm(forms.Form):
    """Tick the members who attended; add walk-ins (people who are not members) by sector."""

    members = forms.MultipleChoiceField(
        label=_("Members who attended"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    walk_ins_government = forms.IntegerField(
        label=_("Walk-ins (government)"), min_value=0, initial=0
    )
    walk_ins_civil = forms.IntegerField(label=_("Walk-ins (civil)"), min_value=0, initial=0)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = choices  # type: ignore[attr-defined]


if TYPE_CHECKING:
    # Django's ModelForm is generic for the type checker only (not subscriptable at run time).
    BodyFormBase = forms.ModelForm[Body]
    SurveyFormBase = forms.ModelForm[SurveyResult]
else:
    BodyFormBase = SurveyFormBase = forms.ModelForm


class BodyForm(BodyFormBase):
    """A body's identity and its rules as data. The parent is one of the bodies of this
    municipality or above it (never another district's)."""

    class Meta:
        model = Body
        fields = [
            "name",
            "kind",
            "parent",
            "mandate",
            "established_on",
            "meetings_required",
            "meetings_period",
            "min_gender_percent",
            "min_civil_percent",
            "term_years",
            "max_consecutive_terms",
        ]
        widgets = {"established_on": DATE, "mandate": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        above = [m.pk for m in municipality.ancestors()] + [municipality.pk]
        parents = Body.objects.filter(municipality__in=above).select_related("municipality")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        parent = self.fields["parent"]
        parent.queryset = parents  # type: ignore[attr-defined]
        parent.label_from_instance = lambda b: f"{b.name} ({b.municipality.display_name})"  # type: ignore[attr-defined]
        # Ranges (gender share at most 50%, at least one term...) are checked by the service,
        # which names the field and explains the rule.

    def validate_unique(self) -> None:
        """The service matches the unique name by the constraint's name, with its message."""

    def _post_clean(self) -> None:
        """Shape only: the service builds and checks the body."""


class SurveyForm(SurveyFormBase):
    class Meta:
        model = SurveyResult
        fields = [
            "year",
            "group",
            "respondents",
            "level",
            "level_share",
            "trust_district",
            "trust_city",
        ]

    # Ranges (year 2000-2100, shares 0-100%, scores 0-9.99) are checked by the service, which
    # names the field and explains the rule.

    def validate_unique(self) -> None:
        """The service refuses a second result for the same year and group, with a message."""

    def _post_clean(self) -> None:
        """Shape only: the service saves."""
