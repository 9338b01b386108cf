"""On a 390 px phone: the progress page follows a running job without reloading and offers
its file when it ends."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from playwright.sync_api import expect

from maeul.jobs.models import Job
from maeul.jobs.services import run_job
from tests.browser import assert_accessible, assert_fits_screen, log_in
from tests.jobs.helpers import GATE, GATED

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _run_in_thread(job_id: int) -> threading.Thread:
    def work() -> None:
        try:
            run_job(job_id)
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def test_the_progress_page_follows_the_job_without_reloading(
    live_server: Any,
    phone_page: Any,
    make_official: Any,
    places: dict[str, Any],
    jobs_root: Path,
) -> None:
    official = make_official(places["geumcheon"], "administrator", username="job.watcher")
    job = Job.objects.create(owner=official, kind=GATED.code, municipality=places["geumcheon"])
    page = phone_page
    log_in(page, live_server.url, official.username, next_path=f"/jobs/{job.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gated work")
    expect(page.get_by_test_id("job-state")).to_have_text("시작 대기 중")
    expect(page.get_by_test_id("job-refresh")).to_be_visible()
    page.evaluate("() => { window.stayedOnThisPage = true; }")

    GATE.clear()
    thread = _run_in_thread(job.pk)
    try:
        expect(page.get_by_test_id("job-state")).to_have_text("진행 중")
        expect(page.get_by_test_id("job-percent")).to_have_text("40")
        expect(page.get_by_test_id("job-message")).to_have_text("halfway")
        assert_fits_screen(page)
        assert_accessible(page)
    finally:
        GATE.set()
        thread.join(30)
    expect(page.get_by_test_id("job-state")).to_have_text("완료")
    expect(page.get_by_test_id("job-percent")).to_have_text("100")
    expect(page.get_by_test_id("job-summary")).to_have_text("all done")
    expect(page.get_by_test_id("job-download")).to_be_visible()
    expect(page.get_by_test_id("job-refresh")).to_be_hidden()
    assert page.evaluate("() => window.stayedOnThisPage") is True  # never reloaded
    with page.expect_download() as info:
        page.get_by_test_id("job-download").click()
    assert info.value.suggested_filename == "result.txt"
    assert Path(info.value.path()).read_bytes() == b"all done\n"
    assert_fits_screen(page)
