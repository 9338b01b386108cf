"""Search across proposals, votes, pledges and bodies (issue 23, item 5): Korean substrings,
scope by place, filters, the one pager, committee votes hidden, and bad input answered."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from maeul.budgeting.models import Cycle, Proposal
from maeul.core import textsearch
from maeul.governance.models import Body, BodyKind
from maeul.pledges.models import Pledge, PledgeField, PledgeGoal, PledgeStatus
from maeul.voting.models import ElectorateKind, Poll
from tests.budgeting.conftest import submit

pytestmark = pytest.mark.django_db


def _poll(municipality: Any, title: str, *, roll: bool = False, **extra: Any) -> Poll:
    now = timezone.now()
    values: dict[str, Any] = {
        "municipality": municipality,
        "code": f"poll-{Poll.objects.count() + 1}",
        "title": title,
        "description": extra.pop("description", ""),
        "kind": "single",
        "opens_at": now - dt.timedelta(days=1),
        "closes_at": now + dt.timedelta(days=6),
        "announced_at": now - dt.timedelta(days=2),
        "electorate_kind": ElectorateKind.ROLL if roll else ElectorateKind.PLACE,
    }
    values.update(extra)
    return Poll.objects.create(**values)


def _pledge(municipality: Any, number: int, title: str, **extra: Any) -> Pledge:
    goal, _ = PledgeGoal.objects.get_or_create(municipality=municipality, name="더불어 행복한 마을")
    field, _ = PledgeField.objects.get_or_create(goal=goal, name="지역경제")
    return Pledge.objects.create(
        municipality=municipality, field=field, number=number, title=title, **extra
    )


@pytest.fixture
def corpus(cycle: Cycle, places: dict[str, Any], make_resident: Any) -> dict[str, Any]:
    resident = make_resident(places["geumcheon"], places["gasan"])
    park = submit(cycle, resident, title="가산동 어린이공원 그늘막 설치")
    road = submit(cycle, resident, title="독산로 보행로 정비", address="독산1동 공원길 12")
    submit(cycle, resident, title="50% 할인 쿠폰_행사", type="program", cost=10_000_000)
    return {
        "park": park,
        "road": road,
        "poll": _poll(places["geumcheon"], "금천구 공원 이름 짓기 투표"),
        "committee": _poll(places["geumcheon"], "공원 분과 위원회 심사 투표", roll=True),
        "other_poll": _poll(places["namgu"], "남구 공원 야간 개방 투표"),
        "pledge": _pledge(places["geumcheon"], 1, "생활권 공원 확충", status=PledgeStatus.ON_TRACK),
        "body": Body.objects.create(
            municipality=places["geumcheon"],
            name="금천구 공원녹지위원회",
            kind=BodyKind.GOVERNANCE_COMMITTEE,
            mandate="공원과 녹지 정책을 심의합니다.",
            established_on=dt.date(2019, 3, 1),
        ),
    }


def _search(client: Client, **params: Any) -> Any:
    return client.get("/search/", params)


def test_korean_substring_finds_every_kind_in_one_place(corpus: dict[str, Any]) -> None:
    response = _search(Client(), q="공원", m="seoul-geumcheon-gu")
    assert response.status_code == 200
    page = response.context["page"]
    titles = [hit.title for hit in page.object_list]
    # "공원" inside 어린이공원 (title), in an address, in a poll, a pledge and a body.
    assert f"#{corpus['park'].number} 가산동 어린이공원 그늘막 설치" in titles
    assert f"#{corpus['road'].number} 독산로 보행로 정비" in titles
    assert "금천구 공원 이름 짓기 투표" in titles
    assert "1. 생활권 공원 확충" in titles
    assert "금천구 공원녹지위원회" in titles
    # Another district's poll is outside the place; a committee's roll vote is never listed.
    assert "남구 공원 야간 개방 투표" not in titles
    assert "공원 분과 위원회 심사 투표" not in titles
    assert response.context["counts"] == {"proposal": 2, "poll": 1, "pledge": 1, "body": 1}
    body = response.content.decode()
    assert f'href="/pb/m/seoul-geumcheon-gu/2021/proposals/{corpus["park"].number}/"' in body
    assert f'href="/votes/{corpus["poll"].pk}/"' in body
    assert 'href="/pledges/seoul-geumcheon-gu/1/"' in body
    assert f'href="/governance/bodies/{corpus["body"].pk}/"' in body


def test_everywhere_includes_other_places_and_case_is_ignored(corpus: dict[str, Any]) -> None:
    titles = [h.title for h in _search(Client(), q="공원").context["page"].object_list]
    assert "남구 공원 야간 개방 투표" in titles
    _poll(corpus["poll"].municipality, "Green PARK day")
    titles = [h.title for h in _search(Client(), q="park").context["page"].object_list]
    assert titles == ["Green PARK day"]


def test_filters_kind_year_status(corpus: dict[str, Any]) -> None:
    client = Client()
    only_polls = _search(client, q="공원", kind="poll").context["page"].object_list
    assert {h.kind for h in only_polls} == {"poll"}
    assert _search(client, q="공원", year=2021, kind="proposal").context["counts"] == {
        "proposal": 2
    }
    assert _search(client, q="공원", year=2020, kind="proposal").context["counts"] == {
        "proposal": 0
    }
    # A year leaves out pledges (no year) and keeps bodies by their founding year.
    counts = _search(client, q="공원", year=2019).context["counts"]
    assert "pledge" not in counts and counts["body"] == 1
    # A status names its kind; the poll is open now.
    assert _search(client, q="공원", status="poll.open").context["counts"] == {"poll": 2}
    assert _search(client, q="공원", status="poll.published").context["counts"] == {"poll": 0}
    assert _search(client, q="공원", status="proposal.submitted").context["counts"] == {
        "proposal": 2
    }
    Proposal.objects.filter(pk=corpus["park"].pk).update(status="infeasible")
    assert _search(client, q="공원", status="proposal.infeasible").context["counts"] == {
        "proposal": 1
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "검색할 말을 입력하세요"),
        ({"q": "   \u200b "}, "검색할 말을 입력하세요"),
        ({"q": "공"}, "2자 이상"),
        ({"q": "가" * 500}, "최대 100자"),
        ({"q": "공원", "year": "abc"}, "정수"),
        ({"q": "공원", "year": "1800"}, "2000"),
        ({"q": "공원", "m": "atlantis"}, "올바르게 선택"),
        ({"q": "공원", "kind": "poll", "status": "proposal.feasible"}, "다른 종류"),
        ({"q": "공원", "kind": "pledge", "year": "2021"}, "연도를 비워"),
        ({"q": "공원\x00"}, "null 문자"),
    ],
)
def test_bad_input_gets_a_clear_answer(
    corpus: dict[str, Any], params: dict[str, str], message: str
) -> None:
    response = _search(Client(), **params)
    assert response.status_code == 200
    assert response.context["searched"] is False
    assert message in response.content.decode()


def test_odd_characters_match_literally(corpus: dict[str, Any]) -> None:
    client = Client()
    # % and _ are not wildcards: "50%" finds the one title with "50%", "%%" and "__" nothing.
    titles = [h.title for h in _search(client, q="50%").context["page"].object_list]
    assert len(titles) == 1 and "50% 할인" in titles[0]
    assert _search(client, q="%%").context["page"].paginator.count == 0
    assert _search(client, q="__").context["page"].paginator.count == 0
    assert _search(client, q="쿠폰_행").context["page"].paginator.count == 1
    for odd in ("'; DROP TABLE x; --", "<script>alert(1)</script>", "😀😀", "\\\\"):
        response = _search(client, q=odd)
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_results_are_paginated_with_the_one_pager(
    cycle: Cycle, places: dict[str, Any], make_resident: Any
) -> None:
    resident = make_resident(places["geumcheon"], places["gasan"])
    for i in range(23):
        submit(cycle, resident, title=f"꽃길 가꾸기 {i + 1}")
    _poll(places["geumcheon"], "꽃길 이름 투표")
    client = Client()
    first = _search(client, q="꽃길")
    assert first.context["page"].paginator.count == 24
    assert len(first.context["page"].object_list) == 20
    body = first.content.decode()
    assert "전체 24건 중 1–20" in body
    assert "q=%EA%BD%83%EA%B8%B8&amp;page=2" in body
    second = _search(client, q="꽃길", page=2).context["page"]
    kinds = [h.kind for h in second.object_list]
    assert kinds == ["proposal"] * 3 + ["poll"]  # the page spans two sources
    assert _search(client, q="꽃길", page=99).context["page"].number == 2


def test_search_costs_a_fixed_number_of_queries(
    corpus: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = Client()
    with django_assert_max_num_queries(12):
        client.get("/search/", {"q": "공원"})


def test_search_is_reachable_from_the_header_and_the_municipality_page(
    places: dict[str, Any],
) -> None:
    body = Client().get("/m/seoul-geumcheon-gu/").content.decode()
    assert 'href="/search/"' in body
    assert 'action="/search/"' in body and 'name="m" value="seoul-geumcheon-gu"' in body
    dong = Client().get("/m/geumcheon-gasan-dong/").content.decode()
    assert 'name="m" value="seoul-geumcheon-gu"' in dong


def test_english_page(corpus: dict[str, Any]) -> None:
    body = Client().get("/search/", {"q": "공", "lang": "en"}).content.decode()
    assert "Type at least 2 characters to search." in body


def test_term_rules() -> None:
    assert textsearch.normalise_term("  공원\t\n 정비\u200b ") == "공원 정비"
    # A decomposed Hangul syllable (NFD) is composed, so it matches stored text.
    assert textsearch.normalise_term("\u1100\u1169\u11bc\u110b\u116f\u11ab") == "공원"
    assert textsearch.excerpt("가" * 50 + "공원" + "나" * 100, "공원").startswith("…")


def test_proposal_list_uses_the_same_matching(corpus: dict[str, Any], cycle: Cycle) -> None:
    url = f"/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/proposals/"
    page = Client().get(url, {"q": "공원"}).context["page"]
    # Title (어린이공원) and address (공원길) alike.
    assert {p.number for p in page.object_list} == {corpus["park"].number, corpus["road"].number}
    short = Client().get(url, {"q": "공"})
    assert "2자 이상" in short.content.decode()


@pytest.mark.postgres
def test_trigram_indexes_back_icontains_on_postgres(corpus: dict[str, Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search_trgm_%' ORDER BY 1"
        )
        names = [row[0] for row in cursor.fetchall()]
    assert "search_trgm_proposal_title" in names and len(names) == 9
    assert "search_trgm_proposal_description" in names and "search_trgm_body_mandate" in names
    rows = Proposal.objects.filter(textsearch.matching("어린이공원", "title", "address"))
    sql, params = rows.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        # A test table is tiny, so the planner would scan it whatever the indexes; with scans
        # and b-tree walks off, a plan that exists must use the trigram indexes.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_trgm_proposal_title" in plan, plan
    assert "search_trgm_proposal_address" in plan, plan
    # Descriptions: ILIKE on the bare column, answered by its own trigram index.
    rows = Proposal.objects.filter(textsearch.matching("쉼터가", long=("description",)))
    sql, params = rows.order_by().query.sql_with_params()
    assert "ILIKE" in sql and "UPPER" not in sql
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_trgm_proposal_description" in plan, plan
    assert rows.count() == 3


def test_descriptions_summaries_and_mandates_are_searched_in_korean(
    corpus: dict[str, Any], places: dict[str, Any]
) -> None:
    """Long text is searched too (issue 23): a Korean substring inside a word of a proposal's
    description, a poll's description, a pledge's summary and a body's mandate, with the
    excerpt around it; a word in no text finds nothing."""
    client = Client()
    # Every corpus proposal's description reads "주민 쉼터가 필요합니다."; no title has it.
    found = _search(client, q="쉼터가", kind="proposal")
    assert found.context["counts"] == {"proposal": 3}
    assert {h.excerpt for h in found.context["page"].object_list} == {"주민 쉼터가 필요합니다."}
    _poll(places["geumcheon"], "이름 짓기", description="새로 여는 어린이도서관의 이름을 정합니다.")
    _pledge(places["geumcheon"], 2, "문화 확충", summary="구립도서관을 두 곳 더 짓는다.")
    hits = _search(client, q="도서관", m="seoul-geumcheon-gu").context["page"].object_list
    assert sorted(h.kind for h in hits) == ["pledge", "poll"]
    assert _search(client, q="녹지 정책").context["counts"]["body"] == 1  # in the mandate only
    assert _search(client, q="없는낱말").context["page"].paginator.count == 0
    hits = _search(client, q="공원녹지").context["page"].object_list
    assert [h.title for h in hits] == ["금천구 공원녹지위원회"]
    assert hits[0].excerpt == "공원과 녹지 정책을 심의합니다."


def test_long_text_matching_ignores_case_and_reads_percent_literally(
    corpus: dict[str, Any], places: dict[str, Any]
) -> None:
    _poll(places["geumcheon"], "투표", description="Playground SHADE 100% 설치")
    assert _search(Client(), q="shade", kind="poll").context["counts"] == {"poll": 1}
    assert _search(Client(), q="0% 설", kind="poll").context["counts"] == {"poll": 1}
    assert _search(Client(), q="0_ 설", kind="poll").context["counts"] == {"poll": 0}
