"""The moderation queue and its actions (issue 19, item 5): officials of the content's
municipality hide a flagged post with a reason shown in its place, restore it or dismiss the
flags; hidden posts leave lists, search, the map and the API but stay in the database, their
author still reads them with the reason; each action is audited; officials of another
municipality get 404 from the queue and the actions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maeul.auditlog.models import AuditEntry
from maeul.budgeting import selectors as pb_selectors
from maeul.budgeting.maps import located_proposals, unlocated_count
from maeul.budgeting.models import Comment, Proposal
from maeul.budgeting.search import search_proposals
from maeul.core.errors import Conflict, ServiceError
from maeul.moderation import selectors, services
from maeul.moderation.models import Flag, ModeratedItem
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PLACEHOLDER = "운영 원칙에 따라 숨겨진 글입니다: 개인 연락처가 적혀 있습니다"


def _flag(user: Any, kind: str, pk: int, reason: str = "personal_data") -> ModeratedItem:
    return services.flag_add(actor=user, kind=kind, object_id=pk, reason=reason).item


def _page(proposal: Any) -> str:
    cycle = proposal.cycle
    return reverse(
        "budgeting:proposal", args=[cycle.municipality.slug, cycle.cycle_year, proposal.number]
    )


def _as(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.login(username=user.username, password=PASSWORD)
    return client


def test_a_hidden_proposal_leaves_lists_search_map_and_api_but_stays_stored(
    cycle: Any, proposal: Any, flagger: Any, moderator: Any
) -> None:
    item = _flag(flagger, "budgeting.proposal", proposal.pk)
    assert pb_selectors.proposal_list(cycle).paginator.count == 1
    listing = reverse("budgeting:proposals", args=[cycle.municipality.slug, cycle.cycle_year])
    assert proposal.title in _as(None).get(listing).content.decode()
    services.item_hide(actor=moderator, item_id=item.pk, reason="개인 연락처가 적혀 있습니다")
    assert pb_selectors.proposal_list(cycle).paginator.count == 0
    # The list page's cached body is keyed by its rows: the hidden one is gone at once.
    assert proposal.title not in _as(None).get(listing).content.decode()
    assert not located_proposals(cycle).exists() and unlocated_count(cycle) == 0
    assert search_proposals("쌈지공원", places=None).rows.count() == 0
    api = _as(None).get(f"/api/pb/cycles/{cycle.pk}/proposals")
    assert api.status_code == 200 and api.json()["count"] == 0
    assert Proposal.objects.filter(pk=proposal.pk).exists()
    assert Flag.objects.get().resolved_at is not None
    services.item_restore(actor=moderator, item_id=item.pk)
    assert pb_selectors.proposal_list(cycle).paginator.count == 1
    assert proposal.title in _as(None).get(listing).content.decode()
    assert _as(None).get(f"/api/pb/cycles/{cycle.pk}/proposals").json()["count"] == 1


def test_each_viewer_sees_a_hidden_proposal_as_they_should(
    proposal: Any, resident: Any, flagger: Any, moderator: Any, outsider: Any
) -> None:
    item = _flag(flagger, "budgeting.proposal", proposal.pk)
    services.item_hide(actor=moderator, item_id=item.pk, reason="개인 연락처가 적혀 있습니다")
    for viewer in (None, flagger, outsider):
        text = _as(viewer).get(_page(proposal)).text
        assert PLACEHOLDER in text
        assert "쌈지공원" not in text and "주민 쉼터가 필요합니다" not in text
    for viewer in (resident, moderator):
        text = _as(viewer).get(_page(proposal)).text
        assert PLACEHOLDER in text and "주민 쉼터가 필요합니다" in text


def test_a_hidden_comment_keeps_its_place_with_the_reason(
    proposal: Any, comment: Any, resident: Any, flagger: Any, moderator: Any
) -> None:
    item = _flag(flagger, "budgeting.comment", comment.pk, "abuse")
    services.item_hide(actor=moderator, item_id=item.pk, reason="개인 연락처가 적혀 있습니다")
    anonymous = _as(None).get(_page(proposal)).text
    assert PLACEHOLDER in anonymous and "벤치도 함께" not in anonymous
    own = _as(resident).get(_page(proposal)).text
    assert PLACEHOLDER in own and "벤치도 함께" in own
    assert Comment.objects.filter(pk=comment.pk).exists()
    services.item_restore(actor=moderator, item_id=item.pk)
    assert "벤치도 함께" in _as(None).get(_page(proposal)).text


def test_hide_needs_a_reason_and_happens_once(proposal: Any, flagger: Any, moderator: Any) -> None:
    item = _flag(flagger, "budgeting.proposal", proposal.pk)
    with pytest.raises(ServiceError, match="사유"):
        services.item_hide(actor=moderator, item_id=item.pk, reason="   ")
    assert not ModeratedItem.objects.get().hidden
    services.item_hide(actor=moderator, item_id=item.pk, reason="광고")
    with pytest.raises(Conflict):
        services.item_hide(actor=moderator, item_id=item.pk, reason="광고")
    with pytest.raises(Conflict):
        services.flags_dismiss(actor=moderator, item_id=item.pk)


def test_dismissing_leaves_the_post_and_empties_the_queue(
    places: Any, proposal: Any, flagger: Any, flagger2: Any, moderator: Any
) -> None:
    item = _flag(flagger, "budgeting.proposal", proposal.pk)
    _flag(flagger2, "budgeting.proposal", proposal.pk, "spam")
    queue = list(selectors.queue(places["geumcheon"].subtree()))
    assert [(q.pk, q.open_flags) for q in queue] == [(item.pk, 2)]
    services.flags_dismiss(actor=moderator, item_id=item.pk)
    assert not selectors.queue(places["geumcheon"].subtree()).exists()
    assert not ModeratedItem.objects.get().hidden
    # the same people cannot flag it again: one flag per person and item, dismissed or not
    with pytest.raises(Conflict):
        _flag(flagger, "budgeting.proposal", proposal.pk)


def test_every_decision_is_audited(proposal: Any, flagger: Any, moderator: Any) -> None:
    item = _flag(flagger, "budgeting.proposal", proposal.pk)
    services.item_hide(actor=moderator, item_id=item.pk, reason="광고")
    services.item_restore(actor=moderator, item_id=item.pk)
    _flag(_make_other(proposal), "budgeting.proposal", proposal.pk, "spam")
    services.flags_dismiss(actor=moderator, item_id=item.pk)
    entries = list(AuditEntry.objects.filter(kind__startswith="moderation.").order_by("seq"))
    assert [e.kind for e in entries] == [
        "moderation.hidden",
        "moderation.restored",
        "moderation.dismissed",
    ]
    assert all(e.actor_id == moderator.pk for e in entries)
    data = [json.loads(e.payload) for e in entries]
    assert data[0]["reason"] == "광고" and data[0]["flags"] == 1
    assert data[1]["reason"] == "광고" and data[2]["flags"] == 1
    assert not AuditEntry.objects.filter(kind__startswith="moderation.flag").exists()


def _make_other(proposal: Any) -> Any:
    from maeul.accounts.models import User

    return User.objects.create_user("late.flagger", password=PASSWORD)


@pytest.mark.parametrize("who", ["outsider", "resident", "flagger"])
def test_only_officials_of_the_place_reach_the_queue_and_actions(
    request: Any, places: Any, proposal: Any, flagger: Any, moderator: Any, who: str
) -> None:
    item = _flag(flagger, "budgeting.proposal", proposal.pk)
    client = _as(request.getfixturevalue(who))
    assert client.get("/moderation/seoul-geumcheon-gu/").status_code == 404
    for action in ("hide", "restore", "dismiss"):
        response = client.post(f"/moderation/items/{item.pk}/{action}/", {"reason": "광고"})
        assert response.status_code == 404, action
    assert not ModeratedItem.objects.get().hidden and Flag.objects.get().resolved_at is None
    assert not AuditEntry.objects.filter(kind__startswith="moderation.").exists()


def test_anonymous_visitors_are_sent_to_log_in(proposal: Any, flagger: Any) -> None:
    item = _flag(flagger, "budgeting.proposal", proposal.pk)
    response = _as(None).get("/moderation/seoul-geumcheon-gu/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _as(None).post(f"/moderation/items/{item.pk}/hide/", {"reason": "x"}).status_code == 302
    assert not ModeratedItem.objects.get().hidden


def test_the_queue_page_lists_counts_reasons_newest_first_and_pages(
    places: Any, cycle: Any, resident: Any, flagger: Any, flagger2: Any, moderator: Any
) -> None:
    from tests.budgeting.conftest import submit

    proposals = [submit(cycle, resident, title=f"제안 {i}") for i in range(23)]
    for p in proposals:
        _flag(flagger, "budgeting.proposal", p.pk, "spam")
    _flag(flagger2, "budgeting.proposal", proposals[0].pk, "off_topic")
    client = _as(moderator)
    first = client.get("/moderation/seoul-geumcheon-gu/")
    assert first.status_code == 200
    items = first.context["items"]
    assert len(items) == 20
    assert items[0].object_id == proposals[0].pk and items[0].open_flags == 2
    assert sorted(items[0].reasons) == [("스팸·광고", 1), ("주제와 무관", 1)]
    assert items[1].object_id == proposals[22].pk  # then newest flag first
    assert "신고 2건" in first.text
    second = client.get("/moderation/seoul-geumcheon-gu/?page=2")
    assert len(second.context["items"]) == 3
    # a Seoul-wide official moderates Geumcheon-gu too (scope includes what lies below)
    # while the Geumcheon queue shows nothing from elsewhere
    assert all(i.municipality_id == places["geumcheon"].pk for i in items)


def test_the_pages_act_and_say_so(proposal: Any, flagger: Any, moderator: Any) -> None:
    item = _flag(flagger, "budgeting.proposal", proposal.pk)
    client = _as(moderator)
    refused = client.post(f"/moderation/items/{item.pk}/hide/", {"reason": ""}, follow=True)
    assert refused.status_code == 200 and "숨김 사유" in refused.text
    assert not ModeratedItem.objects.get().hidden
    done = client.post(f"/moderation/items/{item.pk}/hide/", {"reason": "광고"}, follow=True)
    assert "글을 숨기고 작성자에게 알렸습니다" in done.text
    assert "광고" in client.get("/moderation/seoul-geumcheon-gu/?show=hidden").text
    client.post(f"/moderation/items/{item.pk}/restore/")
    assert not ModeratedItem.objects.get().hidden


def test_the_workspace_links_moderators_to_the_queue(moderator: Any, resident: Any) -> None:
    text = _as(moderator).get("/manage/").text
    assert "/moderation/seoul-geumcheon-gu/" in text
