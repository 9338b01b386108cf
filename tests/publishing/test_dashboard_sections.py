"""The dashboard's turnout, jury and points sections against the demo's own records.

Each expected figure is counted here straight from the records (participations and resident
profiles, jury members and sessions, points transactions), not through the export tables the
dashboard reads, so a wrong grouping or a lost row in those tables shows up as a mismatch.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict

from django.test import Client
from django.utils import timezone

from maeul.accounts.models import ResidentProfile
from maeul.juries.models import Attendance, Jury, VolunteerStatus
from maeul.places.models import Municipality
from maeul.points.models import PointsTransaction, TransactionKind
from maeul.voting.models import Participation, Poll

GEUMCHEON = "1154500000"
NAMGU = "2915500000"
UNDER_FIVE = "5명 미만"


def _section(html: str, key: str) -> str:
    start = html.index(f'data-testid="section-{key}"')
    return html[start : html.index("</section>", start)]


def _cells(block: str) -> list[list[str]]:
    body = block.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
        for row in body.split("</tr>")
        if "<t" in row
    ]


def _band(age: int) -> str:
    for low, high in ((0, 19), (20, 29), (30, 39), (40, 49), (50, 59), (60, 69)):
        if low <= age <= high:
            return f"{low}-{high}"
    return "70+"


def test_turnout_by_dong_and_age_of_the_latest_vote(shared_demo: None) -> None:
    html = Client().get(f"/data/{NAMGU}/dashboard/").content.decode()
    block = _section(html, "turnout")
    namgu = Municipality.objects.get(slug="gwangju-nam-gu")
    poll = (
        Poll.objects.filter(published_at__isnull=False, municipality__path__startswith=namgu.path)
        .order_by("-opens_at", "-code")
        .first()
    )
    assert poll is not None and poll.title in block
    year = timezone.localtime(poll.opens_at).year
    profiles = ResidentProfile.objects.filter(
        user_id__in=Participation.objects.filter(poll=poll).values("resident_id")
    ).select_related("dong")
    by_dong = Counter(p.dong.name for p in profiles if p.dong is not None)
    by_age = Counter(_band(year - p.birth_year) for p in profiles)
    assert sum(by_dong.values()) == Participation.objects.filter(poll=poll).count() > 0
    rows = {(row[0], row[1]): row[2] for row in _cells(block)}
    for kind, counts in (("동", by_dong), ("연령대", by_age)):
        for group, n in counts.items():
            # under five: hidden; otherwise its count, unless hidden as the complement
            allowed = {UNDER_FIVE} if n < 5 else {f"{n:,}", UNDER_FIVE}
            assert rows[(kind, group)] in allowed, (kind, group)
        cells = [value for (k, _group), value in rows.items() if k == kind]
        hidden = [value for value in cells if value == UNDER_FIVE]
        # never exactly one hidden group beside shown ones: it would be the total minus them
        assert len(hidden) != 1 or len(cells) == 1, (kind, cells)
    assert "<svg" in block and block.count('class="dashboard-chart"') == 2
    # the demo does exercise the suppression (one participant under 20)
    assert any(n < 5 for n in (*by_dong.values(), *by_age.values()))


def test_jury_activity(shared_demo: None) -> None:
    html = Client().get(f"/data/{GEUMCHEON}/dashboard/").content.decode()
    block = _section(html, "juries")
    juries = Jury.objects.filter(municipality__slug="seoul-geumcheon-gu")
    assert juries.exists()
    rows = {row[0]: row for row in _cells(block)}
    for jury in juries:
        members = jury.volunteers.filter(status=VolunteerStatus.JUROR).count()
        sessions = jury.sessions.count()
        present = Attendance.objects.filter(session__jury=jury, present=True).count()
        places = Attendance.objects.filter(session__jury=jury).count()
        opinions = jury.opinions.exclude(published_at=None).count()
        row = rows[jury.name]
        assert row[1] == str(jury.recruitment_year)
        assert row[2] == f"{members:,}" and members > 0
        assert row[3] == f"{sessions:,}"
        if places:
            assert row[4] == f"{round(present * 100 / places, 1)}%"
        assert row[6] == f"{opinions:,}"
    assert "<svg" in block and f"/data/{GEUMCHEON}/jury-activity.csv" in block


def test_points_issued_per_year_and_month(shared_demo: None) -> None:
    namgu = Municipality.objects.get(slug="gwangju-nam-gu")
    earned = PointsTransaction.objects.filter(
        kind=TransactionKind.EARN, municipality__in=namgu.subtree()
    )
    months: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for month, resident, amount in earned.values_list("month", "resident", "amount"):
        months[month][resident] += amount
    assert months
    year = max(months)[:4]
    client = Client()
    overall = _cells(_section(client.get(f"/data/{NAMGU}/dashboard/").content.decode(), "points"))
    in_year = _cells(
        _section(client.get(f"/data/{NAMGU}/{year}/dashboard/").content.decode(), "points")
    )
    residents = {r for m, people in months.items() if m[:4] == year for r in people}
    total = sum(sum(people.values()) for m, people in months.items() if m[:4] == year)
    last = max(m for m in months if m[:4] == year)
    expected = [f"{year}-01..{last}", f"{len(residents):,}", f"{total:,}"]
    if len(residents) < 5:
        expected[1:] = [UNDER_FIVE, UNDER_FIVE]
    assert expected in overall and expected in in_year
    hidden = 0
    for month in (m for m in months if m[:4] == year):
        people = months[month]
        exact = [month, f"{len(people):,}", f"{sum(people.values()):,}"]
        blank = [month, UNDER_FIVE, UNDER_FIVE]
        if len(people) < 5:
            assert blank in in_year and exact not in in_year, month
        else:  # shown, unless hidden as the complement of a single small month
            assert exact in in_year or blank in in_year, month
        hidden += blank in in_year
    in_year_months = sum(1 for m in months if m[:4] == year)
    assert hidden != 1 or in_year_months == 1 or len(residents) < 5


def test_the_new_tables_download_without_login_and_hide_small_groups(shared_demo: None) -> None:
    client = Client()
    for code, table in (
        (NAMGU, "poll-turnout"),
        (GEUMCHEON, "jury-activity"),
        (NAMGU, "points-issued"),
    ):
        response = client.get(f"/data/{code}/{table}.csv")
        assert response.status_code == 200, table
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows, table
        for row in rows:
            people = row.get("participants", row.get("residents"))
            if people is not None and people != "":
                assert int(people) >= 5, (table, row)
