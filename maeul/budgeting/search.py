"""What participatory budgeting offers the search page (``maeul.search``), and the fields the
cycle's proposal list searches: one matching rule (``maeul.core.textsearch``) for both."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from maeul.budgeting.models import PUBLIC_STATUSES, Phase, Proposal
from maeul.budgeting.moderation import PROPOSAL as PROPOSAL_KIND
from maeul.core import textsearch
from maeul.moderation import selectors as moderation
from maeul.places.models import Municipality

PROPOSAL_SEARCH_FIELDS = ("title", "address")
"""What a term is matched against, on the search page and in the proposal list's search box:
the columns the list shows. Each has a trigram index on PostgreSQL
(``search.0001_trigram_indexes``)."""
PROPOSAL_SEARCH_TEXT = ("description",)
"""Long text the search page matches too (``search.0002_trigram_long_text``)."""


def search_statuses() -> list[tuple[str, str]]:
    """The statuses a search can be narrowed to: the public ones, and "adopted"."""
    return [(str(s.value), str(s.label)) for s in PUBLIC_STATUSES] + [("adopted", _("Adopted"))]


def search_proposals(
    term: str, *, places: QuerySet[Municipality] | None, year: int | None = None, status: str = ""
) -> textsearch.Source:
    """Public proposals of public cycles in ``places`` (every municipality when None) whose
    title, place or description contains ``term``: newest cycle first, then by number."""
    rows = (
        moderation.exclude_hidden(
            Proposal.objects.filter(status__in=PUBLIC_STATUSES), PROPOSAL_KIND
        )
        .exclude(cycle__phase=Phase.SETUP)
        .filter(textsearch.matching(term, *PROPOSAL_SEARCH_FIELDS, long=PROPOSAL_SEARCH_TEXT))
        .select_related("cycle__municipality")
        .only(
            "number",
            "title",
            "address",
            "description",
            "status",
            "adopted",
            "cycle__cycle_year",
            "cycle__municipality__slug",
            "cycle__municipality__name",
            "cycle__municipality__name_en",
        )
        .order_by("-cycle__cycle_year", "cycle_id", "number")
    )
    if places is not None:
        rows = rows.filter(cycle__municipality__in=places)
    if year is not None:
        rows = rows.filter(cycle__cycle_year=year)
    if status == "adopted":
        rows = rows.filter(adopted=True)
    elif status:
        rows = rows.filter(status=status)

    def hit(proposal: Proposal) -> textsearch.Hit:
        municipality = proposal.cycle.municipality
        return textsearch.Hit(
            kind="proposal",
            kind_label=_("Proposal"),
            title=f"#{proposal.number} {proposal.title}",
            url=reverse(
                "budgeting:proposal",
                args=[municipality.slug, proposal.cycle.cycle_year, proposal.number],
            ),
            place=f"{municipality.display_name} · {proposal.address}",
            year=proposal.cycle.cycle_year,
            status=_("Adopted") if proposal.adopted else proposal.get_status_display(),
            excerpt=textsearch.excerpt(proposal.description, term),
        )

    return textsearch.Source(kind="proposal", rows=rows, hit=hit)
