"""The shared confirmation step: the first POST of an irreversible action shows what will
happen and repeats the posted fields; only the second POST with ``confirmed=1`` goes through."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from maeul.core.confirm import confirmation_page

done: list[str] = []


def _action(request: HttpRequest) -> HttpResponse:
    page = confirmation_page(
        request,
        title="Publish the result",
        consequences=["The result becomes public.", "Votes can no longer change it."],
        action_label="Publish",
        cancel_url="/back/",
    )
    if page is not None:
        return page
    done.append(request.POST["cycle"])
    return HttpResponse("published")


def test_first_post_asks_and_changes_nothing(rf: RequestFactory, db: Any) -> None:
    done.clear()
    request = rf.post("/x/", {"cycle": "7", "note": ['a "quoted" <b>', "second"]})
    request.LANGUAGE_CODE = "ko"
    request.user = type("Anon", (), {"is_authenticated": False, "official_or_none": None})()
    response = _action(request)
    body = response.content.decode()
    assert done == []
    assert "The result becomes public." in body and "Votes can no longer change it." in body
    assert 'name="cycle" value="7"' in body
    assert "&lt;b&gt;" in body and "<b>" not in body.split("consequences")[1]
    assert body.count('name="note"') == 2
    assert 'name="confirmed" value="1"' in body and 'href="/back/"' in body


def test_confirmed_post_goes_through(rf: RequestFactory) -> None:
    done.clear()
    response = _action(rf.post("/x/", {"cycle": "7", "confirmed": "1"}))
    assert response.content == b"published" and done == ["7"]
