"""The public API (calls, an announced ranking, a contest) and the two registered exports."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.test import Client

from maeul.exports.registry import get_table
from maeul.exports.writers import render as render_table
from maeul.grants import services
from tests.grants.test_review import score_all


def _csv(name: str, scope: Any) -> list[dict[str, str]]:
    table = get_table(name)
    data = render_table("csv", table.name, table.columns, table.rows(scope), bom=False)
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return list(csv.DictReader(io.StringIO(text)))


def test_api_and_export_of_an_announced_call(
    seoul_call: Any,
    consortium_application: Any,
    manager: Any,
    make_resident: Any,
    places: dict[str, Any],
) -> None:
    call = seoul_call(max_grantees=1)
    apps = []
    for _ in range(2):
        draft = consortium_application(call)
        services.application_submit(actor=draft.applicant, application_id=draft.pk)
        apps.append(draft)
    services.call_move(actor=manager, call_id=call.pk, to="review")
    reviewer = make_resident(places["geumcheon"])
    services.reviewer_assign(actor=manager, call_id=call.pk, user=reviewer)
    client = Client()
    assert client.get(f"/api/grants/calls/{call.pk}/result").status_code == 404
    score_all(manager, apps, [reviewer], [90, 70])
    services.grantees_select(actor=manager, call_id=call.pk)
    listing = client.get("/api/grants/seoul-geumcheon-gu").json()
    assert listing["items"][0]["max_grant_won"] == 30_000_000
    result = client.get(f"/api/grants/calls/{call.pk}/result").json()
    assert [r["selected"] for r in result["ranking"]] == [True, False]
    assert result["ranking"][0]["total"] == "180.00"
    rows = _csv("grant-applications", places["seoul"])
    assert [r["selected"] for r in rows] == ["true", "false"]
    assert rows[0]["members"].count(";") == 2 and rows[0]["requested_won"] == "20000000"
    assert rows[0]["eligible"] == "true" and rows[0]["total_score"] == "180.00"
    assert _csv("grant-applications", places["namgu"]) == []
