"""``maeul vote verify POLL`` / ``--record FILE``, ``maeul vote record POLL``, ``maeul vote
tally POLL``.

``verify POLL`` (POLL is the poll's id or code) checks a published poll on the database: the
audit chain, the stored result against the hash the chain recorded at publication, and a
recount of the ballots against every published figure (``maeul.voting.verification``). It
exits non-zero naming every difference. ``verify --record FILE`` runs the same check on a
downloaded ballot record without the database (the console script runs it before Django is
even imported; this command accepts it too). ``record POLL`` writes the published ballot
record; ``tally POLL`` prints the recount.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from maeul.voting.models import Poll
from maeul.voting.selectors import poll_tally
from maeul.voting.verification import ballot_record, poll_verify_published, publication_entry


def find_poll(identifier: str) -> Poll:
    query = Poll.objects.select_related("municipality")
    poll = query.filter(code=identifier).first()
    if poll is None and identifier.isdigit():
        poll = query.filter(pk=int(identifier)).first()
    if poll is None:
        raise CommandError(f"no poll with id or code {identifier!r}")
    return poll


class Command(BaseCommand):
    help = "Verify, export the ballot record of, or print the tally of a resident vote."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify", help="recount and compare with the published result and the audit log"
        )
        verify.add_argument("poll", nargs="?", help="poll id or code (on the database)")
        verify.add_argument("--record", help="a downloaded ballot record (no database needed)")
        verify.add_argument("--lang", choices=("ko", "en"), default="en")
        record = sub.add_parser("record", help="write the published ballot record (JSON)")
        record.add_argument("poll", help="poll id or code")
        record.add_argument("--output", help="write to this file instead of standard output")
        tally = sub.add_parser("tally", help="print the recount as JSON")
        tally.add_argument("poll", help="poll id or code")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify" and options.get("record"):
            self._verify_record(options)
            return
        if not options.get("poll"):
            raise CommandError("give a poll id or code, or --record FILE")
        poll = find_poll(options["poll"])
        if options["action"] == "tally":
            self.stdout.write(json.dumps(poll_tally(poll).as_dict(), ensure_ascii=False, indent=1))
            return
        if poll.result is None or poll.published_at is None:
            raise CommandError(f"poll {poll.code}: results are not published yet")
        if options["action"] == "record":
            text = json.dumps(
                ballot_record(poll), ensure_ascii=False, indent=1, cls=DjangoJSONEncoder
            )
            if options.get("output"):
                Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            else:
                self.stdout.write(text)
            return
        problems = poll_verify_published(poll)
        lang = options.get("lang") or "en"
        if problems:
            raise CommandError(
                f"poll {poll.code}: the recount does NOT match the published result:\n  "
                + "\n  ".join(p.text(lang) for p in problems)
            )
        entry = publication_entry(poll)
        assert entry is not None  # a missing publication entry is a finding above
        self.stdout.write(
            f"poll {poll.code}: recount matches the published result "
            f"({poll.result['total_ballots']} ballots, outcome {poll.result['outcome']}); "
            f"the result is the one recorded in audit entry {entry.seq} "
            f"(hash {entry.entry_hash}) and the audit chain verifies"
        )

    def _verify_record(self, options: dict[str, Any]) -> None:
        from maeul.engine.voting.cli import main

        argv = ["verify", "--record", options["record"], "--lang", options.get("lang") or "en"]
        status = main(argv)
        if status != 0:
            raise CommandError(f"{options['record']}: the record does not verify (exit {status})")
