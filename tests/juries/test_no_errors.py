"""No request to the pledge and jury screens answers 500, with real ids this time: GET and
junk POSTs as every kind of visitor on a jury that has been drawn and on one recruiting."""

from __future__ import annotations

from typing import Any

from django.test import Client

from maeul.juries import services
from maeul.pledges.models import Pledge, PledgeField, PledgeGoal

GENERIC = {
    "name": "' OR 1=1",
    "birth_year": "99999999999999999999",
    "dong": "x",
    "consent": "on",
    "pledge": "abc",
    "volunteer": "x",
    "present": ["a", "1"],
}
# per route suffix: the junk its forms could meet
JUNK = {
    "draw/quotas/": [{"min_1": "1e999", "max_1": "-3"}],
    "draw/": [{"seed": "-1", "algorithm": "magic"}],
    "draw/shares/": [{"shares": "gender,female,NaN\nage_band,x,1"}],
    "term/": [
        {"term_start": "2021-02-30", "term_end": "x"},
        {"term_start": "2021-02-01", "term_months": "99999999"},
        {"term_start": "2021-02-01", "term_months": "0"},
    ],
    "visits/": [{"visited_on": "9999-99-99", "place": "", "subgroup": "abc"}],
    "reports/": [
        {"year": "99999", "half": "7", "title": "", "summary": ""},
        {"year": "2021", "half": "1", "title": "t", "summary": "s", "presented_on": "x"},
    ],
    "sessions/": [{"held_on": "1900-01-01", "title": "<script>"}],
    "subgroups/": [{"count": "999"}],
    "opinions/1/": [{"o1-grade": "Z", "o1-text": ""}],
    "opinions/1/answer/": [{"a1-answer": ""}],
    "opinions/1/publish/": [{"confirmed": "1"}],
    "review/": [{"pledge": "1", "p1-grade": "Q"}],
}


def test_jury_and_pledge_routes_never_answer_500(
    jury_factory: Any,
    places: dict[str, Any],
    make_resident: Any,
    make_official: Any,
    settings: Any,
) -> None:
    settings.RATELIMIT_ENABLED = False
    m = places["geumcheon"]
    goal = PledgeGoal.objects.create(municipality=m, name="목표")
    field = PledgeField.objects.create(goal=goal, name="분야")
    Pledge.objects.create(municipality=m, field=field, number=1, title="공약")
    drawn = jury_factory(name="drawn", panel=6, pool=30)
    services.jury_draw(actor=drawn.admin, jury=drawn, seed=1)
    recruiting = jury_factory(name="recruiting", panel=6, pool=10)
    urls = [
        f"/pledges/{m.slug}/",
        f"/pledges/{m.slug}/1/",
        f"/pledges/{m.slug}/import/",
        f"/pledges/{m.slug}/reports/",
        f"/pledges/{m.slug}/1/report/",
        f"/pledges/{m.slug}/table.xlsx",
        f"/juries/{m.slug}/",
        f"/juries/{m.slug}/new/",
    ]
    for jury in (drawn, recruiting):
        urls += [
            f"/juries/jury/{jury.pk}/{suffix}"
            for suffix in (
                "",
                "apply/",
                "manage/",
                "intake/",
                "import/",
                "draw/",
                "draw/quotas/",
                "draw/shares/",
                "draw/record/",
                "replace/",
                "term/",
                "sessions/",
                "subgroups/",
                "close/",
                "review/",
                "opinions/",
                "opinions/1/",
                "opinions/1/answer/",
                "opinions/1/publish/",
                "opinions/99/",
                "appoint/",
                "visits/",
                "reports/",
                "reports/1/",
                "reports/99/",
            )
        ]
    urls += ["/juries/report/1/publish/", "/juries/report/99/publish/"]
    urls += ["/juries/visit/1/publish/", "/juries/visit/99/publish/"]
    visitors = {
        "anonymous": None,
        "resident": make_resident(m, places["gasan"]),
        "organiser": drawn.admin,
        "elsewhere": make_official(places["gwanak"], "administrator"),
    }
    failures = []
    for who, user in visitors.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        for url in urls:
            junk = [GENERIC]
            if who in ("resident", "organiser"):
                junk += next((v for k, v in JUNK.items() if url.endswith(k)), [])
            responses = [client.get(url)] + [client.post(url, data) for data in junk]
            failures += [
                f"{who} {url} -> {r.status_code}" for r in responses if r.status_code >= 500
            ]
    assert failures == []
