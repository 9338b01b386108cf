"""Reading the tally files officials upload (CSV exported from a spreadsheet) into plain
numbers for the services; every error names its row and column so the spreadsheet can be
fixed. Parsers only: nothing here writes."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from maeul.core.errors import ServiceError

VOTE_COLUMNS = ("number", "committee_approvals", "mobile_approvals")


def parse_vote_csv(text: str) -> tuple[int, int, dict[int, tuple[int, int]]]:
    """Read a tally file: the header ``number,committee_approvals,mobile_approvals``, one row
    per proposal and one row ``voters,<committee voters>,<mobile voters>``. Every error names
    its row and column, so an official can fix the spreadsheet they exported."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in next(reader, [])]
    if tuple(header) != VOTE_COLUMNS:
        raise ServiceError(
            _("Row 1: the header must be %(cols)s.") % {"cols": ",".join(VOTE_COLUMNS)},
            field="file",
        )
    counts: dict[int, tuple[int, int]] = {}
    voters: tuple[int, int] | None = None
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            raise ServiceError(
                _("Row %(row)s: expected 3 columns, found %(n)s.") % {"row": line, "n": len(row)},
                field="file",
            )
        values: list[int] = []
        for column, cell in zip(VOTE_COLUMNS, row, strict=True):
            if column == "number" and cell.strip() == "voters":
                values.append(-1)
                continue
            try:
                value = int(cell.strip().replace(",", ""))
            except ValueError:
                value = -1
            if value < 0:
                raise ServiceError(
                    _("Row %(row)s, column %(col)s: %(value)s is not a whole number.")
                    % {"row": line, "col": column, "value": cell[:20]},
                    field="file",
                )
            values.append(value)
        if values[0] == -1:
            voters = (values[1], values[2])
        elif values[0] in counts:
            raise ServiceError(
                _("Row %(row)s, column number: proposal #%(n)s appears twice.")
                % {"row": line, "n": values[0]},
                field="file",
            )
        else:
            counts[values[0]] = (values[1], values[2])
    if voters is None:
        raise ServiceError(
            _("The file needs a row 'voters,<committee voters>,<mobile voters>'."), field="file"
        )
    return voters[0], voters[1], counts
