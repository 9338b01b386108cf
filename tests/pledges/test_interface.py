"""What the pledges app offers other apps: the sheet's opinions hook and the ordered pledges.

Pledges imports nothing of juries (lint-imports checks that); the jury's opinions reach the
sheet only because juries registered its provider at app ready.
"""

from __future__ import annotations

from typing import Any

from maeul.juries.selectors import published_opinions_for_pledge
from maeul.pledges import interface


def test_juries_fill_the_sheet_hook_once() -> None:
    from django.apps import apps

    apps.get_app_config("juries").ready()  # a second ready() must not show opinions twice
    assert interface._SHEET_OPINIONS.count(published_opinions_for_pledge) == 1


def test_pledges_in_order_is_the_municipality_table_order(places: dict[str, Any]) -> None:
    from maeul.pledges.models import Pledge, PledgeField, PledgeGoal

    municipality = places["geumcheon"]
    goal = PledgeGoal.objects.create(municipality=municipality, name="목표")
    field = PledgeField.objects.create(goal=goal, name="분야")
    for number in (3, 1, 2):
        Pledge.objects.create(
            municipality=municipality, field=field, number=number, title=f"공약 {number}"
        )
    assert [p.number for p in interface.pledges_in_order(municipality)] == [1, 2, 3]
    assert interface.any_pledges()
    assert interface.sheet_opinions(Pledge.objects.get(number=1)) == []
