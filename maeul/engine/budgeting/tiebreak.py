"""Tie-breaking as an explicit parameter.

A rule calls :func:`order_tied` when several projects are exactly equal on the rule's own
criterion. The parameter is one of:

``"cost-votes"``
    lower cost first, then more votes; if projects are still tied, :class:`UnresolvedTie`
    names them (the default of equalshares.net: an official decides, not the software).
``"id"``
    project ids compared as strings (pabutools' lexicographic default).
a sequence of project ids
    an explicit priority list, earliest first; a tie among projects the list does not name
    raises :class:`UnresolvedTie`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from .errors import InvalidParameter, UnresolvedTie

TieBreak = str | Sequence[str]
"""``"cost-votes"``, ``"id"`` or a priority list of project ids."""

TIE_BREAKS = ("cost-votes", "id")


def check_tie_break(tie_break: TieBreak) -> None:
    """Reject an unknown tie-breaking name early, before any work is done."""
    if isinstance(tie_break, str) and tie_break not in TIE_BREAKS:
        raise InvalidParameter(
            f"unknown tie-break {tie_break!r}: use 'cost-votes', 'id' or a list of project ids",
            field="tie_break",
        )


def tie_key(
    tie_break: TieBreak, cost: Mapping[str, Fraction], votes: Mapping[str, int | Fraction]
) -> Callable[[str], tuple[object, ...]]:
    """A sort key implementing the tie-break (smaller sorts first = preferred)."""
    check_tie_break(tie_break)
    if tie_break == "id":
        return lambda p: (p,)
    if tie_break == "cost-votes":
        return lambda p: (cost[p], -votes[p])
    rank = {p: i for i, p in enumerate(tie_break)}
    unranked = len(rank)
    return lambda p: (rank.get(p, unranked),)


def order_tied(
    tied: Sequence[str],
    tie_break: TieBreak,
    cost: Mapping[str, Fraction],
    votes: Mapping[str, int | Fraction],
    *,
    context: str = "",
) -> list[str]:
    """Order exactly tied projects by the tie-break; the first is the winner.

    Raises :class:`UnresolvedTie` if the winner is not determined (the first two are equal
    under every criterion of the tie-break).
    """
    key = tie_key(tie_break, cost, votes)
    ordered = sorted(tied, key=lambda p: (key(p), p))
    if len(ordered) > 1 and key(ordered[0]) == key(ordered[1]):
        still = tuple(p for p in ordered if key(p) == key(ordered[0]))
        how = (
            "have the same cost and votes"
            if tie_break == "cost-votes"
            else "are not ranked by the priority list"
        )
        where = f" {context}" if context else ""
        raise UnresolvedTie(
            f"projects {', '.join(repr(p) for p in still)} are tied{where} and {how};"
            " choose --tie-break id or give a priority list",
            projects=still,
        )
    return ordered
