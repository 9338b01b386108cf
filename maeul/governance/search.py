"""What the governance register offers the search page (``maeul.search``): councils and
committees matched by name, narrowed by the year they were established."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from maeul.core import textsearch
from maeul.governance.models import Body
from maeul.places.models import Municipality

BODY_SEARCH_FIELDS = ("name",)
BODY_SEARCH_TEXT = ("mandate",)  # long text (search.0002_trigram_long_text)


def search_bodies(
    term: str, *, places: QuerySet[Municipality] | None, year: int | None = None
) -> textsearch.Source:
    """Bodies (all public) in ``places`` whose name or mandate contains ``term``."""
    rows = (
        Body.objects.filter(textsearch.matching(term, *BODY_SEARCH_FIELDS, long=BODY_SEARCH_TEXT))
        .select_related("municipality")
        .order_by("municipality__path", "name", "pk")
    )
    if places is not None:
        rows = rows.filter(municipality__in=places)
    if year is not None:
        rows = rows.filter(established_on__year=year)

    def hit(body: Body) -> textsearch.Hit:
        return textsearch.Hit(
            kind="body",
            kind_label=_("Governance body"),
            title=body.name,
            url=reverse("governance:body", args=[body.pk]),
            place=body.municipality.display_name,
            year=body.established_on.year if body.established_on else None,
            status=body.get_kind_display(),
            excerpt=textsearch.excerpt(body.mandate, term),
        )

    return textsearch.Source(kind="body", rows=rows, hit=hit)
