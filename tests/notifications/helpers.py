"""Kinds registered for these tests only, and small helpers to send them."""

from __future__ import annotations

from typing import Any

from maeul.notifications import kinds
from maeul.notifications.services import notify

RESIDENT_KIND = kinds.register(
    kinds.NoticeKind(
        code="tests.vote_opened",
        audience=kinds.Audience.RESIDENT,
        label="A vote opened",
        subject="Vote %(title)s is open",
        body="Vote until %(closes)s.",
    )
)
DIGEST_KIND = kinds.register(
    kinds.NoticeKind(
        code="tests.points_awarded",
        audience=kinds.Audience.RESIDENT,
        label="Points awarded",
        subject="%(points)s points",
        default_frequency=kinds.Frequency.DAILY,
    )
)
OFFICIAL_KIND = kinds.register(
    kinds.NoticeKind(
        code="tests.report_due",
        audience=kinds.Audience.OFFICIAL,
        label="A report is due",
        subject="Report %(title)s is due",
    )
)


def send(
    ids: list[int],
    *,
    kind: kinds.NoticeKind = RESIDENT_KIND,
    key: str = "vote:1:opened",
    url: str = "/votes/1/",
    **data: Any,
) -> None:
    notify(
        kind.code,
        ids,
        event_key=key,
        data={"title": "Park", "closes": "Friday", "points": 30, **data},
        url=url,
    )


def resident_with_email(make_resident: Any, district: Any, language: str = "ko") -> Any:
    from maeul.notifications.models import NoticeSettings

    user = make_resident(district)
    user.email = f"{user.username}@example.org"
    user.save(update_fields=["email"])
    NoticeSettings.objects.create(user=user, language=language)
    return user
