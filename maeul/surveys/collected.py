"""Answer sheets collected outside Maeul (paper forms, a survey agency's file), pasted as CSV.

One line per answer sheet, one column per question in the questionnaire's order: a choice
by its option number (1, 2, ...), several choices joined by ``;`` (``1;3``), a scale value,
or the text (quoted if it holds a comma); an empty cell is no answer. Parsing turns the
numbers into the stored options; the service checks everything again and records all the
sheets or none.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

from maeul.core.errors import ServiceError
from maeul.surveys.models import Survey

MAX_LINES = 10_000


def parse_sheets(survey: Survey, text: str) -> list[dict[str, Any]]:
    questions = list(survey.questions.prefetch_related("options").order_by("position"))
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if not rows:
        raise ServiceError(_("There are no answers to record."), field="sheets")
    if len(rows) > MAX_LINES:
        raise ServiceError(_("At most %(n)d answers at a time.") % {"n": MAX_LINES}, field="sheets")
    sheets = []
    for line, row in enumerate(rows, start=1):
        if len(row) > len(questions):
            raise ServiceError(
                _("Line %(line)d has %(cells)d columns; the survey has %(n)d questions.")
                % {"line": line, "cells": len(row), "n": len(questions)},
                field="sheets",
            )
        sheet: dict[str, Any] = {}
        for question, cell in zip(questions, row, strict=False):
            value = cell.strip()
            if question.has_options and value:
                options = list(question.options.all())
                picked = []
                for part in value.split(";"):
                    try:
                        number = int(part.strip())
                    except ValueError:
                        number = 0
                    if not 1 <= number <= len(options):
                        raise ServiceError(
                            _(
                                "Line %(line)d, question %(n)d: give an option number from 1 to %(max)d."
                            )
                            % {"line": line, "n": question.position, "max": len(options)},
                            field="sheets",
                        )
                    picked.append(options[number - 1].pk)
                sheet[str(question.pk)] = picked
            else:
                sheet[str(question.pk)] = value
        sheets.append(sheet)
    return sheets
