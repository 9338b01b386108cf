"""The officials' poll pages (issue 13): the role × municipality × action matrix, the wizard
from an empty form to an announced vote, and bad input answered with a message in Korean and
English, nothing half-saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from maeul.auditlog.models import AuditEntry
from maeul.voting import services
from maeul.voting.models import Poll, PollOption
from tests.voting.conftest import option_ids

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%dT%H:%M"


def _client(user: Any = None, language: str = "ko") -> Client:
    client = Client()
    client.cookies["maeul_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def wizard_data(place: Any, options: list[str], **over: Any) -> dict[str, Any]:
    """A filled wizard form: rules and option rows as a browser posts them."""
    start = timezone.localtime() + dt.timedelta(days=1)
    data: dict[str, Any] = {
        "title": "Which park first?",
        "description": "Three parks wait for money.",
        "municipality": str(place.pk),
        "electorate_kind": "place",
        "min_age": "0",
        "verified_only": "on",
        "channels": ["online", "desk"],
        "opens_at": start.strftime(FMT),
        "closes_at": (start + dt.timedelta(days=7)).strftime(FMT),
        "kind": "single",
        "max_choices": "1",
        "secrecy": "secret",
        "revote": "forbidden",
        "result_rule": "plurality",
        "threshold_percent": "50",
        "quorum_percent": "0",
        "electorate_size": "",
        "option-TOTAL_FORMS": "4",
        "option-INITIAL_FORMS": "4",
        "option-MIN_NUM_FORMS": "0",
        "option-MAX_NUM_FORMS": "30",
    }
    for i in range(4):
        data[f"option-{i}-label"] = options[i] if i < len(options) else ""
        data[f"option-{i}-description"] = ""
    data.update(over)
    return data


# ---- the wizard, end to end on the server ----------------------------------------------------


def test_manager_creates_previews_edits_and_announces_a_vote(manager, places):
    client = _client(manager)
    page = client.get("/votes/manage/new/")
    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="option-0-label"' in content and 'name="option-3-label"' in content
    assert "온라인(모바일·웹)" in content  # channels by their labels, never the codes
    data = wizard_data(places["geumcheon"], ["Park A", "Park B", "Park C"])
    data["electorate_dongs"] = [str(places["gasan"].pk)]
    data["option-1-description"] = "Next to the library"
    response = client.post("/votes/manage/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    poll = Poll.objects.get()
    assert poll.announced_at is None and poll.allow_desk and not poll.allow_paper
    assert list(poll.electorate_dongs.all()) == [places["gasan"]]
    assert [(o.label, o.description) for o in poll.options.order_by("position")] == [
        ("Park A", ""),
        ("Park B", "Next to the library"),
        ("Park C", ""),
    ]
    assert AuditEntry.objects.filter(kind="voting.poll_created").count() == 1

    preview = client.get(f"/votes/manage/{poll.pk}/preview/")
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Park B" in body and "Next to the library" in body and "disabled" in body
    assert "온라인(모바일·웹), 현장 투표소" in body  # the ways to vote by their labels
    assert "desk" not in body.split("<main")[1].split("</dl>")[0]  # and never the codes

    # Edit: drop Park C by emptying its row, rename Park A.
    edit = wizard_data(places["geumcheon"], ["Park A1", "Park B"], title="Which park?")
    edit["option-1-description"] = "Next to the library"
    assert client.post(f"/votes/manage/{poll.pk}/edit/", edit).status_code == 302
    poll.refresh_from_db()
    assert poll.title == "Which park?"
    assert list(poll.options.order_by("position").values_list("label", flat=True)) == [
        "Park A1",
        "Park B",
    ]

    dashboard = client.get(f"/votes/{poll.pk}/manage/")
    assert "초안" in dashboard.content.decode()  # the status by its label
    asked = client.post(f"/votes/{poll.pk}/manage/", {"action": "announce"})
    assert asked.status_code == 200 and "공고할까요" in asked.content.decode()
    poll.refresh_from_db()
    assert poll.announced_at is None  # nothing happens before the confirmation
    client.post(f"/votes/{poll.pk}/manage/", {"action": "announce", "confirmed": "1"})
    poll.refresh_from_db()
    assert poll.announced_at is not None
    assert client.get(f"/votes/manage/{poll.pk}/edit/").status_code == 302  # only drafts


def test_option_image_is_stored_and_checked(manager, places, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = _client(manager, "en")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    data = wizard_data(places["geumcheon"], ["Park A", "Park B"])
    data["option-0-image"] = SimpleUploadedFile("a.png", png, content_type="image/png")
    assert client.post("/votes/manage/new/", data).status_code == 302
    option = PollOption.objects.get(label="Park A")
    assert option.image.name.startswith("voting/options/") and option.image.read() == png
    # Editing without a new upload keeps the image.
    poll = option.poll
    again = wizard_data(places["geumcheon"], ["Park A", "Park B", "Park C"])
    assert client.post(f"/votes/manage/{poll.pk}/edit/", again).status_code == 302
    assert PollOption.objects.get(poll=poll, label="Park A").image.name == option.image.name
    # A file that only calls itself an image is refused, nothing saved.
    bad = wizard_data(places["geumcheon"], ["X", "Y"], title="Fake")
    bad["option-0-image"] = SimpleUploadedFile("x.png", b"MZ not an image")
    refused = client.post("/votes/manage/new/", bad)
    assert refused.status_code == 400
    assert "the file is not the image its name says" in refused.content.decode()
    assert not Poll.objects.filter(title="Fake").exists()


def test_a_vote_by_roll_from_the_wizard(manager, places, make_resident, make_official):
    members = [make_resident(places["gwanak"]), make_official(places["geumcheon"], "reviewer")]
    client = _client(manager, "en")
    roll = "\n".join([members[0].username, members[1].username, members[0].username])
    data = wizard_data(places["geumcheon"], ["A", "B"], electorate_kind="roll", roll=roll)
    data.pop("verified_only")
    assert client.post("/votes/manage/new/", data).status_code == 302
    poll = Poll.objects.get()
    assert poll.by_roll and set(poll.voters.values_list("user_id", flat=True)) == {
        m.pk for m in members
    }
    page = client.get(f"/votes/manage/{poll.pk}/edit/").content.decode()
    assert members[0].username in page  # the roll is shown for editing
    unknown = dict(data, roll="nobody.here")
    refused = client.post(f"/votes/manage/{poll.pk}/edit/", unknown)
    assert refused.status_code == 400 and "No account is called nobody.here" in (
        refused.content.decode()
    )
    with_dongs = dict(data, electorate_dongs=[str(places["gasan"].pk)])
    refused = client.post(f"/votes/manage/{poll.pk}/edit/", with_dongs)
    assert "A vote by roll cannot also be limited to some dongs." in refused.content.decode()
    empty = dict(data, roll="")
    refused = client.post(f"/votes/manage/{poll.pk}/edit/", empty)
    assert "A vote by roll needs at least one account on its roll." in refused.content.decode()
    assert poll.voters.count() == 2


# ---- bad input: a message in both languages, nothing saved -------------------------------------

BAD_INPUT = {
    "no options": (
        {"options": []},
        "선택지는 두 개 이상이어야 합니다",
        "A vote needs at least two options.",
    ),
    "one option": (
        {"options": ["Only one"]},
        "선택지는 두 개 이상이어야 합니다",
        "A vote needs at least two options.",
    ),
    "end before start": (
        {"closes_at": (timezone.localtime() - dt.timedelta(days=3)).strftime(FMT)},
        "마감 시각은 시작 시각보다 뒤여야 합니다",
        "The vote must close after it opens.",
    ),
    "no channel": (
        {"channels": []},
        "투표 방법을 하나 이상 고르세요",
        "Choose at least one way to vote.",
    ),
    "description without a name": (
        {"option-3-description": "orphan"},
        "선택지 이름을 적거나 이 줄을 모두 비우세요",
        "Give this option a name, or empty the whole row.",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
@pytest.mark.parametrize("language", ["ko", "en"])
def test_bad_wizard_input_is_explained(case, language, manager, places):
    change, korean, english = BAD_INPUT[case]
    change = dict(change)
    options = change.pop("options", ["Park A", "Park B", "Park C"])
    data = wizard_data(places["geumcheon"], options, **change)
    response = _client(manager, language).post("/votes/manage/new/", data)
    assert response.status_code == 400
    assert (korean if language == "ko" else english) in response.content.decode()
    assert (
        not Poll.objects.exists()
        and not AuditEntry.objects.filter(kind="voting.poll_created").exists()
    )


@pytest.mark.parametrize("language", ["ko", "en"])
def test_out_of_scope_places_are_refused(language, manager, places):
    client = _client(manager, language)
    page = client.get("/votes/manage/new/").content.decode()
    assert places["namgu"].name not in page and "관악구" not in page  # offered: own scope only
    # Another district as the vote's municipality, and a dong of another district.
    for over in (
        {"municipality": str(places["gwanak"].pk)},
        {"electorate_dongs": [str(places["gwanak"].pk)]},
    ):
        data = wizard_data(places["geumcheon"], ["A", "B"], **over)
        response = client.post("/votes/manage/new/", data)
        assert response.status_code == 400
        message = "올바르게 선택해 주세요" if language == "ko" else "Select a valid choice"
        assert message in response.content.decode()
    assert not Poll.objects.exists()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_cancel_with_ballots_is_refused_and_close_needs_a_reason(
    language, manager, make_poll, voter
):
    poll = make_poll()
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    client = _client(manager, language)
    refused = client.post(
        f"/votes/manage/{poll.pk}/cancel/", {"reason": "typo in the question", "confirmed": "1"}
    )
    assert refused.status_code == 400
    expected = (
        "이미 주민이 투표했으므로 취소할 수 없습니다"
        if language == "ko"
        else "Residents have already voted, so this vote cannot be cancelled"
    )
    assert expected in refused.content.decode()
    no_reason = client.post(f"/votes/manage/{poll.pk}/close/", {"reason": " ", "confirmed": "1"})
    assert no_reason.status_code == 400
    required = "필수 항목입니다" if language == "ko" else "This field is required"
    assert required in no_reason.content.decode()
    poll.refresh_from_db()
    assert poll.cancelled_at is None and poll.closed_at is None


def test_close_early_then_publish_counts_the_ballots_before_the_close(
    manager, make_poll, voter, places, make_resident
):
    poll = make_poll()
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[1]])
    client = _client(manager)
    asked = client.post(f"/votes/manage/{poll.pk}/close/", {"reason": "The park was sold."})
    assert asked.status_code == 200 and "The park was sold." in asked.content.decode()
    assert Poll.objects.get(pk=poll.pk).closed_at is None
    client.post(
        f"/votes/manage/{poll.pk}/close/", {"reason": "The park was sold.", "confirmed": "1"}
    )
    poll.refresh_from_db()
    assert poll.closed_early and poll.close_reason == "The park was sold."
    late = make_resident(places["geumcheon"], places["gasan"])
    page = _client(late).post(f"/votes/{poll.pk}/cast", {"key": "k", "choice": option_ids(poll)[0]})
    assert page.status_code == 409 and "조기 마감" in page.content.decode()
    client.post(f"/votes/{poll.pk}/manage/", {"action": "publish", "confirmed": "1"})
    poll.refresh_from_db()
    assert poll.published_at is not None and poll.result["total_ballots"] == 1
    public = _client().get(f"/votes/{poll.pk}/").content.decode()
    assert "조기 마감" in public and "The park was sold." in public


# ---- role × municipality × action ---------------------------------------------------------------

ACTORS = [
    "anonymous",
    "resident",
    "manager_here",
    "admin_here",
    "auditor_here",
    "manager_elsewhere",
    "admin_above",
]
ALLOWED = {"manager_here", "admin_here", "admin_above"}
ACTIONS = [
    "create",
    "edit",
    "preview",
    "announce",
    "close_early",
    "cancel",
    "publish",
    "desk_page",
]


@pytest.fixture
def actors(places, make_resident, make_official, manager):
    return {
        "anonymous": None,
        "resident": make_resident(places["geumcheon"], places["gasan"]),
        "manager_here": manager,
        "admin_here": make_official(places["geumcheon"], "administrator"),
        "auditor_here": make_official(places["geumcheon"], "auditor"),
        "manager_elsewhere": make_official(places["gwanak"], "programme_manager"),
        "admin_above": make_official(places["seoul"], "administrator"),
    }


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ACTORS)
def test_manage_matrix(action, who, actors, make_poll, places, voter, time_machine):
    user = actors[who]
    client = _client(user)
    entries = AuditEntry.objects.count()
    draft = make_poll(announce=False)
    open_poll = make_poll(allow_desk=True, closes_at=timezone.now() + dt.timedelta(minutes=5))
    entries = AuditEntry.objects.count()
    if action == "create":
        response = client.post(
            "/votes/manage/new/", wizard_data(places["geumcheon"], ["A", "B"], title="New one")
        )
        allowed = Poll.objects.filter(title="New one").exists()
    elif action == "edit":
        data = wizard_data(places["geumcheon"], ["A", "B"], title="Edited")
        response = client.post(f"/votes/manage/{draft.pk}/edit/", data)
        allowed = Poll.objects.get(pk=draft.pk).title == "Edited"
    elif action == "preview":
        response = client.get(f"/votes/manage/{draft.pk}/preview/")
        allowed = response.status_code == 200
    elif action == "announce":
        response = client.post(
            f"/votes/{draft.pk}/manage/", {"action": "announce", "confirmed": "1"}
        )
        allowed = Poll.objects.get(pk=draft.pk).announced_at is not None
    elif action == "close_early":
        response = client.post(
            f"/votes/manage/{open_poll.pk}/close/", {"reason": "r", "confirmed": "1"}
        )
        allowed = Poll.objects.get(pk=open_poll.pk).closed_at is not None
    elif action == "cancel":
        response = client.post(
            f"/votes/manage/{draft.pk}/cancel/", {"reason": "r", "confirmed": "1"}
        )
        allowed = Poll.objects.get(pk=draft.pk).cancelled_at is not None
    elif action == "publish":
        services.ballot_cast(voter=voter, poll=open_poll, choices=[option_ids(open_poll)[0]])
        time_machine.move_to(open_poll.closes_at + dt.timedelta(seconds=1))
        entries = AuditEntry.objects.count()
        response = client.post(
            f"/votes/{open_poll.pk}/manage/", {"action": "publish", "confirmed": "1"}
        )
        allowed = Poll.objects.get(pk=open_poll.pk).published_at is not None
    else:
        response = client.get(f"/votes/{open_poll.pk}/desk/")
        allowed = response.status_code == 200
    assert allowed == (who in ALLOWED), (who, action, response.status_code)
    assert response.status_code < 500
    if who not in ALLOWED:
        assert AuditEntry.objects.count() == entries  # refused: nothing written
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif who in ("manager_elsewhere", "resident") and action != "create":
            assert response.status_code == 404  # another district's vote does not exist there


def test_a_very_large_vote_is_published_by_a_background_job(
    manager, make_poll, voter, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Above JOB_TALLY_BALLOTS counted ballots, publishing goes to a job: the official follows
    it on the progress page, and the poll is published exactly as in the request."""
    settings.JOB_TALLY_BALLOTS = 0
    settings.JOBS_ROOT = tmp_path
    poll = make_poll()
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[1]])
    client = _client(manager)
    client.post(f"/votes/manage/{poll.pk}/close/", {"reason": "Counted early.", "confirmed": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/votes/{poll.pk}/manage/", {"action": "publish", "confirmed": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    status = client.get(response["Location"].rstrip("/") + "/status").json()
    assert status["state"] == "done", status
    poll.refresh_from_db()
    assert poll.published_at is not None and poll.result["total_ballots"] == 1
    assert AuditEntry.objects.filter(kind="voting.poll_published").count() == 1
    # a second publish is refused by the service: the job fails with its reason, nothing changes
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"/votes/{poll.pk}/manage/", {"action": "publish", "confirmed": "1"})
    status = client.get(again["Location"].rstrip("/") + "/status").json()
    assert status["state"] == "failed" and "이미" in status["error"], status
    assert AuditEntry.objects.filter(kind="voting.poll_published").count() == 1
