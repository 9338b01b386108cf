"""Schemas every API router shares, so one shape has one name in the OpenAPI document."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    """The error envelope of every API answer that is not a success (``maeul.api.errors``)."""

    code: str
    message: str
    field: str | None = None
