"""Reading and writing the CSV files organisers already use.

* Quotas, Sortition Foundation format: ``feature,value,min,max[,min_flex,max_flex]``.
* Quotas, Nature replication format (Flanigan et al.): ``category,feature,min,max`` where
  *category* is the feature name and *feature* its value.
* People: an id column, one column per feature, any other columns (kept and written back).
  Files without an id column (the replication's ``respondents.csv``) use the row number
  starting at 0 as id.
* Shares (for ``maeul jury quotas``): ``feature,value,share`` with shares as fractions,
  percentages or head counts (normalised per feature).

Every error names the file, the row (the line number a spreadsheet shows; the header is
row 1) and the column, because the person fixing it will open the file, not the code.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TextIO

from maeul.engine.csvcells import restore, write_rows
from maeul.engine.sortition.errors import InvalidInput, InvalidPool, InvalidQuotas
from maeul.engine.sortition.model import FeatureQuota, Person
from maeul.engine.sortition.pool import normalise_household

ID_COLUMN_CANDIDATES = ("id", "nationbuilder_id", "person_id", "ID")


def read_text(path: str | Path) -> str:
    """The file's text (UTF-8, with or without BOM); a clear error for anything else."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InvalidInput("file not found", path=name) from None
    except OSError as exc:
        raise InvalidInput(f"cannot read the file ({exc.strerror})", path=name) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidInput(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "save it as 'CSV UTF-8' in your spreadsheet",
            path=name,
            row=line,
        ) from None


