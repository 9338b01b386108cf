"""Issue 23, item 2: governance lists are paged, never cut: a body's term history and the
bodies of a municipality, with the one pager."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from maeul.governance.models import Body, Membership

pytestmark = pytest.mark.django_db


def test_term_history_and_bodies_are_paged(places: dict[str, Any]) -> None:
    body = Body.objects.create(
        municipality=places["geumcheon"], name="협치회의", kind="working_group"
    )
    Membership.objects.bulk_create(
        Membership(
            body=body,
            person_name=f"위원 {i:02d}",
            sector="civil",
            gender="female",
            appointment="commissioned",
            term_start=dt.date(2010 + i % 10, 1, 1),
            term_end=dt.date(2011 + i % 10, 12, 31),
        )
        for i in range(25)
    )
    for i in range(21):
        Body.objects.create(
            municipality=places["gasan"], name=f"분과 {i:02d}", kind="working_group"
        )
    client = Client()
    second = client.get(f"/governance/bodies/{body.pk}/", {"history_page": "2"})
    assert [m.person_name for m in second.context["history"].object_list] == [
        f"위원 {i:02d}" for i in range(20, 25)
    ]
    text = second.content.decode()
    assert "전체 25건 중 21–25" in text and 'aria-label="임기 이력"' in text
    listing = client.get("/governance/m/seoul-geumcheon-gu/", {"page": "2"})
    assert listing.context["page"].paginator.count == 22
    assert len(listing.context["rows"]) == 2


def test_governance_index_counts_bodies_of_each_place_and_below(places: dict[str, Any]) -> None:
    """``/governance/`` takes every place's card from grouped queries: the counts must still be
    those of each place's whole subtree, as its own home page gives them."""
    Body.objects.create(municipality=places["geumcheon"], name="협치회의", kind="working_group")
    Body.objects.create(municipality=places["gasan"], name="가산 분과", kind="working_group")
    Body.objects.create(municipality=places["gwanak"], name="관악 협치회의", kind="working_group")
    page = Client().get("/governance/")
    rows = {row["name"]: row["cards"] for row in page.context["page"].object_list}
    assert set(rows) == {"서울특별시", "서울특별시 금천구", "서울특별시 관악구"}
    assert rows["서울특별시"][0].summary == "협치기구 3개"
    assert rows["서울특별시 금천구"][0].summary == "협치기구 2개"
    home = Client().get("/m/seoul-geumcheon-gu/")
    governance = next(s for s in home.context["sections"] if s["programme"].key == "governance")
    assert [c.summary for c in governance["cards"]] == ["협치기구 2개"]
