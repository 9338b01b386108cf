"""Issue 21 item 2: the general assembly (총회), the education/youth group run with the youth
council, the budget school's figures and the coded screening reasons with their published
count and the ``screening-reasons`` export."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from maeul.auditlog.models import AuditEntry
from maeul.budgeting import cycle_facts, services
from maeul.budgeting.exports import REASON_COLUMNS
from maeul.budgeting.models import (
    CategoryGroup,
    Cycle,
    GeneralAssembly,
    Phase,
    Proposal,
    ProposalStatus,
    ScreeningReason,
)
from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.exports.registry import get_table
from maeul.voting import interface as voting_interface

from .conftest import advance_to, enrol, submit


def _keys(response: Any) -> dict[str, str]:
    return dict(re.findall(r'name="(key-[a-z]+)" value="([^"]+)"', response.content.decode()))


# ---------------------------------------------------------------- coded screening reasons


@pytest.fixture
def reasons(places: dict[str, Any], manager: Any) -> dict[str, ScreeningReason]:
    out = {}
    for order, (code, label, label_en) in enumerate(
        [
            ("over-cap", "사업비 한도 초과", "Over the cap"),
            ("not-competence", "구 소관 사무가 아님", "Not a district competence"),
            ("duplicate", "기존 사업과 중복", "Duplicates an existing project"),
        ]
    ):
        out[code] = services.screening_reason_save(
            actor=manager,
            municipality=places["geumcheon"],
            code=code,
            label=label,
            label_en=label_en,
            sort_order=order,
        )
    return out


@pytest.fixture
def gwanak_reason(places: dict[str, Any], make_official: Any) -> ScreeningReason:
    official = make_official(places["gwanak"], "programme_manager")
    return services.screening_reason_save(
        actor=official, municipality=places["gwanak"], code="over-cap", label="한도 초과"
    )


def _screening(cycle: Cycle, manager: Any, resident: Any, n: int) -> list[Proposal]:
    proposals = [submit(cycle, resident, title=f"제안 {i}", cost=10_000_000) for i in range(n)]
    advance_to(cycle, manager, Phase.SCREENING)
    return proposals


def test_reasons_are_counted_per_cycle_and_exported(
    cycle: Cycle, manager: Any, resident: Any, reasons: dict[str, ScreeningReason]
) -> None:
    p = _screening(cycle, manager, resident, 6)
    screen = services.proposal_screen
    screen(actor=manager, proposal=p[0], decision="infeasible", department="교통행정과",
           reason_code=reasons["not-competence"], reason="철도공사 소관")  # fmt: skip
    screen(actor=manager, proposal=p[1], decision="infeasible", department="교통행정과",
           reason_code=reasons["not-competence"])  # fmt: skip
    screen(actor=manager, proposal=p[2], decision="infeasible", department="복지정책과",
           reason_code=reasons["over-cap"], reason="운영비 포함 1억원 초과")  # fmt: skip
    screen(actor=manager, proposal=p[3], decision="merged", department="복지정책과",
           merged_into=p[4], reason_code=reasons["duplicate"])  # fmt: skip
    screen(actor=manager, proposal=p[4], decision="feasible", department="복지정책과")
    # A reason written before the list existed stays as text, with no code.
    Proposal.objects.filter(pk=p[5].pk).update(
        status=ProposalStatus.INFEASIBLE, screening_reason="예전에 글로 적은 사유"
    )
    counts = {(r.code, r.proposals) for r in cycle_facts.reason_counts(cycle)}
    assert counts == {("over-cap", 1), ("not-competence", 2), ("duplicate", 1), ("", 1)}
    stored = Proposal.objects.get(pk=p[0].pk)
    assert stored.screening_code == reasons["not-competence"]
    assert stored.screening_reason == "철도공사 소관"  # the free text beside the code
    # The author reads the list's label with the official's words in their history.
    event = stored.history.get(kind="infeasible")
    assert event.reason == "구 소관 사무가 아님: 철도공사 소관"
    page = (
        Client()
        .get(reverse("budgeting:proposal", args=["seoul-geumcheon-gu", 2021, stored.number]))
        .content.decode()
    )
    assert "구 소관 사무가 아님</strong><br>철도공사 소관" in page
    entry = AuditEntry.objects.filter(kind="budgeting.proposal_screened").first()
    assert entry is not None and "reason_code" in entry.data

    table = get_table("screening-reasons")
    assert ",".join(table.names) == "municipality,cycle_year,reason,proposals"
    assert table.columns == REASON_COLUMNS
    rows = sorted(list(row) for row in table.rows(cycle.municipality))
    assert rows == [
        ["금천구", 2021, "", 1],
        ["금천구", 2021, "duplicate", 1],
        ["금천구", 2021, "not-competence", 2],
        ["금천구", 2021, "over-cap", 1],
    ]
    assert sorted(list(r) for r in table.rows(None)) == rows


def test_the_count_by_reason_is_published_on_the_cycle_page(
    cycle: Cycle, manager: Any, resident: Any, reasons: dict[str, ScreeningReason]
) -> None:
    p = _screening(cycle, manager, resident, 2)
    for proposal in p:
        services.proposal_screen(
            actor=manager,
            proposal=proposal,
            decision="infeasible",
            department="교통행정과",
            reason_code=reasons["over-cap"],
        )
    url = reverse("budgeting:cycle", args=["seoul-geumcheon-gu", 2021])
    body = Client().get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "사업비 한도 초과" in body and 'class="num">2</td>' in body
    english = Client()
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Over the cap" in english.get(url).content.decode()


def test_an_official_cannot_pick_another_municipalitys_code(
    cycle: Cycle,
    manager: Any,
    resident: Any,
    reasons: dict[str, ScreeningReason],
    gwanak_reason: ScreeningReason,
) -> None:
    (p,) = _screening(cycle, manager, resident, 1)
    with pytest.raises(ServiceError) as error:
        services.proposal_screen(
            actor=manager,
            proposal=p,
            decision="infeasible",
            department="교통행정과",
            reason_code=gwanak_reason,
        )
    assert error.value.field == "reason_code" and "금천구" in error.value.message
    assert Proposal.objects.get(pk=p.pk).status == ProposalStatus.SUBMITTED
    # The screening page offers only the own list, and refuses a forged id with a message.
    client = Client()
    client.force_login(manager)
    url = reverse("budgeting:screen", args=[p.pk])
    page = client.get(url).content.decode()
    assert "사업비 한도 초과" in page and "한도 초과</option>" not in page.replace(
        "사업비 한도 초과", ""
    )
    response = client.post(
        url,
        {"decision": "infeasible", "department": "교통행정과", "reason_code": gwanak_reason.pk},
    )
    assert response.status_code == 200
    assert "이 자치단체의 사유 목록에서 고르세요." in response.content.decode()
    assert Proposal.objects.get(pk=p.pk).status == ProposalStatus.SUBMITTED


@pytest.mark.parametrize(
    ("decision", "code", "text", "field", "ko", "en"),
    [
        (
            "infeasible",
            None,
            "사유만 글로",
            "reason_code",
            "부적격 사유를 목록에서 고르세요.",
            "Choose the reason why the proposal is infeasible from the list.",
        ),
        (
            "feasible",
            "over-cap",
            "",
            "reason_code",
            "적격 제안에는 목록의 사유를 고르지 않습니다. 비워 두세요.",
            "A feasible proposal takes no reason from the list; leave it empty.",
        ),
        (
            "infeasible",
            "retired",
            "",
            "reason_code",
            "retired 사유는 더 이상 쓰지 않습니다. 다른 사유를 고르세요.",
            "The reason retired is no longer offered; choose another.",
        ),
    ],
)
def test_bad_screening_input_is_explained_in_both_languages(
    cycle: Cycle,
    manager: Any,
    resident: Any,
    reasons: dict[str, ScreeningReason],
    places: dict[str, Any],
    decision: str,
    code: str | None,
    text: str,
    field: str,
    ko: str,
    en: str,
) -> None:
    services.screening_reason_save(
        actor=manager,
        municipality=places["geumcheon"],
        code="retired",
        label="폐지된 사유",
        active=False,
    )
    (p,) = _screening(cycle, manager, resident, 1)
    chosen = (
        ScreeningReason.objects.get(code=code, municipality=places["geumcheon"]) if code else None
    )
    for language, message in (("ko", ko), ("en", en)):
        with translation.override(language), pytest.raises(ServiceError) as error:
            services.proposal_screen(
                actor=manager,
                proposal=p,
                decision=decision,
                department="교통행정과",
                reason=text,
                reason_code=chosen,
            )
        assert (error.value.field, error.value.message) == (field, message)


def test_reason_list_input_is_checked(
    places: dict[str, Any], manager: Any, reasons: dict[str, ScreeningReason], make_official: Any
) -> None:
    geumcheon = places["geumcheon"]
    cases = [
        ({"code": "Over Cap", "label": "x"}, "code"),
        ({"code": "", "label": "x"}, "code"),
        ({"code": "ok-code", "label": "  "}, "label"),
        ({"code": "ok-code", "label": "가" * 121}, "label"),
    ]
    for fields, field in cases:
        with pytest.raises(ServiceError) as error:
            services.screening_reason_save(actor=manager, municipality=geumcheon, **fields)
        assert error.value.field == field
    with pytest.raises(Conflict) as conflict:
        services.screening_reason_save(
            actor=manager, municipality=geumcheon, code="over-cap", label="다시"
        )
    assert "over-cap" in conflict.value.message
    # Another district's official keeps their own list, not Geumcheon-gu's.
    gwanak = make_official(places["gwanak"], "administrator")
    with pytest.raises(PermissionDenied):
        services.screening_reason_save(
            actor=gwanak, municipality=geumcheon, code="new-code", label="새 사유"
        )
    with pytest.raises(ServiceError):
        services.screening_reason_save(
            actor=gwanak,
            municipality=places["gwanak"],
            reason=reasons["over-cap"],
            code="over-cap",
            label="가로채기",
        )
    assert ScreeningReason.objects.get(pk=reasons["over-cap"].pk).label == "사업비 한도 초과"
    # Retiring keeps the reason (and past counts) but stops offering it.
    retired = services.screening_reason_save(
        actor=manager,
        municipality=geumcheon,
        reason=reasons["duplicate"],
        code="duplicate",
        label="기존 사업과 중복",
        active=False,
    )
    assert not retired.active and ScreeningReason.objects.filter(code="duplicate").exists()
    assert AuditEntry.objects.filter(kind="budgeting.screening_reason_saved").count() == 4


def test_reasons_pages_are_scoped_and_explain_bad_input(
    places: dict[str, Any], manager: Any, reasons: dict[str, ScreeningReason], make_official: Any
) -> None:
    url = reverse("budgeting:reasons", args=["seoul-geumcheon-gu"])
    client = Client()
    client.force_login(manager)
    page = client.get(url)
    assert page.status_code == 200 and "not-competence" in page.content.decode()
    bad = client.post(url, {"code": "한도", "label": "x", "sort_order": 0, "active": "on"})
    assert bad.status_code == 200
    assert "코드는 영문 소문자" in bad.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    bad = client.post(url, {"code": "x y", "label": "x", "sort_order": 0})
    assert "The code is 1 to 30 lowercase letters" in bad.content.decode()
    client.post(reverse("set_language"), {"language": "ko", "next": "/"})
    assert ScreeningReason.objects.count() == 3
    good = client.post(
        url,
        {
            "code": "recurring-cost",
            "label": "경상적 경비",
            "label_en": "Recurring cost",
            "sort_order": 3,
            "active": "on",
        },  # fmt: skip
    )
    assert good.status_code == 302 and ScreeningReason.objects.count() == 4
    edit = reverse("budgeting:reason_edit", args=["seoul-geumcheon-gu", reasons["over-cap"].pk])
    assert client.get(edit).status_code == 200
    # Other officials, residents and visitors: 404 or the login page, never the list.
    gwanak = make_official(places["gwanak"], "administrator")
    auditor = make_official(places["geumcheon"], "auditor")
    for user, status in ((gwanak, 404), (auditor, 404)):
        other = Client()
        other.force_login(user)
        assert other.get(url).status_code == status
        assert other.get(edit).status_code == status
    assert Client().get(url).status_code == 302
    gwanak_client = Client()
    gwanak_client.force_login(gwanak)
    foreign = reverse("budgeting:reason_edit", args=["seoul-gwanak-gu", reasons["over-cap"].pk])
    assert gwanak_client.get(foreign).status_code == 404


# ---------------------------------------------------------------- general assembly


def test_the_general_assembly_is_recorded_and_shown(
    cycle: Cycle, manager: Any, places: dict[str, Any], make_official: Any
) -> None:
    assembly = services.assembly_record(
        actor=manager,
        cycle=cycle,
        held_on=dt.date(2021, 8, 30),
        online=True,
        attendance=212,
        decisions=["  선정 사업 39건 확정 ", "", "2022년 예산학교 온라인 운영"],
        place="온라인 화상총회",
    )
    assert assembly.decisions == ["선정 사업 39건 확정", "2022년 예산학교 온라인 운영"]
    assert AuditEntry.objects.filter(kind="budgeting.assembly_recorded").count() == 1
    body = Client().get(reverse("budgeting:cycle", args=["seoul-geumcheon-gu", 2021])).content
    text = body.decode()
    assert "총회" in text and "212" in text and "선정 사업 39건 확정" in text
    assert "온라인" in text
    api = Client().get(f"/api/pb/cycles/{cycle.pk}/records").json()
    assert api["assemblies"] == [
        {
            "held_on": "2021-08-30",
            "online": True,
            "place": "온라인 화상총회",
            "attendance": 212,
            "decisions": ["선정 사업 39건 확정", "2022년 예산학교 온라인 운영"],
        }
    ]
    with pytest.raises(Conflict):
        services.assembly_record(
            actor=manager, cycle=cycle, held_on=dt.date(2021, 8, 30), online=False
        )
    for kwargs, field in (
        ({"attendance": -1}, "attendance"),
        ({"held_on": dt.date(2015, 1, 1)}, "held_on"),
        ({"decisions": ["가" * 301]}, "decisions"),
        ({"decisions": [f"{i}" for i in range(31)]}, "decisions"),
    ):
        with pytest.raises(ServiceError) as error:
            services.assembly_record(
                actor=manager,
                cycle=cycle,
                **{"held_on": dt.date(2021, 9, 1), "online": False, **kwargs},
            )
        assert error.value.field == field
    gwanak = make_official(places["gwanak"], "administrator")
    with pytest.raises(PermissionDenied):
        services.assembly_record(
            actor=gwanak, cycle=cycle, held_on=dt.date(2021, 9, 2), online=False
        )
    assert GeneralAssembly.objects.count() == 1


def test_the_assembly_page_is_for_the_cycles_managers(
    cycle: Cycle, manager: Any, places: dict[str, Any], make_official: Any
) -> None:
    url = reverse("budgeting:assembly_new", args=[cycle.pk])
    client = Client()
    client.force_login(manager)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"held_on": "2021-08-30", "attendance": "-3"})
    assert bad.status_code == 200 and GeneralAssembly.objects.count() == 0
    far = client.post(url, {"held_on": "2010-08-30"})
    assert "2021년 주기의 총회는" in far.content.decode()
    ok = client.post(
        url, {"held_on": "2021-08-30", "online": "on", "decisions": "사업 확정\n\n예산학교"}
    )
    assert ok.status_code == 302
    assert GeneralAssembly.objects.get().decisions == ["사업 확정", "예산학교"]
    for roles in (("reviewer",), ("auditor",)):
        other = Client()
        other.force_login(make_official(places["geumcheon"], *roles))
        assert other.get(url).status_code == 404
    other = Client()
    other.force_login(make_official(places["gwanak"], "administrator"))
    assert other.get(url).status_code == 404


# ---------------------------------------------------------------- the youth council's group


@pytest.fixture
def youth_council(cycle: Cycle, manager: Any) -> Any:
    from maeul.governance import services as governance

    return governance.body_create(
        actor=manager,
        municipality=cycle.municipality,
        name="금천구 청소년의회",
        kind="youth_council",
        min_gender_percent=None,
        min_civil_percent=None,
    )


@pytest.fixture
def youth(
    cycle: Cycle, manager: Any, youth_council: Any, places: dict[str, Any], make_resident: Any
) -> list[Any]:
    members = [
        make_resident(places["geumcheon"], places["gasan"], birth_year=2009) for _ in range(2)
    ]
    for member in members:
        enrol(manager, youth_council, member)
    education = cycle.groups.get(code="education")
    services.group_body_set(actor=manager, group=education, body=youth_council)
    return members


def test_only_the_youth_councils_members_propose_in_its_group(
    cycle: Cycle, manager: Any, resident: Any, youth: list[Any], youth_council: Any
) -> None:
    with pytest.raises(NotAllowed) as error:
        submit(cycle, resident, group="education")
    assert "금천구 청소년의회" in error.value.message
    with translation.override("en"), pytest.raises(NotAllowed) as error:
        submit(cycle, resident, group="education")
    assert error.value.message.startswith("Only members of 금천구 청소년의회 propose")
    client = Client()
    client.force_login(resident)
    form = client.get(reverse("budgeting:propose", args=["seoul-geumcheon-gu", 2021]))
    assert "교육·청소년 (금천구 청소년의회 위원만 제안)" in form.content.decode()
    assert submit(cycle, youth[0], group="education").status == ProposalStatus.SUBMITTED
    assert submit(cycle, resident, group="parks").status == ProposalStatus.SUBMITTED
    # A term that ended no longer counts.
    from maeul.governance.models import Membership

    Membership.objects.filter(user=youth[1]).update(
        term_end=timezone.localdate() - dt.timedelta(days=1)
    )
    with pytest.raises(NotAllowed):
        submit(cycle, youth[1], group="education")
    assert services.group_roll(cycle.groups.get(code="education")) == [youth[0]]


def test_the_group_is_tied_to_a_body_of_the_same_municipality_before_voting(
    cycle: Cycle, manager: Any, places: dict[str, Any], youth_council: Any
) -> None:
    from maeul.governance import services as governance

    gwanak_admin = Client()  # noqa: F841 - kept for symmetry with the page test below
    other = governance.body_create(
        actor=manager,
        municipality=places["geumcheon"],
        name="금천구 청소년의회 (복사)",
        kind="working_group",
        min_gender_percent=None,
        min_civil_percent=None,
    )
    Body = type(other)
    Body.objects.filter(pk=other.pk).update(municipality=places["gwanak"])
    other.refresh_from_db()
    education = cycle.groups.get(code="education")
    with pytest.raises(ServiceError) as error:
        services.group_body_set(actor=manager, group=education, body=other)
    assert error.value.field == "voting_body"
    services.group_body_set(actor=manager, group=education, body=youth_council)
    advance_to(cycle, manager, Phase.VOTING)
    with pytest.raises(Conflict):
        services.group_body_set(actor=manager, group=education, body=None)
    assert CategoryGroup.objects.get(pk=education.pk).voting_body_id == youth_council.pk


def test_groups_page_offers_only_the_municipalitys_bodies(
    cycle: Cycle, manager: Any, youth_council: Any, places: dict[str, Any], make_official: Any
) -> None:
    url = reverse("budgeting:groups", args=[cycle.pk])
    client = Client()
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert "금천구 청소년의회" in page
    education = cycle.groups.get(code="education")
    ok = client.post(url, {"group": education.pk, f"g{education.pk}-voting_body": youth_council.pk})
    assert ok.status_code == 302
    assert CategoryGroup.objects.get(pk=education.pk).voting_body_id == youth_council.pk
    bad = client.post(url, {"group": education.pk, f"g{education.pk}-voting_body": 999_999})
    assert "이 자치단체의 기구를 고르세요." in bad.content.decode()
    assert client.post(url, {"group": 999_999}).status_code == 404
    other = Client()
    other.force_login(make_official(places["gwanak"], "administrator"))
    assert other.get(url).status_code == 404
    shown = Client().get(reverse("budgeting:cycle", args=["seoul-geumcheon-gu", 2021]))
    assert "금천구 청소년의회" in shown.content.decode()


def test_only_the_youth_council_votes_in_its_group_and_the_cap_applies(
    cycle: Cycle, manager: Any, resident: Any, youth: list[Any]
) -> None:
    """The education group's poll is open to the council's members in term only; the other
    groups to every resident. In the result, the group's projects fit its 200,000,000 cap."""
    for cost, title in ((90_000_000, "진로박람회"), (80_000_000, "공부방"), (70_000_000, "동아리")):
        submit(cycle, youth[0], group="education", cost=cost, title=title)
    for cost, title in ((50_000_000, "쉼터"), (40_000_000, "꽃길")):
        submit(cycle, resident, group="parks", cost=cost, title=title)
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    for p in Proposal.objects.filter(cycle=cycle):
        services.proposal_screen(actor=manager, proposal=p, decision="feasible", department="x")
    cycle = advance_to(cycle, manager, Phase.VOTING)
    now = timezone.now()
    links = services.mobile_vote_open(
        actor=manager, cycle=cycle, opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
    )  # fmt: skip
    polls = {link.group.code: link.poll for link in links}
    assert set(polls) == {"education", "parks"}
    assert voting_interface.voting_problem(polls["education"], youth[0]) is None
    assert voting_interface.voting_problem(polls["education"], resident) is not None
    assert voting_interface.voting_problem(polls["parks"], resident) is None
    assert voting_interface.voting_problem(polls["parks"], youth[0]) is None
    # On the residents' ballot the council's group is left out for a non-member, named once
    # with why (on the first step and the summary, not on every step), and the other group's
    # ballot is cast as step 1 of 1.
    client = Client()
    client.force_login(resident)
    slug = "seoul-geumcheon-gu"
    first = client.get(reverse("budgeting:ballot_step", args=[slug, 2021, 1])).content.decode()
    assert "1/1 분야" in first and "쉼터" in first and "진로박람회" not in first
    note = "교육·청소년 분야는 투표 대상이 아닙니다: 금천구 청소년의회 위원만 투표합니다."
    assert first.count(note) == 1
    problem = voting_interface.voting_problem(polls["education"], resident)
    assert problem and problem not in first
    assert client.get(reverse("budgeting:ballot_step", args=[slug, 2021, 2])).status_code == 404
    cycle_page = client.get(reverse("budgeting:cycle", args=[slug, 2021])).content.decode()
    assert "1개 분야를 차례로 투표하기" in cycle_page and note in cycle_page
    parks = Proposal.objects.get(cycle=cycle, title="쉼터").number
    client.post(
        reverse("budgeting:ballot_step", args=[slug, 2021, 1]), {"project": [parks], "go": "next"}
    )
    summary = client.get(reverse("budgeting:ballot_summary", args=[slug, 2021]))
    assert summary.context["castable"] and summary.content.decode().count(note) == 1
    cast = client.post(reverse("budgeting:ballot_cast", args=[slug, 2021]), _keys(summary))
    assert len(re.findall(r'data-testid="receipt"', cast.content.decode())) == 1
    # A member of the council has both groups in the flow and no note.
    member = Client()
    member.force_login(youth[0])
    steps = [link.group.code for link in cycle.mobile_votes.order_by("group__sort_order")]
    page = member.get(reverse("budgeting:ballot_step", args=[slug, 2021, 1])).content.decode()
    assert f"1/{len(steps)} 분야" in page and "ballot-skipped" not in page

    numbers = {p.title: p.number for p in Proposal.objects.filter(cycle=cycle)}
    services.vote_counts_record(
        actor=manager,
        cycle=cycle,
        committee_voters=20,
        mobile_voters=2,
        counts={
            numbers["진로박람회"]: (18, 2),
            numbers["공부방"]: (15, 2),
            numbers["동아리"]: (10, 1),
            numbers["쉼터"]: (12, 1),
            numbers["꽃길"]: (9, 1),
        },
    )
    cycle = advance_to(cycle, manager, Phase.RESULTS)
    services.result_publish(actor=manager, run=services.result_compute(actor=manager, cycle=cycle))
    adopted = {p.title for p in Proposal.objects.filter(cycle=cycle, adopted=True)}
    assert {"진로박람회", "공부방"} <= adopted and "동아리" not in adopted  # 90+80 fit, +70 not
    education = sum(
        p.adopted_amount_won or 0
        for p in Proposal.objects.filter(cycle=cycle, adopted=True, group__code="education")
    )
    assert education == 170_000_000 <= 200_000_000


