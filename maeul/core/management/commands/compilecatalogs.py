"""``maeul compilecatalogs``: compile the gettext catalogues (.po -> .mo) in pure Python.

Django's ``compilemessages`` needs GNU gettext's ``msgfmt``, which a fresh machine may lack;
Babel writes the same .mo files, so set-up needs nothing beyond the Python packages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


def catalogue_files() -> list[Path]:
    """Every .po file: the foundation's (LOCALE_PATHS) and each app's own locale folder."""
    roots = [Path(root) for root in settings.LOCALE_PATHS]
    roots += [
        Path(config.path) / "locale"
        for config in apps.get_app_configs()
        if config.name.startswith("maeul.")
    ]
    found: list[Path] = []
    for root in roots:
        found.extend(sorted(root.glob("*/LC_MESSAGES/*.po")))
    return sorted(set(found))


def compile_catalogues(force: bool = False) -> list[Path]:
    written = []
    for po_path in catalogue_files():
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parts[-3])
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


class Command(BaseCommand):
    help = "Compile the Korean and English message catalogues."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in compile_catalogues(force=options["force"]):
            self.stdout.write(f"compiled {path}")
