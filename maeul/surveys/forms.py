"""Forms of the survey pages (shape only; the rules live in the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.surveys.models import Audience, ProgrammeKey, QuestionKind, RespondentGroup, Survey
from maeul.surveys.templates_ready import TEMPLATES


def _template_choices() -> list[tuple[str, Any]]:
    return [
        ("", _("No template: I add the questions")),
        *((k, t.title) for k, t in TEMPLATES.items()),
    ]


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=textlimits.LABEL)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=textlimits.TEXT, widget=forms.Textarea
    )
    audience = forms.ChoiceField(
        label=_("Sent to"), choices=Audience.choices, initial=Audience.PUBLIC
    )
    programme = forms.ChoiceField(
        label=_("Programme"),
        choices=ProgrammeKey.choices,
        required=False,
        help_text=_(
            "For a participants' survey, whose participants may answer; for a public survey, "
            "whose participants are compared with the general public."
        ),
    )
    template = forms.ChoiceField(label=_("Template"), choices=_template_choices, required=False)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=textlimits.LABEL)
    scale_max = forms.TypedChoiceField(
        label=_("Scale"),
        choices=[("", "—"), (5, _("1 to 5")), (7, _("1 to 7"))],
        coerce=int,
        required=False,
        empty_value=None,
    )
    options = forms.CharField(
        label=_("Options"),
        required=False,
        max_length=textlimits.REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a choice question: one option per line."),
    )
    required = forms.BooleanField(label=_("Answer required"), required=False, initial=True)

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["options"] = (data.get("options") or "").splitlines()
        return data


def answer_form_fields(survey: Survey) -> list[dict[str, Any]]:
    """The questionnaire as the answer page draws it (fields named ``q<id>``)."""
    rows = []
    for question in survey.questions.prefetch_related("options").order_by("position"):
        scale = list(range(1, (question.scale_max or 0) + 1))
        rows.append(
            {
                "question": question,
                "name": f"q{question.pk}",
                "options": list(question.options.all()),
                "scale": scale,
            }
        )
    return rows


def answers_from_post(survey: Survey, post: Any) -> dict[str, Any]:
    """Question id → the posted value(s), as the service takes them."""
    answers: dict[str, Any] = {}
    for question in survey.questions.all():
        name = f"q{question.pk}"
        if question.kind == QuestionKind.MULTIPLE:
            answers[str(question.pk)] = post.getlist(name)
        else:
            answers[str(question.pk)] = post.get(name, "")
    return answers


class CollectedForm(forms.Form):
    group = forms.ChoiceField(label=_("Group surveyed"), choices=RespondentGroup.choices)
    sheets = forms.CharField(
        label=_("Answer sheets (CSV)"),
        max_length=textlimits.MINUTES,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "One line per answer sheet, one column per question in order: an option's number "
            "(several joined by ;), a scale value or the text; leave a cell empty for no answer."
        ),
    )
