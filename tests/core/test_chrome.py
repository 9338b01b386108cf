"""The page chrome (header, navigation, footer): its fixed text is rendered once per language
(``{% once %}``), and what is personal or per request stays live — who is signed in, their
role's links, the unread badge, the CSRF tokens — in both languages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    "inside",
    [
        "{{ user.username }}",
        "{% csrf_token %}",
        "{% if user.is_authenticated %}x{% endif %}",
        "{% trans user.name %}",
        "{% trans 'Search'|upper %}",
        "{% trans 'Search' as label %}",
        "{% url 'core:municipality' slug %}",
        "{% blocktrans with n=count %}{{ n }} items{% endblocktrans %}",
        "{% static path %}",
    ],
)
def test_once_refuses_anything_that_could_differ_between_visitors(inside: str) -> None:
    with pytest.raises(TemplateSyntaxError):
        Template("{% load i18n static chrome %}{% once %}" + inside + "{% endonce %}")


def test_once_keeps_one_copy_per_language() -> None:
    template = Template(
        "{% load i18n chrome %}{% once %}{% trans 'Log in' %} {% url 'core:home' %}{% endonce %}"
    )
    with translation.override("ko"):
        korean = template.render(Context())
    with translation.override("en"):
        english = template.render(Context())
    with translation.override("ko"):
        again = template.render(Context())
    assert english == "Log in /" and korean == again and korean != english


def _nav(html: str) -> set[str]:
    return set(re.findall(r'data-testid="(nav-[a-z-]+)"', html))


@pytest.mark.parametrize("language", ["ko", "en"])
def test_header_follows_who_is_signed_in(
    places: dict[str, Any], make_resident: Any, make_official: Any, language: str
) -> None:
    resident = make_resident(places["geumcheon"], places["gasan"])
    official = make_official(places["geumcheon"])
    pages = {}
    for who, user in (("visitor", None), ("resident", resident), ("official", official)):
        client = Client()
        client.cookies["maeul_language"] = language
        if user is not None:
            client.force_login(user)
        pages[who] = client.get("/").content.decode()
    label = {"ko": "로그인", "en": "Log in"}[language]
    assert f'<html lang="{language}">' in pages["visitor"] and label in pages["visitor"]
    assert _nav(pages["visitor"]) == {"nav-search"}
    assert _nav(pages["resident"]) == {
        "nav-search",
        "nav-my-activity",
        "nav-notices",
        "nav-my-page",
    }
    assert _nav(pages["official"]) == {"nav-search", "nav-workspace", "nav-notices", "nav-my-page"}
    assert label not in pages["resident"] and label not in pages["official"]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_unread_badge_follows_the_notices(
    places: dict[str, Any], make_resident: Any, language: str
) -> None:
    from maeul.notifications.models import Notice

    resident = make_resident(places["geumcheon"], places["gasan"])
    other = make_resident(places["geumcheon"], places["gasan"])
    client = Client()
    client.cookies["maeul_language"] = language
    client.force_login(resident)
    assert 'data-testid="notice-badge"' not in client.get("/").content.decode()
    for n in range(3):
        Notice.objects.create(recipient=resident, kind="test", event_key=f"e{n}")
    Notice.objects.create(recipient=other, kind="test", event_key="e0")
    assert 'data-testid="notice-badge">3<' in client.get("/").content.decode()
    Notice.objects.filter(recipient=resident, event_key="e0").update(read_at=timezone.now())
    assert 'data-testid="notice-badge">2<' in client.get("/").content.decode()
    other_client = Client()
    other_client.force_login(other)
    assert 'data-testid="notice-badge">1<' in other_client.get("/").content.decode()


def test_forms_in_the_header_carry_a_working_csrf_token(
    places: dict[str, Any], make_resident: Any
) -> None:
    resident = make_resident(places["geumcheon"], places["gasan"])
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=resident.username, password=PASSWORD)
    html = client.get("/").content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert len(tokens) == 2  # log out, language switch
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[1]}
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Log out" in html
    token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[0]
    assert (
        client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    )
    assert "Log in" in client.get("/").content.decode()


def test_header_costs_one_query_for_a_signed_in_person(
    places: dict[str, Any], make_resident: Any
) -> None:
    from maeul.notifications.models import Notice

    resident = make_resident(places["geumcheon"], places["gasan"])
    Notice.objects.create(recipient=resident, kind="test", event_key="e")
    visitor, member = Client(), Client()
    member.force_login(resident)
    visitor.get("/")
    member.get("/")
    with CaptureQueriesContext(connection) as seen_by_visitor:
        visitor.get("/")
    with CaptureQueriesContext(connection) as seen_by_member:
        html = member.get("/").content.decode()
    assert 'data-testid="notice-badge">1<' in html
    # the session, the account, and the header's one query
    assert len(seen_by_member) - len(seen_by_visitor) <= 3, [
        q["sql"] for q in seen_by_member.captured_queries
    ]
