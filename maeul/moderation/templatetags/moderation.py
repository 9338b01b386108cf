"""Template tags a programme's page uses to offer flagging and show hidden content.

``{% flag_form "budgeting.comment" comment.pk comment.author_id %}`` renders the small
flag form (a ``<details>`` that opens without JavaScript) for a signed-in visitor who is not
the author; ``{{ reason|hidden_placeholder }}`` the sentence shown in hidden content's place.
"""

from __future__ import annotations

from typing import Any

from django import template

from maeul.moderation import selectors
from maeul.moderation.models import Reason

register = template.Library()


@register.inclusion_tag("moderation/_flag_form.html", takes_context=True)
def flag_form(context: Any, kind: str, object_id: int, author_id: int | None) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    show = bool(getattr(user, "is_authenticated", False)) and author_id != getattr(user, "pk", None)
    return {
        "show": show,
        "kind": kind,
        "object_id": object_id,
        "reasons": Reason.choices,
        "path": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def hidden_placeholder(reason: str) -> str:
    return selectors.placeholder(reason)