def _rows(
    text: str, name: str, cls: type[InvalidInput] = InvalidInput
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (row number, row) pairs, with cells stripped and blank lines skipped."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise cls("the file is empty", path=name) from None
    # Cells are restored from the formula rule of maeul.engine.csvcells, so the files Maeul
    # writes (the jury draw's public record) read back exactly.
    header = [restore(h.strip()) for h in header]
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise cls("the header has this column twice", path=name, row=1, column=dup)
    rows: list[tuple[int, dict[str, str]]] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise cls(
                f"{len(cells)} cells but the header has {len(header)} columns", path=name, row=line
            )
        padded = [restore(c.strip()) for c in cells] + [""] * (len(header) - len(cells))
        rows.append((line, dict(zip(header, padded, strict=True))))
    return header, rows


def _integer(text: str, name: str, row: int, column: str, *, cls: type[InvalidInput]) -> int:
    try:
        value = int(text)
    except ValueError:
        raise cls(f"{text!r} is not a whole number", path=name, row=row, column=column) from None
    if value < 0:
        raise cls(f"{value} is negative", path=name, row=row, column=column)
    return value


def parse_features(text: str, name: str = "<features>") -> list[FeatureQuota]:
    """Quotas from CSV text in either supported format (detected from the header)."""
    header, rows = _rows(text, name, InvalidQuotas)
    if {"feature", "value", "min", "max"} <= set(header):
        feature_col, value_col = "feature", "value"
    elif {"category", "feature", "min", "max"} <= set(header):
        feature_col, value_col = "category", "feature"
    else:
        raise InvalidQuotas(
            "expected columns feature,value,min,max[,min_flex,max_flex] "
            f"(or category,feature,min,max); found {','.join(header)}",
            path=name,
            row=1,
        )
    quotas: list[FeatureQuota] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        feature = row[feature_col]
        value = row[value_col]
        if not feature:
            raise InvalidQuotas("empty feature name", path=name, row=line, column=feature_col)
        if not value:
            raise InvalidQuotas("empty value", path=name, row=line, column=value_col)
        if (feature, value) in seen:
            raise InvalidQuotas(
                f"{feature}={value} is already on row {seen[(feature, value)]}",
                path=name,
                row=line,
                column=value_col,
            )
        seen[(feature, value)] = line
        low = _integer(row["min"], name, line, "min", cls=InvalidQuotas)
        high = _integer(row["max"], name, line, "max", cls=InvalidQuotas)
        if low > high:
            raise InvalidQuotas(
                f"minimum {low} is above maximum {high} for {feature}={value}",
                path=name,
                row=line,
                column="min",
            )
        flex: list[int | None] = []
        for col in ("min_flex", "max_flex"):
            cell = row.get(col, "")
            flex.append(_integer(cell, name, line, col, cls=InvalidQuotas) if cell else None)
        quotas.append(FeatureQuota(feature, value, low, high, flex[0], flex[1]))
    if not quotas:
        raise InvalidQuotas("no quotas in the file", path=name)
    return quotas


def read_features_csv(path: str | Path) -> list[FeatureQuota]:
    return parse_features(read_text(path), str(path))


def check_quota_sums(quotas: Sequence[FeatureQuota], k: int, name: str = "<features>") -> None:
    """Quotas that cannot add up to ``k`` for one feature, named with the feature."""
    by_feature: dict[str, list[FeatureQuota]] = {}
    for q in quotas:
        by_feature.setdefault(q.feature, []).append(q)
    for feature, qs in by_feature.items():
        low = sum(q.min for q in qs)
        high = sum(q.max for q in qs)
        if low > k:
            raise InvalidQuotas(
                f"the minimums of {feature} add up to {low}, more than the panel size {k}",
                path=name,
                column="min",
            )
        if high < k:
            raise InvalidQuotas(
                f"the maximums of {feature} add up to {high}, less than the panel size {k}",
                path=name,
                column="max",
            )


def parse_people(
    text: str,
    quotas: Sequence[FeatureQuota],
    name: str = "<people>",
    *,
    id_column: str | None = None,
    household_columns: Sequence[str] = (),
) -> list[Person]:
    """People from CSV text, checked against the quotas' features and values.

    ``household_columns``: one column holding a household key, or several address columns
    (e.g. street and postcode) joined and normalised into one key.
    """
    header, rows = _rows(text, name, InvalidPool)
    if id_column is not None and id_column not in header:
        raise InvalidPool(
            f"the id column is missing (columns: {', '.join(header)})",
            path=name,
            row=1,
            column=id_column,
        )
    if id_column is None:
        id_column = next((c for c in ID_COLUMN_CANDIDATES if c in header), None)
    for col in household_columns:
        if col not in header:
            raise InvalidPool(
                f"the household column is missing (columns: {', '.join(header)})",
                path=name,
                row=1,
                column=col,
            )
    values_of: dict[str, set[str]] = {}
    for q in quotas:
        values_of.setdefault(q.feature, set()).add(q.value)
    for feature in values_of:
        if feature not in header:
            raise InvalidPool(
                f"the column of feature {feature!r} from the quotas is missing "
                f"(columns: {', '.join(header)})",
                path=name,
                row=1,
                column=feature,
            )
    people: list[Person] = []
    seen: dict[str, int] = {}
    for index, (line, row) in enumerate(rows):
        if id_column is None:
            pid = str(index)
        else:
            pid = row[id_column]
            if not pid:
                raise InvalidPool("empty id", path=name, row=line, column=id_column)
            if pid in seen:
                raise InvalidPool(
                    f"duplicate id {pid!r} (first on row {seen[pid]})",
                    path=name,
                    row=line,
                    column=id_column,
                )
        seen[pid] = line
        features: dict[str, str] = {}
        for feature, allowed in values_of.items():
            value = row[feature]
            if value not in allowed:
                raise InvalidPool(
                    f"value {value!r} is not in the quotas for {feature} "
                    f"(known: {', '.join(sorted(allowed))})",
                    path=name,
                    row=line,
                    column=feature,
                )
            features[feature] = value
        household = None
        if household_columns:
            household = normalise_household(" ".join(row[c] for c in household_columns))
        extra = {c: row[c] for c in header if c not in values_of and c != id_column}
        people.append(Person(pid, features, household, extra))
    if not people:
        raise InvalidPool("no people in the file", path=name)
    return people


def read_people_csv(
    path: str | Path,
    quotas: Sequence[FeatureQuota],
    *,
    id_column: str | None = None,
    household_columns: Sequence[str] = (),
) -> list[Person]:
    return parse_people(
        read_text(path),
        quotas,
        str(path),
        id_column=id_column,
        household_columns=household_columns,
    )


def write_features_csv(out: TextIO, quotas: Sequence[FeatureQuota]) -> None:
    """Quotas in the Sortition Foundation format (flex columns only when some quota has them)."""
    flex = any(q.min_flex is not None or q.max_flex is not None for q in quotas)
    header = ["feature", "value", "min", "max", *(["min_flex", "max_flex"] if flex else [])]
    rows: list[list[object]] = []
    for q in quotas:
        row: list[object] = [q.feature, q.value, q.min, q.max]
        if flex:
            row += [q.min_flex, q.max_flex]
        rows.append(row)
    write_rows(out, header, rows)


def write_people_csv(
    out: TextIO,
    people: Sequence[Person],
    *,
    id_column: str = "id",
) -> None:
    """People with their id, feature and extra columns (the shape they were read in)."""
    features: list[str] = []
    extras: list[str] = []
    for p in people:
        features += [f for f in p.features if f not in features]
        extras += [c for c in p.extra if c not in extras and c not in features]
    write_rows(
        out,
        [id_column, *features, *extras],
        (
            [
                p.id,
                *(p.features.get(f, "") for f in features),
                *(p.extra.get(c, "") for c in extras),
            ]
            for p in people
        ),
    )


def parse_shares(text: str, name: str = "<shares>") -> dict[str, dict[str, Fraction]]:
    """Population shares per feature value: ``feature,value,share``."""
    header, rows = _rows(text, name, InvalidQuotas)
    if not {"feature", "value", "share"} <= set(header):
        raise InvalidQuotas(
            f"expected columns feature,value,share; found {','.join(header)}", path=name, row=1
        )
    shares: dict[str, dict[str, Fraction]] = {}
    for line, row in rows:
        cell = row["share"].rstrip("%").replace(",", "")
        try:
            share = Fraction(cell)
        except (ValueError, ZeroDivisionError):
            raise InvalidQuotas(
                f"{row['share']!r} is not a number", path=name, row=line, column="share"
            ) from None
        if share < 0:
            raise InvalidQuotas("a share cannot be negative", path=name, row=line, column="share")
        values = shares.setdefault(row["feature"], {})
        if row["value"] in values:
            raise InvalidQuotas(
                f"{row['feature']}={row['value']} appears twice",
                path=name,
                row=line,
                column="value",
            )
        values[row["value"]] = share
    if not shares:
        raise InvalidQuotas("no shares in the file", path=name)
    return shares


def read_shares_csv(path: str | Path) -> dict[str, dict[str, Fraction]]:
    return parse_shares(read_text(path), str(path))


def shares_as_text(shares: Mapping[str, Mapping[str, Fraction]]) -> str:
    """Shares back to CSV text (round trip for tests and the documentation)."""
    out = io.StringIO()
    write_rows(
        out,
        ["feature", "value", "share"],
        (
            [feature, value, share]
            for feature, values in shares.items()
            for value, share in values.items()
        ),
    )
    return out.getvalue()
