"""Pages: filing anonymously shows the code once, tracking answers alike for any wrong code,
the rate limits, the officials' queue within their scope and the citizen auditor's view."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from maeul.reports import services
from maeul.reports.models import Report
from tests.conftest import PASSWORD


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


FORM = {"category": "inconvenience", "title": "가로등 고장", "text": "밤에 어둡습니다."}


def test_anonymous_filing_shows_the_code_once_and_it_tracks(places: Any) -> None:
    client = _client()
    answer = client.post("/reports/gwangju-nam-gu/new/", FORM)
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"] or "no-cache" in answer["Cache-Control"]
    code = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", answer.text)
    assert code is not None
    tracked = client.post("/reports/track/", {"code": code.group(0)})
    assert tracked.status_code == 200 and "가로등 고장" in tracked.text
    again = client.get("/reports/track/")
    assert code.group(0) not in again.text


def test_wrong_code_and_junk_get_the_same_answer(places: Any, file_report: Any) -> None:
    file_report()
    client = _client()
    wrong = client.post("/reports/track/", {"code": "ABCD-EFGH-JKMN-PQRS"})
    junk = client.post("/reports/track/", {"code": "' OR 1=1"})
    assert wrong.status_code == junk.status_code == 400
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", wrong.text) == strip.sub("", junk.text)


def test_empty_report_is_refused_with_a_message(places: Any) -> None:
    answer = _client().post("/reports/gwangju-nam-gu/new/", {**FORM, "text": ""})
    assert answer.status_code == 400
    assert Report.objects.count() == 0
    assert 'role="alert"' in answer.text


def test_anonymous_filing_is_rate_limited(places: Any) -> None:
    client = _client()
    for _ in range(5):
        assert client.post("/reports/gwangju-nam-gu/new/", FORM).status_code == 200
    assert client.post("/reports/gwangju-nam-gu/new/", FORM).status_code == 429
    assert Report.objects.count() == 5


def test_account_report_redirects_to_the_reporters_page(
    places: Any, make_resident: Any, handler: Any
) -> None:
    resident = make_resident(places["namgu"])
    client = _client(resident)
    answer = client.post("/reports/gwangju-nam-gu/new/", {**FORM, "identity": "account"})
    report = Report.objects.get()
    assert report.reporter == resident
    assert answer.status_code == 302 and answer["Location"] == f"/reports/mine/{report.pk}/"
    other = make_resident(places["namgu"])
    assert _client(other).get(f"/reports/mine/{report.pk}/").status_code == 404
    page = _client(handler).get(f"/reports/manage/r/{report.pk}/")
    assert resident.username in page.text


def test_queue_and_report_pages_by_scope(
    places: Any, file_report: Any, handler: Any, other_handler: Any, citizen_auditor: Any
) -> None:
    report, _ = file_report()
    assert _client(handler).get("/reports/manage/gwangju-nam-gu/").status_code == 200
    assert _client(other_handler).get("/reports/manage/gwangju-nam-gu/").status_code == 403
    assert _client(other_handler).get(f"/reports/manage/r/{report.pk}/").status_code == 404
    assert _client(citizen_auditor).get(f"/reports/manage/r/{report.pk}/").status_code == 404
    assign = _client(handler).post(
        f"/reports/manage/r/{report.pk}/", {"action": "assign", "auditor": citizen_auditor.pk}
    )
    assert assign.status_code == 302
    auditor = _client(citizen_auditor)
    assert "가로등 고장" in auditor.get("/reports/assigned/").text
    dismiss = {"action": "dismiss", "reason": "중복"}
    assert auditor.post(f"/reports/manage/r/{report.pk}/", dismiss).status_code == 403
    answered = auditor.post(
        f"/reports/manage/r/{report.pk}/", {"action": "answer", "answer": "고쳤습니다."}
    )
    assert answered.status_code == 302
    assert Report.objects.get(pk=report.pk).answer == "고쳤습니다."


def test_account_reporter_is_hidden_from_the_citizen_auditor(
    places: Any, file_report: Any, handler: Any, citizen_auditor: Any, make_resident: Any
) -> None:
    resident = make_resident(places["namgu"], username="reporter.person")
    report, _ = file_report(user=resident, anonymous=False)
    services.report_assign(actor=handler, report_id=report.pk, auditor_id=citizen_auditor.pk)
    page = _client(citizen_auditor).get(f"/reports/manage/r/{report.pk}/")
    assert page.status_code == 200
    assert "reporter.person" not in page.text


def test_public_pages(places: Any) -> None:
    client = _client()
    for url in ("/reports/gwangju-nam-gu/", "/reports/gwangju-nam-gu/statistics/"):
        assert client.get(url).status_code == 200
    assert client.get("/reports/no-such-place/").status_code == 404
