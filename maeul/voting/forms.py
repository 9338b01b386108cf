"""Forms of the voting screens. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.voting.models import PollKind, PollOption


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
    resident = forms.CharField(
        label=_("Resident's username"),
        max_length=150,
        help_text=_("Check the resident's identity card before recording the ballot."),
    )
    identity_checked = forms.BooleanField(label=_("I checked the resident's identity in person"))


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
