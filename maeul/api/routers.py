"""Mounts each app's API router: every ``maeul.<app>.api`` module exposing ``router`` (and
optionally ``PREFIX`` and ``TAGS``) is added, so apps plug in without editing this file."""

from __future__ import annotations

import importlib

from django.apps import apps
from ninja import NinjaAPI


def register_routers(api: NinjaAPI) -> None:
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        if not config.name.startswith("maeul."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if router is None:
            continue
        prefix = getattr(module, "PREFIX", f"/{config.label}")
        api.add_router(prefix, router, tags=list(getattr(module, "TAGS", [config.label])))
