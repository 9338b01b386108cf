"""The proposal list's filter selects are written in Python instead of Django's templates
(issue 23's page cost); they must stay byte for byte what Django's ``Select`` writes."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from maeul.budgeting.forms import PlainSelect, ProposalFilterForm

CHOICES = [
    ("", "All"),
    ("parks", "공원·환경"),
    ("a&b", 'Quotes " and <tags> & ampersands'),
    (3, "A number"),
]


@pytest.mark.parametrize("value", [None, "", "parks", "a&b", "3", "missing"])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_group"},
        {"id": "id_x", "aria-invalid": "true", "aria-describedby": "id_x_error"},
        {"id": "id_y", "required": True, "disabled": False, "data-note": '<"&>'},
    ],
)
def test_plain_select_writes_what_django_select_writes(value: Any, attrs: Any) -> None:
    plain = PlainSelect(choices=CHOICES).render("group", value, attrs)
    django_select = forms.Select(choices=CHOICES).render("group", value, attrs)
    assert plain == django_select
    assert "<option" in plain


def test_option_groups_fall_back_to_django() -> None:
    grouped = [("", "All"), ("Parks", [("p1", "One"), ("p2", "Two")])]
    plain = PlainSelect(choices=grouped).render("group", "p2", {"id": "id_g"})
    assert plain == forms.Select(choices=grouped).render("group", "p2", {"id": "id_g"})
    assert "<optgroup" in plain


def test_the_filter_form_uses_it() -> None:
    fields = ProposalFilterForm.base_fields
    assert all(
        isinstance(fields[name].widget, PlainSelect) for name in ("group", "type", "status", "dong")
    )
