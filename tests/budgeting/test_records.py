"""Figures from records (issue 21, item 5): a cycle's adopted and executed amounts and its
execution rate are computed from its projects' records (``Execution``), for cycles run before
Maeul too once their project list is recorded; the stored summary is kept only for what the
records cannot give. A running cycle is shown as running, not as "0 adopted"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from maeul.auditlog.models import AuditEntry
from maeul.budgeting import selectors, services
from maeul.budgeting.models import Cycle, Execution, ExecutionStatus, Phase, Proposal
from maeul.budgeting.services.records import ReportedProject, reported_projects_record
from maeul.core.errors import Conflict, ServiceError

from .conftest import advance_to

FIGURES = {
    "proposals": 116,
    "proposed_amount_won": 4_817_000_000,
    "adopted": 35,
    "adopted_amount_won": 906_000_000,
    "executed_amount_won": 766_000_000,
    "mobile_voters": 2_649,
}


def _reported(actor: Any, municipality: Any, **changes: Any) -> Cycle:
    figures = {**FIGURES, **changes}
    return services.cycle_record_reported(
        actor=actor,
        municipality=municipality,
        cycle_year=2018,
        budget_year=2019,
        title="2019년도 주민참여예산",
        total_amount_won=figures["adopted_amount_won"],
        phase=Phase.CLOSED,
        figures=figures,
    )


def _projects(executed_total: int = 766_000_000) -> list[ReportedProject]:
    """35 projects: 34 of 26 million won and one of 22 (906 million); what is executed is
    short on the last projects so that the records add up to ``executed_total``."""
    amounts = [26_000_000] * 34 + [22_000_000]
    assert sum(amounts) == 906_000_000
    short = sum(amounts) - executed_total
    projects = []
    for index, amount in enumerate(amounts):
        left = min(short, amount - 1_000_000)
        short -= left
        executed = amount - left
        projects.append(
            ReportedProject(
                title=f"사업 {index + 1}",
                adopted_amount_won=amount,
                executions=[
                    (dt.date(2019, 4, 1), executed // 2),
                    (dt.date(2019, 11, 1), executed - executed // 2),
                ],
            )
        )
    return projects


@pytest.fixture
def admin(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["geumcheon"], "administrator")


def test_geumcheon_2018_rate_is_computed_from_35_project_records(
    places: dict[str, Any], admin: Any
) -> None:
    cycle = _reported(admin, places["geumcheon"])
    before = selectors.cycle_figures(cycle)
    assert (before.adopted_from, before.executed_from) == ("reported", "reported")

    created = reported_projects_record(actor=admin, cycle=cycle, projects=_projects())

    assert len(created) == 35
    assert Execution.objects.filter(proposal__cycle=cycle).count() == 70
    row = selectors.cycle_figures(cycle)
    assert (row.adopted, row.adopted_amount_won) == (35, 906_000_000)
    assert row.executed_amount_won == 766_000_000
    assert row.execution_rate == "84.5"
    assert (row.adopted_from, row.executed_from, row.executed_projects) == (
        "records",
        "records",
        35,
    )
    # What the records cannot give stays the reported figure.
    assert (row.proposals, row.proposed_amount_won, row.mobile_voters) == (
        116,
        4_817_000_000,
        2_649,
    )
    assert AuditEntry.objects.filter(kind="budgeting.reported_projects").count() == 1


def test_a_corrected_record_changes_the_figure(places: dict[str, Any], admin: Any) -> None:
    """The figure follows the records, not the stored number: a record removed (a correction
    made in the database by a migration, say) shows at once."""
    cycle = _reported(admin, places["geumcheon"])
    reported_projects_record(actor=admin, cycle=cycle, projects=_projects())
    last = Execution.objects.filter(proposal__cycle=cycle).order_by("-executed_on", "-pk").first()
    assert last is not None
    Execution.objects.filter(pk=last.pk).delete()
    row = selectors.cycle_figures(cycle)
    assert row.executed_amount_won == 766_000_000 - last.amount_won
    assert row.execution_rate != "84.5"


@pytest.mark.parametrize(
    ("projects", "field"),
    [
        (_projects()[:34], "projects"),  # one project missing
        (
            [*_projects()[:34], ReportedProject("사업 35", 23_000_000, [(dt.date(2019, 5, 1), 1)])],
            "projects",
        ),  # a million too much
        (_projects(executed_total=765_000_000), "executions"),  # records short of the report
    ],
)
def test_a_list_that_does_not_add_up_is_refused_whole(
    places: dict[str, Any], admin: Any, projects: list[ReportedProject], field: str
) -> None:
    cycle = _reported(admin, places["geumcheon"])
    with pytest.raises(ServiceError) as error:
        reported_projects_record(actor=admin, cycle=cycle, projects=projects)
    assert error.value.field == field
    assert not Proposal.objects.filter(cycle=cycle).exists()
    assert not Execution.objects.exists()
    assert selectors.cycle_figures(cycle).executed_from == "reported"


def test_a_project_executed_above_its_amount_is_refused(places: dict[str, Any], admin: Any) -> None:
    cycle = _reported(admin, places["geumcheon"])
    projects = _projects()
    projects[0] = ReportedProject("사업 1", 26_000_000, [(dt.date(2019, 4, 1), 27_000_000)])
    with pytest.raises(ServiceError, match="27,000,000"):
        reported_projects_record(actor=admin, cycle=cycle, projects=projects)
    assert not Proposal.objects.filter(cycle=cycle).exists()


def test_records_are_taken_once_and_only_for_reported_cycles(
    places: dict[str, Any], admin: Any, setup_cycle: Cycle
) -> None:
    cycle = _reported(admin, places["geumcheon"])
    reported_projects_record(actor=admin, cycle=cycle, projects=_projects())
    with pytest.raises(Conflict):
        reported_projects_record(actor=admin, cycle=cycle, projects=_projects())
    with pytest.raises(Conflict):  # a cycle run in Maeul adopts its projects by its result
        reported_projects_record(actor=admin, cycle=setup_cycle, projects=_projects())


def test_only_the_districts_managers_record_projects(
    places: dict[str, Any], admin: Any, make_official: Any, make_resident: Any
) -> None:
    cycle = _reported(admin, places["geumcheon"])
    for outsider in (
        make_official(places["gwanak"], "administrator"),
        make_official(places["geumcheon"], "reviewer"),
        make_resident(places["geumcheon"]),
    ):
        with pytest.raises(PermissionDenied):
            reported_projects_record(actor=outsider, cycle=cycle, projects=_projects())
    assert not Proposal.objects.filter(cycle=cycle).exists()


def test_a_reported_cycle_without_an_executed_figure_gets_it_from_records(
    places: dict[str, Any], admin: Any
) -> None:
    """The 2019 cycle reported its execution as "in progress": once recorded, its executed
    amount is the sum of its records."""
    cycle = _reported(admin, places["geumcheon"], executed_amount_won=None)
    assert selectors.cycle_figures(cycle).executed_amount_won is None
    reported_projects_record(actor=admin, cycle=cycle, projects=_projects(800_000_000))
    row = selectors.cycle_figures(cycle)
    assert (row.executed_amount_won, row.execution_rate) == (800_000_000, "88.3")


def test_running_cycle_shows_as_running_not_zero_adopted(
    client: Client, places: dict[str, Any], admin: Any, cycle: Cycle, manager: Any
) -> None:
    _reported(admin, places["geumcheon"])
    advance_to(cycle, manager, Phase.VOTING)
    rows = {r.cycle.cycle_year: r for r in selectors.history(places["geumcheon"])}
    assert rows[2021].running and rows[2021].adopted is None
    assert not rows[2018].running and rows[2018].adopted == 35

    body = client.get(reverse("budgeting:history", args=["seoul-geumcheon-gu"])).content.decode()
    assert body.count('data-testid="pb-running"') == 1
    assert "진행 중(주민투표): 아직 채택된 사업 없음" in body
    csv = client.get(reverse("budgeting:history", args=["seoul-geumcheon-gu"]) + "?format=csv")
    line = next(ln for ln in csv.content.decode("utf-8-sig").splitlines() if ",2021,2022," in ln)
    assert ",,," in line  # adopted, adopted amount and executed left empty, not 0


def test_cycle_page_says_where_each_figure_comes_from(
    client: Client, places: dict[str, Any], admin: Any
) -> None:
    cycle = _reported(admin, places["geumcheon"])
    url = reverse("budgeting:cycle", args=["seoul-geumcheon-gu", 2018])
    assert "보고" in client.get(url).content.decode()
    reported_projects_record(actor=admin, cycle=cycle, projects=_projects())
    body = client.get(url).content.decode()
    assert "사업 35건의 기록" in body
    assert "766.0백만원 (84.5%)" in body
    assert "사업 35건의 집행 기록" in body
    execution = client.get(reverse("budgeting:execution", args=["seoul-geumcheon-gu", 2018]))
    assert "84.5" in execution.content.decode()


def test_demo_geumcheon_figures_come_from_records(client: Client, shared_demo: None) -> None:
    """The golden figures of the demo (SPEC §1): 2018 from its 35 projects' records, 766 of
    906 million won, 84.5%; the 2019 and 2020 cycles' projects are recorded without payments."""
    from maeul.places.models import Municipality

    geumcheon = Municipality.objects.get(slug="seoul-geumcheon-gu")
    rows = {r.cycle.cycle_year: r for r in selectors.history(geumcheon)}
    r2018, r2019, r2020 = rows[2018], rows[2019], rows[2020]
    assert (r2018.adopted, r2018.adopted_amount_won, r2018.executed_amount_won) == (
        35,
        906_000_000,
        766_000_000,
    )
    assert r2018.execution_rate == "84.5"
    assert (r2018.adopted_from, r2018.executed_from, r2018.executed_projects) == (
        "records",
        "records",
        35,
    )
    assert (r2018.proposals, r2018.proposed_amount_won, r2018.mobile_voters) == (
        116,
        4_817_000_000,
        2_649,
    )
    assert (r2019.adopted, r2019.adopted_amount_won) == (41, 842_000_000)
    assert (r2020.adopted, r2020.adopted_amount_won) == (39, 987_000_000)
    for row in (r2019, r2020):
        # The plan reports these as in progress and not begun: projects recorded, no payments,
        # and no executed amount invented for them.
        assert row.adopted_from == "records"
        assert row.executed_amount_won is None and row.execution_rate == ""
        assert not Execution.objects.filter(proposal__cycle=row.cycle).exists()
    closed_projects = Proposal.objects.filter(cycle=r2018.cycle)
    assert {p.execution_status for p in closed_projects} == {ExecutionStatus.COMPLETED}

    # The cycles of the present that are before their result show as running.
    running = [r for r in rows.values() if r.running]
    assert running and all(r.cycle.phase in (Phase.VOTING, Phase.PROPOSALS) for r in running)

    body = client.get(reverse("budgeting:history", args=["seoul-geumcheon-gu"])).content.decode()
    assert "84.5%" in body
    assert body.count('data-testid="pb-running"') == len(running)


