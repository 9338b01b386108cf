"""Jobs: the work runs, reports, leaves its result or fails leaving nothing half-done, and
only its owner sees it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from maeul.jobs import files, kinds, services
from maeul.jobs.models import Job, JobState
from maeul.jobs.notices import JOB_FAILED, JOB_FINISHED
from maeul.jobs.runner import Runner
from maeul.notifications.models import Notice
from maeul.places.models import Municipality
from tests.jobs.conftest import files_under
from tests.jobs.helpers import WRITE_ROWS, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["geumcheon"], "administrator", username="job.owner")


def _run(capture: Any, owner: Any, places: dict[str, Any], **params: Any) -> Job:
    with capture(execute=True):
        job = start(owner, municipality=places["geumcheon"], **params)
    job.refresh_from_db()
    return job


def _dongs() -> int:
    return Municipality.objects.filter(slug__startswith="job-dong-").count()


def test_a_job_runs_after_the_commit_and_leaves_its_file_link_and_notice(
    official: Any,
    places: dict[str, Any],
    client: Client,
    jobs_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        job = start(official, municipality=places["geumcheon"], rows=3)
    assert Job.objects.get(pk=job.pk).state == JobState.QUEUED  # nothing ran before commit
    assert len(waiting) == 1
    with django_capture_on_commit_callbacks(execute=True):
        waiting[0]()
    job.refresh_from_db()
    assert (job.state, job.percent, job.summary, job.result_url) == (
        JobState.DONE,
        100,
        "3 rows",
        "/places/",
    )
    assert job.started_at and job.finished_at and job.error == ""
    assert _dongs() == 3
    assert files.absolute(job.result_path).read_text() == "작업동0\n작업동1\n작업동2\n"
    assert not any(".part" in name for name in files_under(jobs_root))

    notice = Notice.objects.get(recipient=official)
    assert (notice.kind, notice.url) == (JOB_FINISHED, f"/jobs/{job.pk}/")
    assert notice.data == {"title": "Write rows", "summary": "3 rows"}

    client.force_login(official)
    status = client.get(f"/jobs/{job.pk}/status").json()
    assert status["state"] == "done" and status["finished"] is True
    assert status["percent"] == 100 and status["summary"] == "3 rows"
    assert status["download_url"] == f"/jobs/{job.pk}/download"
    response = client.get(status["download_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "작업동0\n작업동1\n작업동2\n".encode()
    assert 'filename="dongs.csv"' in response["Content-Disposition"]
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "3 rows" in page and f"/jobs/{job.pk}/download" in page
    assert 'data-testid="job-refresh"' not in page  # finished: nothing to refresh


@pytest.mark.parametrize("failure", ["refuse", "crash"])
def test_a_failing_job_leaves_no_rows_and_no_files_and_says_why(
    failure: str,
    official: Any,
    places: dict[str, Any],
    client: Client,
    jobs_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    job = _run(django_capture_on_commit_callbacks, official, places, rows=3, fail=failure)
    assert job.state == JobState.FAILED and job.finished_at
    assert _dongs() == 0  # the work's transaction rolled back
    assert files_under(jobs_root) == []  # the file it had written is gone too
    assert job.result_path == ""
    notice = Notice.objects.get(recipient=official)
    assert notice.kind == JOB_FAILED

    client.force_login(official)
    status = client.get(f"/jobs/{job.pk}/status").json()
    assert status["state"] == "failed" and status["download_url"] == ""
    assert client.get(f"/jobs/{job.pk}/download").status_code == 404
    if failure == "refuse":  # the service's own reason, as the person reads it
        assert job.error_unexpected is False
        assert status["error"] == "행 3의 금액이 합계와 맞지 않습니다. / Row 3 does not add up."
        assert "Row 3 does not add up" in notice.data["reason"]
    else:  # a bug: a plain explanation in the reader's language, no traceback
        assert job.error_unexpected is True and job.error == ""
        assert "예기치 않은 오류" in status["error"]
        assert "a bug in the work" not in status["error"]
        client.cookies["maeul_language"] = "en"
        english = client.get(f"/jobs/{job.pk}/status").json()
        assert "unexpected error" in english["error"]
        assert "Nothing was changed" in client.get(f"/jobs/{job.pk}/").content.decode()


def test_a_job_sent_twice_runs_once(
    official: Any, places: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    job = _run(django_capture_on_commit_callbacks, official, places, rows=2)
    assert services.run_job(job.pk) == "skipped"  # a redelivered message
    assert _dongs() == 2
    assert Notice.objects.filter(recipient=official).count() == 1


def test_only_the_owner_sees_a_job(
    official: Any,
    places: dict[str, Any],
    client: Client,
    make_official: Any,
    make_resident: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    job = _run(django_capture_on_commit_callbacks, official, places, rows=1)
    urls = [f"/jobs/{job.pk}/", f"/jobs/{job.pk}/status", f"/jobs/{job.pk}/download"]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to the login page
    colleague = make_official(places["geumcheon"], "administrator")  # same office, still not theirs
    for other in (colleague, make_resident(places["geumcheon"])):
        client.force_login(other)
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert f"/jobs/{job.pk}/" not in client.get("/jobs/").content.decode()
    client.force_login(official)
    listing = client.get("/jobs/").content.decode()
    assert f"/jobs/{job.pk}/" in listing and "Write rows" in listing
    assert client.get("/jobs/999999/status").status_code == 404
    assert client.post(f"/jobs/{job.pk}/status").status_code == 405


def test_status_shows_a_running_jobs_latest_report(
    official: Any, places: dict[str, Any], client: Client
) -> None:
    job = Job.objects.create(owner=official, kind=WRITE_ROWS.code, state=JobState.RUNNING)
    client.force_login(official)
    assert client.get(f"/jobs/{job.pk}/status").json()["percent"] == 0
    Runner(job).report(250, "Checking row 7")  # clamped: 100 is only for a finished job
    status = client.get(f"/jobs/{job.pk}/status").json()
    assert (status["state"], status["percent"], status["message"]) == (
        "running",
        99,
        "Checking row 7",
    )
    assert status["finished"] is False and status["error"] == ""
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-testid="job-refresh"' in page  # the no-JavaScript way to follow it
    assert "http-equiv" not in page


def test_an_uploaded_input_is_kept_for_the_work_and_removed_at_the_end(
    official: Any, jobs_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    seen: list[bytes] = []

    def echo(run: Runner) -> None:
        seen.append(run.input())
        assert files_under(jobs_root) != []

    kinds.register(kinds.JobKind(code="tests.echo", title="Echo", work=echo))
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start("tests.echo", official, upload=b"a,b\n1,2\n", upload_name="x.csv")
    job.refresh_from_db()
    assert seen == [b"a,b\n1,2\n"]
    assert job.state == JobState.DONE and job.input_path == ""
    assert files_under(jobs_root) == []


def test_bad_kinds_and_paths_are_refused(official: Any) -> None:
    with pytest.raises(kinds.UnknownJobKind):
        services.start("tests.nobody_registered_this", official)
    with pytest.raises(ValueError, match="already registered differently"):
        kinds.register(kinds.JobKind(code=WRITE_ROWS.code, title="Other", work=print))
    with pytest.raises(ValueError, match="<app>.<work>"):
        kinds.register(kinds.JobKind(code="nodot", title="x", work=print))
    with pytest.raises(ValueError, match="outside"):
        files.absolute("../../etc/passwd")
    assert Job.objects.count() == 0


def test_the_work_runs_in_the_language_it_was_started_in(
    official: Any, places: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with translation.override("en"):
        job = _run(django_capture_on_commit_callbacks, official, places, rows=1, fail="crash")
    assert job.language == "en"
    notice = Notice.objects.get(recipient=official)
    assert "unexpected error" in notice.data["reason"]


def test_a_job_whose_worker_stopped_is_failed_by_the_sweep_and_its_files_removed(
    official: Any,
    jobs_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    long_ago = timezone.now() - dt.timedelta(hours=7)
    stalled = Job.objects.create(
        owner=official, kind=WRITE_ROWS.code, state=JobState.RUNNING, started_at=long_ago
    )
    recent = Job.objects.create(
        owner=official, kind=WRITE_ROWS.code, state=JobState.RUNNING, started_at=timezone.now()
    )
    results = jobs_root / "results"
    results.mkdir(parents=True)
    left = [results / f".{stalled.pk}-abc.csv.part", results / f"{stalled.pk}-abc.csv"]
    kept = results / f"{stalled.pk}0-abc.csv"  # another job's file whose id starts alike
    for path in [*left, kept]:
        path.write_bytes(b"x")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.fail_stalled() == 1
    stalled.refresh_from_db()
    recent.refresh_from_db()
    assert stalled.state == JobState.FAILED and "중단" in stalled.error
    assert recent.state == JobState.RUNNING
    assert not any(path.exists() for path in left) and kept.exists()
    assert Notice.objects.get(recipient=official).kind == JOB_FAILED
    with django_capture_on_commit_callbacks(execute=True):
        assert services.fail_stalled() == 0  # safe to run twice
    assert Notice.objects.filter(recipient=official).count() == 1
