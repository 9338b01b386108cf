"""``maeul governance_terms_ending [--municipality CODE] [--days 60] [--on YYYY-MM-DD] [--notify]``.

Lists the council terms ending within the window (default 60 days), so that a scheduler (cron)
can mail the list to the officials who prepare reappointments; exits 0 with "none" when
nothing ends. The same list is on the officials' "terms ending soon" page. ``--notify`` also
sends the officials the notices of terms ending within 30 days, as the daily beat job does
(the same service, ``governance.services.reminders``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maeul.governance import selectors
from maeul.governance.services.reminders import terms_ending_remind
from maeul.places.models import Municipality
from maeul.places.selectors import municipality_by_code


class Command(BaseCommand):
    help = "List council terms ending within N days (default 60)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="code, identifier or Korean name")
        parser.add_argument("--days", type=int, default=selectors.ALERT_DAYS)
        parser.add_argument("--on", help="the day to count from (YYYY-MM-DD); default today")
        parser.add_argument(
            "--notify", action="store_true", help="also notify officials (terms within 30 days)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0:
            raise CommandError("--days must not be negative")
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else selectors.today()
        except ValueError as error:
            raise CommandError(f"--on: {error}") from None
        if options["municipality"]:
            try:
                roots = [municipality_by_code(options["municipality"])]
            except Municipality.DoesNotExist as error:
                raise CommandError(str(error)) from None
        else:
            roots = list(Municipality.objects.filter(level=1))
        count = 0
        for root in roots:
            for member in selectors.terms_ending(root, on=on, days=options["days"]):
                count += 1
                self.stdout.write(
                    f"{member.term_end.isoformat()}\t{member.body.municipality.name}\t"
                    f"{member.body.name}\t{member.person_name}\t{member.sector}"
                )
        if count == 0:
            self.stdout.write("none")
        if options["notify"]:
            told = terms_ending_remind(on=on)
            self.stdout.write(f"notified officials of {told} terms ending within 30 days")
