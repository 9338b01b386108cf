"""Loading the demo data: every app may ship ``<app>/demo.py`` with ``ORDER`` and ``load()``.

Each loader is idempotent (natural keys, create-if-absent), so ``maeul demo`` run twice changes
nothing. Loaders run in ``ORDER``: places before accounts before programmes.
"""

from __future__ import annotations

import importlib
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


def load_demo(stdout: Any = None) -> None:
    for module in demo_modules():
        module.load(stdout)
