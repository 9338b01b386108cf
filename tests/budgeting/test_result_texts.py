"""The result's explanation reads as sentences in the reader's language: group and type names
instead of codes, shares as percentages with one decimal and the counts behind them in
words, amounts in won for the locale (issue 13: "분야 transport", "점수 ~0.287978
(3617/12560)" on Korean pages)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maeul.budgeting import services
from maeul.budgeting.models import Cycle, ProjectType
from maeul.budgeting.selectors import latest_result

pytestmark = pytest.mark.django_db


def _publish(cycle: Cycle, manager: Any) -> Cycle:
    run = services.result_compute(actor=manager, cycle=cycle)
    services.result_publish(actor=manager, run=run)
    return cycle


def _page(name: str, cycle: Cycle, *args: Any, lang: str = "ko") -> str:
    client = Client()
    client.cookies["maeul_language"] = lang
    url = reverse(f"budgeting:{name}", args=[cycle.municipality.slug, cycle.cycle_year, *args])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _trace(page: str) -> str:
    """The "every step" list of the result page."""
    match = re.search(r'<ol class="explain pb-trace">(.*?)</ol>', page, re.S)
    assert match is not None
    return match.group(1)


CODES = ("parks", "welfare", "transport", "general", "program", "~0.", "/1256")


def test_result_trace_in_korean_names_groups_and_explains_scores(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any
) -> None:
    cycle = _publish(voted_cycle[0], manager)
    trace = _trace(_page("results", cycle))
    assert "공원·환경 분야: 한도 200,000,000원" in trace
    assert "복지·여성 분야: 한도 200,000,000원" in trace
    # #1: committee 30 of 40 (75.0%), residents 600 of 1,256 (47.8%): score 61.4%.
    assert (
        "#1 사업 1 선정: 점수 61.4% (위원회 40명 중 30명(75.0%), 주민 1,256명 중 600명(47.8%)),"
        " 사업비 90,000,000원, 잔액 110,000,000원"
    ) in trace
    assert "#3 사업 3 제외: 점수 20.5%" in trace
    assert "사업비 60,000,000원이 잔액 30,000,000원을 초과" in trace
    for code in CODES:
        assert code not in trace, code


def test_result_trace_in_english(voted_cycle: tuple[Cycle, list[Any]], manager: Any) -> None:
    cycle = _publish(voted_cycle[0], manager)
    page = _page("results", cycle, lang="en")
    trace = _trace(page)
    assert "Group Parks and environment: cap ₩200,000,000" in trace
    assert (
        "#1 사업 1 selected: score 61.4% (committee 75.0%, 30 of 40 voters; residents 47.8%,"
        " 600 of 1,256 voters); cost ₩90,000,000, ₩110,000,000 left"
    ) in trace
    assert "#3 사업 3 skipped: score 20.5%" in trace
    for code in CODES:
        assert code not in trace, code
    # The table's score column: one decimal, like the shares.
    assert "61.4%" in page and "61.39%" not in page


def test_project_page_explains_with_percentages_and_words(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any
) -> None:
    cycle = _publish(voted_cycle[0], manager)
    korean = _page("proposal", cycle, 3)
    assert "선정되지 않은 이유" in korean
    assert (
        "#3 사업 3 제외: 점수 20.5% (위원회 40명 중 10명(25.0%), 주민 1,256명 중 200명(15.9%))"
        in korean
    )
    english = _page("proposal", cycle, 3, lang="en")
    assert "#3 사업 3 skipped: score 20.5% (committee 25.0%, 10 of 40 voters" in english
    assert "= 20.5%" in english  # the score line of the facts, one decimal


def test_ineligible_projects_name_the_type_not_its_code(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any
) -> None:
    """A type cap lowered after screening makes projects ineligible; the reason names the
    type ("일반사업"), never its code ("general")."""
    cycle, _proposals = voted_cycle
    ProjectType.objects.filter(cycle=cycle, code="general").update(cap_won=85_000_000)
    _publish(cycle, manager)
    run = latest_result(cycle)
    assert run is not None and {i[0] for i in run.data["ineligible"]} == {"1", "4", "5"}
    korean = _page("results", cycle)
    assert (
        "#1 사업 1 선정 대상 아님: 사업비 90,000,000원이 일반사업 한도 85,000,000원을 넘음"
        in korean
    )
    assert "general 사업" not in korean
    english = _page("results", cycle, lang="en")
    assert (
        "#4 사업 4 is not eligible: its cost ₩100,000,000 is more than the ₩85,000,000 cap for"
        in english
    )
    detail = _page("proposal", cycle, 5)
    assert "사업비 90,000,000원이 일반사업 한도 85,000,000원을 넘음" in detail


@pytest.mark.parametrize(
    ("change", "korean", "english"),
    [
        (
            {"mobile_voters": 0},
            "결과를 산출하기 전에 모바일 투표자 수를 입력하세요.",
            "Enter the number of mobile voters before computing the result.",
        ),
        (
            {"committee_voters": 10},
            "#1 제안의 찬성 수가 해당 경로의 투표자 수보다 많습니다. 투표 집계를 확인하세요.",
            "Proposal #1 has more approvals than its channel has voters; check the vote totals.",
        ),
    ],
)
def test_engine_refusals_are_told_in_the_readers_language(
    change: dict[str, int],
    korean: str,
    english: str,
    voted_cycle: tuple[Cycle, list[Any]],
    manager: Any,
) -> None:
    """The engine's own message ("public_voters must be positive when share is 'voters'")
    is for the command line; the page says what to fix, in Korean or English."""
    from django.utils import translation

    from maeul.core.errors import ServiceError

    cycle, _proposals = voted_cycle
    Cycle.objects.filter(pk=cycle.pk).update(**change)
    for lang, expected in (("ko", korean), ("en", english)):
        with translation.override(lang), pytest.raises(ServiceError) as caught:
            services.result_compute(actor=manager, cycle=Cycle.objects.get(pk=cycle.pk))
        assert caught.value.message == expected
    assert latest_result(cycle) is None


def _visible_text(html: str) -> str:
    """What a person reads: no tags, no attribute values (URLs carry codes legitimately)."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_no_group_or_type_code_on_any_result_page(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any
) -> None:
    """Every page that shows the result, in both languages, for the public and the manager:
    names, never the codes ``parks``/``welfare``/``general``/``program``, never the engine's
    raw fractions."""
    cycle = _publish(voted_cycle[0], manager)
    manage = Client()
    manage.force_login(manager)
    for lang in ("ko", "en"):
        manage.cookies["maeul_language"] = lang
        pages = {
            name: _page(name, cycle, *args, lang=lang)
            for name, args in (
                ("results", ()),
                ("analysis", ()),
                ("cycle", ()),
                ("proposals", ()),
                ("proposal", (1,)),
                ("proposal", (3,)),
            )
        }
        pages["manage_results"] = manage.get(
            reverse("budgeting:manage_results", args=[cycle.pk])
        ).content.decode()
        for name, html in pages.items():
            text = _visible_text(html)
            for code in ("parks", "welfare", "general", "program", "korean-mixed"):
                assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text), (
                    lang,
                    name,
                    code,
                )
            assert "~0." not in text and "/1256)" not in text, (lang, name)
