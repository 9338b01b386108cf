"""A large reported-cycle project list is recorded by a job; a refused one writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maeul.budgeting import selectors
from maeul.budgeting.models import Proposal
from maeul.jobs.models import Job, JobState
from tests.budgeting.test_records import _csv, _projects, _reported, _upload, admin  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(settings: Any, tmp_path: Path) -> None:
    settings.JOB_IMPORT_BYTES = 500
    settings.JOBS_ROOT = tmp_path / "jobs"


def test_a_large_project_list_is_recorded_by_a_job(
    places: dict[str, Any],
    admin: Any,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    cycle = _reported(admin, places["geumcheon"])
    client = Client()
    client.force_login(admin)
    data = _csv(_projects())
    assert len(data) > 500

    bad = data.replace(b"2019-04-01", b"2019-13-01", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, cycle, bad)
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == JobState.FAILED and "2019-13-01" in job.error
    assert not Proposal.objects.filter(cycle=cycle).exists()

    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, cycle, _csv(_projects()[:34]))  # does not add up to the reported totals
    assert "목록은 34건" in Job.objects.latest("pk").error
    assert not Proposal.objects.filter(cycle=cycle).exists()

    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, cycle, data)
    job = Job.objects.latest("pk")
    assert job.state == JobState.DONE
    assert job.result_url == reverse("budgeting:cycle", args=["seoul-geumcheon-gu", 2018])
    row = selectors.cycle_figures(cycle)
    assert (row.adopted, row.executed_amount_won, row.execution_rate) == (35, 766_000_000, "84.5")
