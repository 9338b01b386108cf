"""Delivery beyond the in-app inbox (e-mail, adapters), after notices are stored.

The inbox needs nothing more than the stored notice. Other channels are sent from here, each
at most once per notice and channel.
"""

from __future__ import annotations


def after_create(kind: str, event_key: str, recipient_ids: list[int]) -> None:
    """Hand the notices of one event to the channels (e-mail and adapters come here)."""
    return None
