"""The figures of the dashboard, the data book and the brief, built once from the public
tables (``maeul.publishing.catalogue``) so that a chart, its table, the download beside it
and the PDF all show the same numbers.

A :class:`Section` is one programme's figures for one municipality (and year): a table of
already formatted cells, the bars of its charts, and the public table it comes from. The
formatting is done here, once, so the text the PDF carries is the text the page shows (the
tests read the PDF back and compare).
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from maeul.places.models import Municipality
from maeul.pledges.models import PledgeStatus
from maeul.publishing.catalogue import Dataset, dataset


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    shown: str


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]


@dataclass
class Section:
    key: str
    title: str
    summary: str
    table_name: str
    headers: list[str]
    rows: list[list[str]]
    charts: list[Chart] = field(default_factory=list)
    highlights: list[tuple[str, str]] = field(default_factory=list)
    """(label, figure) pairs a reader takes away; the brief's cards show them."""

    @property
    def empty(self) -> bool:
        return not self.rows


def number(value: Any) -> str:
    """``1,234`` for a whole number; empty cells stay ``–``."""
    if value in (None, ""):
        return "–"
    return f"{int(value):,}"


def won(value: Any) -> str:
    if value in (None, ""):
        return "–"
    return f"{int(value):,}원"


def percent(value: Any) -> str:
    if value in (None, ""):
        return "–"
    return f"{Decimal(str(value))}%"


def _decimal(value: Any) -> Decimal:
    if value in (None, ""):
        return Decimal(0)
    return Decimal(str(value))


def _get(item: Dataset, row: Sequence[Any], name: str) -> Any:
    return row[item.table.names.index(name)]


def budgeting(municipality: Municipality, year: int | None) -> Section:
    item = dataset("pb-history", municipality, year)
    rows = sorted(item.rows, key=lambda r: _get(item, r, "cycle_year"))
    table = [
        [
            str(_get(item, r, "cycle_year")),
            number(_get(item, r, "proposals")),
            number(_get(item, r, "adopted")),
            won(_get(item, r, "adopted_amount_won")),
            won(_get(item, r, "executed_amount_won")),
            percent(_get(item, r, "execution_rate_percent")),
            number(_get(item, r, "mobile_voters")),
        ]
        for r in rows
    ]
    charts = []
    if rows:
        charts.append(
            Chart(
                _("Mobile voters by cycle year"),
                tuple(
                    Bar(
                        str(_get(item, r, "cycle_year")),
                        _decimal(_get(item, r, "mobile_voters")),
                        number(_get(item, r, "mobile_voters")),
                    )
                    for r in rows
                ),
            )
        )
        executed = [r for r in rows if _get(item, r, "execution_rate_percent") not in (None, "")]
        if executed:
            charts.append(
                Chart(
                    _("Execution rate by cycle year (executed ÷ adopted amount)"),
                    tuple(
                        Bar(
                            str(_get(item, r, "cycle_year")),
                            _decimal(_get(item, r, "execution_rate_percent")),
                            percent(_get(item, r, "execution_rate_percent")),
                        )
                        for r in executed
                    ),
                )
            )
    highlights = []
    if rows:
        total = sum(int(_get(item, r, "proposals") or 0) for r in rows)
        voters = sum(int(_get(item, r, "mobile_voters") or 0) for r in rows)
        highlights = [
            (_("Budget proposals received"), number(total)),
            (_("Mobile votes on the budget"), number(voters)),
        ]
    return Section(
        "budgeting",
        _("Participatory budgeting"),
        _("Proposals, adopted projects, execution and mobile voters of each cycle."),
        item.name,
        [
            _("Cycle year"),
            _("Proposals"),
            _("Adopted"),
            _("Adopted amount"),
            _("Executed amount"),
            _("Execution rate"),
            _("Mobile voters"),
        ],
        table,
        charts,
        highlights,
    )


