"""What other apps may ask of the governance register (DESIGN: apps meet through interface
modules).

Participatory budgeting links a cycle to its PB committee and proposal-support group (foreign
keys to ``Body``, by string reference) and reads who belongs to them from here — membership
is kept in the register, never copied. These functions are the only questions a programme
asks: which bodies are PB committees, which bodies hang under a committee, and whose terms
run on a given day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from maeul.governance.models import Body, BodyKind, DeliberationSession, Membership

__all__ = [
    "Body",
    "DeliberationSession",
    "council_sessions",
    "deliberation_sessions",
    "governance_councils",
    "Membership",
    "citizen_auditor_bodies",
    "citizen_auditor_terms",
    "is_citizen_auditor",
    "is_pb_committee",
    "load_demo_citizen_auditors",
    "load_demo_pb_bodies",
    "load_demo_youth_council",
    "pb_committees",
    "running_terms",
    "with_subbodies",
]


def pb_committees() -> QuerySet[Body]:
    """The bodies registered as participatory budgeting committees (주민참여예산위원회)."""
    return Body.objects.filter(kind=BodyKind.PB_COMMITTEE)


def citizen_auditor_bodies(municipality_id: int) -> QuerySet[Body]:
    """The municipality's citizen-auditor bodies (시민감사관): residents appointed for a term
    who observe audits and handle the residents' reports assigned to them."""
    return Body.objects.filter(municipality_id=municipality_id, kind=BodyKind.CITIZEN_AUDITORS)


def citizen_auditor_terms(municipality_id: int, day: dt.date) -> QuerySet[Membership]:
    """The running citizen-auditor terms of the municipality on ``day`` with an account
    (only those can be assigned a report and sign in to answer it)."""
    bodies = citizen_auditor_bodies(municipality_id).values_list("pk", flat=True)
    return running_terms(bodies, day, with_account=True).select_related("user")


def is_citizen_auditor(user: Any, municipality_id: int, day: dt.date) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return citizen_auditor_terms(municipality_id, day).filter(user_id=user.pk).exists()


def governance_councils(municipality: Any) -> QuerySet[Body]:
    """The district governance councils (자치구 협치회의) registered for ``municipality``:
    the bodies that submit a community innovation plan."""
    return Body.objects.filter(municipality=municipality, kind=BodyKind.DISTRICT_GOVERNANCE_COUNCIL)


def deliberation_sessions(municipality: Any) -> QuerySet[DeliberationSession]:
    """The deliberation sessions recorded for ``municipality``, newest first (a plan links
    the ones it came out of)."""
    return DeliberationSession.objects.filter(municipality=municipality).order_by(
        "-starts_at", "-pk"
    )


def council_sessions(
    municipality: Any, council_id: int | None = None
) -> QuerySet[DeliberationSession]:
    """The deliberation sessions held by ``municipality``'s own governance council (or by
    ``council_id`` when given) and the bodies under it (분과, working groups), newest first.
    A community innovation plan links only these: sessions of other bodies or districts did
    not shape the council's plan."""
    if council_id is not None:
        roots = [council_id]
    else:
        roots = list(governance_councils(municipality).values_list("pk", flat=True))
    bodies: list[int] = []
    for root in roots:
        bodies.extend(with_subbodies(root))
    return (
        DeliberationSession.objects.filter(municipality=municipality, body_id__in=bodies)
        .select_related("body")
        .order_by("-starts_at", "-pk")
    )


def is_pb_committee(body: Any) -> bool:
    return bool(body is not None and body.kind == BodyKind.PB_COMMITTEE)


def with_subbodies(body_id: int) -> list[int]:
    """``body_id`` and every body under it (subcommittees, 분과, however deep the register
    goes), parents first."""
    ids = [body_id]
    frontier = ids
    while frontier:
        found = Body.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        frontier = [pk for pk in found if pk not in ids]
        ids = ids + frontier
    return ids


def running_terms(
    body_ids: Iterable[int],
    day: dt.date,
    *,
    user: Any = None,
    with_account: bool | None = None,
) -> QuerySet[Membership]:
    """Terms in ``body_ids`` running on ``day`` (a resignation ends a term early); only
    ``user``'s when given; only those with (``True``) or without (``False``) an account when
    ``with_account`` is set."""
    terms = Membership.objects.filter(
        body_id__in=list(body_ids), term_start__lte=day, term_end__gte=day
    ).filter(Q(resigned_on__isnull=True) | Q(resigned_on__gte=day))
    if user is not None:
        terms = terms.filter(user_id=user.pk)
    if with_account is not None:
        terms = terms.filter(user__isnull=not with_account)
    return terms


def load_demo_pb_bodies() -> tuple[Body, Body]:
    """The demo's PB committee and proposal-support group of Geumcheon-gu (created once)."""
    from maeul.governance.demo import load_geumcheon_pb

    return load_geumcheon_pb()


def load_demo_youth_council() -> Body:
    """The demo's youth council of Geumcheon-gu (created once), which runs the budgeting
    demo's education/youth group."""
    from maeul.governance.demo import load_geumcheon_youth_council

    return load_geumcheon_youth_council()


def load_demo_citizen_auditors() -> Body:
    """The demo's citizen auditors of Nam-gu (created once)."""
    from maeul.governance.demo import load_namgu_citizen_auditors

    return load_namgu_citizen_auditors()
