"""``maeul audit verify [--expect-head HASH] [--alert]`` and ``maeul audit head``.

``--alert`` also tells the auditors and platform operators by a notice when the chain is
broken, as the daily beat job does (the same service, ``audit_verify_and_alert``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maeul.auditlog.services import audit_head, audit_verify, audit_verify_and_alert


class Command(BaseCommand):
    help = "Verify the hash-chained audit log, or print its head."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="recompute every hash and link")
        verify.add_argument("--expect-head", help="the published head hash, to detect truncation")
        verify.add_argument(
            "--alert", action="store_true", help="notify auditors and operators on a failure"
        )
        sub.add_parser("head", help="print the last sequence number and hash")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "head":
            seq, entry_hash = audit_head()
            self.stdout.write(f"{seq} {entry_hash}")
            return
        check = audit_verify_and_alert if options.get("alert") else audit_verify
        report = check(expected_head=options.get("expect_head"))
        if not report.ok:
            raise CommandError(
                f"audit chain broken at entry {report.first_bad_seq}: {report.problem}"
            )
        self.stdout.write(
            f"audit chain ok: {report.entries} entries, head {report.head_seq} {report.head_hash}"
        )
