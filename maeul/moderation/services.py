"""Flagging and moderating: every state change of this app.

Each service is one durable transaction. Hiding, restoring and dismissing are audited (kinds
``moderation.hidden``, ``moderation.restored``, ``moderation.dismissed``) and tell the author
through ``notices``. A flag is not audited: it decides nothing, names a resident who should
not be exposed in a log the officials of every scope read, and is itself a stored row.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised, require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, NotAllowed, ServiceError, violates
from maeul.moderation import notices, registry
from maeul.moderation.models import Flag, ModeratedItem, Reason
from maeul.moderation.rules import ModerationPermission

TEXT_LIMIT = 500
REASON_LIMIT = 300


def _clean(value: Any) -> str:
    return " ".join(str(value or "").split())


def flag_add(*, actor: Any, kind: str, object_id: Any, reason: str, text: str = "") -> Flag:
    """``actor`` flags the row ``object_id`` of ``kind`` for ``reason``.

    The row must be one the actor can see (the kind's ``find``); a missing, private or
    unknown row answers the same "not found" so ids cannot be probed. A second flag by the
    same person on the same item is refused with a message, also when both arrive at once
    (the constraint ``moderation_one_flag_per_person`` decides, not a prior read).
    """
    require_permission(actor, ModerationPermission.FLAG)
    try:
        flaggable = registry.get(str(kind))
        pk = int(object_id)
    except (registry.UnknownFlaggableKind, TypeError, ValueError):
        raise ServiceError(_("This content does not exist or cannot be flagged.")) from None
    if reason not in Reason.values:
        raise ServiceError(_("Choose a reason for the flag."), field="reason")
    text = str(text or "").strip()
    if reason == Reason.OTHER and not text:
        raise ServiceError(_("Say what is wrong with it."), field="text")
    if len(text) > TEXT_LIMIT:
        raise ServiceError(
            _("The explanation has at most %(n)s characters.") % {"n": TEXT_LIMIT}, field="text"
        )
    row = flaggable.find(pk)
    if row is None:
        raise ServiceError(_("This content does not exist or cannot be flagged."))
    content = flaggable.describe(row)
    if content.author_id is not None and content.author_id == actor.pk:
        raise NotAllowed(_("You cannot flag what you wrote yourself."))
    described = {
        "municipality": content.municipality,
        "author_id": content.author_id,
        "title": content.title[:200],
        "excerpt": _clean(content.excerpt)[:300],
        "url": content.url[:300],
    }
    with transaction.atomic(durable=True):
        item, created = ModeratedItem.objects.get_or_create(
            kind=flaggable.code, object_id=pk, defaults=described
        )
        if not created:
            ModeratedItem.objects.filter(pk=item.pk).update(**described)
        try:
            with transaction.atomic():
                flag = Flag.objects.create(item=item, reporter=actor, reason=reason, text=text)
        except IntegrityError as error:
            if violates(error, "moderation_one_flag_per_person", "item_id", "reporter_id"):
                raise Conflict(
                    _("You have already flagged this. The officials will look at it.")
                ) from error
            raise
    return flag


def _locked_item(actor: Any, item_id: Any) -> ModeratedItem:
    return get_authorised(
        ModeratedItem.objects.select_related("municipality"),
        actor,
        item_id,
        ModerationPermission.MODERATE,
        lock=True,
    )


def _resolve_flags(item: ModeratedItem, now: Any) -> int:
    return Flag.objects.filter(item=item, resolved_at__isnull=True).update(resolved_at=now)


def item_hide(*, actor: Any, item_id: Any, reason: str) -> ModeratedItem:
    """Hide the content with ``reason``, shown in its place to everyone; its open flags are
    resolved and the author is told. Hiding what is hidden already changes nothing."""
    reason = _clean(reason)
    if not reason:
        raise ServiceError(_("Give the reason everyone will read in its place."), field="reason")
    if len(reason) > REASON_LIMIT:
        raise ServiceError(
            _("The reason has at most %(n)s characters.") % {"n": REASON_LIMIT}, field="reason"
        )
    with transaction.atomic(durable=True):
        item = _locked_item(actor, item_id)
        if item.hidden:
            raise Conflict(_("This content is already hidden."))
        now = timezone.now()
        resolved = _resolve_flags(item, now)
        item.hidden, item.hidden_reason = True, reason
        item.decided_at, item.decided_by = now, actor
        item.decisions += 1
        item.save()
        audit_record(
            kind="moderation.hidden",
            actor=actor,
            subject=item,
            municipality=item.municipality,
            data={
                "content": item.kind,
                "object_id": item.object_id,
                "reason": reason,
                "flags": resolved,
            },
        )
        notices.hidden(item)
    return item


def item_restore(*, actor: Any, item_id: Any) -> ModeratedItem:
    """Show hidden content again; the author is told. The reason it was hidden stays in the
    audit log."""
    with transaction.atomic(durable=True):
        item = _locked_item(actor, item_id)
        if not item.hidden:
            raise Conflict(_("This content is not hidden."))
        previous = item.hidden_reason
        item.hidden, item.hidden_reason = False, ""
        item.decided_at, item.decided_by = timezone.now(), actor
        item.decisions += 1
        item.save()
        audit_record(
            kind="moderation.restored",
            actor=actor,
            subject=item,
            municipality=item.municipality,
            data={"content": item.kind, "object_id": item.object_id, "reason": previous},
        )
        notices.restored(item)
    return item


def flags_dismiss(*, actor: Any, item_id: Any) -> ModeratedItem:
    """The flags were unfounded: they leave the queue and the content stays as it is. Nobody
    is told (the author never learnt of the flags)."""
    with transaction.atomic(durable=True):
        item = _locked_item(actor, item_id)
        resolved = _resolve_flags(item, timezone.now())
        if not resolved:
            raise Conflict(_("No flags are waiting on this content."))
        audit_record(
            kind="moderation.dismissed",
            actor=actor,
            subject=item,
            municipality=item.municipality,
            data={"content": item.kind, "object_id": item.object_id, "flags": resolved},
        )
    return item
