"""What moderation tells the author of hidden or restored content (``maeul.notifications``).

The author hears when an official hid their post (with the reason, which everyone reads in
its place) and when it was restored. Flags and dismissed flags tell nobody: a flag is not a
finding, and telling the author who flagged them would invite retaliation. ``event_key``
carries the item's decision count, so a retried request tells nobody twice while a second
hiding after a restore is a new event.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maeul.moderation.models import ModeratedItem
from maeul.notifications.kinds import Audience, NoticeKind, register
from maeul.notifications.services import notify

HIDDEN = register(
    NoticeKind(
        code="moderation.hidden",
        audience=Audience.RESIDENT,
        label=_("Something I wrote was hidden by the moderators"),
        subject=_("Your post “%(title)s” was hidden"),
        body=_(
            "Officials hid it under the platform's rules. Reason: %(reason)s. It stays in "
            "the records and you still see it; others see the reason in its place."
        ),
    )
)
RESTORED = register(
    NoticeKind(
        code="moderation.restored",
        audience=Audience.RESIDENT,
        label=_("Something I wrote was shown again"),
        subject=_("Your post “%(title)s” is shown again"),
        body=_("Officials restored it; everyone can read it again."),
    )
)


def _tell(kind: str, item: ModeratedItem) -> None:
    if item.author_id is None:
        return
    notify(
        kind,
        [item.author_id],
        event_key=f"moderation:{item.pk}:{item.decisions}",
        data={"title": item.title, "reason": item.hidden_reason},
        url=item.url,
        municipality_id=item.municipality_id,
    )


def hidden(item: ModeratedItem) -> None:
    _tell(HIDDEN.code, item)


def restored(item: ModeratedItem) -> None:
    _tell(RESTORED.code, item)
