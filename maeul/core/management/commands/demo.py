"""``maeul demo [--port N] [--addr A] [--no-serve]``: migrate, load the demo data, serve."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from maeul.core.demodata import load_demo


class Command(BaseCommand):
    help = "Migrate, load the demo data (idempotently) and serve on http://127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--addr", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="load the data and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("compilecatalogs", verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Loading demo data ...")
        load_demo(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        if options["no_serve"]:
            return
        port = options["port"]
        self.stdout.write(
            f"Maeul demo: http://{options['addr']}:{port}/  (accounts and passwords: README)"
        )
        call_command("runserver", f"{options['addr']}:{port}", use_reloader=False)