def test_no_poll_opens_when_the_council_has_no_member_with_an_account(
    cycle: Cycle, manager: Any, resident: Any, youth_council: Any
) -> None:
    education = cycle.groups.get(code="education")
    services.group_body_set(actor=manager, group=education, body=youth_council)
    enrol(manager, youth_council, None, name="계정 없는 위원")
    for cost, title in ((50_000_000, "쉼터"), (40_000_000, "꽃길")):
        submit(cycle, resident, group="parks", cost=cost, title=title)
    proposals = [
        services.proposal_record_offline(
            actor=manager,
            cycle=cycle,
            data={
                "title": f"청소년 제안 {i}",
                "description": "종이로 낸 제안",
                "address": "금천구",
                "group": education,
                "type": cycle.types.get(code="general"),
                "estimated_cost_won": 30_000_000,
            },
            proposer_name="청소년의회 위원",
        )
        for i in range(2)
    ]
    assert len(proposals) == 2  # the desk enters the council's paper proposals
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    for p in Proposal.objects.filter(cycle=cycle):
        services.proposal_screen(actor=manager, proposal=p, decision="feasible", department="x")
    cycle = advance_to(cycle, manager, Phase.VOTING)
    now = timezone.now()
    with pytest.raises(Conflict) as error:
        services.mobile_vote_open(
            actor=manager, cycle=cycle, opens_at=now, closes_at=now + dt.timedelta(days=1)
        )
    assert "금천구 청소년의회" in error.value.message
    assert not cycle.mobile_votes.exists()


