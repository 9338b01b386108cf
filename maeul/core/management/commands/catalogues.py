"""``maeul catalogues update [--app LABEL]``: refresh the Korean and English catalogues.

The foundation's strings live in ``maeul/locale``; each programme app keeps its own in
``maeul/<app>/locale`` so that teams never edit the same file. ``update`` runs Django's
``makemessages`` (needs GNU gettext's xgettext, a developer tool) for both languages, then
fills the English catalogue with the English source text so that it is complete too. Korean
entries are translated by hand; ``tests/core/test_i18n.py`` fails on any empty or fuzzy one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from maeul.core.management.commands.compilecatalogs import compile_catalogues

PACKAGE = Path(__file__).resolve().parents[3]
FOUNDATION_APPS = ("core", "places", "accounts", "auditlog", "exports", "api")


def fill_english(po_path: Path) -> None:
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            if not any(message.string or ()) or "fuzzy" in message.flags:
                message.string = (message.id[0], message.id[1])
        elif not message.string or "fuzzy" in message.flags:
            # msgmerge's "fuzzy" guesses come from other messages: never keep them.
            message.string = message.id
        message.flags.discard("fuzzy")
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100)


class Command(BaseCommand):
    help = "Update the gettext catalogues of the foundation or of one app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["update"])
        parser.add_argument("--app", help="app label (default: the foundation catalogue)")

    def handle(self, *args: Any, **options: Any) -> None:
        app = options.get("app")
        if app and app not in FOUNDATION_APPS:
            root = PACKAGE / app
            if not root.is_dir():
                raise CommandError(f"no app folder {root}")
            ignore: list[str] = ["locale/*"]
        else:
            root = PACKAGE
            others = [
                p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name not in FOUNDATION_APPS
            ]
            ignore = [f"{name}/*" for name in others]
        (root / "locale").mkdir(exist_ok=True)
        # makemessages writes into LOCALE_PATHS[0] whenever it is set; an app's catalogue
        # belongs in the app's own locale folder, so the foundation's path is hidden for --app.
        locale_paths = settings.LOCALE_PATHS if root == PACKAGE else []
        cwd = os.getcwd()
        try:
            os.chdir(root)
            with override_settings(LOCALE_PATHS=locale_paths):
                call_command(
                    "makemessages",
                    locale=["ko", "en"],
                    ignore_patterns=ignore,
                    no_obsolete=True,
                    verbosity=0,
                )
        finally:
            os.chdir(cwd)
        for po_path in (root / "locale" / "en" / "LC_MESSAGES").glob("*.po"):
            fill_english(po_path)
        compile_catalogues(force=True)
        self.stdout.write(f"updated catalogues under {root / 'locale'}")
