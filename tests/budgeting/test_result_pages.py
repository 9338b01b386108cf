"""A published result's pages read the rows kept when it was computed, never the whole result
(issue 23: with 10,000 proposals the results page took 4.1 s, the analysis 7.4 s, a proposal
0.6 s). Their queries do not grow with the number of proposals, their lists come a page at a
time, results stored before the rows existed still display, and the outcome is the engine's."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maeul.budgeting import results, services
from maeul.budgeting.models import Cycle, ProjectOutcome, Proposal, ResultRun, TraceStep
from maeul.engine.budgeting import Profile, greedy, korean_mixed_rule

pytestmark = pytest.mark.django_db


def _grow(cycle: Cycle, author: Any, extra: int) -> None:
    """``extra`` more feasible proposals with tallies, straight into the table (the services'
    path is tested elsewhere; here only the number matters)."""
    rng = random.Random(extra)
    groups = list(cycle.groups.all())
    general = cycle.types.get(code="general")
    start = cycle.proposals.order_by("-number").values_list("number", flat=True).first() or 0
    Proposal.objects.bulk_create(
        Proposal(
            cycle=cycle,
            number=start + i,
            author=author,
            title=f"추가 사업 {start + i}",
            description="-",
            address="가산동",
            group=groups[i % len(groups)],
            type=general,
            estimated_cost_won=rng.randrange(5, 120) * 1_000_000,
            status="feasible",
            submitted_at=timezone.now(),
            committee_approvals=rng.randrange(0, 41),
            mobile_approvals=rng.randrange(0, 1257),
        )
        for i in range(1, extra + 1)
    )


def _main(html: str) -> str:
    """A page's main content, without per-request tokens."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'(nonce|value)="[^"]*"', "", main)


def _table(html: str) -> str:
    """The results page's table of projects by score."""
    start = html.index('<table class="data pb-scores"')
    return html[start : html.index("</table>", start)]


def _publish(cycle: Cycle, manager: Any) -> ResultRun:
    run = services.result_compute(actor=manager, cycle=cycle)
    return services.result_publish(actor=manager, run=run)


def _url(name: str, cycle: Cycle, *args: Any) -> str:
    return reverse(f"budgeting:{name}", args=[cycle.municipality.slug, cycle.cycle_year, *args])


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm the per-process caches (places, catalogues)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _page_queries(cycle: Cycle, run: ResultRun) -> dict[str, int]:
    client = Client()
    last_number = run.outcomes.order_by("-approval_position").values_list("number", flat=True)[0]
    urls = {
        "cycle": _url("cycle", cycle),
        "results": _url("results", cycle),
        "results_page_2": _url("results", cycle) + "?page=2",
        "results_group": _url("results", cycle) + "?group=parks&page=2",
        "results_selected": _url("results", cycle) + "?selected=1",
        "steps_last": _url("result_steps", cycle) + "?page=9999",
        "analysis": _url("analysis", cycle) + "?page=9999",
        "proposal": _url("proposal", cycle, 1),
        "proposal_last": _url("proposal", cycle, last_number),
        "api_result": f"/api/pb/cycles/{cycle.pk}/result?page=2",
    }
    return {name: _queries(client, url) for name, url in urls.items()}


def test_result_pages_queries_do_not_grow_with_proposals(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any, resident: Any, places: dict[str, Any]
) -> None:
    """The same pages at 26 and at 406 feasible proposals: no more queries at the larger, at
    most 20 each (django_assert_max_num_queries pins the ceiling at the larger size)."""
    small_cycle, _ = voted_cycle
    _grow(small_cycle, resident, 20)  # some ineligible by the type cap, like the larger one
    small = _page_queries(small_cycle, _publish(small_cycle, manager))

    # A second cycle of the same municipality, 400 proposals larger.
    large_cycle = Cycle.objects.get(pk=small_cycle.pk)
    large_cycle.pk = None
    large_cycle.cycle_year = 2023
    large_cycle.save()
    for group in small_cycle.groups.all():
        group.pk, group.cycle = None, large_cycle
        group.save()
    for kind in small_cycle.types.all():
        kind.pk, kind.cycle = None, large_cycle
        kind.save()
    _grow(large_cycle, resident, 406)  # numbers 1-406: its own cycle
    run = _publish(large_cycle, manager)
    assert run.summary is not None and run.summary["feasible"] == 406
    large = _page_queries(large_cycle, run)
    # No more at the larger size (one fewer where the steps shown name only proposals the
    # page has read already, and the narration needs no lookup).
    assert all(small[name] - 1 <= n <= small[name] for name, n in large.items()), (small, large)
    assert max(large.values()) <= 20, large


def test_query_ceiling_is_pinned(
    voted_cycle: tuple[Cycle, list[Any]],
    manager: Any,
    resident: Any,
    django_assert_max_num_queries: Any,
) -> None:
    cycle, _ = voted_cycle
    _grow(cycle, resident, 300)
    _publish(cycle, manager)
    client = Client()
    for name, args in (("results", ()), ("analysis", ()), ("result_steps", ()), ("proposal", (5,))):
        client.get(_url(name, cycle, *args))
        with django_assert_max_num_queries(20):
            assert client.get(_url(name, cycle, *args)).status_code == 200


