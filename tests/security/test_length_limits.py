"""Finding 11 of the security review: no length limits — a 9 MB proposal description was
accepted and published.

Every free text now has a maximum (``maeul.core.textlimits``): in the forms (with Django's
message in Korean and English), in the API's input schemas, and in the database as a named
CHECK constraint on every TextField, so an import or a shell cannot store more either.
Demo data fits.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth.forms import AuthenticationForm
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Max
from django.db.models.functions import Length
from django.test import Client
from django.urls import reverse
from django.utils import translation

from maeul.budgeting.forms import ProposalForm
from maeul.budgeting.models import Proposal
from maeul.core import textlimits
from maeul.core.errors import constraint_name
from maeul.core.textlimits import BoundedTextField
from tests.budgeting import conftest as budgeting

# The budgeting tests' fixtures: a district, its manager and a cycle open for proposals.
manager = budgeting.manager
setup_cycle = budgeting.setup_cycle
cycle = budgeting.cycle
proposal_data = budgeting.proposal_data
submit = budgeting.submit

NINE_MEGABYTES = "가" * (9 * 1024 * 1024 // 3)

# Text columns that no person types: a hash-chained, machine-written JSON record.
UNBOUNDED = {
    ("auditlog.AuditEntry", "payload"),
    # Written only by the result computation from the engine's exact figures and its own
    # explanation text, never from a request: a limit would have nothing to refuse.
    *(
        ("budgeting.ProjectOutcome", name)
        for name in ("committee_share", "public_share", "score", "reason_en", "reason_ko")
    ),
}
# Pasted lists that are parsed line by line and never stored whole; bounded by textlimits.BULK.
BULK_INPUTS = {"roll", "ballots"}


def _maeul_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("maeul.")]


def _bounded_fields() -> list[tuple[type[models.Model], BoundedTextField]]:
    return [
        (model, field)
        for model in _maeul_models()
        for field in model._meta.concrete_fields
        if isinstance(field, BoundedTextField)
    ]


def test_every_text_field_of_every_model_has_a_limit() -> None:
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in _maeul_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField)
        and not isinstance(field, BoundedTextField)
        and (model._meta.label, field.name) not in UNBOUNDED
    ]
    assert unbounded == []
    assert all(f.max_length <= textlimits.MINUTES for _m, f in _bounded_fields())
    assert len(_bounded_fields()) >= 38


@pytest.mark.django_db
def test_every_limit_is_a_named_check_constraint_in_the_database() -> None:
    assert len(_bounded_fields()) >= 38
    missing = []
    with connection.cursor() as cursor:
        for model, field in _bounded_fields():
            name = f"{model._meta.app_label}_{model._meta.model_name}_{field.name}_length"
            found = connection.introspection.get_constraints(cursor, model._meta.db_table)
            if name not in found:
                missing.append(name)
    assert missing == [], " ".join(missing)


@pytest.mark.django_db
def test_database_refuses_a_nine_megabyte_description(
    cycle: Any, places: Any, make_resident: Any
) -> None:
    proposal = submit(cycle, make_resident(places["geumcheon"], places["gasan"]))
    for value in [NINE_MEGABYTES, "x" * (textlimits.TEXT + 1)]:
        with pytest.raises(IntegrityError) as refused, transaction.atomic():
            Proposal.objects.filter(pk=proposal.pk).update(description=value)
        assert constraint_name(refused.value) == "budgeting_proposal_description_length"
    Proposal.objects.filter(pk=proposal.pk).update(description="가" * textlimits.TEXT)
    assert len(Proposal.objects.get(pk=proposal.pk).description) == textlimits.TEXT


@pytest.mark.django_db
def test_the_proposal_form_refuses_it_in_both_languages(cycle: Any) -> None:
    data = {**proposal_data(cycle), "description": NINE_MEGABYTES}
    data["group"], data["type"] = data["group"].pk, data["type"].pk
    for language, words in [("ko", "10000"), ("en", "at most 10000 characters")]:
        with translation.override(language):
            form = ProposalForm(data=data, cycle=cycle)
            assert not form.is_valid()
            message = " ".join(form.errors["description"])
            assert words in message.replace(",", "")
            if language == "ko":
                assert "최대" in message or "이하" in message or "이내" in message, message


@pytest.mark.django_db
def test_the_web_page_keeps_nothing_of_a_nine_megabyte_proposal(
    cycle: Any, places: Any, make_resident: Any
) -> None:
    client = Client()
    client.force_login(make_resident(places["geumcheon"], places["gasan"]))
    data = {**proposal_data(cycle), "description": NINE_MEGABYTES, "submit": "1"}
    data["group"], data["type"] = data["group"].pk, data["type"].pk
    url = reverse("budgeting:propose", args=[cycle.municipality.slug, cycle.cycle_year])
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert Proposal.objects.filter(cycle=cycle).count() == 0


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("maeul."):
            continue
        for module_name in ("forms", "auth_forms"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                    found.append(value)
    return found


def test_every_text_input_of_every_form_has_a_maximum() -> None:
    missing = []
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.CharField) or isinstance(
                field.widget, forms.PasswordInput
            ):
                continue
            limit = getattr(field, "max_length", None)
            if issubclass(form_class, AuthenticationForm) and name == "username":
                continue  # Django's login form sets the account model's 150 when built
            ceiling = textlimits.BULK if name in BULK_INPUTS else textlimits.MINUTES
            if limit is None or limit > ceiling:
                missing.append(f"{form_class.__module__}.{form_class.__name__}.{name}: {limit}")
    assert len(_form_classes()) > 20
    assert missing == []


@pytest.mark.django_db
def test_api_input_schemas_bound_their_values(places: Any, make_resident: Any) -> None:
    client = Client()
    client.force_login(make_resident(places["geumcheon"], places["gasan"]))
    response = client.post(
        "/api/polls/1/ballots",
        {"choices": list(range(1, 1002))},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert response.json()["field"] == "choices"
    response = client.post(
        "/api/points/voucher-requests",
        {"municipality": "x" * 5000, "units": 1},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["field"] == "municipality"
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert schema["BallotIn"]["properties"]["choices"]["maxItems"] == 100
    assert schema["VoucherRequestIn"]["properties"]["municipality"]["maxLength"] == 80


@pytest.mark.slow
def test_the_demo_data_fits_every_limit(shared_demo: None) -> None:
    """The whole demo loads under the constraints (the shared load would have failed), and
    CharFields (not enforced by SQLite) fit their max_length too."""
    too_long = []
    for model in _maeul_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or not field.max_length:
                continue
            longest = model.objects.aggregate(n=Max(Length(field.name)))["n"] or 0
            if longest > field.max_length:
                too_long.append(f"{model._meta.label}.{field.name}: {longest}")
    assert too_long == []


def test_the_governance_sheet_import_names_an_overlong_agenda() -> None:
    """Imports bypass forms: the quarterly sheet reports the cell instead of letting the
    database refuse the whole import with an error page."""
    from maeul.governance.sheet import read_rows
    from tests.governance.helpers import row, sheet

    too_long = row("1")
    too_long[-3] = "가" * (textlimits.TEXT + 1)  # the agenda column
    fits = row("2")
    fits[-3] = "가" * textlimits.TEXT
    rows, errors = read_rows(sheet(too_long, fits))
    assert [r.reference for r in rows] == ["2"]
    assert [e.column for e in errors] == ["주요 안건"]
    assert "10000" in errors[0].message
