"""Fixtures: a Geumcheon jury with a pool imported from CSV and quotas from shares; a
standing Nam-gu jury of commissioned members."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pytest

SHARES = {
    "gender": {"female": 50, "male": 50},
    "age_band": {"u30": 20, "30s": 20, "40s": 20, "50s": 20, "60p": 20},
}


def pool_csv(size: int, *, seed: int = 1, dongs: tuple[str, ...] = ("가산동", "독산1동")) -> str:
    rng = random.Random(seed)
    lines = ["name,phone,birth_year,gender,dong,contact_by,consent"]
    for i in range(size):
        age = rng.choice([22, 27, 33, 38, 44, 47, 52, 58, 63, 71])
        gender = "female" if i % 2 == 0 else "male"
        lines.append(f"주민{i},010-1000-{i:04d},{2021 - age},{gender},{rng.choice(dongs)},sms,예")
    return "\n".join(lines) + "\n"


@pytest.fixture
def jury_factory(places: dict[str, Any], make_official: Any) -> Callable[..., Any]:
    from maeul.juries import services

    admin = make_official(places["geumcheon"], "administrator", username="jury.admin")

    def make(
        *,
        name: str = "배심원단",
        panel: int = 10,
        reserves: int = 2,
        pool: int = 60,
        seed: int = 1,
        shares: dict[str, Any] | None = None,
    ) -> Any:
        jury = services.jury_create(
            actor=admin,
            municipality=places["geumcheon"],
            name=name,
            recruitment_year=2021,
            panel_size=panel,
            reserve_count=reserves,
        )
        all_shares = dict(shares or SHARES)
        all_shares.setdefault("district", {g.key: 50 for g in jury.district_groups.all()})
        services.quotas_from_population(actor=admin, jury=jury, shares=all_shares)
        if pool:
            services.volunteers_import_csv(actor=admin, jury=jury, text=pool_csv(pool, seed=seed))
        jury.admin = admin
        return jury

    return make


@pytest.fixture
def seongnam(places: dict[str, Any]) -> Any:
    """Seongnam-si as the demo has it: a city of Gyeonggi-do with no dongs recorded."""
    from maeul.places.models import Municipality
    from maeul.places.models import MunicipalityKind as K

    gyeonggi = Municipality.objects.create(
        slug="gyeonggi",
        admin_code="4100000000",
        name="경기도",
        name_en="Gyeonggi-do",
        kind=K.PROVINCE,
    )
    return Municipality.objects.create(
        slug="gyeonggi-seongnam-si",
        admin_code="4113000000",
        name="성남시",
        name_en="Seongnam-si",
        kind=K.CITY,
        parent=gyeonggi,
    )


def seongnam_csv(size: int, *, with_column: bool = True) -> str:
    """Volunteers without a dong: the ``dong`` column empty, or left out altogether."""
    ages = [22, 27, 33, 38, 44, 47, 52, 58, 63, 71]
    columns = ["name", "phone", "birth_year", "gender", "dong", "contact_by", "consent"]
    if not with_column:
        columns.remove("dong")
    lines = [",".join(columns)]
    for i in range(size):
        row = {
            "name": f"성남{i}",
            "phone": f"010-7000-{i:04d}",
            "birth_year": str(2026 - ages[i % len(ages)]),
            "gender": "여" if i % 2 == 0 else "남",
            "dong": "",
            "contact_by": "sms",
            "consent": "예",
        }
        lines.append(",".join(row[c] for c in columns))
    return "\n".join(lines) + "\n"


NAMGU_DONG = "봉선1동"


def members_csv(count: int, year: int = 2018) -> str:
    lines = ["name,phone,birth_year,gender,dong,contact_by,consent"]
    for i in range(count):
        gender = "female" if i % 2 else "male"
        lines.append(f"위원{i},010-3000-{i:04d},{year - 30 - i % 40},{gender},{NAMGU_DONG},sms,예")
    return "\n".join(lines) + "\n"


@pytest.fixture
def namgu(places: dict[str, Any]) -> Any:
    from maeul.places.models import Municipality
    from maeul.places.models import MunicipalityKind as K

    Municipality.objects.create(
        slug="namgu-bongseon-1-dong",
        name=NAMGU_DONG,
        name_en="Bongseon 1-dong",
        kind=K.DONG,
        parent=places["namgu"],
    )
    return places["namgu"]


@pytest.fixture
def standing(namgu: Any, make_official: Any) -> Any:
    from maeul.juries import services

    """A Nam-gu jury of 12 commissioned members, 15 months from 2018-10-18, 2 subgroups."""
    admin = make_official(namgu, "administrator", username="namgu.jury.admin")
    jury = services.jury_create(
        actor=admin,
        municipality=namgu,
        name="제5기 배심원단",
        recruitment_year=2018,
        panel_size=12,
        reserve_count=0,
        term_months=15,
    )
    services.volunteers_import_csv(actor=admin, jury=jury, text=members_csv(12))
    services.jury_appoint(actor=admin, jury=jury)
    services.jury_term_set(actor=admin, jury=jury, start=dt.date(2018, 10, 18))
    services.subgroups_form(actor=admin, jury=jury, count=2)
    jury.refresh_from_db()
    jury.admin = admin
    return jury
