"""Reading the audit log as officials may: scope, filters, and entries laid out for people.

Scope rule: an entry records the code of the municipality it concerns (``municipality_code``,
the municipality's ``code`` when the entry was written). Auditors and administrators read the
entries whose code lies in their municipality's subtree; entries without a municipality are
platform-level (no programme of any one municipality) and only superusers read them. An entry
out of the reader's scope does not exist for them (404), on the list, the detail page and in
the export alike.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.models import Role
from maeul.accounts.permissions import has_permission, official_of
from maeul.auditlog.kinds import data_label, kind_filter, kind_label
from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import entry_content_hash
from maeul.exports.columns import DATETIME, INTEGER, TEXT, Column
from maeul.places.models import Municipality


@dataclass(frozen=True)
class Reader:
    """Who reads the log and which municipality codes they may see (None: everything)."""

    user: Any
    scope: Municipality | None
    codes: frozenset[str] | None

    @property
    def sees_platform(self) -> bool:
        return self.codes is None


def reader_for(user: Any) -> Reader:
    """The reader's scope, or ``PermissionDenied`` for anyone but auditors, administrators
    (of their municipality) and superusers."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Reader(user, None, None)
    official = official_of(user)
    scope = official.municipality if official else None
    if scope is None or not has_permission(user, "audit.view_log", scope):
        raise PermissionDenied(_("The audit log is for auditors and administrators."))
    return Reader(user, scope, frozenset(m.code for m in scope.subtree()))


def visible_entries(reader: Reader) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if reader.codes is not None:
        entries = entries.filter(municipality_code__in=sorted(reader.codes))
    return entries


def _full_names(places: list[Municipality]) -> dict[str, str]:
    """Code -> "서울특별시 금천구" for ``places``, from one query of every municipality
    (``Municipality.full_name`` would query each one's ancestors)."""
    by_id = {m.pk: m for m in Municipality.objects.all()}
    names = {}
    for m in places:
        ids = [int(part) for part in m.path.strip("/").split("/") if part]
        names[m.code] = " ".join(by_id[i].display_name for i in ids if i in by_id)
    return names


def municipality_choices(reader: Reader) -> list[tuple[str, str]]:
    """The municipalities a reader may filter by, as ``(code, full name)``, by name."""
    places = list(
        reader.scope.subtree() if reader.scope is not None else Municipality.objects.all()
    )
    return sorted(_full_names(places).items(), key=lambda row: row[1])


