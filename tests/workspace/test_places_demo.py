"""Seongnam-si's dongs in the demo places (issue 13: jury intake in Seongnam needs a dong)."""

from __future__ import annotations

from typing import Any

from maeul.places import demo
from maeul.places.models import Municipality, MunicipalityKind


def test_seongnam_has_its_dongs_with_bundang_codes(db: Any) -> None:
    demo.load()
    demo.load()  # idempotent
    seongnam = Municipality.objects.get(slug="gyeonggi-seongnam-si")
    dongs = list(seongnam.children.order_by("sort_order"))
    assert len(dongs) == len(demo.SEONGNAM_DONGS) == 47
    assert {d.kind for d in dongs} == {MunicipalityKind.DONG} and {d.level for d in dongs} == {3}
    assert all(d.is_within(seongnam) for d in dongs)
    bundang = [d for d in dongs if d.description == "성남시 분당구"]
    assert len(bundang) == 22
    assert all(d.admin_code and d.admin_code.startswith("41135") for d in bundang)
    assert len({d.admin_code for d in bundang}) == 22
    assert Municipality.objects.get(slug="seongnam-sunae-1-dong").admin_code == "4113552000"
    others = [d for d in dongs if d not in bundang]
    assert len(others) == 25 and all(d.admin_code is None for d in others)