def votes(municipality: Municipality, year: int | None) -> Section:
    item = dataset("poll-results", municipality, year)
    polls: OrderedDict[str, Sequence[Any]] = OrderedDict()
    for row in item.rows:
        polls.setdefault(_get(item, row, "poll_code"), row)
    ordered = sorted(polls.values(), key=lambda r: (_get(item, r, "opens_at"), r[1]))
    table = []
    bars = []
    for r in ordered:
        closes = _get(item, r, "closes_at")
        turnout = _get(item, r, "turnout_percent")
        table.append(
            [
                str(_get(item, r, "poll_title")),
                closes.date().isoformat() if closes else "–",
                number(_get(item, r, "participants")),
                percent(turnout),
            ]
        )
        bars.append(
            Bar(
                str(_get(item, r, "poll_title")),
                _decimal(_get(item, r, "participants")),
                number(_get(item, r, "participants")),
            )
        )
    charts = [Chart(_("Participants by poll"), tuple(bars))] if bars else []
    highlights = []
    if ordered:
        highlights = [
            (_("Polls with a published result"), number(len(ordered))),
            (
                _("Votes cast in them"),
                number(sum(int(_get(item, r, "participants") or 0) for r in ordered)),
            ),
        ]
    return Section(
        "votes",
        _("Resident votes"),
        _("Published polls: participants and turnout (where the electorate is known)."),
        item.name,
        [_("Poll"), _("Closed on"), _("Participants"), _("Turnout")],
        table,
        charts,
        highlights,
    )


def pledges(municipality: Municipality, year: int | None) -> Section:
    item = dataset("pledges", municipality, year)
    statuses = Counter(_get(item, r, "status") for r in item.rows)
    progress: dict[str, list[Decimal]] = {}
    for r in item.rows:
        progress.setdefault(_get(item, r, "status"), []).append(
            _decimal(_get(item, r, "progress_percent"))
        )
    labels = dict(PledgeStatus.choices)
    table = []
    bars = []
    for status in PledgeStatus.values:
        if not statuses[status]:
            continue
        values = progress[status]
        mean = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"))
        table.append([str(labels[status]), number(statuses[status]), percent(mean)])
        bars.append(Bar(str(labels[status]), Decimal(statuses[status]), number(statuses[status])))
    charts = [Chart(_("Pledges by status"), tuple(bars))] if bars else []
    highlights = []
    if item.rows:
        every = [_decimal(_get(item, r, "progress_percent")) for r in item.rows]
        highlights = [
            (_("Mayor's pledges followed"), number(len(item.rows))),
            (
                _("Average pledge progress"),
                percent((sum(every, Decimal(0)) / len(every)).quantize(Decimal("0.1"))),
            ),
        ]
    return Section(
        "pledges",
        _("Pledges"),
        _("The head of government's pledges today: how many per status and their progress."),
        item.name,
        [_("Status"), _("Pledges"), _("Average progress")],
        table,
        charts,
        highlights,
    )


def councils(municipality: Municipality, year: int | None) -> Section:
    item = dataset("council-composition", municipality, year)
    rows = sorted(item.rows, key=lambda r: (-int(_get(item, r, "members") or 0), r[1]))
    table = [
        [
            str(_get(item, r, "body")),
            number(_get(item, r, "members")),
            number(_get(item, r, "civil")),
            number(_get(item, r, "council")),
            number(_get(item, r, "government")),
            percent(_get(item, r, "female_percent")),
        ]
        for r in rows
    ]
    bars = tuple(
        Bar(
            str(_get(item, r, "body")),
            _decimal(_get(item, r, "members")),
            number(_get(item, r, "members")),
        )
        for r in rows[:12]
    )
    highlights = []
    if rows:
        highlights = [
            (_("Governance bodies"), number(len(rows))),
            (
                _("Civil-society members in them"),
                number(sum(int(_get(item, r, "civil") or 0) for r in rows)),
            ),
        ]
    return Section(
        "councils",
        _("Governance councils"),
        _("Members of each governance body today, by where they come from."),
        item.name,
        [_("Body"), _("Members"), _("Civil society"), _("Council"), _("Government"), _("Women")],
        table,
        [Chart(_("Members by body (largest 12)"), bars)] if bars else [],
        highlights,
    )


