"""Publications published at the same moment get distinct versions, files and audit entries
(PostgreSQL, threads)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from maeul.auditlog.models import AuditEntry
from maeul.publishing.models import Publication
from maeul.publishing.pdf import Built, audit_head
from maeul.publishing.services import _keep
from tests.concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_publications_take_successive_versions(
    places: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    geumcheon = places["geumcheon"]

    def work(i: int) -> int:
        built = Built(f"%PDF-1.4 copy {i}".encode(), 1)
        return _keep("databook", geumcheon, "2021", built, audit_head(), None).version

    results = race(4, work)
    assert sorted(results) == [1, 2, 3, 4], results
    kept = Publication.objects.filter(municipality=geumcheon, period="2021")
    assert kept.count() == 4
    assert len({p.file_name for p in kept}) == 4
    assert all((tmp_path / "publications" / p.file_name).is_file() for p in kept)
    entries = AuditEntry.objects.filter(kind="publishing.published")
    assert sorted(e.data["version"] for e in entries) == [1, 2, 3, 4]
