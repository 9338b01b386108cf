"""Fixtures of the governance tests: the whole demo, loaded once for every test that reads it
(``shared_demo`` in ``tests/conftest.py``) through the same loaders ``maeul demo`` runs."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def demo(shared_demo: None) -> dict[str, Any]:
    from maeul.places.models import Municipality

    return {m.slug: m for m in Municipality.objects.all()}
