"""The ``maeul`` console script.

It is the project's ``manage.py``: every Django management command works (``maeul migrate``,
``maeul createsuperuser``, ``maeul demo`` ...). The engine commands ``maeul pb``,
``maeul jury``, ``maeul evaluation`` (the district grading) and ``maeul grants`` are
dispatched *before* Django is imported, because they must start fast and run without a
database or settings (an official may run them on a laptop with a file). So is
``maeul vote verify --record FILE`` (a journalist checking a published vote from its record);
``maeul vote verify POLL`` without ``--record`` is the Django command on the database.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

# Engine sub-commands: name -> "module:function" taking argv (without the sub-command name)
# and returning an exit status. Kept as strings so that only the chosen engine is imported.
ENGINE_COMMANDS: dict[str, str] = {
    "pb": "maeul.engine.budgeting.cli:main",
    "jury": "maeul.engine.sortition.cli:main",
    "evaluation": "maeul.engine.innovation.cli:main",
    "grants": "maeul.engine.grants.cli:main",
}


def _load(target: str) -> Callable[[list[str]], int]:
    module_name, func_name = target.split(":")
    module = __import__(module_name, fromlist=[func_name])
    func: Callable[[list[str]], int] = getattr(module, func_name)
    return func


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "demo":
        # The demo turns on DEBUG and the demo banner; settings read this before loading.
        os.environ.setdefault("MAEUL_DEMO", "1")
    if len(args) > 1 and args[1] in ENGINE_COMMANDS:
        # numpy's OpenBLAS starts a pool of worker threads on import, which spin for about
        # 0.03 s of CPU; the engines only take dot products of a few thousand numbers, which
        # one thread does as fast, so a one-shot command does without the pool. Must be set
        # before numpy is imported; a caller's own setting wins.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        return _load(ENGINE_COMMANDS[args[1]])(args[2:])
    if len(args) > 1 and args[1] == "vote" and any(a.startswith("--record") for a in args[2:]):
        return _load("maeul.engine.voting.cli:main")(args[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maeul.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
