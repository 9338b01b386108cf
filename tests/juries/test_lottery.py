"""The lottery through the app: quotas respected, reproducible from the seed, replayable from
the record, audited; infeasible quotas explained; drop-outs replaced within the quotas."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.utils.translation import override

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict, ServiceError
from maeul.juries import services
from maeul.juries.models import Draw, VolunteerStatus
from maeul.juries.selectors import draw_replay
from tests.conftest import PASSWORD


def _panel_counts(draw: Draw, codes: list[str]) -> Counter[tuple[str, str]]:
    features = dict(draw.people)
    return Counter((k, v) for code in codes for k, v in features[code].items())


def _assert_quotas(draw: Draw, codes: list[str]) -> None:
    counts = _panel_counts(draw, codes)
    for feature, value, low, high in draw.quotas:
        assert low <= counts[(feature, value)] <= high, (feature, value)


def test_draw_respects_quotas_and_replays(jury_factory: Any) -> None:
    jury = jury_factory()
    record = services.jury_draw(actor=jury.admin, jury=jury, seed=42)
    assert record.algorithm == "leximin" and record.seed == 42
    assert len(record.panel) == 10 and len(record.reserves) == 2
    assert not set(record.panel) & set(record.reserves)
    _assert_quotas(record, record.panel)
    assert abs(sum(record.probabilities.values()) - 10) < 1e-6
    assert len(record.probabilities) == 60
    statuses = Counter(jury.volunteers.values_list("status", flat=True))
    assert statuses == {"juror": 10, "reserve": 2, "not_selected": 48}

    replay = draw_replay(record)
    assert replay.ok and replay.inputs_sha256 == record.inputs_sha256

    entry = AuditEntry.objects.get(kind="juries.drawn")
    data = json.loads(entry.payload)
    assert data["seed"] == 42 and data["inputs_sha256"] == record.inputs_sha256
    assert data["engine_version"] == record.engine_version

    with pytest.raises(Conflict):
        services.jury_draw(actor=jury.admin, jury=jury, seed=42)


def test_same_inputs_and_seed_give_the_same_jury(jury_factory: Any) -> None:
    first = services.jury_draw(actor=(j1 := jury_factory(name="A")).admin, jury=j1, seed=7)
    second = services.jury_draw(actor=(j2 := jury_factory(name="B")).admin, jury=j2, seed=7)
    other = services.jury_draw(actor=(j3 := jury_factory(name="C")).admin, jury=j3, seed=8)
    assert first.inputs_sha256 == second.inputs_sha256 == other.inputs_sha256
    assert (first.panel, first.reserves) == (second.panel, second.reserves)
    assert first.probabilities == second.probabilities
    assert (first.panel, first.reserves) != (other.panel, other.reserves)


def test_tampered_record_fails_the_replay(jury_factory: Any) -> None:
    jury = jury_factory()
    record = services.jury_draw(actor=jury.admin, jury=jury, seed=3)
    record.panel = [*record.panel[1:], record.reserves[0]]
    assert not draw_replay(record).ok
    record.refresh_from_db()
    record.seed += 1
    result = draw_replay(record)
    assert result.inputs_match and not result.ok


def test_infeasible_quotas_are_explained(jury_factory: Any) -> None:
    jury = jury_factory(pool=0)
    services.volunteers_import_csv(
        actor=jury.admin,
        jury=jury,
        text="name,phone,birth_year,gender,dong,contact_by,consent\n"
        + "".join(f"남{i},010-2000-{i:04d},1980,male,가산동,sms,yes\n" for i in range(12)),
    )
    with override("en"), pytest.raises(services.Unprocessable) as caught:
        services.jury_draw(actor=jury.admin, jury=jury, seed=1)
    assert caught.value.status == 422
    assert "No panel" in caught.value.message
    assert "“Gender: Female” — lower the minimum from 5 to 0" in caught.value.message
    with override("ko"), pytest.raises(services.Unprocessable) as caught:
        services.jury_draw(actor=jury.admin, jury=jury, seed=1)
    # the finding's regression: the message was the engine's English ("gender=female")
    assert "“성별: 여성”" in caught.value.message
    assert "female" not in caught.value.message and "No panel" not in caught.value.message
    assert not Draw.objects.filter(jury=jury).exists()

    client = Client()
    client.login(username="jury.admin", password=PASSWORD)
    page = client.get(f"/juries/jury/{jury.pk}/draw/").content.decode()
    assert 'data-testid="infeasible"' in page


def test_replacement_keeps_the_quotas(jury_factory: Any) -> None:
    jury = jury_factory(pool=80)
    record = services.jury_draw(actor=jury.admin, jury=jury, seed=11)
    profile = {code: tuple(sorted(f.items())) for code, f in record.people}
    for _ in range(2):
        # a juror whose exact profile someone outside the panel shares: with exact quotas
        # (5..5 women) that is what makes a replacement possible at all
        outside = set(
            jury.volunteers.filter(status__in=["reserve", "not_selected"]).values_list(
                "code", flat=True
            )
        )
        juror = next(
            v
            for v in jury.volunteers.filter(status=VolunteerStatus.JUROR).order_by("code")
            if any(profile[c] == profile[v.code] for c in outside)
        )
        replacement = services.juror_replace(actor=jury.admin, jury=jury, volunteer=juror)
        assert replacement.substitute is not None
        juror.refresh_from_db()
        assert juror.status == VolunteerStatus.DROPPED
        panel = list(
            jury.volunteers.filter(status=VolunteerStatus.JUROR).values_list("code", flat=True)
        )
        assert len(panel) == 10
        _assert_quotas(record, panel)
    assert AuditEntry.objects.filter(kind="juries.juror_replaced").count() == 2


def test_draw_screen_runs_the_lottery(jury_factory: Any) -> None:
    jury = jury_factory()
    client = Client()
    client.login(username="jury.admin", password=PASSWORD)
    page = client.get(f"/juries/jury/{jury.pk}/draw/").content.decode()
    assert 'data-testid="feasible"' in page and "style=" not in page
    quota = jury.quotas.get(feature="gender", value="female")
    client.post(
        f"/juries/jury/{jury.pk}/draw/quotas/",
        {f"min_{quota.pk}": "4", f"max_{quota.pk}": "6"},
    )
    quota.refresh_from_db()
    assert (quota.min, quota.max) == (4, 6)
    draw = {"action": "draw", "seed": "99", "algorithm": "leximin"}
    asked = client.post(f"/juries/jury/{jury.pk}/draw/", draw)
    # the first POST only asks: the draw is irreversible, so nothing happens before confirming
    assert asked.status_code == 200 and 'data-testid="consequences"' in asked.content.decode()
    assert 'name="confirmed" value="1"' in asked.content.decode()
    assert not Draw.objects.filter(jury=jury).exists()
    response = client.post(f"/juries/jury/{jury.pk}/draw/", {**draw, "confirmed": "1"})
    assert response.status_code == 302
    record = client.get(f"/juries/jury/{jury.pk}/draw/record/").content.decode()
    assert 'data-testid="seed">99<' in record
    assert record.count("%</td>") == 60  # every volunteer's probability
    replay = client.post(f"/juries/jury/{jury.pk}/draw/record/").content.decode()
    assert 'data-testid="replay-ok"' in replay
    api = Client().get(f"/api/juries/{jury.pk}/draw").json()
    assert api["seed"] == 99 and len(api["panel"]) == 10


def test_term_fits_the_jury_s_own_length(jury_factory: Any) -> None:
    """Geumcheon-gu's rule gives its juries three months and at most 90 days (its 2021
    plan); the length is the jury's setting, not a cap of the platform."""
    import datetime as dt

    jury = jury_factory(pool=0)
    assert jury.term_months == 3
    start = dt.date(2021, 5, 1)
    with override("en"), pytest.raises(ServiceError) as caught:
        services.jury_term_set(actor=jury.admin, jury=jury, start=start, end=dt.date(2021, 8, 1))
    assert caught.value.field == "term_end" and "90 days" in caught.value.message
    services.jury_term_set(actor=jury.admin, jury=jury, start=start, end=dt.date(2021, 7, 29))


def test_published_record_replays_with_the_engine_cli(
    jury_factory: Any, tmp_path: Any, capsys: Any
) -> None:
    from maeul.engine.sortition.cli import main

    jury = jury_factory()
    services.jury_draw(actor=jury.admin, jury=jury, seed=31)
    paths = {}
    for name in ("record.json", "people.csv", "quotas.csv"):
        response = Client().get(f"/juries/jury/{jury.pk}/draw/{name}")
        assert response.status_code == 200
        paths[name] = tmp_path / name
        paths[name].write_bytes(response.content)
    assert "주민" not in paths["people.csv"].read_text()  # codes only, no names
    code = main(
        [
            "replay",
            "--result",
            str(paths["record.json"]),
            "--people",
            str(paths["people.csv"]),
            "--features",
            str(paths["quotas.csv"]),
            "--no-household-rule",
        ]
    )
    assert code == 0, capsys.readouterr().out
    assert "REPRODUCED" in capsys.readouterr().out
    assert Client().get(f"/juries/jury/{jury.pk}/draw/other.txt").status_code == 404
