"""Errors of the service layer that carry a message for a person (Korean and English).

Services raise ``ServiceError`` subclasses with a translated message and, where it applies,
the field at fault; views show the message on the form, the API answers 4xx with
``{"code", "message", "field"}``. Database constraint violations are matched by constraint
*name* (``constraint_name``), never by the database's wording, which differs between SQLite
and PostgreSQL.
"""

from __future__ import annotations

import re

from django.db import IntegrityError

from maeul.core.korean import particles


class ServiceError(Exception):
    code = "invalid"
    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        # Korean particles written as 은(는) in the catalogue are resolved here, once the
        # values are in, for every page, form and API answer that shows the message.
        message = particles(str(message))
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(ServiceError):
    code = "forbidden"
    status = 403


class Conflict(ServiceError):
    code = "conflict"
    status = 409


def constraint_name(error: IntegrityError) -> str | None:
    """The name of the violated constraint, on PostgreSQL and SQLite alike."""
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name:
        return str(name)
    # SQLite names only the columns of a unique index; Maeul names those indexes after the
    # constraint, and check constraints by name ("CHECK constraint failed: <name>").
    text = str(error)
    match = re.search(r"CHECK constraint failed: (\w+)", text)
    if match:
        return match[1]
    return None


def violates(error: IntegrityError, name: str, *columns: str) -> bool:
    """True when ``error`` is the violation of constraint ``name`` (unique on ``columns``)."""
    found = constraint_name(error)
    if found is not None:
        return found == name
    text = str(error)
    if "UNIQUE constraint failed" in text and columns:
        failed = {part.strip().split(".")[-1] for part in text.split(":", 1)[1].split(",")}
        return failed == set(columns)
    return False
