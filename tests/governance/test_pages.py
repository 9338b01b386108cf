"""Every governance screen answers for the public and for officials, without JavaScript."""

from __future__ import annotations

from typing import Any

from django.test import Client

from maeul.accounts.models import User
from maeul.governance.models import Body, DeliberationSession, Membership, QuarterlyReport


def test_pages_render_for_public_and_city(demo: dict[str, Any]) -> None:
    public = Client()
    city = Client()
    city.force_login(User.objects.get(username="admin.seoul"))
    body = Body.objects.get(name="남구 자치분권협의회")
    report = QuarterlyReport.objects.filter(municipality__slug="seoul-geumcheon-gu").first()
    session = DeliberationSession.objects.filter(report=report).first()
    member = Membership.objects.filter(body__municipality__slug="seoul-geumcheon-gu").first()
    assert report is not None and session is not None and member is not None
    for url in (
        "/governance/m/seoul/",
        "/governance/m/seoul/composition/?kind=district_governance_council",
        "/governance/m/seoul/statistics/",
        "/governance/m/seoul/statistics/?year=2019&quarter=2",
        f"/governance/bodies/{body.pk}/",
        "/m/seoul/",
    ):
        response = public.get(url)
        assert response.status_code == 200, url
    page = public.get("/governance/m/seoul/composition/?kind=district_governance_council")
    assert "682" in page.content.decode() and "72.1" in page.content.decode()
    for url in (
        "/governance/m/seoul/alerts/",
        "/governance/m/seoul/reports/",
        "/governance/m/seoul/import/",
        f"/governance/reports/{report.pk}/",
        f"/governance/sessions/{session.pk}/",
        f"/governance/members/{member.pk}/end/",
        "/governance/m/seoul-geumcheon-gu/sessions/new/",
    ):
        response = city.get(url)
        assert response.status_code == 200, url
        assert public.get(url).status_code in (302, 403, 404), url
    sheet = city.get("/governance/m/seoul/sheet.xlsx?year=2019&quarter=1")
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("application/vnd")
    csv = public.get("/governance/m/seoul/statistics/?year=2019&format=csv")
    assert "TOTAL" in csv.content.decode("utf-8-sig")


def test_list_pages_run_a_fixed_number_of_queries(places: dict[str, Any]) -> None:
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_bodies(start: int) -> None:
        for i in range(start, start + 3):
            body = Body.objects.create(
                municipality=places["geumcheon"], name=f"위원회 {i}", kind="working_group"
            )
            for j in range(4):
                Membership.objects.create(
                    body=body,
                    person_name=f"위원 {j}",
                    sector="civil",
                    gender="female" if j % 2 else "male",
                    appointment="commissioned",
                    term_start=dt.date(2020, 1, 1),
                    term_end=dt.date(2021, 12, 31),
                )

    client = Client()
    counts = []
    for start in (0, 3):
        add_bodies(start)
        for url in ("/governance/m/seoul/", "/governance/m/seoul/composition/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append((url, len(queries)))
    assert counts[:2] == counts[2:]
    assert (
        client.get("/api/governance/bodies?municipality=seoul").json()["items"][5]["composition"][
            "members"
        ]
        == 4
    )