def filtered(reader: Reader, data: dict[str, Any]) -> QuerySet[AuditEntry]:
    """The reader's entries narrowed by a cleaned ``AuditFilterForm``, newest first.

    Dates are local (Asia/Seoul) and inclusive; a municipality includes its subtree; a
    subject with a colon is one record, without one a type of record.
    """
    entries = visible_entries(reader)
    tz = timezone.get_default_timezone()
    if data.get("date_from"):
        start = dt.datetime.combine(data["date_from"], dt.time.min, tzinfo=tz)
        entries = entries.filter(created_at__gte=start)
    if data.get("date_to"):
        end = dt.datetime.combine(data["date_to"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        entries = entries.filter(created_at__lt=end)
    if data.get("kind"):
        entries = entries.filter(**kind_filter(data["kind"]))
    if data.get("actor"):
        entries = entries.filter(actor_label__iexact=data["actor"])
    if data.get("municipality"):
        code = data["municipality"]
        no_admin_code = Q(admin_code__isnull=True) | Q(admin_code="")
        chosen = Municipality.objects.filter(
            Q(admin_code=code) | (no_admin_code & Q(slug=code))
        ).first()
        codes = {m.code for m in chosen.subtree()} if chosen is not None else set()
        if reader.codes is not None:
            codes &= reader.codes
        entries = entries.filter(municipality_code__in=sorted(codes))
    subject = data.get("subject") or ""
    if subject:
        if ":" in subject:
            entries = entries.filter(subject=subject)
        else:
            entries = entries.filter(subject__startswith=subject + ":")
    return entries.order_by("-seq")


def entry_for(reader: Reader, seq: int) -> AuditEntry:
    entry = visible_entries(reader).filter(seq=seq).first()
    if entry is None:
        raise Http404(str(seq))
    return entry


def municipality_names() -> dict[str, str]:
    """Municipality code -> full name, for every municipality (a small table)."""
    return _full_names(list(Municipality.objects.all()))


def subject_label(subject: str) -> str:
    """ "budgeting.cycle:12" -> "Budgeting cycle #12" in the active language; a label that
    names no model is shown as it is."""
    if not subject:
        return ""
    label, _sep, pk = subject.partition(":")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return subject
    name = str(model._meta.verbose_name)
    return f"{name[:1].upper()}{name[1:]} #{pk}" if pk else name


@dataclass(frozen=True)
class Field:
    """One labelled value of an entry's data; ``children`` when the value is a mapping or
    a list of mappings, ``items`` when it is a list of plain values."""

    key: str
    label: str
    text: str = ""
    children: tuple[Field, ...] = ()
    items: tuple[str, ...] = ()


def _plain(value: Any) -> str:
    if value is None:
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, int | float):
        return f"{value:,}" if isinstance(value, int) else str(value)
    return str(value)


def _value_labels() -> dict[str, dict[str, str]]:
    """Labels for data values that are codes of the foundation's own choices (roles)."""
    return {"roles": {str(code): str(label) for code, label in Role.choices}}


def _field(key: str, label: str, value: Any) -> Field:
    labels = _value_labels().get(key)
    if labels is not None:
        if isinstance(value, list):
            value = [labels.get(str(v), v) for v in value]
        elif isinstance(value, str):
            value = labels.get(value, value)
    if isinstance(value, dict):
        return Field(key, label, children=tuple(data_fields(value)))
    if isinstance(value, list):
        if any(isinstance(v, dict | list) for v in value):
            children = tuple(_field(str(i), f"{i}", v) for i, v in enumerate(value, start=1))
            return Field(key, label, children=children)
        if not value:
            return Field(key, label, text=_("(none)"))
        return Field(key, label, items=tuple(_plain(v) for v in value))
    if value == "":
        return Field(key, label, text=_("(empty)"))
    return Field(key, label, text=_plain(value))


def data_fields(data: Any) -> list[Field]:
    """An entry's data laid out for people: keys labelled, nested values as nested lists,
    nothing shortened."""
    if not isinstance(data, dict):
        return [_field("", _("value"), data)]
    return [_field(key, data_label(key), value) for key, value in data.items()]


def entry_hash_matches(entry: AuditEntry) -> bool:
    """Whether the entry's stored hash is the hash of its content (its own integrity only;
    the chain's links are checked by ``audit_verify``)."""
    return entry_content_hash(entry) == entry.entry_hash


def entry_data(entry: AuditEntry) -> Any:
    try:
        return json.loads(entry.payload)
    except ValueError:
        return entry.payload


EXPORT_COLUMNS = (
    Column("seq", INTEGER, "감사 기록 번호(체인 순서)", "Entry number (position in the chain)"),
    Column("time", DATETIME, "기록 시각(한국 시간)", "When it was recorded (Korea time)"),
    Column("kind", TEXT, "기록 종류 코드", "Kind of entry (code)"),
    Column("description", TEXT, "기록 종류 설명", "What the kind of entry means"),
    Column("actor", TEXT, "행위자(계정 또는 시스템)", "Who acted (account or the system)"),
    Column("municipality_code", TEXT, "지자체 코드(행정표준코드)", "Municipality's code"),
    Column("municipality", TEXT, "지자체 이름", "Municipality's name"),
    Column("subject", TEXT, "대상(모델과 번호)", "What the entry is about (model and id)"),
    Column("data", TEXT, "해시에 들어간 JSON 그대로", "The exact JSON that was hashed"),
    Column("prev_hash", TEXT, "앞 기록의 해시", "Hash of the previous entry"),
    Column("entry_hash", TEXT, "이 기록의 해시(SHA-256)", "This entry's hash (SHA-256)"),
)


def export_rows(entries: QuerySet[AuditEntry]) -> Any:
    """Every filtered entry (not only one page), time in Asia/Seoul, data as the exact JSON
    that was hashed."""
    names = municipality_names()
    for e in entries.iterator(chunk_size=2000):
        yield (
            e.seq,
            timezone.localtime(e.created_at).isoformat(timespec="seconds"),
            e.kind,
            kind_label(e.kind),
            e.actor_label,
            e.municipality_code,
            names.get(e.municipality_code, ""),
            e.subject,
            e.payload,
            e.prev_hash,
            e.entry_hash,
        )