def deliberation(municipality: Municipality, year: int | None) -> Section:
    item = dataset("deliberation-stats", municipality, year)
    rows = [r for r in item.rows if _get(item, r, "district") != "MEAN"]
    rows.sort(key=lambda r: (str(_get(item, r, "period")), str(_get(item, r, "district"))))
    table = [
        [
            str(_get(item, r, "district")),
            str(_get(item, r, "period")),
            number(_get(item, r, "meetings")),
            str(_get(item, r, "hours")),
            percent(_get(item, r, "attendance_rate_all")),
        ]
        for r in rows
    ]
    bars = tuple(
        Bar(
            f"{_get(item, r, 'district')} {_get(item, r, 'period')}",
            _decimal(_get(item, r, "meetings")),
            number(_get(item, r, "meetings")),
        )
        for r in rows[:25]
    )
    highlights = []
    if rows:
        highlights = [
            (
                _("Deliberation meetings"),
                number(sum(int(_decimal(_get(item, r, "meetings"))) for r in rows)),
            )
        ]
    return Section(
        "deliberation",
        _("Deliberation"),
        _("Meetings, hours and attendance of the governance bodies, from the quarterly reports."),
        item.name,
        [_("District"), _("Period"), _("Meetings"), _("Hours"), _("Attendance")],
        table,
        [Chart(_("Meetings"), bars)] if bars else [],
        highlights,
    )


def _latest_poll(item: Dataset) -> tuple[str, str, list[Sequence[Any]]]:
    """The code, title and rows of the poll that opened last among ``item``'s rows."""
    latest = max(item.rows, key=lambda r: (_get(item, r, "opens_at"), _get(item, r, "poll_code")))
    code = _get(item, latest, "poll_code")
    return (
        code,
        str(_get(item, latest, "poll_title")),
        [r for r in item.rows if _get(item, r, "poll_code") == code],
    )


def turnout(municipality: Municipality, year: int | None) -> Section:
    """Turnout of the latest published vote by dong and by age band (the download holds
    every poll). Groups the voting app suppresses (under five people) stay empty here too."""
    item = dataset("poll-turnout", municipality, year)
    if not item.rows:
        return Section(
            "turnout",
            _("Vote turnout by dong and age"),
            _("No published vote has turnout figures for this selection."),
            item.name,
            [],
            [],
        )
    _code, title, rows = _latest_poll(item)
    groups = {"dong": _("Dong"), "age": _("Age band")}
    table = []
    charts = []
    for breakdown, chart_title in (
        ("dong", _("Turnout by dong: %(poll)s")),
        ("age", _("Turnout by age band: %(poll)s")),
    ):
        part = [r for r in rows if _get(item, r, "breakdown") == breakdown]
        bars = []
        for r in part:
            people = _get(item, r, "participants")
            share = _get(item, r, "turnout_percent")
            table.append(
                [
                    str(groups[breakdown]),
                    str(_get(item, r, "group")),
                    number(people) if people is not None else _("under 5"),
                    number(_get(item, r, "eligible")) if people is not None else "–",
                    percent(share),
                ]
            )
            bars.append(
                Bar(
                    str(_get(item, r, "group")),
                    _decimal(share),
                    percent(share) if people is not None else _("under 5"),
                )
            )
        if bars:
            charts.append(Chart(chart_title % {"poll": title}, tuple(bars)))
    polls = {_get(item, r, "poll_code") for r in item.rows}
    return Section(
        "turnout",
        _("Vote turnout by dong and age"),
        _(
            "Latest published vote, %(poll)s: participants against the eligible residents "
            "registered on Maeul, by dong and age band. Groups under five people are not "
            "shown. The download holds all %(count)s published votes."
        )
        % {"poll": title, "count": len(polls)},
        item.name,
        [_("Breakdown"), _("Group"), _("Participants"), _("Eligible"), _("Turnout")],
        table,
        charts,
    )


def juries(municipality: Municipality, year: int | None) -> Section:
    item = dataset("jury-activity", municipality, year)
    rows = sorted(item.rows, key=lambda r: (_get(item, r, "year"), str(_get(item, r, "jury"))))
    table = [
        [
            str(_get(item, r, "jury")),
            str(_get(item, r, "year")),
            number(_get(item, r, "jurors")),
            number(_get(item, r, "sessions")),
            percent(_get(item, r, "attendance_percent")),
            number(_get(item, r, "reviews")),
            number(_get(item, r, "opinions")),
            number(_get(item, r, "visits")),
        ]
        for r in rows
    ]
    charts = []
    for r in rows[-3:]:
        measures = (
            (_("Volunteers"), "volunteers"),
            (_("Jurors"), "jurors"),
            (_("Sessions"), "sessions"),
            (_("Pledge reviews"), "reviews"),
            (_("Published opinions"), "opinions"),
            (_("Monitoring visits"), "visits"),
        )
        charts.append(
            Chart(
                _("Activity of %(jury)s") % {"jury": _get(item, r, "jury")},
                tuple(
                    Bar(str(label), _decimal(_get(item, r, key)), number(_get(item, r, key)))
                    for label, key in measures
                ),
            )
        )
    highlights = []
    if rows:
        highlights = [
            (_("Jury sessions held"), number(sum(int(_get(item, r, "sessions")) for r in rows))),
            (
                _("Published jury opinions"),
                number(sum(int(_get(item, r, "opinions")) for r in rows)),
            ),
        ]
    return Section(
        "juries",
        _("Citizens' juries"),
        _("Each jury's members, sessions, attendance, reviews and what it published."),
        item.name,
        [
            _("Jury"),
            _("Year"),
            _("Jurors"),
            _("Sessions"),
            _("Attendance"),
            _("Reviews"),
            _("Opinions"),
            _("Visits"),
        ],
        table,
        charts,
        highlights,
    )


