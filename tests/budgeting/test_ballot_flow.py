"""The resident's ballot flow across a cycle's groups (issue 23 item 3): one group per step,
choices kept by Next and Back, the cap refused with a message, a summary, every group's
ballot cast through the voting core with its receipts on one page, and resuming after a
partial flow."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maeul.budgeting.models import Attachment, Cycle
from maeul.voting import selectors as voting_selectors
from maeul.voting import services as voting
from maeul.voting.models import Participation, Poll, PollOption


def _url(name: str, cycle: Cycle, *args: Any) -> str:
    return reverse(f"budgeting:{name}", args=[cycle.municipality.slug, cycle.cycle_year, *args])


def _client(user: Any, lang: str = "ko") -> Client:
    client = Client()
    if lang != "ko":
        client.post(reverse("set_language"), {"language": lang, "next": "/"})
    client.force_login(user)
    return client


def _keys(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(key-[a-z]+)" value="([^"]+)"', html))


def _receipts(html: str) -> list[str]:
    return re.findall(r'data-testid="receipt">([A-Z0-9-]+)<', html)


def test_the_whole_flow_casts_every_group_and_shows_the_receipts_together(
    ballot_cycle: Cycle, resident: Any
) -> None:
    cycle = ballot_cycle
    client = _client(resident)
    response = client.get(_url("ballot", cycle))
    assert response.status_code == 302 and response.url == _url("ballot_step", cycle, 1)

    page = client.get(_url("ballot_step", cycle, 1)).content.decode()
    assert "1/2 분야" in page
    assert "복지·여성" in page and "경로당 수리" in page
    assert "50,000,000원" in page  # cost in won, locale-formatted
    assert _url("proposal", cycle, 4) in page  # a link to the proposal
    assert "최대 2개" in page

    response = client.post(_url("ballot_step", cycle, 1), {"project": ["4"], "go": "next"})
    assert response.url == _url("ballot_step", cycle, 2)
    page = client.get(_url("ballot_step", cycle, 2)).content.decode()
    assert "2/2 분야" in page and "쌈지공원" in page
    response = client.post(_url("ballot_step", cycle, 2), {"project": ["1", "3"], "go": "next"})
    assert response.url == _url("ballot_summary", cycle)

    summary = client.get(_url("ballot_summary", cycle)).content.decode()
    assert "#4 경로당 수리" in summary and "#1 쌈지공원" in summary and "#3 꽃길" in summary
    assert "150,000,000원" in summary  # the parks total
    keys = _keys(summary)
    assert set(keys) == {"key-welfare", "key-parks"}

    response = client.post(_url("ballot_cast", cycle), keys)
    page = response.content.decode()
    assert response.status_code == 200
    receipts = _receipts(page)
    assert len(receipts) == 2
    assert "접수되었습니다" in page
    welfare = Poll.objects.get(code=f"pb-{cycle.pk}-welfare")
    parks = Poll.objects.get(code=f"pb-{cycle.pk}-parks")
    # Each receipt verifies on its own, in its own group's poll.
    assert voting_selectors.receipt_status(welfare, receipts[0]) == "counted"
    assert voting_selectors.receipt_status(parks, receipts[1]) == "counted"
    assert voting_selectors.receipt_status(parks, receipts[0]) is None
    assert Participation.objects.filter(resident=resident).count() == 2
    chosen = {o.label.split()[0] for o in PollOption.objects.filter(votes_of(parks), poll=parks)}
    assert chosen == {"#1", "#3"}

    # A reload re-posts the same keys: the same receipts, no second ballot.
    again = client.post(_url("ballot_cast", cycle), keys).content.decode()
    assert _receipts(again) == receipts
    assert Participation.objects.filter(resident=resident).count() == 2


def votes_of(poll: Poll) -> Any:
    """Options of ``poll`` that received a counted ballot (a filter for ``PollOption``)."""
    from django.db.models import Q

    return Q(pk__in=voting_selectors.counted_ballots(poll).values("choices__option"))


def test_back_keeps_the_choices(ballot_cycle: Cycle, resident: Any) -> None:
    cycle = ballot_cycle
    client = _client(resident)
    client.post(_url("ballot_step", cycle, 1), {"project": ["5"], "go": "next"})
    response = client.post(_url("ballot_step", cycle, 2), {"project": ["2"], "go": "back"})
    assert response.url == _url("ballot_step", cycle, 1)
    page = client.get(_url("ballot_step", cycle, 1)).content.decode()
    assert re.search(r'value="5" id="project-5" checked', page)
    assert "1개 사업, 40,000,000원" in page  # the running total of this group
    page = client.get(_url("ballot_step", cycle, 2)).content.decode()
    assert re.search(r'value="2" id="project-2" checked', page)
    assert not re.search(r'value="1" id="project-1" checked', page)


def test_more_than_the_cap_is_refused_with_a_message(ballot_cycle: Cycle, resident: Any) -> None:
    cycle = ballot_cycle
    client = _client(resident)
    client.post(_url("ballot_step", cycle, 2), {"project": ["1"], "go": "next"})
    response = client.post(
        _url("ballot_step", cycle, 2), {"project": ["1", "2", "3"], "go": "next"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "3개 사업을 골랐습니다" in page and "최대 2개" in page
    assert re.search(r'value="3" id="project-3" checked', page)  # what was ticked stays shown
    # The refused choice is not kept: the summary still has the earlier one.
    summary = client.get(_url("ballot_summary", cycle)).content.decode()
    assert "#1 쌈지공원" in summary and "#2 그늘막" not in summary

    english = _client(resident, "en")
    page = english.post(
        _url("ballot_step", cycle, 2), {"project": ["1", "2", "3"], "go": "next"}
    ).content.decode()
    assert "You chose 3 projects" in page and "at most 2" in page


def test_a_partial_flow_resumes_with_the_groups_left(ballot_cycle: Cycle, resident: Any) -> None:
    cycle = ballot_cycle
    welfare = Poll.objects.get(code=f"pb-{cycle.pk}-welfare")
    option = PollOption.objects.get(poll=welfare, position=1)
    voting.ballot_cast(voter=resident, poll=welfare, choices=[option.pk])

    client = _client(resident)
    response = client.get(_url("ballot", cycle))
    assert response.url == _url("ballot_step", cycle, 2)  # on to the group left
    page = client.get(_url("ballot_step", cycle, 2)).content.decode()
    assert 'data-testid="voted-groups"' in page and "복지·여성" in page
    page = client.get(_url("ballot_step", cycle, 1)).content.decode()
    assert 'data-testid="step-voted"' in page

    client.post(_url("ballot_step", cycle, 2), {"project": ["2"], "go": "next"})
    summary = client.get(_url("ballot_summary", cycle)).content.decode()
    assert 'data-testid="summary-voted"' in summary
    keys = _keys(summary)
    assert set(keys) == {"key-parks"}  # the group voted in is not cast again
    page = client.post(_url("ballot_cast", cycle), keys).content.decode()
    assert len(_receipts(page)) == 1
    assert Participation.objects.filter(resident=resident).count() == 2

    # Everything voted: the flow goes straight to the summary, with nothing to cast.
    response = client.get(_url("ballot", cycle))
    assert response.url == _url("ballot_summary", cycle)


def test_a_resident_of_elsewhere_is_told_why_and_casts_nothing(
    ballot_cycle: Cycle, places: dict[str, Any], make_resident: Any
) -> None:
    cycle = ballot_cycle
    client = _client(make_resident(places["gwanak"]))
    page = client.get(_url("ballot_step", cycle, 1)).content.decode()
    assert "금천구" in page  # the voting core's eligibility rule, in its own words
    client.post(_url("ballot_step", cycle, 1), {"project": ["4"], "go": "next"})
    summary = client.get(_url("ballot_summary", cycle)).content.decode()
    assert _keys(summary) == {}
    page = client.post(_url("ballot_cast", cycle), {"key-welfare": "forged"}).content.decode()
    assert _receipts(page) == [] and "금천구" in page
    assert not Participation.objects.exists()


def test_the_flow_needs_a_login_and_a_mobile_vote(cycle: Cycle, resident: Any) -> None:
    assert Client().get(_url("ballot", cycle)).status_code == 302
    assert _client(resident).get(_url("ballot", cycle)).status_code == 404  # no vote opened


def test_a_large_group_is_shown_in_pages_and_the_choices_of_every_page_are_kept(
    ballot_cycle: Cycle, resident: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A group's projects come in pages (20 each; 2 here, so 공원·환경's three projects make
    two pages): a pager button saves the page's ticks before turning the page, the choices
    of the other pages stay (listed above the projects) and count towards the cap."""
    # The module (``maeul.budgeting.views`` exports a view of the same name).
    ballot_views = importlib.import_module("maeul.budgeting.views.ballot")
    monkeypatch.setattr(ballot_views, "PROJECTS_PER_PAGE", 2)
    cycle = ballot_cycle
    client = _client(resident)
    step = _url("ballot_step", cycle, 2)
    page = client.get(step).content.decode()
    assert 'id="project-1"' in page and 'id="project-2"' in page
    assert 'id="project-3"' not in page
    assert 'value="page-2"' in page and "전체 3개 중 1–2번째 사업" in page

    response = client.post(step, {"page": "1", "project": ["1"], "go": "page-2"})
    assert response.status_code == 302 and response.url == step + "?page=2"
    page = client.get(response.url).content.decode()
    assert 'id="project-3"' in page and 'id="project-1"' not in page
    assert 'data-testid="chosen-elsewhere"' in page and "#1 쌈지공원" in page
    assert "1개 사업, 90,000,000원" in page  # the running total counts page 1's choice

    # Two more on page 1 would make three in the group: refused, nothing kept.
    client.post(step, {"page": "2", "project": ["3"], "go": "page-1"})
    response = client.post(step, {"page": "1", "project": ["1", "2"], "go": "next"})
    assert response.status_code == 400 and "최대 2개" in response.content.decode()
    summary = client.get(_url("ballot_summary", cycle)).content.decode()
    assert "#1 쌈지공원" in summary and "#3 꽃길" in summary and "#2 그늘막" not in summary

    # Unticking on one page leaves the other page's choice alone.
    client.post(step, {"page": "1", "go": "next"})
    summary = client.get(_url("ballot_summary", cycle)).content.decode()
    assert "#1 쌈지공원" not in summary and "#3 꽃길" in summary
    assert client.get(step + "?page=99").status_code == 200  # clamped, never an error


