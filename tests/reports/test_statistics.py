"""Statistics against hand counts, the resident-reports export, the API, and the demo's
Nam-gu figures (66 handled in 2020)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.test import Client

from maeul.reports.models import Report, Status
from maeul.reports.selectors import median, percentile, statistics, yearly
from maeul.reports.services import due_date


def _report(places: Any, received: dt.date, closed: dt.date | None, **extra: Any) -> Report:
    category = extra.pop("category", "inconvenience")
    return Report.objects.create(
        municipality=places["namgu"],
        category=category,
        title="t",
        text="x",
        received_on=received,
        due_on=due_date(category, received),
        closed_on=closed,
        status=extra.pop("status", Status.ANSWERED if closed else Status.RECEIVED),
        **extra,
    )


def test_median_and_p90_by_hand() -> None:
    assert median([]) is None
    assert median([5, 1, 3]) == Decimal(3)
    assert median([1, 2, 3, 10]) == Decimal("2.5")
    assert percentile([], 90) is None
    days = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert percentile(days, 90) == 9  # nearest rank: ceil(0.9 * 10) = 9th value
    assert percentile([4], 90) == 4
    assert percentile(list(range(1, 12)), 90) == 10  # ceil(9.9) = 10th of 11


def test_yearly_figures_by_hand(places: Any) -> None:
    # 2025: three received; closed after 2, 4 and 30 days (the last one late, crossing into
    # 2026); one more received in 2025 still open past its deadline.
    _report(places, dt.date(2025, 3, 3), dt.date(2025, 3, 5))
    _report(places, dt.date(2025, 3, 10), dt.date(2025, 3, 14))
    _report(places, dt.date(2025, 12, 15), dt.date(2026, 1, 14))
    _report(places, dt.date(2025, 11, 3), None)
    on = dt.date(2026, 2, 1)
    figures = {y.year: y for y in yearly(places["namgu"], on=on)}
    assert (figures[2025].received, figures[2025].handled, figures[2025].overdue) == (4, 2, 2)
    assert figures[2025].median_days == Decimal(3)
    assert (figures[2026].received, figures[2026].handled) == (0, 1)
    assert figures[2026].median_days == Decimal(30)
    stats = statistics(places["namgu"], on=on)
    assert stats.total == 4
    assert stats.median_days == Decimal(4)
    assert stats.p90_days == 30
    assert stats.by_month == {"2025-03": 2, "2025-11": 1, "2025-12": 1}


def test_export_resident_reports(places: Any) -> None:
    from maeul.exports.registry import get_table

    _report(places, dt.date(2025, 3, 3), dt.date(2025, 3, 5))
    _report(places, dt.date(2025, 3, 10), dt.date(2025, 3, 14))
    table = get_table("resident-reports")
    assert table.names == (
        "municipality",
        "year",
        "received",
        "handled",
        "median_days",
        "overdue",
    )
    assert list(table.rows(None)) == [["남구", 2025, 2, 2, Decimal(3), 0]]
    assert list(table.rows(places["geumcheon"])) == []


def test_api_years_and_track(places: Any, file_report: Any) -> None:
    _report(places, dt.date(2025, 3, 3), dt.date(2025, 3, 5))
    client = Client()
    body = client.get("/api/reports/gwangju-nam-gu/years").json()
    assert body["count"] == 1
    assert body["items"][0] == {
        "year": 2025,
        "received": 1,
        "handled": 1,
        "median_days": "2",
        "p90_days": 2,
        "overdue": 0,
    }
    report, code = file_report()
    found = client.post("/api/reports/track", {"code": code}, content_type="application/json")
    assert found.status_code == 200
    assert found.json()["status"] == "received" and found.json()["title"] == report.title
    wrong = client.post(
        "/api/reports/track", {"code": "ABCD-EFGH-JKMN-PQRS"}, content_type="application/json"
    )
    junk = client.post("/api/reports/track", {"code": "junk"}, content_type="application/json")
    assert wrong.status_code == junk.status_code == 404
    assert wrong.json() == junk.json()


def test_demo_namgu_66_handled_in_2020(places: Any, make_resident: Any) -> None:
    from maeul.exports.registry import get_table
    from maeul.reports.demo import load_namgu

    load_namgu(places["namgu"])
    load_namgu(places["namgu"])  # idempotent
    rows = [r for r in get_table("resident-reports").rows(None) if r[1] == 2020]
    assert len(rows) == 1
    assert rows[0][:4] == ["남구", 2020, 66, 66]
    from maeul.governance.models import Body, Membership

    body = Body.objects.get(municipality=places["namgu"], kind="citizen_auditors")
    fifth = Membership.objects.filter(
        body=body, term_start=dt.date(2020, 6, 1), term_end=dt.date(2022, 5, 31)
    )
    assert fifth.count() == 30
