"""Rate limits on casting (RELIABILITY P13), shared by the API and the web form.

Per account (``settings.CAST_LIMIT_PER_ACCOUNT``) and per client address
(``settings.CAST_LIMIT_PER_ADDRESS``) within a minute, counted under one scope so that the two
channels share the counters. A limit of 0 is off.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from maeul.core.ratelimit import client_ip, over_limit

CAST_WINDOW = 60  # seconds


def cast_wait(request: HttpRequest) -> int:
    """Count this cast attempt; the seconds to wait when a limit is exceeded, else 0."""
    return over_limit(
        "voting.cast",
        [
            (f"user:{request.user.pk}", settings.CAST_LIMIT_PER_ACCOUNT, CAST_WINDOW),
            (f"ip:{client_ip(request)}", settings.CAST_LIMIT_PER_ADDRESS, CAST_WINDOW),
        ],
    )


def cast_wait_message(seconds: int) -> str:
    return _(
        "Too many ballots were sent from your account or network. Wait %(seconds)s "
        "seconds and try again; a ballot you already cast is kept."
    ) % {"seconds": seconds}
