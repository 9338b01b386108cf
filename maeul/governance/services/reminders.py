"""The daily reminder of terms ending (beat, ``governance.tasks``; also
``maeul governance_terms_ending --notify``): the officials who manage each body are told of
every running term that ends within 30 days. Safe to run any number of times a day: each
membership's term end is told once."""

from __future__ import annotations

import datetime as dt

from maeul.governance import notices, selectors
from maeul.places.models import Municipality


def terms_ending_remind(*, on: dt.date | None = None, days: int = notices.NOTICE_DAYS) -> int:
    """Tell officials of the terms ending within ``days`` of ``on`` (today in Korea);
    answers how many terms were named."""
    day = on or selectors.today()
    count = 0
    for root in Municipality.objects.filter(level=1).order_by("pk"):
        for membership in selectors.terms_ending(root, on=day, days=days).order_by("pk"):
            notices.term_ending(membership)
            count += 1
    return count
