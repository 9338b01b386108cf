"""The PB cycle and proposal pages read through queries compiled once per process
(``maeul.core.sqlplan``, issue 23): they read what the ORM reads, refuse a queryset whose SQL
would change with its values, follow every change on the next request (nothing is cached
but the SQL text) and stay within a pinned number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maeul.budgeting import cycle_facts, selectors, services
from maeul.budgeting.models import (
    PUBLIC_STATUSES,
    CategoryGroup,
    Cycle,
    Phase,
    PhaseWindow,
    ProjectType,
    Proposal,
    ProposalStatus,
)
from maeul.core import sqlplan

from .conftest import advance_to, submit


def _url(name: str, cycle: Cycle, *args: Any) -> str:
    return reverse(f"budgeting:{name}", args=[cycle.municipality.slug, cycle.cycle_year, *args])


def _fields(obj: Any) -> list[tuple[str, Any]]:
    return [(f.attname, getattr(obj, f.attname)) for f in type(obj)._meta.concrete_fields]


def test_a_planned_cycle_is_the_one_the_orm_reads(
    cycle: Cycle, manager: Any, django_assert_num_queries: Any
) -> None:
    # A second cycle with the same group codes: a filter on the planned relation must keep
    # to its own cycle.
    other = services.cycle_create(
        actor=manager,
        municipality=cycle.municipality,
        cycle_year=2023,
        budget_year=2024,
        title="2024년도 주민참여예산",
        total_amount_won=1_000_000_000,
    )
    services.group_save(actor=manager, cycle=other, code="parks", name="공원", cap_won=1_000)
    planned = selectors.cycle_public(cycle.municipality.slug, cycle.cycle_year)
    assert _fields(planned) == _fields(Cycle.objects.get(pk=cycle.pk))
    assert planned.published_run_id is None and planned.published_prepared is False
    with django_assert_num_queries(0):
        assert planned.municipality.slug == cycle.municipality.slug
        windows = list(planned.windows.all())
        groups = list(planned.groups.all())
        types = list(planned.types.all())
        assert all(w.cycle is planned for w in windows)
    assert [_fields(w) for w in windows] == [
        _fields(w) for w in PhaseWindow.objects.filter(cycle=cycle)
    ]
    assert [g.code for g in groups] == [g.code for g in CategoryGroup.objects.filter(cycle=cycle)]
    assert len(groups) == 5 and [t.code for t in types] == ["general", "program"]
    assert [t.pk for t in types] == [t.pk for t in ProjectType.objects.filter(cycle=cycle)]
    parks = [g.pk for g in CategoryGroup.objects.filter(cycle=cycle, code="parks")]
    with django_assert_num_queries(1):
        assert [g.pk for g in planned.groups.filter(code="parks")] == parks
    # The header-only pages read the windows alone.
    header = selectors.cycle_public(cycle.municipality.slug, cycle.cycle_year, prefetch=())
    assert not getattr(header, "_prefetched_objects_cache", {})
    with pytest.raises(Exception, match="cycle"):
        selectors.cycle_public(cycle.municipality.slug, 1999)
    with pytest.raises(Exception, match="cycle"):
        selectors.cycle_public("no-such-place", cycle.cycle_year)


def test_a_queryset_whose_sql_follows_its_values_is_refused(cycle: Cycle) -> None:
    twice = sqlplan.Plan(lambda pk: Cycle.objects.filter(Q(pk=pk) | Q(municipality_id=pk)), int)
    with pytest.raises(ValueError, match="cannot plan"):
        twice.objects(cycle.pk)
    # (A pattern lookup's value is planned: ``tests/core/test_sqlplan.py``.)
    # A planned values() queryset answers as iterating the queryset does.
    plan = sqlplan.Plan(lambda pk: Cycle.objects.filter(pk=pk).values("pk", "cycle_year"), int)
    assert plan.dicts(cycle.pk) == [{"pk": cycle.pk, "cycle_year": 2021}]
    assert plan.dicts(str(cycle.pk)) == plan.dicts(cycle.pk)  # values taken as the ORM would


def test_the_group_and_reason_counts_match_the_orms_aggregates(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any
) -> None:
    cycle, proposals = voted_cycle
    client = Client()
    client.force_login(manager)
    client.post(reverse("budgeting:result_compute", args=[cycle.pk]))
    client.post(reverse("budgeting:result_publish", args=[cycle.pk]), {"confirmed": "1"})
    # Statuses the fixture does not reach through the services, written as a bulk update
    # would: nothing cached may depend on a signal.
    Proposal.objects.filter(pk=proposals[2].pk).update(
        status=ProposalStatus.INFEASIBLE, adopted=False
    )
    Proposal.objects.filter(pk=proposals[5].pk).update(
        status=ProposalStatus.MERGED, merged_into=proposals[4], adopted=False
    )
    adopted = Proposal.objects.filter(cycle=cycle, adopted=True)
    assert adopted.exists()
    expected = {
        row["group"]: {k: v for k, v in row.items() if k != "group"}
        for row in Proposal.objects.filter(cycle=cycle, status__in=PUBLIC_STATUSES)
        .values("group")
        .annotate(
            n=Count("pk"),
            n_feasible=Count("pk", filter=Q(status=ProposalStatus.FEASIBLE)),
            amount=Sum("estimated_cost_won"),
            n_adopted=Count("pk", filter=Q(adopted=True)),
            adopted_amount=Sum("adopted_amount_won", filter=Q(adopted=True)),
        )
    }
    summary = selectors.group_summary(cycle)
    for row in summary:
        counts = {k: v for k, v in row.items() if k != "group"}
        assert counts == expected.get(
            row["group"].pk,
            {"n": 0, "n_feasible": 0, "amount": 0, "n_adopted": 0, "adopted_amount": 0},
        ), row["group"].code
    assert sum(r["n"] for r in summary) == 6 and sum(r["n_adopted"] for r in summary) > 0
    tally = selectors.proposal_tally(cycle)
    assert selectors.group_summary(cycle, tally) == summary
    reasons = [(r.code, r.proposals) for r in cycle_facts.reason_counts(cycle, tally)]
    assert reasons == [("", 1)]  # the merged proposal has no code and is not "in words"
    assert [(r.code, r.proposals) for r in cycle_facts.reason_counts(cycle)] == reasons


def test_the_cycle_page_follows_each_change_on_the_next_request(
    cycle: Cycle, manager: Any, resident: Any
) -> None:
    client = Client()
    url = _url("cycle", cycle)
    assert "0 submitted" in client.get(url + "?lang=en").content.decode()
    first = submit(cycle, resident, title="첫 제안")
    submit(cycle, resident, title="둘째 제안", group="welfare")
    page = client.get(url + "?lang=en").content.decode()
    assert "2 submitted, 0 feasible" in page
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    services.proposal_screen(
        actor=manager, proposal=first, decision="feasible", department="공원녹지과"
    )
    assert "2 submitted, 1 feasible" in client.get(url + "?lang=en").content.decode()


def test_a_new_comment_shows_on_the_next_request(cycle: Cycle, resident: Any) -> None:
    proposal = submit(cycle, resident)
    client = Client()
    url = _url("proposal", cycle, proposal.number)
    assert "벤치가 필요해요" not in client.get(url).content.decode()
    services.comment_add(actor=resident, proposal=proposal, body="벤치가 필요해요")
    assert "벤치가 필요해요" in client.get(url).content.decode()


def _queries(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm: session, templates
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_cycle_and_proposal_pages_keep_their_query_counts(cycle: Cycle, resident: Any) -> None:
    proposal = submit(cycle, resident)
    services.comment_add(actor=resident, proposal=proposal, body="좋아요")
    visitor, signed_in = Client(), Client()
    signed_in.force_login(resident)
    # Cycle page: the cycle with its windows, groups and types (4), one count of its
    # proposals, the budget school, the reported figures, the assemblies, the council groups.
    assert _queries(visitor, _url("cycle", cycle)) <= 9
    # Proposal page: the cycle (4), the proposal with its attachments, executions and
    # merged proposals (4), its comments, their moderation and its own, its recommendations
    # (and its outcome once a result is published); its cycle is not read again to check
    # whether the visitor may comment.
    assert _queries(visitor, _url("proposal", cycle, proposal.number)) <= 12
    # A resident adds the session, the account and the header's roles and notices, and the
    # permission checks (may they propose here? comment?).
    assert _queries(signed_in, _url("cycle", cycle)) <= 15
    assert _queries(signed_in, _url("proposal", cycle, proposal.number)) <= 18


def test_a_screened_out_proposals_page_reads_its_coded_reason_with_it(
    cycle: Cycle, manager: Any, resident: Any
) -> None:
    reason = services.screening_reason_save(
        actor=manager,
        municipality=cycle.municipality,
        code="over-cap",
        label="사업비 한도 초과",
        label_en="Over the cap",
    )
    proposal = submit(cycle, resident)
    advance_to(cycle, manager, Phase.SCREENING)
    services.proposal_screen(
        actor=manager,
        proposal=proposal,
        decision="infeasible",
        department="교통행정과",
        reason_code=reason,
    )
    url = _url("proposal", cycle, proposal.number)
    # The cycle (4), the proposal with its reason joined and its three relations (4), its
    # comments, its moderation, its recommendations: no query for the reason's label, nor
    # for the cycle again when the comment permission is checked (comments are open).
    assert _queries(Client(), url) <= 11
    assert "사업비 한도 초과" in Client().get(url).content.decode()


def test_a_planned_proposal_and_its_comments_are_the_orms(
    cycle: Cycle, resident: Any, django_assert_num_queries: Any
) -> None:
    proposal = submit(cycle, resident)
    services.comment_add(actor=resident, proposal=proposal, body="첫 댓글", is_suggestion=True)
    services.comment_add(actor=resident, proposal=proposal, body="둘째 댓글")
    planned = selectors.proposal_public(cycle, proposal.number)
    stored = Proposal.objects.get(pk=proposal.pk)
    # Times, decimals and JSON come back converted as the ORM converts them (SQLite too).
    assert _fields(planned) == _fields(stored)
    with django_assert_num_queries(0):
        assert planned.cycle is cycle
        assert planned.author.pk == resident.pk and planned.group.code == "parks"
        assert planned.screening_code is None and planned.merged_into is None
        assert list(planned.attachments.all()) == list(planned.executions.all()) == []
        assert list(planned.merged_proposals.all()) == []
    comments = selectors.proposal_comments(planned)
    assert [_fields(c) for c in comments] == [
        _fields(c) for c in stored.comments.order_by("created_at", "pk")
    ]
    with django_assert_num_queries(0):
        assert [c.author.username for c in comments] == [resident.username] * 2
        assert all(c.proposal is planned for c in comments)
    assert comments[0].created_at.tzinfo is not None
    with pytest.raises(Exception, match="proposal"):
        selectors.proposal_public(cycle, proposal.number + 1)


def test_numbers_beyond_a_columns_range_find_nothing(
    cycle: Cycle, resident: Any, django_assert_num_queries: Any
) -> None:
    """A URL's year or number is any number: the ORM answers an integer outside its column's
    range with no row and no query (SQLite cannot even bind one beyond 64 bits), and so do
    the planned pages: a 404, not a server error."""
    proposal = submit(cycle, resident)
    slug = cycle.municipality.slug
    client = Client()
    for path in (
        f"/pb/m/{slug}/{10**30}/",
        f"/pb/m/{slug}/40000/",
        f"/pb/m/{slug}/{cycle.cycle_year}/proposals/{10**25}/",
        f"/pb/m/{slug}/{cycle.cycle_year}/proposals/{2**31}/",
        f"/pb/m/{slug}/{10**30}/proposals/{proposal.number}/",
    ):
        assert client.get(path).status_code == 404, path
    with django_assert_num_queries(0), pytest.raises(Exception, match="cycle"):
        selectors.cycle_public(slug, 10**20)  # beyond every integer column
    assert selectors.proposal_public(cycle, proposal.number).pk == proposal.pk
