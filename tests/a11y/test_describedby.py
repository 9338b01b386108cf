"""Help texts and errors are announced with their input (issue 23: aria-describedby pointed to a
wrong id on every form). Django names "<id>_helptext" and "<id>_error" in each input's
aria-describedby; the templates must print the help and the errors under exactly those ids."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.template.loader import render_to_string
from django.test import Client

DESCRIBED = re.compile(r'aria-describedby="([^"]*)"')
IDS = re.compile(r'\sid="([^"]+)"')


def missing_descriptions(html: str) -> list[str]:
    """Every id named by an aria-describedby that no element of the page carries."""
    present = set(IDS.findall(html))
    named = [name for value in DESCRIBED.findall(html) for name in value.split()]
    return [name for name in named if name not in present]


class SampleForm(forms.Form):
    title = forms.CharField(label="Title", help_text="Say what it is in a few words.")
    cost = forms.IntegerField(label="Cost", help_text="In won.", min_value=1)
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.RadioSelect,
        help_text="Pick one.",
    )


def test_the_check_catches_a_dangling_reference() -> None:
    assert missing_descriptions('<input aria-describedby="x_help"><p id="x_helptext">') == [
        "x_help"
    ]


def test_the_shared_form_prints_help_and_errors_under_the_ids_django_names() -> None:
    blank = render_to_string("core/_form.html", {"form": SampleForm()})
    assert 'aria-describedby="id_title_helptext"' in blank
    assert missing_descriptions(blank) == []

    invalid = SampleForm(data={"title": "", "cost": "0"})
    assert not invalid.is_valid()
    html = render_to_string("core/_form.html", {"form": invalid})
    assert 'aria-describedby="id_cost_helptext id_cost_error"' in html
    assert 'aria-invalid="true"' in html
    assert missing_descriptions(html) == []
    # Several errors of one field share the one container the input names.
    assert html.count('id="id_cost_error"') == 1


def test_a_radio_group_is_a_fieldset_named_by_its_legend_and_described() -> None:
    html = render_to_string("core/_form.html", {"form": SampleForm(data={})})
    fieldset = re.search(r"<fieldset[^>]*>\s*<legend>Kind", html)
    assert fieldset is not None, html
    assert 'aria-describedby="id_kind_helptext id_kind_error"' in fieldset.group(0)
    assert missing_descriptions(html) == []


def test_sign_up_announces_its_help_and_errors(client: Client, places: dict[str, Any]) -> None:
    page = client.get("/accounts/signup/").content.decode()
    assert "_helptext" in page
    assert missing_descriptions(page) == []
    errors = client.post("/accounts/signup/", {"username": ""}).content.decode()
    assert "_error" in errors
    assert missing_descriptions(errors) == []


def test_audit_log_filter_announces_its_help(
    client: Client, places: dict[str, Any], make_official: Any
) -> None:
    client.force_login(make_official(places["geumcheon"], "auditor"))
    page = client.get("/audit/", {"since": "not a date"}).content.decode()
    assert missing_descriptions(page) == []
