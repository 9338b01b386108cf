"""Parsers of what officials paste or upload for a jury: population shares typed as lines, and
the volunteer pool as CSV. They only read and check; the services save.

The CSV parser lists every error with its row and column before anything is saved, so an
official fixes the whole file in one go (all rows or none).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from maeul.core.errors import ServiceError
from maeul.core.tabular import Column, Table, TableUnreadable, Text
from maeul.juries.checks import check_volunteer
from maeul.juries.dongs import dongs_of, records_dongs
from maeul.juries.models import AGE_FEATURE, DISTRICT_FEATURE, GENDER_FEATURE, ContactBy, Jury
from maeul.places.models import Municipality

CSV_COLUMNS = ("name", "phone", "birth_year", "gender", "dong", "contact_by", "consent")
GENDER_WORDS = {
    "female": "female",
    "f": "female",
    "여": "female",
    "여성": "female",
    "male": "male",
    "m": "male",
    "남": "male",
    "남성": "male",
    "other": "other",
    "기타": "other",
}
YES = {"yes", "y", "1", "true", "예", "동의", "o"}


def parse_shares(text: str) -> dict[str, dict[str, Decimal]]:
    """Population shares typed as lines ``feature,value,share`` (e.g. ``gender,female,49.6``)."""
    shares: dict[str, dict[str, Decimal]] = {}
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 3 or parts[0] not in (GENDER_FEATURE, AGE_FEATURE, DISTRICT_FEATURE):
            raise ServiceError(
                _(
                    "Line %(line)s: write feature,value,share (feature: gender, age_band or "
                    "district)."
                )
                % {"line": line_number},
                field="shares",
            )
        shares.setdefault(parts[0], {})[parts[1]] = _number(parts[2], line_number)
    if not shares:
        raise ServiceError(_("Enter at least one share."), field="shares")
    return shares


def _number(text: str, line_number: int) -> Decimal:
    try:
        share = Decimal(text)
    except ArithmeticError as error:
        raise ServiceError(
            _("Line %(line)s: the share must be a number.") % {"line": line_number},
            field="shares",
        ) from error
    if not share.is_finite():
        raise ServiceError(
            _("Line %(line)s: the share must be a number.") % {"line": line_number},
            field="shares",
        )
    return share


@dataclass(frozen=True)
class VolunteerRow:
    """One checked row of the pool file."""

    name: str
    phone: str
    birth_year: int
    gender: str
    dong: Municipality | None
    contact_by: str


class _PoolFile:
    """The reading of one pool file: the jury's dongs, the errors so far, the phones seen."""

    def __init__(self, jury: Jury) -> None:
        self.jury = jury
        self.with_dongs = records_dongs(jury.municipality)
        self.dongs = {key: m for m in dongs_of(jury.municipality) for key in (m.name, m.slug)}
        self.errors: list[str] = []
        self.phones: dict[str, int] = {}

    def bad(self, line: int, column: str, message: str) -> None:
        self.errors.append(
            _("Row %(row)s, column %(column)s: %(message)s")
            % {"row": line, "column": column, "message": message}
        )

    def dong(self, line: int, text: str) -> Municipality | None:
        dong = self.dongs.get(text)
        if not self.with_dongs:
            if text:
                self.bad(
                    line,
                    "dong",
                    _(
                        "%(value)s: %(municipality)s records no dongs in Maeul; leave the column "
                        "empty"
                    )
                    % {"value": text, "municipality": self.jury.municipality.name},
                )
        elif not text:
            self.bad(line, "dong", _("empty; write the volunteer's dong"))
        elif dong is None:
            self.bad(
                line, "dong", _("%(value)s is not a dong of this municipality") % {"value": text}
            )
        return dong

    def row(self, line: int, row: dict[str, str]) -> VolunteerRow:
        """Check one row in the order an official reads it; errors go to ``self.errors``."""
        gender = GENDER_WORDS.get(row["gender"].lower())
        if gender is None:
            self.bad(line, "gender", _("use female, male or other"))
        dong = self.dong(line, row.get("dong", ""))
        birth_year: int | None
        try:
            birth_year = int(row["birth_year"])
        except ValueError:
            birth_year = None
            self.bad(line, "birth_year", _("not a year"))
        contact_by = row["contact_by"] or ContactBy.SMS
        if contact_by not in ContactBy.values:
            self.bad(line, "contact_by", _("use sms, phone or email"))
        if row["consent"].lower() not in YES:
            self.bad(line, "consent", _("the volunteer's consent is required"))
        if not row["name"]:
            self.bad(line, "name", _("empty"))
        self.phone(line, row["phone"])
        complete = dong is not None or not self.with_dongs
        if birth_year is not None and gender and complete and row["name"]:
            try:
                check_volunteer(
                    self.jury, name=row["name"], birth_year=birth_year, gender=gender, dong=dong
                )
            except ServiceError as error:
                self.bad(line, error.field or "", error.message)
        return VolunteerRow(
            name=row["name"],
            phone=row["phone"],
            birth_year=birth_year or 0,
            gender=gender or "",
            dong=dong,
            contact_by=contact_by,
        )

    def phone(self, line: int, phone: str) -> None:
        if phone:
            if phone in self.phones:
                self.bad(line, "phone", _("same as row %(other)s") % {"other": self.phones[phone]})
            self.phones[phone] = line


def _missing_columns(present: set[str], *, with_dongs: bool) -> ServiceError:
    missing = [c for c in CSV_COLUMNS if c not in present and (with_dongs or c != "dong")]
    return ServiceError(
        _("Row 1: missing columns: %(columns)s.") % {"columns": ", ".join(missing)},
        field="file",
    )


POOL_TABLE = Table(
    columns=tuple(
        # every column optional and blank-able here: the messages about missing columns and
        # empty cells are the pool's own (``parse_volunteers_csv``), as officials know them
        Column(key, key, cell=Text(), required=False, blank=True, default="")
        for key in CSV_COLUMNS
    )
)


def parse_volunteers_csv(jury: Jury, text: str) -> list[VolunteerRow]:
    """The rows of a pool file (columns ``CSV_COLUMNS``; dong by Korean name or slug), or one
    ServiceError listing every error with its row and column.

    The file is read by the shared table reader (``maeul.core.tabular``: header matched by
    text, rows numbered as the spreadsheet shows them, empty rows skipped); the checks and
    their messages are the pool's. Where the municipality records no dongs the ``dong``
    column may be missing or empty (a value there is refused: it could not be placed in any
    district).
    """
    pool = _PoolFile(jury)
    try:
        table = POOL_TABLE.read_csv(text)
    except TableUnreadable as error:
        if error.reason != "empty":
            raise
        raise _missing_columns(set(), with_dongs=pool.with_dongs) from error
    if not {c for c in CSV_COLUMNS if pool.with_dongs or c != "dong"} <= table.present:
        raise _missing_columns(table.present, with_dongs=pool.with_dongs)
    if table.file_errors:  # a column named twice in the header row
        raise ServiceError("\n".join(str(e) for e in table.file_errors), field="file")
    rows = [
        pool.row(row.number, {key: row.get(key, "") for key in CSV_COLUMNS})
        for row in table.all_rows
    ]
    if not rows and not pool.errors:
        pool.errors.append(_("The file has no volunteers."))
    if pool.errors:
        raise ServiceError("\n".join(pool.errors), field="file")
    return rows
