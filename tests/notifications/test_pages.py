"""The inbox, the header badge, the preferences page and the unsubscribe link."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.utils import timezone

from maeul.notifications import delivery, kinds
from maeul.notifications.models import Notice, NoticeSettings, Preference
from maeul.notifications.services import create_notices
from tests.conftest import PASSWORD
from tests.notifications.helpers import DIGEST_KIND, OFFICIAL_KIND, RESIDENT_KIND

pytestmark = pytest.mark.django_db


def _client(user: Any, language: str = "ko") -> Client:
    client = Client()
    client.cookies["maeul_language"] = language
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _give(user: Any, key: str, title: str = "Park", url: str = "/votes/1/") -> Notice:
    create_notices(RESIDENT_KIND.code, [user.pk], key, {"title": title, "closes": "Fri"}, url)
    return Notice.objects.get(recipient=user, event_key=key)


def test_the_inbox_lists_only_ones_own_notices_and_the_header_counts_the_unread(
    make_resident: Any, places: dict[str, Any]
) -> None:
    me, other = make_resident(places["geumcheon"]), make_resident(places["namgu"])
    _give(me, "vote:1", "Park")
    _give(me, "vote:2", "Library")
    _give(other, "vote:3", "Secret other")
    page = _client(me, "en").get("/notices/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Vote Park is open" in html and "Vote Library is open" in html
    assert "Secret other" not in html
    assert 'data-testid="notice-badge">2<' in html
    assert "2 unread" in html
    korean = _client(me, "ko").get("/notices/").content.decode()
    assert "<h1>알림</h1>" in korean and "읽지 않음 2건" in korean


def test_marking_read_one_and_all_and_opening_a_notice(
    make_resident: Any, places: dict[str, Any]
) -> None:
    me, other = make_resident(places["geumcheon"]), make_resident(places["geumcheon"])
    first = _give(me, "vote:1")
    second = _give(me, "vote:2", url="https://evil.example/")
    theirs = _give(other, "vote:1")
    client = _client(me)
    opened = client.post(f"/notices/{first.pk}/read/", {"open": "1"})
    assert opened.status_code == 302 and opened["Location"] == "/votes/1/"
    first.refresh_from_db()
    assert first.read_at is not None
    # a link to another site is not followed: back to the inbox
    assert client.post(f"/notices/{second.pk}/read/", {"open": "1"})["Location"] == "/notices/"
    assert client.post(f"/notices/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(f"/notices/{first.pk}/read/").status_code == 405
    _give(me, "vote:3")
    assert client.post("/notices/read-all/").status_code == 302
    assert not Notice.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notice.objects.filter(recipient=other, read_at__isnull=True).count() == 1
    assert 'data-testid="notice-badge"' not in client.get("/notices/").content.decode()


def test_anonymous_visitors_are_sent_to_log_in() -> None:
    response = Client().get("/notices/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Client().get("/notices/preferences/").status_code == 302


def test_the_inbox_pages_through_many_notices(make_resident: Any, places: dict[str, Any]) -> None:
    me = make_resident(places["geumcheon"])
    for number in range(25):
        _give(me, f"vote:{number}", f"Poll{number}")
    client = _client(me, "en")
    first = client.get("/notices/").content.decode()
    assert first.count('data-testid="notice"') == 20 and "1–20 of 25" in first
    last = client.get("/notices/?page=2").content.decode()
    assert last.count('data-testid="notice"') == 5
    assert client.get("/notices/?page=abc").status_code == 200


def _form(**changes: str) -> dict[str, str]:
    data = {"language": "en", "quiet_start": "22:00", "quiet_end": "07:00"}
    for kind in kinds.all_kinds():  # other test modules register kinds of their own
        if kind.audience == kinds.Audience.RESIDENT:
            data[f"kind_{kind.code}"] = kind.default_frequency
    data[f"kind_{RESIDENT_KIND.code}"] = "immediate"
    data[f"kind_{DIGEST_KIND.code}"] = "weekly"
    data.update(changes)
    return data


def test_preferences_are_saved_and_offer_only_the_persons_kinds(
    make_resident: Any, make_official: Any, places: dict[str, Any]
) -> None:
    resident = make_resident(places["geumcheon"])
    client = _client(resident, "en")
    page = client.get("/notices/preferences/").content.decode()
    assert RESIDENT_KIND.code in page and OFFICIAL_KIND.code not in page
    assert "no e-mail address" in page
    response = client.post("/notices/preferences/", _form())
    assert response.status_code == 302
    saved = NoticeSettings.objects.get(user=resident)
    assert (saved.language, saved.quiet_start, saved.quiet_end) == (
        "en",
        dt.time(22, 0),
        dt.time(7, 0),
    )
    assert Preference.objects.get(user=resident, kind=DIGEST_KIND.code).frequency == "weekly"
    official = make_official(places["geumcheon"])
    page = _client(official, "en").get("/notices/preferences/").content.decode()
    assert OFFICIAL_KIND.code in page and RESIDENT_KIND.code not in page


@pytest.mark.parametrize(
    ("changes", "english", "korean"),
    [
        ({"quiet_start": "25:99"}, "Enter a time such as 22:00.", "22:00처럼 시각을 입력하세요."),
        ({"quiet_end": ""}, "Give both ends of the quiet hours", "시작과 끝을 모두"),
        ({"quiet_end": "22:00"}, "must start and end at different", "서로 달라야"),
        (
            {f"kind_{RESIDENT_KIND.code}": "hourly"},
            "Choose one of the offered options.",
            "제시된 항목 중 하나를 고르세요.",
        ),
        ({f"kind_{RESIDENT_KIND.code}": ""}, "Choose how often", "얼마나 자주"),
        ({"language": "fr"}, "Select a valid choice", "올바르게 선택해 주세요"),
    ],
)
def test_a_malformed_preferences_form_says_what_is_wrong_in_both_languages_and_saves_nothing(
    make_resident: Any, places: dict[str, Any], changes: dict[str, str], english: str, korean: str
) -> None:
    resident = make_resident(places["geumcheon"])
    for language, expected in (("en", english), ("ko", korean)):
        response = _client(resident, language).post("/notices/preferences/", _form(**changes))
        assert response.status_code == 400
        assert expected in response.content.decode()
    assert not NoticeSettings.objects.exists() and not Preference.objects.exists()


def test_unsubscribe_link_stops_one_kind_by_button_or_one_click(
    make_resident: Any, places: dict[str, Any]
) -> None:
    resident = make_resident(places["geumcheon"])
    token = delivery.unsubscribe_token(resident.pk, RESIDENT_KIND.code)
    anonymous = Client(enforce_csrf_checks=True)
    shown = anonymous.get(f"/notices/unsubscribe/{token}/")
    assert shown.status_code == 200 and not Preference.objects.exists()  # GET changes nothing
    # RFC 8058: the mail client POSTs List-Unsubscribe=One-Click, no cookie, no CSRF token
    done = anonymous.post(f"/notices/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert Preference.objects.get(user=resident, kind=RESIDENT_KIND.code).frequency == (
        kinds.Frequency.NEVER
    )
    assert not Preference.objects.filter(kind=DIGEST_KIND.code).exists()


def test_a_tampered_forged_or_expired_unsubscribe_link_changes_nothing_and_says_so(
    make_resident: Any, places: dict[str, Any]
) -> None:
    victim = make_resident(places["geumcheon"])
    attacker = make_resident(places["geumcheon"])
    genuine = delivery.unsubscribe_token(attacker.pk, RESIDENT_KIND.code)
    rest = genuine.split(":", 1)[1]
    forged_payload = delivery.unsubscribe_token(victim.pk, RESIDENT_KIND.code).split(":", 1)[0]
    unsigned = signing.dumps(
        [victim.pk, RESIDENT_KIND.code], key="not the site's key", salt=delivery.UNSUBSCRIBE_SALT
    )
    bad = [
        f"{forged_payload}:{rest}",  # the victim's id with the attacker's signature
        genuine[:-3] + "AAA",
        unsigned,
        "nonsense",
        delivery.unsubscribe_token(victim.pk, "tests.nobody_registered_this"),
    ]
    for token in bad:
        response = Client().post(f"/notices/unsubscribe/{token}/")
        text = response.content.decode()
        assert response.status_code == 400
        assert (
            "올바르지 않은 수신 거부 링크입니다" in text
            and "This unsubscribe link is not valid" in text
        )
    with time_machine.travel(
        timezone.now() + dt.timedelta(seconds=delivery.UNSUBSCRIBE_MAX_AGE + 60)
    ):
        response = Client().post(f"/notices/unsubscribe/{genuine}/")
    assert response.status_code == 400
    text = response.content.decode()
    assert "링크가 만료되었습니다" in text and "This unsubscribe link has expired" in text
    assert not Preference.objects.exists()


def test_e_mails_follow_the_site_language_until_one_is_chosen_on_the_preferences_page(
    make_resident: Any, places: dict[str, Any]
) -> None:
    resident = make_resident(places["geumcheon"])
    client = _client(resident)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert NoticeSettings.objects.get(user=resident).language == "en"
    client.post("/i18n/setlang/", {"language": "ko", "next": "/"})
    assert NoticeSettings.objects.get(user=resident).language == "ko"
    # a language picked for e-mails stays whatever the site shows
    assert client.post("/notices/preferences/", _form(language="en")).status_code == 302
    client.post("/i18n/setlang/", {"language": "ko", "next": "/"})
    assert NoticeSettings.objects.get(user=resident).language == "en"
    # an unknown language and an anonymous switch change nothing
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    Client().post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert NoticeSettings.objects.get().language == "en"
