"""Officials publish a data book or brief from their page; anyone lists and downloads the
publications and checks the digest."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from maeul.auditlog.models import AuditEntry
from maeul.publishing.models import Publication

GEUMCHEON = "1154500000"
URL = f"/data/{GEUMCHEON}/publications/"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_an_official_publishes_the_data_book_and_a_brief(
    places: Any,
    make_official: Any,
    media: Path,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The form starts a background job and sends the official to its progress page; the
    finished job links back to the publications and names the file it kept."""
    settings.JOBS_ROOT = media / "jobs"
    official = make_official(places["geumcheon"], "programme_manager")
    client = Client()
    client.force_login(official)
    page = client.get(URL)
    assert 'data-testid="publish-form"' in page.content.decode()
    jobs = []
    for form in ({"kind": "databook", "period": "2021"}, {"kind": "brief", "period": "2021-Q3"}):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, form)
        assert response.status_code == 302 and response["Location"].startswith("/jobs/")
        jobs.append(response["Location"])
    for location in jobs:
        status = client.get(location.rstrip("/") + "/status").json()
        assert status["state"] == "done", status
    progress = client.get(jobs[0]).content.decode()
    assert URL in progress
    book = Publication.objects.get(kind="databook")
    brief = Publication.objects.get(kind="brief")
    assert (book.period, brief.period) == ("2021", "2021-Q3")
    assert book.created_by == official and 4 <= brief.pages <= 8
    entries = AuditEntry.objects.filter(kind="publishing.published")
    assert {e.data["sha256"] for e in entries} == {book.sha256, brief.sha256}
    anonymous = Client()
    listing = anonymous.get(URL).content.decode()
    assert book.sha256 in listing and 'data-testid="publish-form"' not in listing
    download = anonymous.get(f"/data/{GEUMCHEON}/publications/{book.pk}.pdf")
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == book.sha256


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "databook", "period": "21"}, "2021"),
        ({"kind": "brief", "period": "2999-Q1"}, "2999-Q1"),
        ({"kind": "brief", "period": "2021Q1"}, "YYYY-Qn"),
        ({"kind": "poster", "period": "2021"}, "poster"),
    ],
)
def test_bad_periods_are_refused_with_a_message(
    places: Any, make_official: Any, media: Path, data: dict[str, str], message: str
) -> None:
    client = Client()
    client.force_login(make_official(places["geumcheon"], "administrator"))
    response = client.post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Publication.objects.exists()


@pytest.mark.django_db
def test_residents_and_other_municipalities_cannot_publish(
    places: Any, make_official: Any, make_resident: Any, media: Path
) -> None:
    for user in (
        make_resident(places["geumcheon"]),
        make_official(places["gwanak"], "administrator"),
    ):
        client = Client()
        client.force_login(user)
        assert client.post(URL, {"kind": "databook", "period": "2021"}).status_code == 403
    auditor = make_official(places["geumcheon"], "auditor")
    client = Client()
    client.force_login(auditor)
    assert client.post(URL, {"kind": "databook", "period": "2021"}).status_code == 403
    assert Client().post(URL, {"kind": "databook", "period": "2021"}).status_code == 403
    assert not Publication.objects.exists()
    assert Client().get(f"/data/{GEUMCHEON}/publications/999.pdf").status_code == 404