def test_kept_rows_match_the_engine(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any, resident: Any
) -> None:
    """Selection, scores and ranks kept for the pages are the engine's, and greedy on the
    counts profile is greedy on one ballot per voter."""
    cycle, _ = voted_cycle
    _grow(cycle, resident, 60)
    run = _publish(cycle, manager)
    feasible = results.feasible(cycle)
    outcome = korean_mixed_rule(results.projects_of(feasible), results.settings_of(cycle))
    kept = {o.number: o for o in ProjectOutcome.objects.filter(run=run)}
    assert {str(n) for n, o in kept.items() if o.selected} == set(outcome.selected)
    assert [str(n) for n in run.summary["selected"]] == list(outcome.selected)
    for score in outcome.scores:
        assert kept[int(score.project)].score == str(score.score)
    assert TraceStep.objects.filter(run=run).count() == len(outcome.trace)
    assert sorted(o.approval_position for o in kept.values()) == list(range(len(feasible)))
    positions = sorted(o.position for o in kept.values() if not o.ineligible)
    assert positions == list(range(len(outcome.scores)))
    ineligible = sorted((o.position, n) for n, o in kept.items() if o.ineligible)
    assert [p for p, _n in ineligible] == list(
        range(len(outcome.scores), len(outcome.scores) + len(outcome.ineligible))
    )
    assert [n for _p, n in ineligible] == sorted(int(i.project) for i in outcome.ineligible)
    # Greedy: the counts profile against one ballot per voter.
    fitting = [p for p in feasible if p.cost_won <= cycle.total_amount_won]
    instance = results.instance_of(cycle, fitting, None)
    ballots = [
        [p.engine_id for p in fitting if p.mobile_approvals > k] for k in range(cycle.mobile_voters)
    ]
    slow = greedy(instance, Profile.approvals(ballots), tie_break="id")
    assert {str(n) for n, o in kept.items() if o.greedy} == set(slow.selected)
    assert run.summary["greedy_total"] == int(slow.total_cost)


def test_lists_come_a_page_at_a_time(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any, resident: Any
) -> None:
    cycle, _ = voted_cycle
    _grow(cycle, resident, 120)
    run = _publish(cycle, manager)
    client = Client()
    first = _table(client.get(_url("results", cycle)).content.decode())
    second = _table(client.get(_url("results", cycle) + "?page=2").content.decode())
    top = run.outcomes.get(position=0)
    twenty_first = run.outcomes.get(position=20)
    assert f"#{top.number} " in first and f"#{top.number} " not in second
    assert f"#{twenty_first.number} " in second
    assert "page=2" in client.get(_url("results", cycle)).content.decode()  # the pager
    # A group's list is ranked within the group.
    parks = _table(client.get(_url("results", cycle) + "?group=parks").content.decode())
    assert run.outcomes.get(group__code="parks", rank=1).proposal.title in parks
    # The trace: a preview on the results page, the rest on the steps page and as text.
    steps = run.summary["trace"]
    assert steps > 50
    last = client.get(_url("result_steps", cycle) + f"?page={-(-steps // 50)}")
    assert (
        last.status_code == 200 and f'start="{(steps - 1) // 50 * 50 + 1}"' in last.content.decode()
    )
    text = client.get(_url("result_export", cycle, "txt")).content.decode()
    assert len(text.strip().splitlines()) == steps
    # The API pages its scores and says how many there are.
    api = client.get(f"/api/pb/cycles/{cycle.pk}/result", {"page": 2}).json()
    assert api["page"] == 2 and api["count"] == run.summary["scored"]
    assert len(api["scores"]) == min(100, api["count"] - 100)
    # Analysis, a page at a time.
    analysis = client.get(_url("analysis", cycle) + "?page=3").content.decode()
    analysis = analysis[analysis.index("<tbody>") :]
    third = run.outcomes.get(approval_position=40)
    assert f"#{third.number} " in analysis


def test_a_result_published_before_the_kept_rows_still_displays(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any
) -> None:
    """A result published by an earlier version has only its JSON: the first page that shows
    it prepares the rows once, and the pages say what they said before."""
    cycle, _ = voted_cycle
    run = _publish(cycle, manager)
    client = Client()
    client.cookies["maeul_language"] = "ko"
    before = {
        name: client.get(_url(name, cycle, *args)).content.decode()
        for name, args in (("results", ()), ("proposal", (3,)), ("analysis", ()))
    }
    ProjectOutcome.objects.filter(run=run).delete()
    TraceStep.objects.filter(run=run).delete()
    ResultRun.objects.filter(pk=run.pk).update(summary=None, prepared_at=None)
    after = {
        name: client.get(_url(name, cycle, *args)).content.decode()
        for name, args in (("results", ()), ("proposal", (3,)), ("analysis", ()))
    }
    assert {k: _main(v) for k, v in after.items()} == {k: _main(v) for k, v in before.items()}
    assert "#3 사업 3 제외: 점수 20.5%" in after["proposal"]
    run.refresh_from_db()
    assert run.prepared_at is not None and run.outcomes.count() == 6
    prepared_at = run.prepared_at
    client.get(_url("results", cycle))
    run.refresh_from_db()
    assert run.prepared_at == prepared_at  # once


def test_bad_page_numbers_are_read_leniently(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any
) -> None:
    cycle, _ = voted_cycle
    _publish(cycle, manager)
    client = Client()
    for url in (
        _url("results", cycle) + "?page=abc",
        _url("results", cycle) + "?page=-3&group=nowhere",
        _url("result_steps", cycle) + "?page=99999",
        _url("analysis", cycle) + "?page=0",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/api/pb/cycles/{cycle.pk}/result", {"page": 999}).status_code == 200


def test_only_the_latest_computation_keeps_its_rows(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any
) -> None:
    cycle, _ = voted_cycle
    first = services.result_compute(actor=manager, cycle=cycle)
    second = services.result_compute(actor=manager, cycle=cycle)
    first.refresh_from_db()
    assert first.prepared_at is None and not first.outcomes.exists() and not first.steps.exists()
    assert first.data["selected"] == second.data["selected"]  # the record stays
    assert second.outcomes.count() == 6
    published = services.result_publish(actor=manager, run=second)
    assert published.prepared_at is not None and published.outcomes.count() == 6
