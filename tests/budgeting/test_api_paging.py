"""``/api/pb/cycles`` pages like every list of the API (issue 23): ``limit``/``offset``, the
answer says the count, newest cycle year first, bad windows refused with 422."""

from __future__ import annotations

from typing import Any

from django.test import Client

from maeul.budgeting.models import Cycle, Phase


def test_cycles_are_paged_newest_first(cycle: Cycle, places: dict[str, Any]) -> None:
    for year in (2018, 2019, 2020):
        Cycle.objects.create(
            municipality=cycle.municipality,
            cycle_year=year,
            budget_year=year + 1,
            phase=Phase.PROPOSALS,
            total_amount_won=1_000_000_000,
        )
    Cycle.objects.create(
        municipality=cycle.municipality,
        cycle_year=2017,
        budget_year=2018,
        phase=Phase.SETUP,
        total_amount_won=1_000_000_000,
    )
    client = Client()
    url = "/api/pb/cycles"
    whole = client.get(url, {"municipality": "seoul-geumcheon-gu"}).json()
    assert (whole["count"], whole["limit"], whole["offset"]) == (4, 50, 0)
    assert [c["cycle_year"] for c in whole["items"]] == [2021, 2020, 2019, 2018]  # no set-up
    page = client.get(url, {"municipality": "seoul-geumcheon-gu", "limit": 2, "offset": 1})
    assert [c["cycle_year"] for c in page.json()["items"]] == [2020, 2019]
    assert page.json()["count"] == 4
    assert not any(c["published"] for c in whole["items"])
    for bad in ({"limit": 201}, {"limit": 0}, {"offset": -1}):
        response = client.get(url, {"municipality": "seoul-geumcheon-gu", **bad})
        assert response.status_code == 422 and response.json()["field"] in {"limit", "offset"}
    assert client.get(url, {"municipality": "nowhere"}).status_code == 404
