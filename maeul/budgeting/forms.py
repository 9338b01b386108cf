"""Forms of the participatory-budgeting screens. They parse and check the shape of input;
the rules (caps, phases, permissions) are the services' business."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maeul.budgeting.models import (
    CategoryGroup,
    CityProgramme,
    Cycle,
    ExecutionStatus,
    ProjectType,
    Proposal,
    ProposalStatus,
    ScreeningReason,
)
from maeul.core import sqlplan, textlimits, textsearch
from maeul.places.models import Municipality

MAX_WON = 10**13

if TYPE_CHECKING:  # the stubs' ModelForm is generic; Django's own class is not subscriptable
    ProposalModelForm = forms.ModelForm[Proposal]
else:
    ProposalModelForm = forms.ModelForm


def model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name``, a model choice field (for narrowing its queryset)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(name)
    return field


def choices(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field ``name``, a choice field (for filling its choices)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(name)
    return field


def type_label(kind: ProjectType) -> str:
    return _("%(name)s (up to %(cap)s won)") % {
        "name": kind.display_name,
        "cap": f"{kind.cap_won:,}",
    }


def group_label(group: CategoryGroup) -> str:
    if group.voting_body is None:
        return group.display_name
    return _("%(group)s (members of %(body)s only)") % {
        "group": group.display_name,
        "body": group.voting_body.name,
    }


class CoordinateField(forms.DecimalField):
    """A latitude or longitude typed or set by the map picker: rounded to the six decimals
    stored (about 10 cm; a map click gives fifteen), with a range message that says which."""

    def __init__(self, *, label: Any, limit: int, message: Any, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            required=False,
            min_value=-limit,
            max_value=limit,
            error_messages={"min_value": message, "max_value": message},
            widget=forms.NumberInput(
                attrs={"step": "any", "min": -limit, "max": limit, "inputmode": "decimal"}
            ),
            **kwargs,
        )

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace(",", ".") if value.count(",") == 1 else value.strip()
        number = super().to_python(value)
        if number is None or not number.is_finite() or abs(number) > 1000:
            return number  # not a finite number or out of range: the messages say so
        return number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


class ProposalForm(ProposalModelForm):
    estimated_cost_won = forms.IntegerField(
        label=_("Estimated cost (won)"),
        min_value=1,
        max_value=MAX_WON,
        widget=forms.NumberInput(attrs={"min": 1, "step": 1, "inputmode": "numeric"}),
    )
    latitude = CoordinateField(
        label=_("Latitude"),
        limit=90,
        message=_("A latitude lies between -90 and 90 (Seoul is about 37.5)."),
        help_text=_("Optional: click the map, or type a point such as 37.4569."),
    )
    longitude = CoordinateField(
        label=_("Longitude"),
        limit=180,
        message=_("A longitude lies between -180 and 180 (Seoul is about 127.0)."),
        help_text=_("Optional, with the latitude, e.g. 126.8955."),
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "description",
            "group",
            "type",
            "estimated_cost_won",
            "address",
            "dong",
            "latitude",
            "longitude",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = model_choices(self, "group")
        groups.queryset = CategoryGroup.objects.filter(cycle=cycle).select_related("voting_body")
        # A group run with a body says so, before a resident writes a proposal in vain.
        setattr(groups, "label_from_instance", group_label)  # noqa: B010
        kinds = model_choices(self, "type")
        kinds.queryset = ProjectType.objects.filter(cycle=cycle)
        # The type's label names its cap, so residents see it while choosing.
        setattr(kinds, "label_from_instance", type_label)  # noqa: B010
        dongs = model_choices(self, "dong")
        dongs.queryset = Municipality.objects.filter(parent=cycle.municipality)
        dongs.required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        latitude, longitude = data.get("latitude"), data.get("longitude")
        typed = {
            name: (self.data.get(self.add_prefix(name)) or "").strip()
            for name in ("latitude", "longitude")
        }
        if latitude is None and longitude is not None and not typed["latitude"]:
            self.add_error("latitude", _("Give the latitude too, or clear the longitude."))
        if longitude is None and latitude is not None and not typed["longitude"]:
            self.add_error("longitude", _("Give the longitude too, or clear the latitude."))
        return data


class OfflineProposalForm(ProposalForm):
    proposer_name = forms.CharField(
        label=_("Proposer's name"),
        max_length=60,
        help_text=_("As written on the paper form; kept internal."),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Image or document"), help_text=_("JPEG, PNG, PDF or HWP, up to 5 MB.")
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=textlimits.REASON,
    )
    is_suggestion = forms.BooleanField(label=_("This is a suggested edit"), required=False)


def _attrs_html(attrs: dict[str, Any]) -> str:
    """A widget's attributes as Django's ``attrs.html`` writes them: ``False`` leaves the
    attribute out, ``True`` writes its bare name, anything else ``name="value"`` escaped."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    """A select written in Python with exactly the markup of Django's ``select.html`` and
    ``select_option.html``: the proposal list's filter form draws four selects of about 25
    options on every request, and rendering one template per option cost about a seventh of
    that page's time (issue 23). Option groups, which these filters never have, go through
    Django's templates as before."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        # Each option sits on its own line after two spaces and is followed by the newline
        # that ends Django's option template, hence the blank line between options.
        options = "".join(
            format_html('\n  <option value="{}"', str(option["value"]))
            + _attrs_html(option["attrs"])
            + format_html(">{}</option>\n", option["label"])
            for _group, group_options, _index in widget["optgroups"]
            for option in group_options
        )
        return mark_safe(
            format_html('<select name="{}"', widget["name"])
            + _attrs_html(widget["attrs"])
            + ">"
            + options
            + "\n</select>"
        )


