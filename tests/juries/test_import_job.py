"""A large volunteers CSV goes to a job: the official follows its progress and a refused file
adds nobody."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from maeul.jobs.models import Job, JobState
from maeul.juries.models import Volunteer
from tests.juries.conftest import pool_csv

pytestmark = pytest.mark.django_db

SUMMARY = "신청자 60명을 등록했습니다."


@pytest.fixture(autouse=True)
def small_threshold(settings: Any, tmp_path: Path) -> None:
    settings.JOB_IMPORT_BYTES = 1_000
    settings.JOBS_ROOT = tmp_path / "jobs"


def _upload(client: Client, jury: Any, text: str, capture: Any) -> Any:
    with capture(execute=True):
        return client.post(
            f"/juries/jury/{jury.pk}/import/",
            {"file": SimpleUploadedFile("pool.csv", text.encode("utf-8"), "text/csv")},
        )


def test_a_large_file_is_imported_by_a_job(
    jury_factory: Any, client: Client, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    jury = jury_factory(pool=0)
    client.force_login(jury.admin)
    text = pool_csv(60)
    assert len(text.encode()) > 1_000
    response = _upload(client, jury, text, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.state, job.owner_id) == (
        "juries.import_volunteers",
        "done",
        jury.admin.pk,
    )
    assert jury.volunteers.count() == 60
    assert job.summary == SUMMARY
    assert job.result_url == f"/juries/jury/{jury.pk}/manage/"
    assert job.input_path == "" and not list((tmp_path / "jobs").rglob("*.csv"))
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert job.summary in page


def test_a_refused_large_file_adds_nobody_and_says_which_row(
    jury_factory: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    jury = jury_factory(pool=0)
    client.force_login(jury.admin)
    lines = pool_csv(60).splitlines()
    lines[40] = lines[40].replace(",sms,", ",pigeon,")  # one bad row among many good ones
    _upload(client, jury, "\n".join(lines) + "\n", django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert Volunteer.objects.filter(jury=jury).count() == 0
    status = client.get(f"/jobs/{job.pk}/status").json()
    assert "41" in status["error"] or "40" in status["error"]  # the row is named
    assert status["nothing_changed"]


def test_a_small_file_is_still_imported_in_the_request(
    jury_factory: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    jury = jury_factory(pool=0)
    client.force_login(jury.admin)
    response = _upload(client, jury, pool_csv(5), django_capture_on_commit_callbacks)
    assert response.status_code == 302 and "/jobs/" not in response["Location"]
    assert jury.volunteers.count() == 5 and not Job.objects.exists()


def test_only_the_juries_organisers_can_start_the_import(
    jury_factory: Any,
    client: Client,
    make_official: Any,
    places: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    jury = jury_factory(pool=0)
    client.force_login(make_official(places["namgu"], "administrator"))
    response = _upload(client, jury, pool_csv(60), django_capture_on_commit_callbacks)
    assert response.status_code == 404
    assert not Job.objects.exists() and jury.volunteers.count() == 0
