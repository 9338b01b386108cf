"""System checks of the keys a production installation must be given (``check --deploy``).

Every server behind a load balancer must hold the same keys: the session secret (sessions
signed on one server are read on another), the identity-hash key (one verified account per
person is a unique constraint on the hash: a second server hashing with its own key would let
the same person verify a second account) and the voting key (ballot slots and cast
idempotency tokens). Settings generate the first two into ``./var`` when they are not given,
which suits one development machine and nothing else, so outside debug and the demo a
generated key is an error here and a voting key derived from the session secret a warning.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

KEY_CHECKS = {
    # variable: (check id, what the key protects)
    "MAEUL_SECRET_KEY": ("maeul.E001", "sessions and signed links"),
    "MAEUL_IDENTITY_HASH_KEY": ("maeul.E002", "one verified account per person"),
}


@register(Tags.security, deploy=True)
def production_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG or getattr(settings, "DEMO", False):
        return []
    messages: list[CheckMessage] = []
    for variable in getattr(settings, "GENERATED_KEYS", []):
        check_id, protects = KEY_CHECKS.get(variable, ("maeul.E003", "a key"))
        messages.append(
            Error(
                f"{variable} is not set: a key was generated into {settings.VAR_DIR}, so every "
                f"server has its own and {protects} break across servers.",
                hint=f"Set {variable} to the same long random value on every server "
                "(python -c 'import secrets; print(secrets.token_urlsafe(64))'); keep a copy "
                "in the deployment's secret store.",
                id=check_id,
            )
        )
    if not getattr(settings, "VOTING_KEY", ""):
        messages.append(
            Warning(
                "MAEUL_VOTING_KEY is not set: ballot slots and cast idempotency tokens are "
                "keyed with a value derived from MAEUL_SECRET_KEY, which then cannot be "
                "rotated while a last-ballot-counts poll is open.",
                hint="Set MAEUL_VOTING_KEY to its own long random value, the same on every "
                "server, before the first poll opens.",
                id="maeul.W003",
            )
        )
    return messages
