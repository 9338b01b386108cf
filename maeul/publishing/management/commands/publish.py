"""``maeul publish databook|brief``: build a PDF from the database, keep it as a publication
(SHA-256, audit head, audit entry) and write it to ``--output``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maeul.publishing.catalogue import BadYear, UnknownMunicipality, municipality_for, parse_year
from maeul.publishing.pdf import BadQuarter, FontMissing, parse_quarter
from maeul.publishing.services import publish_brief, publish_databook


class Command(BaseCommand):
    help = "Publish the yearly data book or the quarterly Governance Brief as PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        book = sub.add_parser("databook", help="every programme's figures for a year")
        book.add_argument("--municipality", required=True, help="slug or administrative code")
        book.add_argument("--year", required=True)
        book.add_argument("--output", required=True, help="the PDF file to write")
        brief = sub.add_parser("brief", help="the quarter's Governance Brief (4-8 pages)")
        brief.add_argument("--municipality", required=True, help="slug or administrative code")
        brief.add_argument("--quarter", required=True, help="YYYY-Qn, e.g. 2021-Q3")
        brief.add_argument("--output", required=True, help="the PDF file to write")
        cards = sub.add_parser("cards", help="the brief's highlights as 1080x1080 PNG cards")
        cards.add_argument("--municipality", required=True, help="slug or administrative code")
        cards.add_argument("--quarter", required=True, help="YYYY-Qn, e.g. 2021-Q3")
        cards.add_argument("--output", required=True, help="the folder to write the cards to")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            municipality = municipality_for(options["municipality"])
        except UnknownMunicipality:
            raise CommandError(
                f"unknown municipality {options['municipality']!r} "
                "(give its slug or administrative code, e.g. 1154500000)"
            ) from None

        def progress(percent: int, message: str) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(f"{percent:3d}% {message}")

        if options["what"] == "cards":
            self._cards(municipality, options)
            return
        try:
            if options["what"] == "databook":
                try:
                    year = parse_year(options["year"])
                except BadYear:
                    raise CommandError(
                        f"{options['year']!r} is not a year (four digits, 2000 to 2100)"
                    ) from None
                publication, built = publish_databook(municipality, year, progress=progress)
            else:
                try:
                    year, quarter = parse_quarter(options["quarter"])
                except BadQuarter as error:
                    raise CommandError(str(error)) from None
                publication, built = publish_brief(municipality, year, quarter, progress=progress)
        except FontMissing as error:
            raise CommandError(str(error)) from None
        output = options["output"]
        if output == "-":
            sys.stdout.buffer.write(built.data)
            return
        Path(output).write_bytes(built.data)
        self.stdout.write(
            f"{output}: {built.pages} pages, sha256 {publication.sha256}, "
            f"audit head #{publication.audit_seq}, publication {publication.pk} "
            f"v{publication.version}"
        )

    def _cards(self, municipality: Any, options: dict[str, Any]) -> None:
        from maeul.publishing.cards import build_cards

        try:
            year, quarter = parse_quarter(options["quarter"])
            cards = build_cards(municipality, year, quarter)
        except (BadQuarter, FontMissing) as error:
            raise CommandError(str(error)) from None
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        for number, card in enumerate(cards, start=1):
            name = f"card-{municipality.code}-{year}-Q{quarter}-{number}.png"
            (folder / name).write_bytes(card.png)
        self.stdout.write(f"{folder}: {len(cards)} cards")
