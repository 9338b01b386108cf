"""Fixtures of the governance tests: the whole demo (places, accounts, governance) loaded
once per test through the same loaders ``maeul demo`` runs."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def demo(db: Any) -> dict[str, Any]:
    from maeul.accounts import demo as accounts_demo
    from maeul.governance import demo as governance_demo
    from maeul.places import demo as places_demo
    from maeul.places.models import Municipality

    places_demo.load()
    accounts_demo.load()
    governance_demo.load()
    return {m.slug: m for m in Municipality.objects.all()}
