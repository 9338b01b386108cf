"""The author hears when their post is hidden (with the reason) and restored; once per
decision, and nothing for flags or dismissals. Notices are stored after the commit, hence
transactional tests."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.moderation import services
from maeul.notifications.models import Notice

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_author_is_told_of_hiding_and_restoring(
    proposal: Any, resident: Any, flagger: Any, moderator: Any
) -> None:
    item = services.flag_add(
        actor=flagger, kind="budgeting.proposal", object_id=proposal.pk, reason="spam"
    ).item
    assert not Notice.objects.filter(kind__startswith="moderation.").exists()
    services.item_hide(actor=moderator, item_id=item.pk, reason="광고성 글")
    hidden = Notice.objects.get(kind="moderation.hidden")
    assert hidden.recipient_id == resident.pk
    assert hidden.data["reason"] == "광고성 글"
    assert hidden.url == item.url
    services.item_restore(actor=moderator, item_id=item.pk)
    assert Notice.objects.get(kind="moderation.restored").recipient_id == resident.pk
    services.item_hide(actor=moderator, item_id=item.pk, reason="다시 광고")
    assert Notice.objects.filter(kind="moderation.hidden").count() == 2
    assert not Notice.objects.filter(recipient=flagger).exists()


def test_dismissing_tells_nobody(comment: Any, flagger: Any, moderator: Any) -> None:
    item = services.flag_add(
        actor=flagger, kind="budgeting.comment", object_id=comment.pk, reason="abuse"
    ).item
    services.flags_dismiss(actor=moderator, item_id=item.pk)
    assert not Notice.objects.filter(kind__startswith="moderation.").exists()
