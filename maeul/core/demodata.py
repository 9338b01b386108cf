"""Loading the demo data: every app may ship ``<app>/demo.py`` with ``ORDER`` and ``load()``.

Each loader is idempotent (natural keys, create-if-absent), so ``maeul demo`` run twice changes
nothing. Loaders run in ``ORDER``: places before accounts before programmes.

A module whose data must bracket other programmes' may give ``STEPS = [(order, step), ...]``
instead (each step takes ``stdout``): the points demo publishes its award table before the
programmes record the participation it pays for, and hands out vouchers after them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from django.apps import apps


def demo_modules() -> list[ModuleType]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("maeul."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        found.append(module)
    return sorted(found, key=lambda m: getattr(m, "ORDER", 100))


def demo_steps() -> list[tuple[int, Callable[[Any], None]]]:
    """Every module's steps in order: its ``STEPS``, else ``(ORDER, load)``; ties keep the
    modules' order."""
    steps: list[tuple[int, Callable[[Any], None]]] = []
    for module in demo_modules():
        steps += list(
            getattr(module, "STEPS", None) or [(getattr(module, "ORDER", 100), module.load)]
        )
    return sorted(steps, key=lambda step: step[0])


def load_demo(stdout: Any = None) -> None:
    for _order, step in demo_steps():
        step(stdout)