def test_a_step_shows_each_projects_first_photo_and_pins_its_queries(
    ballot_cycle: Cycle, resident: Any, django_assert_max_num_queries: Any
) -> None:
    """The step reads its page of projects with the first photo of each in one query (no
    prefetch of every attachment), and only the shown group's projects: the same queries
    whether a proposal has photos or not, and a document is never shown as a photo."""
    cycle = ballot_cycle
    client = _client(resident)
    step = _url("ballot_step", cycle, 2)
    client.get(step)
    # 11: the session and the user, the cycle and its windows, the group polls, the shown
    # group's projects with their details and photos (one query), the visitor's
    # participations, the voting core's eligibility (3) and the header's facts.
    with django_assert_max_num_queries(11) as before:
        page = client.get(step).content.decode()
    assert "pb-photo" not in page
    park = cycle.proposals.get(number=1)
    first, second = (
        Attachment.objects.create(
            proposal=park, file=f"pb/attachments/{name}", kind="image", original_name=name, size=1
        )
        for name in ("a.jpg", "b.jpg")
    )
    document = Attachment.objects.create(
        proposal=cycle.proposals.get(number=2),
        file="pb/attachments/c.pdf",
        kind="document",
        original_name="c.pdf",
        size=1,
    )
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(step).content.decode()
    assert page.count('class="pb-photo"') == 1
    assert reverse("budgeting:attachment", args=[first.pk]) in page
    assert reverse("budgeting:attachment", args=[second.pk]) not in page
    assert reverse("budgeting:attachment", args=[document.pk]) not in page


