"""The preferences form: language of e-mails, quiet hours, one choice per kind."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from maeul.notifications import kinds

PREFIX = "kind_"


def kinds_for(user: Any) -> list[kinds.NoticeKind]:
    """The kinds this person can receive: residents' kinds, officials' kinds, or both."""
    audiences = set()
    if getattr(user, "resident_or_none", None) is not None:
        audiences.add(kinds.Audience.RESIDENT)
    if getattr(user, "official_or_none", None) is not None or getattr(user, "is_superuser", False):
        audiences.add(kinds.Audience.OFFICIAL)
    if not audiences:
        audiences.add(kinds.Audience.RESIDENT)
    return [kind for kind in kinds.all_kinds() if kind.audience in audiences]


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)
    quiet_start = forms.TimeField(
        label=_("Quiet hours from"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Korean time, e.g. 22:00. Leave both empty for no quiet hours."),
        error_messages={"invalid": _("Enter a time such as 22:00.")},
    )
    quiet_end = forms.TimeField(
        label=_("Quiet hours until"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("E-mails sent “at once” wait until then; the inbox shows them anyway."),
        error_messages={"invalid": _("Enter a time such as 07:00.")},
    )

    def __init__(self, *args: Any, kinds_shown: list[kinds.NoticeKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds_shown = kinds_shown
        for kind in kinds_shown:
            self.fields[PREFIX + kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=kinds.Frequency.choices,
                error_messages={
                    "invalid_choice": _("Choose one of the offered options."),
                    "required": _("Choose how often you want this by e-mail."),
                },
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("quiet_start"), data.get("quiet_end")
        half = (start is None) != (end is None)
        if half and not self.has_error("quiet_start") and not self.has_error("quiet_end"):
            raise forms.ValidationError(
                _("Give both ends of the quiet hours, or neither."), code="quiet_half"
            )
        if start is not None and start == end:
            raise forms.ValidationError(
                _("Quiet hours must start and end at different times."), code="quiet_empty"
            )
        return data

    def frequencies(self) -> dict[str, str]:
        return {kind.code: self.cleaned_data[PREFIX + kind.code] for kind in self.kinds_shown}
