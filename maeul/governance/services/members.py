"""Adding and ending memberships. Each change locks its body's row first
(``select_for_update``), so two officials adding members at once see each other's terms and
the composition each one previewed is the one they change. The previews themselves are
readers and live in ``governance.selectors``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, violates
from maeul.engine.scoring import ChangeEffect
from maeul.governance.models import Body, Membership
from maeul.governance.rules import GovernancePermission
from maeul.governance.selectors import MemberDraft, membership_end_preview, membership_preview
from maeul.governance.services._base import _require


class CompositionWarning(Conflict):
    """The change would break a composition rule; repeat it with ``acknowledge=True``."""

    code = "composition_warning"

    def __init__(self, message: str, *, effect: ChangeEffect) -> None:
        super().__init__(message, field=None)
        self.effect = effect


def _locked_body(body_id: int) -> Body:
    return Body.objects.select_for_update().select_related("municipality").get(pk=body_id)


def membership_add(
    *, actor: Any, body: Body, draft: MemberDraft, acknowledge: bool = False
) -> Membership:
    """Add one term. A term problem is refused; a composition rule the change would break is
    a ``CompositionWarning`` unless the official acknowledged it after seeing the preview."""
    _require(actor, GovernancePermission.MANAGE_BODIES, body)
    with transaction.atomic(durable=True):
        body = _locked_body(body.pk)
        effect, end = membership_preview(body=body, draft=draft)
        if effect.newly_broken and not acknowledge:
            raise CompositionWarning(
                _("Adding this member would break a composition rule; confirm to go ahead."),
                effect=effect,
            )
        try:
            with transaction.atomic():
                member = Membership.objects.create(
                    body=body,
                    user_id=draft.user_id,
                    person_name=draft.person_name.strip(),
                    affiliation=draft.affiliation,
                    sector=draft.sector,
                    gender=draft.gender,
                    appointment=draft.appointment,
                    role=draft.role,
                    term_start=draft.term_start,
                    term_end=end,
                )
        except IntegrityError as error:
            if violates(
                error, "governance_membership_unique_term", "body_id", "person_name", "term_start"
            ):
                raise Conflict(
                    _("%(name)s already has a term starting on this day.")
                    % {"name": draft.person_name},
                    field="term_start",
                ) from None
            raise
        audit_record(
            kind="governance.member_added",
            actor=actor,
            subject=member,
            municipality=body.municipality,
            data={
                "body": body.pk,
                "sector": member.sector,
                "term": [member.term_start, member.term_end],
                "acknowledged": sorted(effect.newly_broken),
            },
        )
    return member


def membership_end(
    *,
    actor: Any,
    membership: Membership,
    on: dt.date,
    reason: str = "",
    acknowledge: bool = False,
) -> Membership:
    """Record a resignation (or a dismissal) effective after ``on``, the member's last day."""
    _require(actor, GovernancePermission.MANAGE_BODIES, membership.body)
    with transaction.atomic(durable=True):
        _locked_body(membership.body_id)
        membership = Membership.objects.select_related("body__municipality").get(pk=membership.pk)
        if membership.resigned_on is not None:
            raise Conflict(_("This membership has already ended."), field="resigned_on")
        effect = membership_end_preview(membership=membership, on=on)
        if effect.newly_broken and not acknowledge:
            raise CompositionWarning(
                _("Removing this member would break a composition rule; confirm to go ahead."),
                effect=effect,
            )
        membership.resigned_on = on
        membership.resignation_reason = reason[:200]
        membership.save(update_fields=["resigned_on", "resignation_reason"])
        audit_record(
            kind="governance.member_ended",
            actor=actor,
            subject=membership,
            municipality=membership.body.municipality,
            data={"on": on, "acknowledged": sorted(effect.newly_broken)},
        )
    return membership
