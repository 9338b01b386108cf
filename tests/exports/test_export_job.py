"""A download with more rows than ``JOB_EXPORT_ROWS`` is prepared by a job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from maeul.jobs.models import Job, JobState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(settings: Any, tmp_path: Path) -> None:
    settings.JOB_EXPORT_ROWS = 2  # Geumcheon-gu's municipalities table has 3 rows
    settings.JOBS_ROOT = tmp_path / "jobs"


def test_a_large_table_is_offered_then_prepared_by_a_job(
    client: Client,
    places: dict[str, Any],
    make_official: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    official = make_official(places["geumcheon"], "reviewer")
    client.force_login(official)
    url = "/exports/municipalities.csv"
    page = client.get(url)
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert 'data-testid="export-prepare"' in page.content.decode()
    assert not Job.objects.exists()  # a GET (a prefetch, a crawler) starts nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.state, job.municipality, job.params) == (
        JobState.DONE,
        places["geumcheon"],
        {"table": "municipalities", "format": "csv"},
    )
    download = client.get(f"/jobs/{job.pk}/download")
    assert download.status_code == 200
    assert 'filename="municipalities-' in download["Content-Disposition"]
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "금천구" in text and "가산동" in text and "관악구" not in text
    assert "3" in job.summary


def test_the_job_checks_the_permission_again(
    client: Client,
    places: dict[str, Any],
    make_resident: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(make_resident(places["geumcheon"]))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/exports/municipalities.csv").status_code == 403
    assert not Job.objects.exists()


def test_a_small_table_downloads_at_once(
    client: Client, places: dict[str, Any], make_official: Any, settings: Any
) -> None:
    settings.JOB_EXPORT_ROWS = 3
    client.force_login(make_official(places["geumcheon"], "reviewer"))
    response = client.get("/exports/municipalities.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert not Job.objects.exists()