def test_the_ticks_are_each_residents_own_on_the_cached_cards(
    ballot_cycle: Cycle, resident: Any, make_resident: Any, places: dict[str, Any]
) -> None:
    """A step's cards are rendered once and kept; the ticks are put on them per request, so
    one resident's choices never show as another's, and a changed title shows at once."""
    cycle = ballot_cycle
    step = _url("ballot_step", cycle, 2)
    first = _client(resident)
    first.post(step, {"project": ["1", "3"], "go": "back"})
    page = first.get(step).content.decode()
    assert 'id="project-1" checked' in page and 'id="project-3" checked' in page
    assert 'id="project-2" checked' not in page
    other = _client(make_resident(places["geumcheon"], places["doksan"]))
    page = other.get(step).content.decode()
    assert " checked" not in page and 'id="project-1"' in page
    cycle.proposals.filter(number=2).update(title="그늘막 (수정)")
    assert "#2 그늘막 (수정)" in other.get(step).content.decode()


def test_the_planned_group_polls_are_the_ones_the_orm_reads(
    ballot_cycle: Cycle, django_assert_num_queries: Any
) -> None:
    """The ballot's group polls are read through a plan compiled once per process
    (``sqlplan``): the same links, groups and polls, in the same order, as the ORM's query,
    with the cycle's own municipality on each poll (no query to reach it)."""
    from maeul.budgeting import selectors

    cycle = selectors.ballot_cycle(ballot_cycle.municipality.slug, ballot_cycle.cycle_year)
    with django_assert_num_queries(1):
        steps = selectors.ballot_steps(cycle, projects=False)
        assert {s.poll.municipality.slug for s in steps} == {cycle.municipality.slug}
    expected = list(
        cycle.mobile_votes.select_related("group", "poll").order_by("group__sort_order", "pk")
    )
    assert len(expected) > 1
    assert [s.link.pk for s in steps] == [link.pk for link in expected]
    for step, link in zip(steps, expected, strict=True):
        assert step.link.numbers == link.numbers
        assert (step.group.pk, step.group.code, step.group.display_name) == (
            link.group.pk,
            link.group.code,
            link.group.display_name,
        )
        assert (step.poll.pk, step.poll.max_choices, step.poll.opens_at) == (
            link.poll.pk,
            link.poll.max_choices,
            link.poll.opens_at,
        )
