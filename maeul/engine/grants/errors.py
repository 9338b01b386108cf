"""Typed errors of the grants engine. A message names the file part at fault in both
languages, because the engine runs from the command line without Django's translations and an
official must be able to fix the file from the message alone."""

from __future__ import annotations


class GrantsError(ValueError):
    """Input the engine cannot work with: ``code`` for callers, ``ko`` and ``en`` for people."""

    def __init__(self, code: str, en: str, ko: str, *, field: str = "") -> None:
        super().__init__(f"{en} / {ko}")
        self.code = code
        self.en = en
        self.ko = ko
        self.field = field

    def text(self, language: str = "en") -> str:
        return self.ko if language.startswith("ko") else self.en


class InvalidGrantInput(GrantsError):
    """A call or an application that is malformed: unknown key, wrong type, negative amount."""
