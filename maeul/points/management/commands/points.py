"""``maeul points verify [--municipality CODE]`` and
``maeul points expire --municipality CODE [--as-of YYYY-MM-DD]``.

``verify`` recomputes the ledger (every transaction balances, every cached balance equals its
entries, no resident balance below zero) and exits non-zero on any problem. ``expire`` runs
the municipality's expiry rule as the system (no acting official), e.g. from a nightly timer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from maeul.core.errors import ServiceError
from maeul.places.models import Municipality
from maeul.places.selectors import municipality_by_code
from maeul.points.selectors import ledger_check
from maeul.points.services import points_expire


class Command(BaseCommand):
    help = "Check the points ledger, or expire points past their validity."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "expire"])
        parser.add_argument("--municipality", help="administrative code, identifier or name")
        parser.add_argument("--as-of", help="date of the expiry run (default: today, KST)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = None
        if options["municipality"]:
            try:
                municipality = municipality_by_code(options["municipality"])
            except Municipality.DoesNotExist as error:
                raise CommandError(str(error)) from None
        if options["action"] == "verify":
            problems = ledger_check(municipality)
            for problem in problems:
                self.stdout.write(f"{problem.kind}\t{problem.subject}\t{problem.detail}")
            if problems:
                raise CommandError(f"{len(problems)} ledger problems")
            self.stdout.write("points ledger: ok")
            return
        if municipality is None:
            raise CommandError("expire needs --municipality")
        try:
            as_of = (
                dt.date.fromisoformat(options["as_of"])
                if options["as_of"]
                else timezone.localdate()
            )
        except ValueError:
            raise CommandError("--as-of must be a date YYYY-MM-DD") from None
        try:
            expired = points_expire(actor=None, municipality=municipality, as_of=as_of)
        except ServiceError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"expired {sum(expired.values())} points of {len(expired)} residents as of {as_of}"
        )
