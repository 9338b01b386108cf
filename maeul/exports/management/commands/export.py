"""``maeul export NAME [--municipality CODE] [--format csv|xlsx|json] [--output FILE]``.

``maeul export --list`` lists the tables; ``maeul export NAME --columns`` writes the table's
column dictionary (name, type, unit, meaning in Korean and English) in the chosen format.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from maeul.exports.columns import DICTIONARY_COLUMNS, dictionary_rows
from maeul.exports.registry import UnknownExport, all_tables, get_table
from maeul.exports.writers import FORMATS, render
from maeul.places.models import Municipality
from maeul.places.selectors import municipality_by_code


class Command(BaseCommand):
    help = "Write a registered export table to standard output or a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", nargs="?", help="table name; omit with --list")
        parser.add_argument("--municipality", help="administrative code, identifier or name")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--output", help="write to this file instead of standard output")
        parser.add_argument("--list", action="store_true", help="list the registered tables")
        parser.add_argument(
            "--columns",
            action="store_true",
            help="write the table's column dictionary instead of its rows",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("ko")
        if options["list"] or not options["name"]:
            for table in all_tables():
                self.stdout.write(f"{table.name}\t{','.join(table.names)}")
            return
        try:
            table = get_table(options["name"])
        except UnknownExport as error:
            raise CommandError(str(error)) from None
        if options["columns"]:
            rows = dictionary_rows(table.columns)
            name = f"{table.name}-columns"
            self._write(
                options, render(options["format"], name, DICTIONARY_COLUMNS, rows, bom=False)
            )
            return
        municipality = None
        if options["municipality"]:
            try:
                municipality = municipality_by_code(options["municipality"])
            except Municipality.DoesNotExist as error:
                raise CommandError(str(error)) from None
        data = render(
            options["format"], table.name, table.columns, table.rows(municipality), bom=False
        )
        self._write(options, data)

    def _write(self, options: dict[str, Any], data: bytes) -> None:
        if options["output"]:
            Path(options["output"]).write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
