"""Reading the inbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connections, router

from maeul.notifications.models import Notice


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


@dataclass(frozen=True)
class HeaderFacts:
    """What the site header shows of the signed-in person: links to the workspace (an
    official) and to 내 활동 (a resident), and the unread notices badge."""

    official: bool = False
    resident: bool = False
    unread: int = 0


_HEADER_SQL: dict[str, str] = {}


def header_facts(user: Any) -> HeaderFacts:
    """The header's three facts about ``user`` in one plain query (none for a visitor).

    Every signed-in page shows them; read one by one through the ORM (``user.official``,
    ``user.resident``, a count) they were three queries and most of a cheap page's CPU. The
    SQL text is built once per database alias from the models' own table and column names.
    """
    if not getattr(user, "is_authenticated", False):
        return HeaderFacts()
    from maeul.accounts.models import Official, ResidentProfile

    alias = router.db_for_read(Notice)
    sql = _HEADER_SQL.get(alias)
    if sql is None:
        quote = connections[alias].ops.quote_name

        def column(model: Any, name: str) -> str:
            return quote(model._meta.get_field(name).column)

        sql = (  # noqa: S608 (the models' own table and column names)
            "SELECT EXISTS(SELECT 1 FROM {official} WHERE {o_user} = %s),"
            " EXISTS(SELECT 1 FROM {resident} WHERE {r_user} = %s),"
            " (SELECT COUNT(*) FROM {notice} WHERE {recipient} = %s AND {read_at} IS NULL)"
        ).format(
            official=quote(Official._meta.db_table),
            o_user=column(Official, "user"),
            resident=quote(ResidentProfile._meta.db_table),
            r_user=column(ResidentProfile, "user"),
            notice=quote(Notice._meta.db_table),
            recipient=column(Notice, "recipient"),
            read_at=column(Notice, "read_at"),
        )
        _HEADER_SQL[alias] = sql
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk, user.pk])
        official, resident, unread = cursor.fetchone()
    return HeaderFacts(official=bool(official), resident=bool(resident), unread=int(unread))


def inbox(user: Any) -> Any:
    """The person's notices, newest first (a queryset for the shared pager)."""
    return Notice.objects.filter(recipient=user).order_by("-created_at", "-id")
