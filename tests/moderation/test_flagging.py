"""Flagging residents' content (issue 19, item 5): any signed-in resident flags a proposal or
a comment with a reason, once per person and item (the database constraint decides, also
under concurrency on PostgreSQL); a repeat, a bad reason, one's own post or something not
public is refused with a message and saves nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.moderation import registry, services
from maeul.moderation.models import Flag, ModeratedItem
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_budgeting_registers_proposals_and_comments() -> None:
    codes = [kind.code for kind in registry.all_kinds()]
    assert "budgeting.proposal" in codes and "budgeting.comment" in codes


def test_a_resident_flags_a_proposal_once(proposal: Any, flagger: Any, places: Any) -> None:
    flag = services.flag_add(
        actor=flagger, kind="budgeting.proposal", object_id=proposal.pk, reason="spam"
    )
    item = flag.item
    assert (item.kind, item.object_id) == ("budgeting.proposal", proposal.pk)
    assert item.municipality == places["geumcheon"]
    assert item.author_id == proposal.author_id
    assert item.title == f"#{proposal.number} 가산동 쌈지공원 조성"
    assert item.url.endswith(f"/proposals/{proposal.number}/")
    with pytest.raises(Conflict, match="이미 신고"):
        services.flag_add(
            actor=flagger, kind="budgeting.proposal", object_id=proposal.pk, reason="abuse"
        )
    assert Flag.objects.count() == 1
    assert Flag.objects.get().reason == "spam"


def test_two_people_flag_one_item_into_one_queue_entry(
    comment: Any, flagger: Any, flagger2: Any
) -> None:
    for user, reason in ((flagger, "abuse"), (flagger2, "personal_data")):
        services.flag_add(actor=user, kind="budgeting.comment", object_id=comment.pk, reason=reason)
    assert ModeratedItem.objects.count() == 1
    assert Flag.objects.filter(item__object_id=comment.pk).count() == 2
    item = ModeratedItem.objects.get()
    assert item.url.endswith(f"#comment-{comment.pk}")
    assert item.excerpt == "벤치도 함께 놓아 주세요."


@pytest.mark.parametrize(
    ("kind", "reason", "text", "message"),
    [
        ("budgeting.proposal", "", "", "사유를 고르세요"),
        ("budgeting.proposal", "nonsense", "", "사유를 고르세요"),
        ("budgeting.proposal", "other", "  ", "무엇이 문제인지"),
        ("budgeting.proposal", "other", "가" * 501, "500자"),
        ("budgeting.nothing", "spam", "", "신고할 수 없는"),
    ],
)
def test_bad_flags_are_refused_with_a_message(
    proposal: Any, flagger: Any, kind: str, reason: str, text: str, message: str
) -> None:
    with pytest.raises(ServiceError, match=message):
        services.flag_add(actor=flagger, kind=kind, object_id=proposal.pk, reason=reason, text=text)
    assert not Flag.objects.exists() and not ModeratedItem.objects.exists()


def test_other_with_words_is_kept(proposal: Any, flagger: Any) -> None:
    flag = services.flag_add(
        actor=flagger,
        kind="budgeting.proposal",
        object_id=proposal.pk,
        reason="other",
        text="같은 제안이 세 번 올라왔습니다.",
    )
    assert flag.text == "같은 제안이 세 번 올라왔습니다."


def test_nobody_flags_their_own_post_or_a_draft_or_anonymously(
    cycle: Any, proposal: Any, resident: Any, flagger: Any
) -> None:
    from maeul.budgeting import services as pb
    from tests.budgeting.conftest import proposal_data

    with pytest.raises(NotAllowed):
        services.flag_add(
            actor=resident, kind="budgeting.proposal", object_id=proposal.pk, reason="spam"
        )
    draft = pb.proposal_save(actor=resident, cycle=cycle, data=proposal_data(cycle), submit=False)
    with pytest.raises(ServiceError, match="신고할 수 없는"):
        services.flag_add(
            actor=flagger, kind="budgeting.proposal", object_id=draft.pk, reason="spam"
        )
    with pytest.raises(Exception):  # noqa: B017 (PermissionDenied: no account)
        services.flag_add(
            actor=AnonymousUser(), kind="budgeting.proposal", object_id=proposal.pk, reason="spam"
        )
    assert not Flag.objects.exists()


def _page(proposal: Any) -> str:
    from django.urls import reverse

    cycle = proposal.cycle
    return reverse(
        "budgeting:proposal", args=[cycle.municipality.slug, cycle.cycle_year, proposal.number]
    )


def test_the_page_flags_without_javascript_and_says_so_on_a_repeat(
    client: Client, proposal: Any, flagger: Any
) -> None:
    client.login(username=flagger.username, password=PASSWORD)
    page = client.get(_page(proposal))
    assert page.status_code == 200
    assert f'action="/moderation/flag/budgeting.proposal/{proposal.pk}/"' in page.text
    url = f"/moderation/flag/budgeting.proposal/{proposal.pk}/"
    first = client.post(url, {"reason": "spam"}, follow=True)
    assert first.redirect_chain[-1][0] == _page(proposal)
    assert "신고해 주셔서 감사합니다" in first.text
    again = client.post(url, {"reason": "abuse"}, follow=True)
    assert again.status_code == 200
    assert "이미 신고" in again.text
    assert Flag.objects.count() == 1


def test_the_author_and_anonymous_visitors_see_no_flag_form(
    client: Client, proposal: Any, resident: Any
) -> None:
    assert "moderation/flag/" not in client.get(_page(proposal)).text
    response = client.post(
        f"/moderation/flag/budgeting.proposal/{proposal.pk}/", {"reason": "spam"}
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.login(username=resident.username, password=PASSWORD)
    assert "moderation/flag/budgeting.proposal" not in client.get(_page(proposal)).text
    assert not Flag.objects.exists()


def test_flagging_something_missing_is_a_404(client: Client, flagger: Any, proposal: Any) -> None:
    client.login(username=flagger.username, password=PASSWORD)
    assert (
        client.post("/moderation/flag/budgeting.proposal/999999/", {"reason": "spam"}).status_code
        == 404
    )
    assert (
        client.post(f"/moderation/flag/nothing.here/{proposal.pk}/", {"reason": "spam"}).status_code
        == 404
    )