def points(municipality: Municipality, year: int | None) -> Section:
    """Points issued: per year (the year-to-date rows) over all years, per month in a year.
    Periods under five residents are empty in the public table and shown as such."""
    item = dataset("points-issued", municipality, year)
    totals = [r for r in item.rows if ".." in str(_get(item, r, "period"))]
    months = [r for r in item.rows if ".." not in str(_get(item, r, "period"))]
    shown = sorted(totals if year is None else months, key=lambda r: str(_get(item, r, "period")))

    def cell(r: Sequence[Any], name: str) -> str:
        value = _get(item, r, name)
        return number(value) if _get(item, r, "residents") is not None else _("under 5")

    table = [
        [str(_get(item, r, "period")), cell(r, "residents"), cell(r, "points")]
        for r in sorted(totals, key=lambda r: str(_get(item, r, "period")))
        + (shown if year is not None else [])
    ]
    bars = tuple(
        Bar(
            str(_get(item, r, "period")),
            _decimal(_get(item, r, "points")),
            cell(r, "points"),
        )
        for r in shown
    )
    title = _("Points awarded by year") if year is None else _("Points awarded by month")
    highlights = []
    if totals:
        highlights = [
            (
                _("Participation points awarded"),
                number(sum(int(_get(item, r, "points") or 0) for r in totals)),
            )
        ]
    return Section(
        "points",
        _("Participation points"),
        _(
            "Residents awarded participation points and the points awarded, per year to date "
            "and per month. Periods with fewer than five residents are not shown."
        ),
        item.name,
        [_("Period"), _("Residents"), _("Points")],
        table,
        [Chart(title, bars)] if bars else [],
        highlights,
    )


BUILDERS = (budgeting, votes, turnout, pledges, juries, points, councils, deliberation)


def sections(municipality: Municipality, year: int | None = None) -> list[Section]:
    """Every programme's section for ``municipality`` (and ``year``), in reading order."""
    return [build(municipality, year) for build in BUILDERS]


@dataclass
class Comparison:
    """The city view: one row per district with each programme's headline figure."""

    headers: list[str]
    rows: list[list[str]]
    chart: Chart


def districts(city: Municipality, year: int | None = None) -> Comparison | None:
    """Compare the districts below a city (Seoul's 25 gu); None for a place without any."""
    children = list(city.children.filter(level=2).order_by("sort_order", "name"))
    if not children:
        return None
    rows = []
    bars = []
    for child in children:
        pb = dataset("pb-history", child, year)
        pledge_rows = dataset("pledges", child, year)
        bodies = dataset("council-composition", child, year)
        polls = {r[1] for r in dataset("poll-results", child, year).rows}
        voters = sum(int(_get(pb, r, "mobile_voters") or 0) for r in pb.rows)
        proposals = sum(int(_get(pb, r, "proposals") or 0) for r in pb.rows)
        members = sum(int(_get(bodies, r, "members") or 0) for r in bodies.rows)
        rows.append(
            [
                child.name,
                number(proposals),
                number(voters),
                number(len(polls)),
                number(len(pledge_rows.rows)),
                number(members),
            ]
        )
        bars.append(Bar(child.name, Decimal(proposals), number(proposals)))
    return Comparison(
        [
            _("District"),
            _("Budget proposals"),
            _("Mobile voters"),
            _("Polls"),
            _("Pledges"),
            _("Council members"),
        ],
        rows,
        Chart(_("Budget proposals by district"), tuple(bars)),
    )
