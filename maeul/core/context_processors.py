"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from maeul import __version__


def site(request: HttpRequest) -> dict[str, object]:
    return {"MAEUL_DEMO": settings.DEMO, "MAEUL_VERSION": __version__}
