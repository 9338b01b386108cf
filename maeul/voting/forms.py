"""Forms of the voting screens. They parse input; the services decide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.places.models import Municipality
from maeul.voting.models import (
    Channel,
    ElectorateKind,
    PollKind,
    PollOption,
    ResultRule,
    RevotePolicy,
    Secrecy,
)

if TYPE_CHECKING:
    OnePlace = forms.ModelChoiceField[Municipality]
    SeveralPlaces = forms.ModelMultipleChoiceField[Municipality]
else:  # Django's form fields take no type arguments at run time
    OnePlace = forms.ModelChoiceField
    SeveralPlaces = forms.ModelMultipleChoiceField


class DongField(OnePlace):
    """A dong, shown by its own name (가산동); the choices are set per form (``_offer``)."""

    def label_from_instance(self, obj: Municipality) -> str:
        return obj.display_name


class PlaceField(OnePlace):
    """A district or dong, shown with the places above it (서울특별시 금천구 가산동)."""

    def label_from_instance(self, obj: Municipality) -> str:
        return obj.full_name


class DongsField(SeveralPlaces):
    """Several dongs, each shown by its own name."""

    def label_from_instance(self, obj: Municipality) -> str:
        return obj.display_name


def _offer(field: forms.Field, rows: Any) -> None:
    """Offer ``rows`` in a place field: the places depend on who fills the form in, so the
    class-level queryset is only a placeholder."""
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{field!r} does not choose places")
    field.queryset = rows


class BallotForm(forms.Form):
    """The ballot: radio buttons, check boxes, or one rank selector per option."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args: Any, poll: Any, options: list[PollOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.options = options
        choices = [(str(o.pk), o.label) for o in options]
        if poll.kind == PollKind.SINGLE:
            self.fields["choice"] = forms.ChoiceField(
                label=_("Your choice"), choices=choices, widget=forms.RadioSelect
            )
        elif poll.kind in (PollKind.MULTIPLE, PollKind.APPROVAL):
            help_text = (
                _("Choose up to %(k)s options.") % {"k": poll.max_choices}
                if poll.kind == PollKind.MULTIPLE
                else _("Choose every option you approve of.")
            )
            self.fields["choice"] = forms.MultipleChoiceField(
                label=_("Your choices"),
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                help_text=help_text,
            )
        else:
            ranks = [("", _("not ranked"))] + [(str(i), str(i)) for i in range(1, len(options) + 1)]
            for option in options:
                self.fields[f"rank_{option.pk}"] = forms.ChoiceField(
                    label=option.label,
                    choices=ranks,
                    required=False,
                    help_text=_("1 is your first preference."),
                )

    def chosen(self) -> list[int]:
        """Option ids in the order the services expect (by rank on ranking polls)."""
        data = self.cleaned_data
        if self.poll.kind == PollKind.SINGLE:
            return [int(data["choice"])]
        if self.poll.kind in (PollKind.MULTIPLE, PollKind.APPROVAL):
            return [int(c) for c in data["choice"]]
        ranked = []
        for option in self.options:
            value = data.get(f"rank_{option.pk}")
            if value:
                ranked.append((int(value), option.pk))
        ranks = [r for r, _o in ranked]
        if len(set(ranks)) != len(ranks):
            raise forms.ValidationError(_("Give each rank to one option only."))
        return [option_id for _r, option_id in sorted(ranked)]


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Receipt code"), max_length=20, help_text=_("For example ABCD-EFGH-JKMN.")
    )


