"""Every catalogue is complete: no Korean entry left untranslated or fuzzy, and the English
catalogue covers the same messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from maeul.core.management.commands.compilecatalogs import catalogue_files


def _catalogue(path: Path, locale: str):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def test_there_are_catalogues_for_both_languages() -> None:
    languages = {path.parts[-3] for path in catalogue_files()}
    assert {"ko", "en"} <= languages


@pytest.mark.parametrize("path", [p for p in catalogue_files() if p.parts[-3] == "ko"], ids=str)
def test_korean_catalogue_is_complete(path: Path) -> None:
    catalog = _catalogue(path, "ko")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if "fuzzy" in message.flags or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert missing == [], f"{len(missing)} untranslated or fuzzy in {path}"
    english = path.parents[2] / "en" / "LC_MESSAGES" / path.name
    assert english.exists(), f"no English catalogue beside {path}"
    ids_ko = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    ids_en = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(english, "en") if m.id}
    assert ids_ko == ids_en


@pytest.mark.parametrize("path", [p for p in catalogue_files() if p.parts[-3] == "ko"], ids=str)
def test_korean_catalogue_declares_one_plural_form(path: Path) -> None:
    """gettext reads the plural rule from the compiled catalogue's header; without it a count
    above one looked for a second form Korean does not have and showed the English text."""
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in header


def test_korean_plurals_read_korean_for_any_count() -> None:
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override("ko"):
        for months in (1, 3, 12):
            text = ngettext(
                "Expire %(months)s month after they were earned",
                "Expire %(months)s months after they were earned",
                months,
            ) % {"months": months}
            assert text == f"적립 후 {months}개월이 지나면 소멸"
