"""What the pledges app offers the search page (``maeul.search``): pledges matched by title, narrowed by status. A pledge belongs to a term, not a year, so a search narrowed to a
year leaves pledges out (the page says so)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from maeul.core import textsearch
from maeul.places.models import Municipality
from maeul.pledges.models import Pledge, PledgeStatus

PLEDGE_SEARCH_FIELDS = ("title",)
PLEDGE_SEARCH_TEXT = ("summary",)  # long text (search.0002_trigram_long_text)


def search_statuses() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in PledgeStatus.choices]


def search_pledges(
    term: str, *, places: QuerySet[Municipality] | None, status: str = ""
) -> textsearch.Source:
    """Pledges (all public) in ``places`` whose title or summary contains ``term``."""
    rows = (
        Pledge.objects.filter(
            textsearch.matching(term, *PLEDGE_SEARCH_FIELDS, long=PLEDGE_SEARCH_TEXT)
        )
        .select_related("municipality")
        .only(
            "number",
            "title",
            "summary",
            "status",
            "municipality__slug",
            "municipality__name",
            "municipality__name_en",
        )
        .order_by("municipality__path", "number")
    )
    if places is not None:
        rows = rows.filter(municipality__in=places)
    if status:
        rows = rows.filter(status=status)

    def hit(pledge: Pledge) -> textsearch.Hit:
        return textsearch.Hit(
            kind="pledge",
            kind_label=_("Pledge"),
            title=f"{pledge.number}. {pledge.title}",
            url=reverse("pledges:sheet", args=[pledge.municipality.slug, pledge.number]),
            place=pledge.municipality.display_name,
            year=None,
            status=pledge.get_status_display(),
            excerpt=textsearch.excerpt(pledge.summary, term),
        )

    return textsearch.Source(kind="pledge", rows=rows, hit=hit)
