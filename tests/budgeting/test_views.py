"""Screens: public pages, the resident's proposal form, officials' screens and scope, the
proposal list's fixed query count at 10,000 proposals, the result page against the engine."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maeul.budgeting import results, services
from maeul.budgeting.models import Cycle, Proposal
from maeul.engine.budgeting import korean_mixed_rule, read_pb

from .conftest import advance_to, proposal_data, submit


def _url(name: str, cycle: Cycle, *args: Any) -> str:
    return reverse(f"budgeting:{name}", args=[cycle.municipality.slug, cycle.cycle_year, *args])


def _client(user: Any = None, lang: str = "ko") -> Client:
    client = Client()
    if lang == "en":
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
    if user is not None:
        client.force_login(user)
    return client


def test_public_pages(cycle: Cycle, resident: Any) -> None:
    p = submit(cycle, resident)
    client = _client()
    for url in [
        reverse("budgeting:index", args=[cycle.municipality.slug]),
        reverse("budgeting:history", args=[cycle.municipality.slug]),
        _url("cycle", cycle),
        _url("proposals", cycle),
        _url("proposals", cycle) + "?q=공원&group=parks&status=submitted&page=9",
        _url("proposal", cycle, p.number),
        _url("deliberation", cycle),
        _url("execution", cycle),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get(_url("results", cycle)).status_code == 404  # not published
    assert client.get(_url("propose", cycle)).status_code == 302  # log in first


def test_setup_cycle_is_not_public(setup_cycle: Cycle) -> None:
    assert _client().get(_url("cycle", setup_cycle)).status_code == 404


def test_resident_proposes_with_cap_message(cycle: Cycle, resident: Any) -> None:
    client = _client(resident)
    data = {
        "title": "행사",
        "description": "축제",
        "group": cycle.groups.get(code="economy").pk,
        "type": cycle.types.get(code="program").pk,
        "estimated_cost_won": "25000000",
        "address": "가산동",
        "submit": "1",
    }
    response = client.post(_url("propose", cycle), data)
    assert response.status_code == 200
    assert "20,000,000" in response.content.decode()
    data["estimated_cost_won"] = "15000000"
    response = client.post(_url("propose", cycle), data)
    assert response.status_code == 302
    assert Proposal.objects.get().status == "submitted"
    data.pop("submit")
    response = client.post(_url("propose", cycle), data)
    draft = Proposal.objects.get(status="draft")
    assert response["Location"] == reverse("budgeting:draft", args=[draft.pk])
    assert client.get(reverse("budgeting:mine")).status_code == 200
    assert _client(None).get(reverse("budgeting:draft", args=[draft.pk])).status_code == 302


def test_other_district_cannot_propose_or_manage(
    cycle: Cycle, places: dict[str, Any], make_resident: Any, make_official: Any
) -> None:
    assert _client(make_resident(places["gwanak"])).get(_url("propose", cycle)).status_code == 403
    other = _client(make_official(places["gwanak"], "administrator"))
    for name in ["manage", "screening", "votes", "manage_results", "meeting_new", "school_new"]:
        assert other.get(reverse(f"budgeting:{name}", args=[cycle.pk])).status_code == 404, name


def test_official_screens_and_votes(cycle: Cycle, resident: Any, manager: Any) -> None:
    p = submit(cycle, resident)
    client = _client(manager)
    assert client.get(reverse("budgeting:manage", args=[cycle.pk])).status_code == 200
    asked = client.post(reverse("budgeting:manage", args=[cycle.pk]))
    assert asked.status_code == 200 and Cycle.objects.get(pk=cycle.pk).phase == "proposals"
    client.post(reverse("budgeting:manage", args=[cycle.pk]), {"confirmed": "1"})
    assert Cycle.objects.get(pk=cycle.pk).phase == "screening"
    assert client.get(reverse("budgeting:screening", args=[cycle.pk])).status_code == 200
    response = client.post(
        reverse("budgeting:screen", args=[p.pk]),
        {"decision": "infeasible", "department": "도로과", "reason": ""},
    )
    assert response.status_code == 200 and Proposal.objects.get().status == "submitted"
    client.post(
        reverse("budgeting:screen", args=[p.pk]),
        {"decision": "feasible", "department": "공원녹지과", "adjusted_cost_won": "40000000"},
    )
    assert Proposal.objects.get().cost_won == 40_000_000
    advance_to(Cycle.objects.get(pk=cycle.pk), manager, "voting")
    url = reverse("budgeting:vote_counts", args=[cycle.pk])
    response = client.post(url, {"committee_voters": 10, "mobile_voters": 5, "c_1": 3, "m_1": 9})
    assert response.status_code == 200 and "#1" in response.content.decode()
    client.post(url, {"committee_voters": 10, "mobile_voters": 50, "c_1": 3, "m_1": 9})
    assert Proposal.objects.get().mobile_approvals == 9


def _published(voted_cycle: tuple[Cycle, list[Any]], manager: Any) -> Cycle:
    cycle, _ = voted_cycle
    client = _client(manager)
    client.post(reverse("budgeting:result_compute", args=[cycle.pk]))
    client.post(reverse("budgeting:result_publish", args=[cycle.pk]), {"confirmed": "1"})
    return cycle


def test_result_page_matches_the_engine(voted_cycle: tuple[Cycle, list[Any]], manager: Any) -> None:
    cycle = _published(voted_cycle, manager)
    feasible = list(cycle.proposals.filter(status="feasible").select_related("group", "type"))
    outcome = korean_mixed_rule(results.projects_of(feasible), results.settings_of(cycle))
    assert [p.number for p in Proposal.objects.filter(adopted=True).order_by("number")] == sorted(
        int(i) for i in outcome.selected
    )
    page = _client().get(_url("results", cycle)).content.decode()
    for pid in outcome.selected:
        assert f"#{pid} " in page
    total = int(outcome.total_cost)
    assert f"{total:,}원" in page


def test_project_page_explains_in_both_languages(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any
) -> None:
    cycle = _published(voted_cycle, manager)
    ko = _client(lang="ko").get(_url("proposal", cycle, 1)).content.decode()
    assert "이 사업이 선정된 이유" in ko and "선정" in ko
    assert "(75.0%)" in ko and "(47.8%)" in ko  # 30 of 40 committee, 600 of 1,256 mobile
    ko3 = _client(lang="ko").get(_url("proposal", cycle, 3)).content.decode()
    assert "선정되지 않은 이유" in ko3 and "잔액" in ko3
    en3 = _client(lang="en").get(_url("proposal", cycle, 3)).content.decode()
    assert "Why this project was not selected" in en3 and "#3 사업 3 skipped" in en3


def test_exports_and_analysis(
    voted_cycle: tuple[Cycle, list[Any]], manager: Any, tmp_path: Any
) -> None:
    cycle = _published(voted_cycle, manager)
    client = _client()
    pb = client.get(_url("result_export", cycle, "pb")).content.decode()
    path = tmp_path / "cycle.pb"
    path.write_text(pb, encoding="utf-8")
    instance, _profile = read_pb(path)
    assert instance.budget == Fraction(1_000_000_000) and len(instance.projects) == 6
    assert {p.id for p in instance.projects if p.get("selected") == "1"} == {"1", "2", "4", "5"}
    csv = client.get(_url("result_export", cycle, "csv")).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("number,title,group")
    xlsx = client.get(_url("result_export", cycle, "xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    analysis = client.get(_url("analysis", cycle)).content.decode()
    assert "#2 " in analysis


def test_proposal_list_query_count_is_fixed_at_10000(
    cycle: Cycle, resident: Any, django_assert_max_num_queries: Any
) -> None:
    groups = list(cycle.groups.all())
    types = list(cycle.types.all())
    now = timezone.now()
    Proposal.objects.bulk_create(
        [
            Proposal(
                cycle=cycle,
                number=i,
                author=resident,
                title=f"제안 {i}",
                description="-",
                address=f"가산동 {i}",
                group=groups[i % 5],
                type=types[i % 2],
                estimated_cost_won=10_000_000,
                status="submitted",
                submitted_at=now,
            )
            for i in range(1, 10_001)
        ],
        batch_size=2000,
    )
    client = _client()
    client.get(_url("proposals", cycle))  # warm caches (session, places)
    for query in [
        "",
        "?page=400",
        "?q=제안 99&group=parks",
        "?status=submitted&type=program&page=2",
    ]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(_url("proposals", cycle) + query)
        assert response.status_code == 200
        # 7: the cycle with its windows, groups and types (4), the neighbourhoods of the
        # filter form, the count, and the page's rows with their numbers as a subquery.
        assert len(ctx.captured_queries) <= 7, [q["sql"][:120] for q in ctx.captured_queries]
    assert "10,000" in _client().get(_url("proposals", cycle)).content.decode()


def test_api(voted_cycle: tuple[Cycle, list[Any]], manager: Any) -> None:
    cycle, _ = voted_cycle
    client = _client()
    assert client.get(f"/api/pb/cycles/{cycle.pk}/result").status_code == 404
    cycle = _published(voted_cycle, manager)
    cycles = client.get("/api/pb/cycles", {"municipality": "seoul-geumcheon-gu"}).json()
    assert (cycles["count"], cycles["limit"], cycles["offset"]) == (1, 50, 0)
    assert [c["cycle_year"] for c in cycles["items"]] == [2021] and cycles["items"][0]["published"]
    page = client.get(f"/api/pb/cycles/{cycle.pk}/proposals", {"group": "parks"}).json()
    assert page["count"] == 3 and page["items"][0]["number"] == 1
    result = client.get(f"/api/pb/cycles/{cycle.pk}/result").json()
    assert result["selected"] == [4, 5, 1, 2]
    assert client.get("/api/pb/cycles", {"municipality": "nowhere"}).status_code == 404
    assert client.get("/api/pb/cycles/999999/proposals").status_code == 404


def test_proposal_saves_are_rate_limited(cycle: Cycle, resident: Any) -> None:
    from maeul.budgeting.views import PROPOSALS_PER_HOUR

    client = _client(resident)
    url = _url("propose", cycle)
    statuses = [client.post(url, {"title": ""}).status_code for _ in range(PROPOSALS_PER_HOUR + 1)]
    assert statuses[:-1] == [200] * PROPOSALS_PER_HOUR
    assert statuses[-1] == 429


def test_draft_attach_comment_withdraw(
    cycle: Cycle,
    resident: Any,
    manager: Any,
    places: dict[str, Any],
    make_resident: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from maeul.budgeting.models import Comment

    from .conftest import enrol, link_bodies

    settings.MEDIA_ROOT = tmp_path
    draft = services.proposal_save(actor=resident, cycle=cycle, data=proposal_data(cycle))
    author = _client(resident)
    png = SimpleUploadedFile(
        "site.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, content_type="image/png"
    )
    author.post(reverse("budgeting:attach", args=[draft.pk]), {"file": png})
    attachment = draft.attachments.get()
    assert _client().get(reverse("budgeting:attachment", args=[attachment.pk])).status_code == 404
    assert author.get(reverse("budgeting:attachment", args=[attachment.pk])).status_code == 200
    bad = SimpleUploadedFile("x.png", b"GIF89a", content_type="image/png")
    response = author.post(reverse("budgeting:attach", args=[draft.pk]), {"file": bad}, follow=True)
    assert "x.png: 파일 이름은 .png로 끝나지만 내용이 PNG 파일이 아닙니다" in (
        response.content.decode()
    )  # the shared upload check names the file and the mismatch
    submitted = submit(cycle, resident)
    member = make_resident(places["geumcheon"], places["doksan"])
    _committee, _subcommittee, support = link_bodies(cycle, manager)
    enrol(manager, support, member)
    url = _url("proposal", cycle, submitted.number)
    assert _client(make_resident(places["gwanak"])).post(url, {"body": "x"}).status_code == 403
    _client(member).post(url, {"body": "위치를 구체적으로 적어 주세요", "is_suggestion": "on"})
    assert Comment.objects.get().is_suggestion
    assert "위치를 구체적으로" in _client().get(url).content.decode()
    author.post(reverse("budgeting:withdraw", args=[submitted.pk]))
    assert Proposal.objects.get(pk=submitted.pk).status == "withdrawn"
    assert _client().get(url).status_code == 404


def test_offline_intake_by_an_official(cycle: Cycle, manager: Any, resident: Any) -> None:
    client = _client(manager)
    url = reverse("budgeting:offline_new", args=[cycle.pk])
    data = {
        "title": "종이 제안",
        "description": "주민센터 접수",
        "group": cycle.groups.get(code="parks").pk,
        "type": cycle.types.get(code="program").pk,
        "estimated_cost_won": "30000000",
        "address": "시흥동",
        "proposer_name": "홍길동",
    }
    response = client.post(url, data)
    assert "20,000,000" in response.content.decode()
    data["estimated_cost_won"] = "9000000"
    assert client.post(url, data).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == "submitted" and proposal.offline_proposer == "홍길동"
    page = _client().get(_url("proposal", cycle, proposal.number)).content.decode()
    assert "홍길동" not in page
    assert _client(resident).get(url).status_code == 404


def test_proposal_list_shows_every_change_on_the_next_request(
    cycle: Cycle, resident: Any, manager: Any
) -> None:
    """The list's body is kept in the cache under a key of all it shows (issue 23): a new
    proposal, a screening (status and adjusted cost), a renamed group (even by a bulk update,
    which no signal sees) and a withdrawal show at once, in both languages."""
    url = _url("proposals", cycle)
    korean, english = _client(), _client(lang="en")
    assert "제안 0건" in korean.get(url).content.decode()  # no row to count: none
    first = submit(cycle, resident)
    page = korean.get(url).content.decode()
    assert "가산동 쌈지공원 조성" in page and "제안 1건" in page
    assert "1 proposal" in english.get(url).content.decode()
    submit(cycle, resident, title="독산동 놀이터 그늘막", group="welfare")
    page = korean.get(url).content.decode()
    assert "독산동 놀이터 그늘막" in page and "제안 2건" in page
    assert "2 proposals" in english.get(url).content.decode()
    found = korean.get(url + "?q=놀이터").content.decode()
    assert "독산동 놀이터 그늘막" in found and "가산동 쌈지공원 조성" not in found
    third = submit(cycle, resident, title="시흥동 쉼터 의자")
    assert "제안 3건" in korean.get(url).content.decode()
    services.proposal_withdraw(actor=resident, proposal=third)
    page = korean.get(url).content.decode()
    assert "시흥동 쉼터 의자" not in page and "제안 2건" in page
    cycle = advance_to(cycle, manager, "screening")
    services.proposal_screen(
        actor=manager,
        proposal=first,
        decision="feasible",
        department="공원녹지과",
        adjusted_cost_won=40_000_000,
    )
    page = korean.get(url).content.decode()
    assert "40,000,000" in page and "50,000,000" in page  # the other one keeps its estimate
    assert page.count('class="badge ok">') == 1
    assert 'class="badge ok">Feasible' in english.get(url).content.decode()
    cycle.groups.filter(code="parks").update(name="공원과 숲", name_en="Parks and woods")
    assert "공원과 숲" in korean.get(url).content.decode()
    assert "Parks and woods" in english.get(url).content.decode()


def test_the_list_shows_a_general_project_without_a_type(cycle: Cycle, resident: Any) -> None:
    """A general-participation project (일반참여) has no proposal type: the list (and its
    cache key) shows it with an empty type, not a server error."""
    first = submit(cycle, resident)
    Proposal.objects.filter(pk=first.pk).update(type=None, track="general", status="feasible")
    response = _client().get(_url("proposals", cycle))
    assert response.status_code == 200
    assert "가산동 쌈지공원 조성" in response.content.decode()


def test_the_neighbourhood_filter_reads_the_current_dongs(cycle: Cycle) -> None:
    """The filter's neighbourhoods are read through a plan compiled once per process
    (``sqlplan``): the ORM's rows in the ORM's order, and a new neighbourhood is offered on
    the next request (only the SQL is kept)."""
    from maeul.budgeting.forms import ProposalFilterForm
    from maeul.places.models import Municipality, MunicipalityKind

    def offered() -> list[tuple[Any, Any]]:
        return list(ProposalFilterForm(cycle=cycle).fields["dong"].choices)[1:]  # type: ignore[attr-defined]

    def expected() -> list[tuple[Any, Any]]:
        rows = Municipality.objects.filter(parent=cycle.municipality)
        return [(m.slug, m.display_name) for m in rows]

    assert offered() == expected() and len(expected()) > 1
    Municipality.objects.create(
        slug="geumcheon-siheung-9-dong",
        name="가나다동",
        name_en="Ganada-dong",
        kind=MunicipalityKind.DONG,
        parent=cycle.municipality,
    )
    assert ("geumcheon-siheung-9-dong", "가나다동") in offered()
    assert offered() == expected()
