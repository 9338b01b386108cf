"""Issue 13: the Django admin is the platform operator's tool, never an official's.

Findings reproduced here (each failed before the lock-down): ``admin.namgu`` set its own
official record's municipality to Seoul and then acted on Geumcheon-gu; ``manager.namgu``
created polls in Geumcheon-gu and at Seoul level and added a pledge goal to Geumcheon-gu;
``admin.namgu`` moved one of its dongs under Geumcheon-gu. The walk below proves that no
official role, resident or visitor can view, add, change or delete anything through any
registered model admin; the operator's own writes (a poll edit, a governance body) work
through the services instead of answering 500.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from maeul.accounts.models import Official, Role
from maeul.auditlog.models import AuditEntry
from maeul.governance.models import Body
from maeul.places.models import Municipality
from maeul.pledges.models import PledgeGoal
from maeul.voting.models import Poll
from tests.conftest import PASSWORD

ROLES = [r.value for r in Role]


class _FormReader(HTMLParser):
    """The values a browser would post from the page's main form (Django admin's change form)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((name, a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None


def form_of(html: str, **changes: Any) -> dict[str, Any]:
    reader = _FormReader()
    reader.feed(html)
    data: dict[str, Any] = {}
    for name, value in reader.data:
        if name in data:
            data[name] = (
                [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            )
        else:
            data[name] = value
    data.update(changes)
    return data


@pytest.fixture
def people(places: dict[str, Any], make_official: Any, make_resident: Any) -> dict[str, Any]:
    namgu_dong = Municipality.objects.create(
        slug="namgu-yangnim-dong",
        name="양림동",
        name_en="Yangnim-dong",
        kind="dong",
        parent=places["namgu"],
    )
    places["yangnim"] = namgu_dong
    return {
        "admin.namgu": make_official(places["namgu"], "administrator", username="admin.namgu"),
        "manager.namgu": make_official(
            places["namgu"], "programme_manager", username="manager.namgu"
        ),
        "resident": make_resident(places["namgu"], namgu_dong),
    }


def _url(info: tuple[str, str], action: str, *args: Any) -> str:
    return reverse(f"admin:{info[0]}_{info[1]}_{action}", args=args)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---- every model admin, every non-operator ------------------------------------------------


def _non_operators(places: dict[str, Any], make_official: Any, make_resident: Any) -> list[Any]:
    users: list[Any] = [None, make_resident(places["namgu"])]
    for role in ROLES:
        users.append(make_official(places["namgu"], role))
        users.append(make_official(places["seoul"], role))
    users.append(make_official(places["seoul"], *ROLES))
    return users


def test_no_official_resident_or_visitor_reaches_any_model_admin(
    places: dict[str, Any], make_official: Any, make_resident: Any
) -> None:
    """Each registered ModelAdmin, for anonymous, a resident and every official role (district
    and city level, and one holding every role): no page answers, no permission is granted."""
    target = places["geumcheon"]
    factory = RequestFactory()
    registry = list(admin.site._registry.items())
    assert len(registry) >= 37  # every app's admin is registered (the walk is not empty)
    login = reverse("admin:login")
    for user in _non_operators(places, make_official, make_resident):
        client = Client()
        if user is not None:
            client.force_login(user)
        request = factory.get("/admin/")
        request.user = user or AnonymousUser()
        assert not admin.site.has_permission(request)
        assert client.get(reverse("admin:index")).status_code == 302
        for model, model_admin in registry:
            info = (model._meta.app_label, model._meta.model_name)
            label = f"{info} as {getattr(user, 'username', 'anonymous')}"
            assert not model_admin.has_module_permission(request), label
            assert not model_admin.has_view_permission(request), label
            assert not model_admin.has_add_permission(request), label
            assert not model_admin.has_change_permission(request), label
            assert not model_admin.has_delete_permission(request), label
            for inline in model_admin.get_inline_instances(request):
                assert not inline.has_view_permission(request), label
            pk = model._default_manager.values_list("pk", flat=True).first() or 1
            urls = [
                _url(info, "changelist"),
                _url(info, "add"),
                _url(info, "change", pk),
                _url(info, "delete", pk),
            ]
            for url in urls:
                response = client.get(url)
                assert response.status_code == 302, (label, url)
                assert response["Location"].startswith(login), (label, url)
            response = client.post(urls[1], {"municipality": target.pk, "name": "x"})
            assert response.status_code == 302 and response["Location"].startswith(login)


# ---- the findings, one by one ---------------------------------------------------------------


def test_scope_escape_official_cannot_move_itself_to_seoul(
    places: dict[str, Any], people: dict[str, Any]
) -> None:
    official = Official.objects.get(user=people["admin.namgu"])
    url = reverse("admin:accounts_official_change", args=[official.pk])
    client = _client(people["admin.namgu"])
    entries = AuditEntry.objects.count()
    response = client.post(
        url,
        {
            "municipality": places["seoul"].pk,
            "department": "",
            "roles-TOTAL_FORMS": 0,
            "roles-INITIAL_FORMS": 0,
            "roles-MIN_NUM_FORMS": 0,
            "roles-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    official.refresh_from_db()
    assert official.municipality == places["namgu"]
    assert AuditEntry.objects.count() == entries
    # Nor can it then reach Geumcheon-gu's pages through the admin.
    assert client.get(reverse("admin:budgeting_cycle_changelist")).status_code == 302


def test_manager_cannot_create_polls_elsewhere_through_the_admin(
    places: dict[str, Any], people: dict[str, Any]
) -> None:
    client = _client(people["manager.namgu"])
    now = timezone.now()
    for place in (places["geumcheon"], places["seoul"]):
        response = client.post(
            reverse("admin:voting_poll_add"),
            {
                "municipality": place.pk,
                "code": f"escape-{place.slug}",
                "title": "draft",
                "kind": "single",
                "max_choices": 1,
                "electorate_kind": "place",
                "min_age": 0,
                "opens_at_0": (now + dt.timedelta(days=1)).date().isoformat(),
                "opens_at_1": "09:00:00",
                "closes_at_0": (now + dt.timedelta(days=2)).date().isoformat(),
                "closes_at_1": "09:00:00",
                "secrecy": "secret",
                "revote": "forbidden",
                "result_rule": "plurality",
                "threshold_percent": 50,
                "quorum_percent": 0,
                "options-TOTAL_FORMS": 2,
                "options-INITIAL_FORMS": 0,
                "options-0-position": 1,
                "options-0-label": "A",
                "options-1-position": 2,
                "options-1-label": "B",
                "voters-TOTAL_FORMS": 0,
                "voters-INITIAL_FORMS": 0,
            },
        )
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Poll.objects.exists()


def test_manager_cannot_add_a_pledge_goal_elsewhere_through_the_admin(
    places: dict[str, Any], people: dict[str, Any]
) -> None:
    client = _client(people["manager.namgu"])
    response = client.post(
        reverse("admin:pledges_pledgegoal_add"),
        {"municipality": places["geumcheon"].pk, "order": 1, "name": "더불어 행복한 금천"},
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not PledgeGoal.objects.exists()


def test_administrator_cannot_move_a_dong_elsewhere_through_the_admin(
    places: dict[str, Any], people: dict[str, Any]
) -> None:
    dong = places["yangnim"]
    client = _client(people["admin.namgu"])
    response = client.post(
        reverse("admin:places_municipality_change", args=[dong.pk]),
        {
            "slug": dong.slug,
            "name": dong.name,
            "name_en": dong.name_en,
            "kind": "dong",
            "parent": places["geumcheon"].pk,
            "sort_order": 0,
        },
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    dong.refresh_from_db()
    assert dong.parent == places["namgu"]


# ---- the operator's admin works ---------------------------------------------------------------


@pytest.fixture
def operator(db: Any) -> Any:
    from maeul.accounts.models import User

    return User.objects.create_superuser("operator", password=PASSWORD)


def test_operator_opens_every_model_admin_without_errors(
    places: dict[str, Any], people: dict[str, Any], operator: Any
) -> None:
    client = _client(operator)
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        assert client.get(_url(info, "changelist")).status_code == 200, info
        add = client.get(_url(info, "add")).status_code
        assert add == (200 if model_admin.has_add_permission(_request(operator)) else 403), info
        pk = model._default_manager.values_list("pk", flat=True).first()
        if pk is not None:
            change = client.get(_url(info, "change", pk))
            assert change.status_code == 200, info
            assert client.get(_url(info, "delete", pk)).status_code == 403


def _errors(response: Any) -> Any:
    """The admin form's errors, for a readable failure."""
    context = response.context or {}
    errors = context.get("errors")
    return list(errors) if errors else response.content.decode()[:2000]


def _request(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_operator_edits_a_poll_through_the_service(
    places: dict[str, Any], operator: Any, make_official: Any
) -> None:
    """Saving a poll edit answered 500 (a durable service inside the admin's transaction)."""
    from maeul.voting import services

    manager = make_official(places["geumcheon"], "programme_manager")
    now = timezone.now()
    poll = services.poll_create(
        actor=manager,
        municipality=places["geumcheon"],
        options=["Park", "Library"],
        code="park-or-library",
        title="Which first?",
        kind="single",
        opens_at=now + dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=3),
    )
    client = _client(operator)
    url = reverse("admin:voting_poll_change", args=[poll.pk])
    data = form_of(client.get(url).content.decode(), title="Park or library?")
    data["options-1-label"] = "New library"
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)
    poll.refresh_from_db()
    assert poll.title == "Park or library?"
    assert list(poll.options.order_by("position").values_list("label", flat=True)) == [
        "Park",
        "New library",
    ]
    entry = AuditEntry.objects.filter(kind="voting.poll_updated").latest("seq")
    assert entry.actor_label.startswith("operator") or "operator" in entry.actor_label


def test_operator_adds_a_poll_through_the_service(places: dict[str, Any], operator: Any) -> None:
    client = _client(operator)
    url = reverse("admin:voting_poll_add")
    now = timezone.now()
    data = form_of(
        client.get(url).content.decode(),
        municipality=places["geumcheon"].pk,
        code="operator-poll",
        title="Operator's poll",
        kind="single",
        opens_at_0=(now + dt.timedelta(days=1)).date().isoformat(),
        opens_at_1="09:00:00",
        closes_at_0=(now + dt.timedelta(days=2)).date().isoformat(),
        closes_at_1="09:00:00",
        **{"options-0-position": 1, "options-0-label": "A"},
        **{"options-1-position": 2, "options-1-label": "B"},
    )
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)
    poll = Poll.objects.get(code="operator-poll")
    assert poll.options.count() == 2
    assert AuditEntry.objects.filter(kind="voting.poll_created").exists()
    # A refused poll (it closes before it opens) comes back as a message, never a 500.
    data.update(code="bad-poll", closes_at_0=(now - dt.timedelta(days=2)).date().isoformat())
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert not Poll.objects.filter(code="bad-poll").exists()


def test_operator_adds_and_changes_a_governance_body(places: dict[str, Any], operator: Any) -> None:
    """Adding or changing a body answered 500 (durable services inside the admin's block)."""
    client = _client(operator)
    url = reverse("admin:governance_body_add")
    data = form_of(
        client.get(url).content.decode(),
        municipality=places["geumcheon"].pk,
        name="금천구 협치회의",
        kind="governance_committee",
    )
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)
    body = Body.objects.get(name="금천구 협치회의")
    assert AuditEntry.objects.filter(kind="governance.body_created").count() == 1
    url = reverse("admin:governance_body_change", args=[body.pk])
    data = form_of(client.get(url).content.decode(), min_gender_percent=30)
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)
    body.refresh_from_db()
    assert body.min_gender_percent == 30
    assert AuditEntry.objects.filter(kind="governance.body_updated").count() == 1
