"""A place's home page asks each programme for its cards alone (``cards``, read through plans
compiled once per process); the programme indexes ask for many places at once
(``cards_for_many``). The two are written separately for speed (issue 23), so they are checked
to agree, card for card, on every place of the demo.

Grants differ on purpose: a city's call shows on its districts' home pages (their residents
may apply), while the index lists each place's own calls once, under the place that runs it.
They are compared on the places whose cities run no call."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from maeul.core.programmes import Cards, programmes
from maeul.places.models import Municipality


def _shown(cards: list[Any]) -> tuple[Any, ...]:
    extra = (cards.total, cards.more_url) if isinstance(cards, Cards) else None
    return (list(cards), extra)


def _city_calls(place: Municipality) -> bool:
    from maeul.grants.models import GrantCall

    above = [m.pk for m in place.ancestors()]
    return GrantCall.objects.filter(municipality_id__in=above).exists()


def test_one_place_and_many_places_give_the_same_cards(shared_demo: Any) -> None:
    places = list(Municipality.objects.order_by("pk"))
    assert len(places) > 10
    checked = 0
    for programme in programmes():
        if programme.cards_for_many is None:
            continue
        for language in ("ko", "en"):
            with translation.override(language):
                many = programme.cards_for_many(places)
                for place in places:
                    if programme.key == "grants" and _city_calls(place):
                        continue
                    one = programme.cards(place)
                    assert _shown(one) == _shown(many[place.pk]), (programme.key, place.slug)
                    checked += len(one)
    assert checked > 20  # the demo gives most programmes some cards to compare