def _csv(projects: list[ReportedProject]) -> bytes:
    lines = ["사업명,편성액,집행일,집행액"]
    for p in projects:
        for day, amount in p.executions:
            lines.append(f"{p.title},{p.adopted_amount_won},{day.isoformat()},{amount}")
        if not p.executions:
            lines.append(f"{p.title},{p.adopted_amount_won},,")
    return "\n".join(lines).encode("utf-8")


def _upload(client: Client, cycle: Cycle, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("budgeting:reported_upload", args=[cycle.pk]),
        {"file": SimpleUploadedFile("projects.csv", data, content_type="text/csv")},
    )


def test_an_official_uploads_the_project_list(
    places: dict[str, Any], admin: Any, make_official: Any
) -> None:
    cycle = _reported(admin, places["geumcheon"])
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("budgeting:cycle", args=["seoul-geumcheon-gu", 2018]))
    assert reverse("budgeting:reported_upload", args=[cycle.pk]) in page.content.decode()

    # A bad cell: the row and column are named, nothing is written.
    bad = _csv(_projects()).replace(b"2019-04-01", b"2019-13-01", 1)
    response = _upload(client, cycle, bad)
    assert response.status_code == 200
    assert "2019-13-01" in response.content.decode()
    assert not Proposal.objects.filter(cycle=cycle).exists()
    # Not adding up to the reported totals: the difference is named.
    response = _upload(client, cycle, _csv(_projects()[:34]))
    assert "목록은 34건" in response.content.decode()
    assert not Proposal.objects.filter(cycle=cycle).exists()

    response = _upload(client, cycle, _csv(_projects()))
    assert response.status_code == 302
    row = selectors.cycle_figures(cycle)
    assert (row.adopted, row.executed_amount_won, row.execution_rate) == (35, 766_000_000, "84.5")
    assert row.executed_from == "records"
    # Once recorded, the page no longer offers the upload; a second upload is refused.
    page = client.get(reverse("budgeting:cycle", args=["seoul-geumcheon-gu", 2018]))
    assert reverse("budgeting:reported_upload", args=[cycle.pk]) not in page.content.decode()
    assert "이미 기록되어" in _upload(client, cycle, _csv(_projects())).content.decode()

    # Anyone but the district's managers: 404, like a missing cycle.
    outsider = Client()
    outsider.force_login(make_official(places["gwanak"], "administrator"))
    assert _upload(outsider, cycle, _csv(_projects())).status_code == 404
    assert outsider.get(reverse("budgeting:reported_upload", args=[cycle.pk])).status_code == 404


def test_the_parser_groups_payments_by_project() -> None:
    from maeul.budgeting.records_import import parse_reported_projects
    from maeul.core.tabular import TableInvalid

    data = (
        "사업명,편성액,집행일,집행액\n"
        "가 사업,10000000,2019-04-01,4000000\n"
        "가 사업,10000000,2019-11-01,6000000\n"
        "나 사업,5000000,,\n"
    ).encode()
    first, second = parse_reported_projects(data)
    assert first.executions == ((dt.date(2019, 4, 1), 4_000_000), (dt.date(2019, 11, 1), 6_000_000))
    assert first.status == ExecutionStatus.COMPLETED
    assert (second.executions, second.status) == ((), ExecutionStatus.IN_PROGRESS)
    with pytest.raises(TableInvalid) as error:
        parse_reported_projects(
            "사업명,편성액,집행일,집행액\n가,10,2019-04-01,5\n가,11,,\n나,5,2019-04-01,\n".encode()
        )
    message = str(error.value.message)
    assert "3행" in message and "4행" in message and "2행" not in message