class DeskForm(forms.Form):
    """주민 확인: what the official reads from the walk-in resident's identity card."""

    name = forms.CharField(label=_("Name (as on the identity card)"), max_length=60)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%Y.%m.%d", "%Y%m%d"],
    )
    dong = DongField(
        label=_("Dong (address on the identity card)"),
        queryset=None,
        required=False,
    )
    identity_number = forms.CharField(
        label=_("Resident registration number (only if asked)"),
        max_length=20,
        required=False,
        help_text=_(
            "Needed only when several residents share the name, birth year and dong: the "
            "identity is verified and the number is never stored."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    identity_checked = forms.BooleanField(
        label=_("I checked the resident's identity card in person")
    )

    def __init__(self, *args: Any, dongs: Any, dong_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self.fields["dong"], dongs)
        self.fields["dong"].required = dong_required


class PaperBatchForm(forms.Form):
    label = forms.CharField(label=_("Batch (ballot box)"), max_length=80)
    roll = forms.CharField(
        label=_("Roll: usernames of the residents who voted, one per line"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=textlimits.BULK,
    )
    ballots = forms.CharField(
        label=_("Ballots: the option numbers marked on each ballot, one ballot per line"),
        help_text=_("For example '2' or '1,3'; on ranking votes, in order of preference."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=textlimits.BULK,
    )

    def roll_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["roll"].splitlines() if line.strip()]

    def ballot_positions(self) -> list[list[int]]:
        out = []
        for number, line in enumerate(self.cleaned_data["ballots"].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                out.append([int(p) for p in line.replace(" ", "").split(",") if p])
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(n)s: write option numbers separated by commas.") % {"n": number}
                ) from None
        return out


class AssemblyForm(forms.Form):
    name = forms.CharField(label=_("Assembly"), max_length=120)
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    ballots = forms.IntegerField(label=_("Ballots cast at the assembly"), min_value=0)
    roll = forms.CharField(
        label=_("Attendees registered on Maeul (usernames, one per line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=textlimits.BULK,
    )

    def __init__(self, *args: Any, options: list[PollOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        for option in options:
            self.fields[f"votes_{option.pk}"] = forms.IntegerField(
                label=_("Votes for %(option)s") % {"option": option.label}, min_value=0
            )

    def counts(self) -> dict[int, int]:
        return {o.pk: self.cleaned_data[f"votes_{o.pk}"] for o in self.options}

    def roll_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["roll"].splitlines() if line.strip()]


# ---- the officials' poll wizard -----------------------------------------------------------

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class _LocalDateTimeInput(forms.DateTimeInput):
    """A phone-friendly date-and-time picker; the time is Korea time (the site's zone)."""

    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=DATETIME_FORMAT)


class PollForm(forms.Form):
    """The rules of a draft vote. Choices of place are limited to the official's scope; the
    services check everything again (a dong outside the vote's municipality, dates, ...)."""

    title = forms.CharField(label=_("Question"), max_length=200)
    description = forms.CharField(
        label=_("Explanation for residents"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    municipality = PlaceField(
        label=_("Whose vote"),
        queryset=None,
        help_text=_("The district or dong whose residents vote."),
    )
    electorate_kind = forms.ChoiceField(
        label=_("Who votes"),
        choices=ElectorateKind.choices,
        initial=ElectorateKind.PLACE,
        widget=forms.RadioSelect,
    )
    electorate_dongs = DongsField(
        label=_("Only residents of these dongs"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every resident of the district."),
    )
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=120, initial=0)
    verified_only = forms.BooleanField(
        label=_("Verified residents only"), required=False, initial=True
    )
    roll = forms.CharField(
        label=_("Roll: the accounts that vote, one user name per line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20000,
        help_text=_(
            "Only for a vote by roll, such as the members of a committee; place, age and "
            "verification then do not apply."
        ),
    )
    channels = forms.MultipleChoiceField(
        label=_("Ways to vote"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Channel.ONLINE],
        error_messages={"required": _("Choose at least one way to vote.")},
    )
    opens_at = forms.DateTimeField(
        label=_("Voting opens (Korea time)"),
        widget=_LocalDateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
    )
    closes_at = forms.DateTimeField(
        label=_("Voting closes (Korea time)"),
        widget=_LocalDateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
    )
    kind = forms.ChoiceField(label=_("Kind of ballot"), choices=PollKind.choices)
    max_choices = forms.IntegerField(
        label=_("Most choices per ballot"),
        min_value=1,
        max_value=50,
        initial=1,
        help_text=_("For “up to k choices” and ranking votes; a single choice is always 1."),
    )
    secrecy = forms.ChoiceField(label=_("Secrecy"), choices=Secrecy.choices)
    revote = forms.ChoiceField(label=_("Changing a ballot"), choices=RevotePolicy.choices)
    result_rule = forms.ChoiceField(label=_("Result rule"), choices=ResultRule.choices)
    threshold_percent = forms.IntegerField(
        label=_("Majority threshold (%)"), min_value=1, max_value=99, initial=50
    )
    quorum_percent = forms.IntegerField(
        label=_("Quorum: minimum turnout (%)"), min_value=0, max_value=100, initial=0
    )
    electorate_size = forms.IntegerField(
        label=_("Size of the electorate"),
        min_value=1,
        required=False,
        help_text=_(
            "Eligible residents according to the resident register. Without it no turnout "
            "percentage is shown and a quorum cannot be set; a vote by roll uses its roll."
        ),
    )

    def __init__(self, *args: Any, places: Any, dongs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self.fields["municipality"], places)
        _offer(self.fields["electorate_dongs"], dongs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The vote must close after it opens."))
        if data.get("electorate_kind") == ElectorateKind.ROLL and not self.roll_names():
            self.add_error("roll", _("A vote by roll needs at least one account on its roll."))
        return data

    def roll_names(self) -> list[str]:
        if self.cleaned_data.get("electorate_kind") != ElectorateKind.ROLL:
            return []
        text = self.cleaned_data.get("roll") or ""
        return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))

    def service_fields(self) -> dict[str, Any]:
        """The cleaned rules as the services take them."""
        data = self.cleaned_data
        channels = set(data["channels"])
        return {
            "title": data["title"],
            "description": data["description"],
            "electorate_kind": data["electorate_kind"],
            "kind": data["kind"],
            "max_choices": 1 if data["kind"] == PollKind.SINGLE else data["max_choices"],
            "min_age": data["min_age"],
            "verified_only": data["verified_only"],
            "opens_at": data["opens_at"],
            "closes_at": data["closes_at"],
            "secrecy": data["secrecy"],
            "revote": data["revote"],
            "result_rule": data["result_rule"],
            "threshold_percent": data["threshold_percent"],
            "quorum_percent": data["quorum_percent"],
            "electorate_size": data["electorate_size"],
            "allow_online": Channel.ONLINE in channels,
            "allow_desk": Channel.DESK in channels,
            "allow_paper": Channel.PAPER in channels,
            "allow_assembly": Channel.ASSEMBLY in channels,
        }

    @staticmethod
    def initial_of(poll: Any) -> dict[str, Any]:
        initial = {
            name: getattr(poll, name)
            for name in (
                "title",
                "description",
                "municipality",
                "electorate_kind",
                "min_age",
                "verified_only",
                "kind",
                "max_choices",
                "secrecy",
                "revote",
                "result_rule",
                "threshold_percent",
                "quorum_percent",
                "electorate_size",
            )
        }
        initial["opens_at"] = timezone.localtime(poll.opens_at).strftime(DATETIME_FORMAT)
        initial["closes_at"] = timezone.localtime(poll.closes_at).strftime(DATETIME_FORMAT)
        initial["channels"] = poll.channels()
        initial["electorate_dongs"] = list(poll.electorate_dongs.all())
        initial["roll"] = "\n".join(
            poll.voters.order_by("user__username").values_list("user__username", flat=True)
        )
        return initial


class OptionForm(forms.Form):
    """One option row. An empty row is ignored (that is how an option is removed)."""

    option_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    label = forms.CharField(label=_("Option"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    image = forms.FileField(
        label=_("Image (JPEG, PNG or WebP, up to 2 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        label = (data.get("label") or "").strip()
        if not label and (data.get("description") or data.get("image")):
            self.add_error("label", _("Give this option a name, or empty the whole row."))
        data["label"] = label
        return data


OptionFormSet = forms.formset_factory(OptionForm, extra=0, max_num=30, absolute_max=30)


class ReasonForm(forms.Form):
    """Why an official closes a vote early or cancels it: kept in the audit log."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Residents and auditors read this reason."),
    )
