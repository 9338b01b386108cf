"""``maeul vote verify POLL``: recompute a published tally from the ballots and compare.

POLL is the poll's id or code. Exits non-zero, naming every difference, when the recount does
not match the published result; also ``maeul vote tally POLL`` prints the recount.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maeul.voting.models import Poll
from maeul.voting.selectors import poll_tally
from maeul.voting.services import poll_verify


def find_poll(identifier: str) -> Poll:
    query = Poll.objects.select_related("municipality")
    poll = query.filter(code=identifier).first()
    if poll is None and identifier.isdigit():
        poll = query.filter(pk=int(identifier)).first()
    if poll is None:
        raise CommandError(f"no poll with id or code {identifier!r}")
    return poll


class Command(BaseCommand):
    help = "Verify or print the tally of a resident vote."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="recount and compare with the published result")
        verify.add_argument("poll", help="poll id or code")
        tally = sub.add_parser("tally", help="print the recount as JSON")
        tally.add_argument("poll", help="poll id or code")

    def handle(self, *args: Any, **options: Any) -> None:
        poll = find_poll(options["poll"])
        if options["action"] == "tally":
            self.stdout.write(json.dumps(poll_tally(poll).as_dict(), ensure_ascii=False, indent=1))
            return
        if poll.result is None:
            raise CommandError(f"poll {poll.code}: results are not published yet")
        problems = poll_verify(poll)
        if problems:
            raise CommandError(
                f"poll {poll.code}: the recount does NOT match the published result:\n  "
                + "\n  ".join(problems)
            )
        self.stdout.write(
            f"poll {poll.code}: recount matches the published result "
            f"({poll.result['total_ballots']} ballots, outcome {poll.result['outcome']})"
        )