_DONGS = sqlplan.Plan(
    lambda pk: Municipality.objects.filter(parent_id=pk).only("slug", "name", "name_en"), int
)
"""A municipality's neighbourhoods in their order, for the proposal list's filter: read on
every request of the list, so the SQL is compiled once per process (``sqlplan``)."""


class ProposalFilterForm(forms.Form):
    # The term is checked by the rule the search page uses (maeul.core.textsearch): at least
    # two characters, at most 100, control characters dropped, with messages that say so.
    q = textsearch.SearchTermField(label=_("Search"))
    group = forms.ChoiceField(label=_("Group"), required=False, widget=PlainSelect)
    type = forms.ChoiceField(label=_("Type"), required=False, widget=PlainSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=PlainSelect)
    dong = forms.ChoiceField(label=_("Neighbourhood"), required=False, widget=PlainSelect)

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        choices(self, "group").choices = everything + [
            (g.code, g.display_name) for g in cycle.groups.all()
        ]
        choices(self, "type").choices = everything + [
            (t.code, t.display_name) for t in cycle.types.all()
        ]
        choices(self, "status").choices = everything + [
            (s.value, s.label)
            for s in (
                ProposalStatus.SUBMITTED,
                ProposalStatus.FEASIBLE,
                ProposalStatus.INFEASIBLE,
                ProposalStatus.MERGED,
            )
        ]
        choices(self, "dong").choices = everything + [
            (m.slug, m.display_name) for m in _DONGS.objects(cycle.municipality_id)
        ]

    def clean_q(self) -> str:
        return textsearch.clean_term(self.cleaned_data.get("q") or "")

    def content(self) -> tuple[object, ...]:
        """What the rendered form shows besides its fixed labels, for the key of the cached
        proposal list (``views.public._listing_html``): each select's choices and the values
        submitted; the errors follow from those."""
        offered = [cast(list[tuple[Any, Any]], choices(self, name).choices) for name in CHOICES]
        return (
            [[(value, str(label)) for value, label in field] for field in offered],
            [self.data.get(name) for name in self.fields] if self.is_bound else None,
        )


CHOICES = ("group", "type", "status", "dong")


class ScreenForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ProposalStatus.FEASIBLE.value, ProposalStatus.FEASIBLE.label),
            (ProposalStatus.INFEASIBLE.value, ProposalStatus.INFEASIBLE.label),
            (ProposalStatus.MERGED.value, ProposalStatus.MERGED.label),
        ],
        widget=forms.RadioSelect,
    )
    department = forms.CharField(label=_("Reviewing department"), max_length=80)
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=textlimits.REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required when infeasible: over the cap, not a district competence, recurring cost..."
        ),
    )
    adjusted_cost_won = forms.IntegerField(
        label=_("Adjusted cost (won)"), required=False, min_value=1, max_value=MAX_WON
    )
    merged_into = forms.IntegerField(
        label=_("Merged into proposal number"), required=False, min_value=1
    )
    reason_code = forms.ModelChoiceField(
        label=_("Reason from the list"),
        queryset=ScreeningReason.objects.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("The municipality's coded reasons; write details in the box below."),
        error_messages={"invalid_choice": _("Choose a reason from this municipality's list.")},
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the cycle's municipality's active reasons are offered (and accepted).
        model_choices(self, "reason_code").queryset = ScreeningReason.objects.filter(
            municipality=municipality, active=True
        )
        # The list comes before the free text beside it.
        self.order_fields(
            ["decision", "department", "reason_code", "reason", "adjusted_cost_won", "merged_into"]
        )


class VoteCountsForm(forms.Form):
    """Voters per channel plus one pair of approval fields per feasible proposal."""

    committee_voters = forms.IntegerField(label=_("Committee voters"), min_value=0, max_value=10**6)
    mobile_voters = forms.IntegerField(label=_("Mobile voters"), min_value=0, max_value=10**8)

    def __init__(self, *args: Any, proposals: list[Proposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        for p in proposals:
            self.fields[f"c_{p.number}"] = forms.IntegerField(
                label=_("#%(n)s committee approvals") % {"n": p.number},
                min_value=0,
                max_value=10**8,
                initial=p.committee_approvals,
            )
            self.fields[f"m_{p.number}"] = forms.IntegerField(
                label=_("#%(n)s mobile approvals") % {"n": p.number},
                min_value=0,
                max_value=10**8,
                initial=p.mobile_approvals,
            )

    def rows(self) -> list[tuple[Proposal, Any, Any]]:
        return [(p, self[f"c_{p.number}"], self[f"m_{p.number}"]) for p in self.proposals]

    def counts(self) -> dict[int, tuple[int, int]]:
        data = self.cleaned_data
        return {
            p.number: (data[f"c_{p.number}"], data[f"m_{p.number}"])
            for p in self.proposals
            if p.number is not None  # feasible proposals are always numbered
        }


class VoteFileForm(forms.Form):
    file = forms.FileField(
        label=_("Tally file (CSV)"),
        help_text=_(
            "Columns number,committee_approvals,mobile_approvals; one row "
            "voters,<committee voters>,<mobile voters>."
        ),
    )


class MobileVoteOpenForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=_("Opens at (Korea time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at (Korea time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class CommitteeVoteOpenForm(MobileVoteOpenForm):
    any_number = forms.BooleanField(
        label=_("Members may approve any number of proposals in a group"),
        required=False,
        help_text=_("Otherwise up to the group's maximum picks, as in the mobile vote."),
    )


class MeetingForm(forms.Form):
    dong = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=Municipality.objects.none())
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    attendance = forms.IntegerField(label=_("Attendance"), min_value=0, max_value=100000)
    minutes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=textlimits.MINUTES,
    )
    ranking = forms.CharField(
        label=_("Ranking"),
        required=False,
        max_length=500,
        help_text=_("Proposal numbers in order of preference, separated by commas: 12, 4, 31."),
    )

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "dong").queryset = Municipality.objects.filter(
            parent=cycle.municipality
        )

    def clean_ranking(self) -> list[int]:
        text = self.cleaned_data["ranking"].replace("#", "")
        numbers = []
        for part in text.replace("，", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or len(part) > 9:
                raise forms.ValidationError(
                    _("%(value)s is not a proposal number.") % {"value": part[:20]}
                )
            numbers.append(int(part))
        return numbers


class ExecutionForm(forms.Form):
    executed_on = forms.DateField(
        label=_("Executed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    amount_won = forms.IntegerField(label=_("Amount (won)"), min_value=1, max_value=MAX_WON)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class ExecutionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Execution status"), choices=ExecutionStatus.choices)


class GeneralProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    origin = forms.CharField(
        label=_("Where it was deliberated"),
        max_length=200,
        help_text=_("E.g. the village democracy platform, a resident autonomy council."),
    )
    group = forms.ModelChoiceField(label=_("Group"), queryset=CategoryGroup.objects.none())
    cost_won = forms.IntegerField(label=_("Amount (won)"), min_value=1, max_value=MAX_WON)
    address = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "group").queryset = CategoryGroup.objects.filter(cycle=cycle)


class SchoolSessionForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Title"), max_length=120)
    attendance = forms.IntegerField(label=_("Attendance"), min_value=0, max_value=100000)
    online = forms.BooleanField(label=_("Online"), required=False)


class CityProgrammeForm(forms.Form):
    """A city's citizen PB of one budget year (``services.city.city_programme_create``)."""

    budget_year = forms.IntegerField(label=_("Budget year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title (Korean)"), max_length=120)
    title_en = forms.CharField(label=_("Title (English)"), max_length=120, required=False)
    total_amount_won = forms.IntegerField(
        label=_("Total amount (won)"),
        min_value=1,
        max_value=MAX_WON,
        required=False,
        help_text=_("Leave empty when the source does not give it."),
    )
    source = forms.CharField(label=_("Source"), max_length=200, required=False)


if TYPE_CHECKING:
    _ModelChoice = forms.ModelChoiceField[Any]
else:
    _ModelChoice = forms.ModelChoiceField


class _ProgrammeChoice(_ModelChoice):
    """Programmes by their title in the page's language (``str()`` names the city too)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_title)


class DistrictShareForm(forms.Form):
    """What one district got from the city's programme; the choices are the city's own
    programmes and districts only (scoped, like every choice offered to an official)."""

    programme = _ProgrammeChoice(label=_("Programme"), queryset=CityProgramme.objects.none())
    # "District" alone is the places app's word for a municipality kind (구); here it is the
    # city's autonomous district (자치구).
    district = forms.ModelChoiceField(
        label=pgettext_lazy("city pb", "District"), queryset=Municipality.objects.none()
    )
    projects = forms.IntegerField(label=_("Projects selected"), min_value=1, max_value=100000)
    amount_won = forms.IntegerField(
        label=_("Amount selected (won)"), min_value=1, max_value=MAX_WON
    )
    source = forms.CharField(label=_("Source"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, city: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmes = CityProgramme.objects.filter(city=city).order_by("-budget_year")
        model_choices(self, "programme").queryset = programmes
        self.fields["programme"].initial = programmes.values_list("pk", flat=True).first()
        model_choices(self, "district").queryset = city.children.order_by("sort_order", "name")


class ReportedProjectsFileForm(forms.Form):
    file = forms.FileField(
        label=_("Project list (CSV or .xlsx)"),
        help_text=_(
            "Columns 사업명, 편성액, 집행일, 집행액: one row per payment (a project paid twice"
            " has two rows); a project with nothing executed has one row with the payment"
            " cells empty."
        ),
    )


class ScreeningReasonForm(forms.Form):
    """One coded screening reason of a municipality's list."""

    code = forms.CharField(
        label=_("Code"),
        max_length=30,
        help_text=_("Lowercase letters, digits and hyphens, e.g. over-cap."),
    )
    label = forms.CharField(label=_("Label (Korean)"), max_length=120)
    label_en = forms.CharField(label=_("Label (English)"), max_length=120, required=False)
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)
    active = forms.BooleanField(label=_("Offered when screening"), required=False, initial=True)


class AssemblyForm(forms.Form):
    """The cycle's general assembly (총회)."""

    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    online = forms.BooleanField(label=_("Held online"), required=False)
    place = forms.CharField(label=_("Place or platform"), max_length=120, required=False)
    attendance = forms.IntegerField(
        label=_("Attendance"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text=_("Leave empty when it was not counted."),
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One decision per line."),
    )


class GroupBodyForm(forms.Form):
    """The body a category group is run with (the youth council), or none."""

    voting_body: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Run with"),
        queryset=None,
        required=False,
        empty_label=_("All residents of the district"),
        error_messages={"invalid_choice": _("Choose a body of this municipality.")},
    )

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "voting_body").queryset = bodies
