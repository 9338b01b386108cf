"""The plan's links to its council's deliberation sessions, and what changed between two
versions of the city's opinion or the district's answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import ServiceError
from maeul.engine.innovation.textdiff import Segment, changed_words, word_diff
from maeul.governance.models import Body, DeliberationSession, QuarterlyReport
from maeul.innovation import services

pytestmark = pytest.mark.django_db


def test_word_diff_marks_struck_and_added_words_and_keeps_lines() -> None:
    old = "협치기반 사업비를 30%로 맞추세요.\n분야별 사업은 그대로."
    new = "협치기반 사업비를 35%로 맞추세요.\n분야별 사업은 그대로.\n기한: 9월"
    segments = word_diff(old, new)
    assert segments[0] == Segment("same", "협치기반 사업비를 ")
    assert Segment("removed", "30%로") in segments and Segment("added", "35%로") in segments
    assert "".join(s.text for s in segments if s.op != "added") == old
    assert "".join(s.text for s in segments if s.op != "removed") == new
    assert changed_words(segments) == (1, 3)
    assert word_diff("같음", "같음") == [Segment("same", "같음")]


def _session(place: Any, body: Any, name: str, day: int) -> DeliberationSession:
    report, _ = QuarterlyReport.objects.get_or_create(municipality=place, year=2020, quarter=2)
    start = dt.datetime(2020, 5, day, 10, tzinfo=dt.UTC)
    return DeliberationSession.objects.create(
        municipality=place,
        report=report,
        body=body,
        reference=name,
        name=name,
        kind="meeting",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        invited_total=10,
        attended_government=3,
        attended_civil=5,
    )


@pytest.fixture
def councils(places: dict[str, Any]) -> dict[str, Any]:
    council = Body.objects.create(
        municipality=places["geumcheon"], name="금천구 협치회의", kind="district_governance_council"
    )
    group = Body.objects.create(
        municipality=places["geumcheon"], name="돌봄 분과", kind="subcommittee", parent=council
    )
    other = Body.objects.create(
        municipality=places["geumcheon"], name="금천구 주민참여예산위원회", kind="pb_committee"
    )
    elsewhere = Body.objects.create(
        municipality=places["gwanak"], name="관악구 협치회의", kind="district_governance_council"
    )
    return {
        "own": _session(places["geumcheon"], council, "협치회의 정기회의", 2),
        "group": _session(places["geumcheon"], group, "돌봄 분과 회의", 9),
        "pb": _session(places["geumcheon"], other, "참여예산위원회 회의", 16),
        "gwanak": _session(places["gwanak"], elsewhere, "관악 협치회의", 23),
    }


def test_the_district_links_only_its_own_councils_sessions(
    draft: Any, people: dict[str, Any], councils: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(people["geumcheon"])
    page = client.get(f"/innovation/p/{draft.pk}/sessions/").content.decode()
    assert "협치회의 정기회의" in page and "돌봄 분과 회의" in page
    assert "참여예산위원회 회의" not in page and "관악 협치회의" not in page
    response = client.post(
        f"/innovation/p/{draft.pk}/sessions/",
        {"sessions": [councils["own"].pk, councils["group"].pk]},
    )
    assert response.status_code == 302
    assert set(draft.sessions.values_list("pk", flat=True)) == {
        councils["own"].pk,
        councils["group"].pk,
    }
    project = draft.projects.get(position=2)
    client.post(
        f"/innovation/p/{draft.pk}/sessions/",
        {"project": project.pk, "sessions": [councils["group"].pk]},
    )
    assert list(project.sessions.values_list("pk", flat=True)) == [councils["group"].pk]
    assert AuditEntry.objects.filter(kind="innovation.plan_sessions").count() == 2
    plan_page = Client().get(f"/innovation/p/{draft.pk}/")  # a draft: not public
    assert plan_page.status_code == 404
    shown = client.get(f"/innovation/p/{draft.pk}/").content.decode()
    assert 'data-testid="sessions"' in shown and "협치회의 정기회의" in shown
    assert 'data-testid="project-sessions"' in shown
    for wrong in ("pb", "gwanak"):
        with translation.override("en"), pytest.raises(ServiceError, match="council"):
            services.plan_link_sessions(
                actor=people["geumcheon"], plan_id=draft.pk, session_ids=[councils[wrong].pk]
            )
    assert draft.sessions.count() == 2  # nothing changed by the refusals
    # another district and the city cannot link
    other = Client()
    other.force_login(people["gwanak"])
    assert other.get(f"/innovation/p/{draft.pk}/sessions/").status_code == 404
    city = Client()
    city.force_login(people["city"])
    assert city.get(f"/innovation/p/{draft.pk}/sessions/").status_code == 404


def test_the_plan_page_shows_what_changed_between_versions(
    draft: Any, people: dict[str, Any]
) -> None:
    services.plan_submit(actor=people["geumcheon"], plan_id=draft.pk)
    for text in (
        "기반 사업 설명을 보완하세요.",
        "기반 사업 설명을 <b>구체적으로</b> 보완하세요.",
        "기반 사업 설명과 예산을 보완하세요.",
    ):
        services.note_write(actor=people["city"], plan_id=draft.pk, text=text)
    services.note_write(actor=people["geumcheon"], plan_id=draft.pk, text="반영하겠습니다.")
    page = Client().get(f"/innovation/p/{draft.pk}/").content.decode()
    # the latest change of the city's opinion, v2 → v3; the district has one version only
    assert page.count('data-testid="diff"') == 1
    assert "<del>&lt;b&gt;구체적으로&lt;/b&gt;</del>" in page.replace("\n", "")
    assert "<b>구체적으로</b>" not in page  # the text is escaped, never markup
    chosen = Client().get(f"/innovation/p/{draft.pk}/", {"side": "city", "old": 1, "new": 2})
    html = chosen.content.decode()
    assert "<ins>&lt;b&gt;구체적으로&lt;/b&gt; </ins>" in html
    junk = Client().get(f"/innovation/p/{draft.pk}/", {"side": "city", "old": "x", "new": 9})
    assert junk.status_code == 200
