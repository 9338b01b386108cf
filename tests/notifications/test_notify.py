"""The sending side of notifications: a programme's ``notify`` stores one notice per person
and event, only once the action commits."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.utils import translation

from maeul.notifications import kinds
from maeul.notifications.models import Notice
from maeul.notifications.services import notify

KIND = kinds.register(
    kinds.NoticeKind(
        code="tests.something_happened",
        audience=kinds.Audience.RESIDENT,
        label="Something happened",
        subject="%(title)s happened",
        body="Details: %(detail)s",
    )
)


def _notify(ids: list[int], key: str = "thing:1") -> None:
    notify(KIND.code, ids, event_key=key, data={"title": "The thing"}, url="/x/")


@pytest.mark.django_db(transaction=True)
def test_a_notice_is_created_after_the_action_commits_and_once_per_person(
    make_resident: Any, places: dict[str, Any]
) -> None:
    first, second = make_resident(places["geumcheon"]), make_resident(places["geumcheon"])
    with transaction.atomic():
        _notify([first.pk, second.pk, first.pk])
        assert not Notice.objects.exists()  # nothing before the commit
    assert sorted(Notice.objects.values_list("recipient_id", flat=True)) == sorted(
        [first.pk, second.pk]
    )
    _notify([first.pk, second.pk])  # the same event again: a retried task, a double click
    assert Notice.objects.count() == 2
    _notify([first.pk], key="thing:2")
    assert Notice.objects.filter(recipient=first).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_tells_nobody(make_resident: Any, places: dict[str, Any]) -> None:
    resident = make_resident(places["geumcheon"])
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify([resident.pk])
        raise RuntimeError("the action failed")
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_an_unknown_kind_or_data_that_is_not_json_fails_in_the_caller() -> None:
    with pytest.raises(kinds.UnknownKind):
        notify("tests.nobody_registered_this", [1], event_key="k")
    with pytest.raises(TypeError):
        notify(KIND.code, [1], event_key="k", data={"when": object()})


def test_texts_are_filled_from_data_and_a_missing_value_stays_readable() -> None:
    with translation.override("en"):
        assert KIND.render({"title": "Vote", "detail": "d"}) == ("Vote happened", "Details: d")
        assert KIND.render({}) == ("… happened", "Details: …")


def test_a_code_cannot_be_registered_twice_differently() -> None:
    with pytest.raises(ValueError):
        kinds.register(
            kinds.NoticeKind(
                code=KIND.code, audience=kinds.Audience.OFFICIAL, label="x", subject="y"
            )
        )
    assert kinds.register(KIND) is KIND


@pytest.mark.django_db(transaction=True)
def test_personal_notices_go_in_batches_one_per_person_and_event(
    make_resident: Any, places: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``notify_each``: each person hears of their own events (two proposals of one author are
    two notices with their own texts and links), a repeat creates nothing, nothing before the
    commit, and the notices are stored in batches of ``BATCH`` per task."""
    from django.core import mail

    from maeul.notifications import services, tasks
    from maeul.notifications.models import Delivery
    from maeul.notifications.services import Personal, notify_each
    from tests.notifications.helpers import resident_with_email

    author = resident_with_email(make_resident, places["geumcheon"], "ko")
    other = resident_with_email(make_resident, places["geumcheon"], "en")
    monkeypatch.setattr(services, "BATCH", 2)
    batches: list[int] = []
    real = tasks.create_notices_each.run

    def counting(kind: str, rows: list[list[Any]], municipality_id: int | None = None) -> int:
        batches.append(len(rows))
        return real(kind, rows, municipality_id)

    monkeypatch.setattr(tasks.create_notices_each, "run", counting)
    items = [
        Personal(author.pk, "proposal:1:selected", {"title": "Benches", "detail": "1"}, "/p/1/"),
        Personal(author.pk, "proposal:2:selected", {"title": "Lamps", "detail": "2"}, "/p/2/"),
        Personal(other.pk, "proposal:3:selected", {"title": "Trees", "detail": "3"}, "/p/3/"),
    ]
    with transaction.atomic():
        notify_each(KIND.code, items, municipality_id=places["geumcheon"].pk)
        assert not Notice.objects.exists()
    assert batches == [2, 1]
    mine = Notice.objects.filter(recipient=author).order_by("event_key")
    assert [(n.data["title"], n.url) for n in mine] == [("Benches", "/p/1/"), ("Lamps", "/p/2/")]
    assert Notice.objects.filter(recipient=other).get().data["title"] == "Trees"
    # each notice got its own e-mail delivery (the kind is sent at once)
    assert Delivery.objects.filter(notice__in=Notice.objects.all()).count() == 3
    assert len(mail.outbox) == 3
    notify_each(KIND.code, items)  # the same events again
    assert Notice.objects.count() == 3
    assert Delivery.objects.count() == 3
