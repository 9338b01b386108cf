"""The statistics golden test: Seoul's 2019 table (SPEC §6), computed through the app from the
demo's 1,946 session records (imported from a generated quarterly sheet, submitted and
accepted), never from stored results."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from maeul.exports.registry import get_table
from maeul.exports.writers import to_csv
from maeul.governance import selectors
from maeul.governance.models import DeliberationSession, QuarterlyReport

PUBLISHED = {
    # district: rate all, gov, civil, attended all, gov, civil, hours, meetings, hours/meeting
    "강서구": ("81.7", "84.2", "80.8", 1780, 470, 1310, "210.5", 149, "1.4"),
    "관악구": ("99.2", "142.1", "87.3", 1940, 601, 1339, "285", 188, "1.5"),
    "금천구": ("86.9", "90.7", "85.0", 1385, 487, 898, "133.5", 88, "1.5"),
    "도봉구": ("93.5", "101.6", "88.4", 1345, 558, 787, "180", 121, "1.5"),
    "동대문구": ("66.9", "77.3", "82.7", 852, 191, 661, "161", 81, "2.0"),
    "동작구": ("84.0", "93.3", "80.7", 2392, 652, 1740, "423", 205, "2.1"),
    "서대문구": ("68.4", "85.3", "64.9", 3825, 821, 3004, "673", 402, "1.7"),
    # The seed prints 1.6 hours per meeting for 성동구, but its own row gives 313 / 210 = 1.49;
    # the engine reports what the sessions add up to (docs/subsystems/governance.md).
    "성동구": ("88.5", "86.7", "90.3", 3557, 1002, 2555, "313", 210, "1.5"),
    "영등포구": ("84.7", "88.7", "82.9", 999, 322, 677, "137", 73, "1.9"),
    "은평구": ("84.5", "89.8", "81.4", 2656, 1028, 1628, "398", 210, "1.9"),
    "종로구": ("90.7", "95.6", "88.4", 2822, 952, 1870, "334.5", 219, "1.5"),
}


def test_seoul_2019_table_from_session_records(demo: dict[str, Any]) -> None:
    seoul = demo["seoul"]
    assert DeliberationSession.objects.count() == 1946
    assert QuarterlyReport.objects.filter(year=2019, status="accepted").count() == 44
    table, districts = selectors.statistics(seoul, selectors.Period(2019))
    shown = {row.label: row for row in table.shown()}
    for name, expected in PUBLISHED.items():
        row = shown[name]
        got = (
            str(row.rate_all),
            str(row.rate_government),
            str(row.rate_civil),
            int(row.attended_total),
            int(row.attended_government),
            int(row.attended_civil),
            format(row.hours.normalize(), "f"),
            int(row.meetings),
            str(row.hours_per_meeting),
        )
        assert got == expected, name
    total, mean = shown["TOTAL"], shown["MEAN"]
    assert (total.attended_total, total.attended_government, total.attended_civil) == (
        23553,
        7084,
        16469,
    )
    assert total.hours == Decimal("3248.5") and total.meetings == 1946
    assert (mean.rate_all, mean.rate_government, mean.rate_civil) == (
        Decimal("84.4"),
        Decimal("94.1"),
        Decimal("83.0"),
    )
    assert (mean.attended_total, mean.attended_government, mean.attended_civil) == (
        2141,
        644,
        1497,
    )
    assert (mean.hours, mean.meetings, mean.hours_per_meeting) == (
        Decimal("295"),
        Decimal("177"),
        Decimal("1.7"),
    )
    # The same figures through the registered export, then the demo loaded again (one demo
    # load for all the checks keeps the suite fast).
    check_deliberation_stats_export(demo)
    check_demo_bodies_from_the_seeds(demo)
    check_demo_is_idempotent()


def check_deliberation_stats_export(demo: dict[str, Any]) -> None:
    table = get_table("deliberation-stats")
    assert ",".join(table.names) == (
        "municipality,district,period,attendance_rate_all,attendance_rate_gov,"
        "attendance_rate_civil,attended_all,attended_gov,attended_civil,hours,meetings,"
        "hours_per_meeting"
    )
    text = to_csv(table.columns, table.rows(demo["seoul"]))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["district"] for r in rows][-2:] == ["TOTAL", "MEAN"]
    assert len(rows) == 13
    assert {r["municipality"] for r in rows} == {"서울특별시"}
    gwanak = next(r for r in rows if r["district"] == "관악구")
    assert gwanak["attendance_rate_gov"] == "142.1" and gwanak["period"] == "2019"
    total = rows[-2]
    assert (total["attended_all"], total["hours"], total["meetings"]) == ("23553", "3248.5", "1946")
    assert total["attendance_rate_all"] == ""
    mean = rows[-1]
    assert (mean["attendance_rate_all"], mean["hours"], mean["hours_per_meeting"]) == (
        "84.4",
        "295",
        "1.7",
    )


def check_demo_is_idempotent() -> None:
    from maeul.auditlog.models import AuditEntry
    from maeul.governance import demo as governance_demo
    from maeul.governance.models import Body, Membership

    before = (
        DeliberationSession.objects.count(),
        Body.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
    )
    governance_demo.load()
    after = (
        DeliberationSession.objects.count(),
        Body.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
    )
    assert before == after


def check_demo_bodies_from_the_seeds(demo: dict[str, Any]) -> None:
    import datetime as dt

    import pytest

    from maeul.core.errors import ServiceError
    from maeul.governance import services
    from maeul.governance.models import Body

    namgu = Body.objects.get(name="남구 자치분권협의회")
    members = selectors.active_memberships(namgu, dt.date(2026, 1, 1))
    assert members.count() == 15
    assert members.filter(appointment="appointed").count() == 3
    assert selectors.composition(namgu, dt.date(2026, 1, 1)).ok
    with pytest.raises(ServiceError) as refused:  # renewable once: a third term is refused
        services.membership_preview(
            body=namgu,
            draft=services.MemberDraft(
                person_name="김민정",
                sector="civil",
                gender="female",
                appointment="commissioned",
                role="member",
                term_start=dt.date(2027, 6, 2),
            ),
        )
    assert refused.value.field == "term_start"

    seongnam = Body.objects.get(name="성남시 협치 준비위원회")
    counts = selectors.composition_counts(seongnam, selectors.reference_day(seongnam))
    assert (counts.members, counts.government, counts.civil) == (15, 3, 12)

    lines, total = selectors.composition_report(
        demo["seoul"], "district_governance_council", dt.date(2026, 6, 1)
    )
    assert len(lines) == 22 and total is not None
    assert (total.counts.members, total.counts.civil, total.counts.council) == (682, 492, 48)
    assert total.counts.government == 142
    assert str(round(float(total.civil_percent or 0), 1)) == "72.1"
    rows = list(get_table("council-composition").rows(demo["gwangju-nam-gu"]))
    council = next(r for r in rows if r[1] == "남구 자치분권협의회")
    assert council[:6] == ["남구", "남구 자치분권협의회", 15, 11, 1, 3]
    teams = [r for r in rows if r[1].endswith("마을계획단")]
    assert len(teams) == 16 and sum(r[2] for r in teams) == 310