# ---------------------------------------------------------------- budget school


def test_school_figures_come_from_the_sessions(cycle: Cycle, manager: Any) -> None:
    assert cycle_facts.school_figures(cycle) == cycle_facts.SchoolFigures(0, 0, 0, False)
    for held_on, attendance, online in (
        (dt.date(2021, 4, 1), 30, False),
        (dt.date(2021, 4, 8), 25, True),
    ):
        services.school_session_record(
            actor=manager,
            cycle=cycle,
            held_on=held_on,
            title="예산학교",
            attendance=attendance,
            online=online,
        )
    assert cycle_facts.school_figures(cycle) == cycle_facts.SchoolFigures(2, 55, 1, False)
    body = Client().get(reverse("budgeting:cycle", args=["seoul-geumcheon-gu", 2021])).content
    assert "2회, 55명" in body.decode()


# ---------------------------------------------------------------- the pages' permission matrix


def test_permission_matrix_of_the_new_pages(
    cycle: Cycle,
    manager: Any,
    resident: Any,
    places: dict[str, Any],
    make_official: Any,
    make_resident: Any,
    reasons: dict[str, ScreeningReason],
) -> None:
    """Only the managers of the cycle's municipality (programme managers, administrators,
    above it too: Seoul's administrator covers Geumcheon-gu) open the officials' pages;
    reviewers and auditors of the district, officials elsewhere and residents get 404,
    visitors the login page. The cycle page is public."""
    pages = [
        reverse("budgeting:assembly_new", args=[cycle.pk]),
        reverse("budgeting:groups", args=[cycle.pk]),
        reverse("budgeting:reasons", args=["seoul-geumcheon-gu"]),
        reverse("budgeting:reason_edit", args=["seoul-geumcheon-gu", reasons["over-cap"].pk]),
    ]
    actors = {
        "manager": (manager, 200),
        "administrator": (make_official(places["geumcheon"], "administrator"), 200),
        "city administrator": (make_official(places["seoul"], "administrator"), 200),
        "reviewer": (make_official(places["geumcheon"], "reviewer"), 404),
        "auditor": (make_official(places["geumcheon"], "auditor"), 404),
        "official elsewhere": (make_official(places["gwanak"], "administrator"), 404),
        "resident": (resident, 404),
        "resident elsewhere": (make_resident(places["gwanak"]), 404),
    }
    for name, (user, status) in actors.items():
        client = Client()
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == status, (name, url)
    for url in pages:
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    public = Client().get(reverse("budgeting:cycle", args=["seoul-geumcheon-gu", 2021]))
    assert public.status_code == 200
