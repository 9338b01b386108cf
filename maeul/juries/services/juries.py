"""The jury itself: creation, its term, its electoral districts and quotas, closing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.core.errors import Conflict, ServiceError
from maeul.engine import sortition
from maeul.juries import labels
from maeul.juries.checks import check_term, check_term_months, clean_shares, term_end_limit
from maeul.juries.dongs import dongs_of
from maeul.juries.models import GENDER_FEATURE, DistrictGroup, Jury, JuryPhase, Quota
from maeul.juries.rules import JuryPermission, term_days_cap_for, term_months_for
from maeul.juries.services._base import Unprocessable, audit, locked_jury
from maeul.places.models import Municipality

MANAGE = JuryPermission.MANAGE


def jury_create(
    *,
    actor: Any,
    municipality: Municipality,
    name: str,
    recruitment_year: int,
    description: str = "",
    panel_size: int = 35,
    reserve_count: int = 5,
    grade_scale: str = "A,B,C,D,E",
    term_months: int | None = None,
) -> Jury:
    """A new jury, recruiting, with one district group per dong to start from; its term
    length is ``term_months`` or else the municipality's rule (rules.term_months_for)."""
    require_permission(actor, MANAGE, municipality)
    if panel_size < 1 or reserve_count < 0:
        raise ServiceError(_("The jury needs at least one juror."), field="panel_size")
    months = check_term_months(
        term_months if term_months is not None else term_months_for(municipality)
    )
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                jury = Jury.objects.create(
                    municipality=municipality,
                    name=name,
                    description=description,
                    recruitment_year=recruitment_year,
                    panel_size=panel_size,
                    reserve_count=reserve_count,
                    grade_scale=grade_scale,
                    term_months=months,
                )
        except IntegrityError as error:
            raise Conflict(_("A jury with this name already exists."), field="name") from error
        for order, dong in enumerate(dongs_of(municipality)):
            group = DistrictGroup.objects.create(
                jury=jury, key=dong.slug[:30], name=dong.name, order=order
            )
            group.dongs.set([dong])
        audit("jury_created", actor, jury, name=name, panel_size=panel_size, term_months=months)
    return jury


def jury_term_set(
    *,
    actor: Any,
    jury: Jury,
    start: dt.date,
    end: dt.date | None = None,
    months: int | None = None,
) -> Jury:
    """Set the jury's term (운영기간): its length in months (``months``, else the jury's
    current setting) and its dates, the end defaulting to the length's last day. The end must
    fit in the length and every session already scheduled inside the dates; there is no hard
    cap, because standing juries (Nam-gu's) sit for more than a year."""
    require_permission(actor, MANAGE, jury.municipality)
    length = check_term_months(months if months is not None else jury.term_months)
    # The municipality's bound in days goes with its default length: an official who sets a
    # jury's length otherwise has chosen that jury's rule (standing juries, issue 21).
    default = term_months_for(jury.municipality)
    cap_days = term_days_cap_for(jury.municipality) if length == default else None
    last = end if end is not None else term_end_limit(start, length, cap_days)
    check_term(start, last, length, cap_days)
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, MANAGE, "term")
        outside = locked.sessions.exclude(held_on__range=(start, last)).exists()
        outside = outside or locked.visits.exclude(visited_on__range=(start, last)).exists()
        if outside:
            raise ServiceError(
                _("A session or visit already recorded lies outside this term."),
                field="term_start",
            )
        locked.term_months, locked.term_start, locked.term_end = length, start, last
        locked.save(update_fields=["term_months", "term_start", "term_end"])
        audit("term_set", actor, locked, months=length, start=start, end=last)
    return locked


def jury_close(*, actor: Any, jury: Jury) -> Jury:
    """End the sittings; answers and publication stay possible."""
    require_permission(actor, MANAGE, jury.municipality)
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, MANAGE, "close")
        locked.phase = JuryPhase.CLOSED
        locked.save(update_fields=["phase"])
        audit("closed", actor, locked)
    return locked


def district_groups_set(
    *, actor: Any, jury: Jury, groups: Sequence[tuple[str, str, Sequence[Municipality]]]
) -> None:
    """Define the electoral districts (key, name, dongs); every dong in exactly one group."""
    require_permission(actor, MANAGE, jury.municipality)
    seen: set[int] = set()
    for _key, name, dongs in groups:
        for dong in dongs:
            if not dong.is_within(jury.municipality) or dong.pk in seen:
                raise ServiceError(
                    _("%(dong)s cannot be in district group %(group)s.")
                    % {"dong": dong.name, "group": name},
                    field="dongs",
                )
            seen.add(dong.pk)
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, MANAGE, "quotas")
        locked.district_groups.all().delete()
        for order, (key, name, dongs) in enumerate(groups):
            group = DistrictGroup.objects.create(jury=locked, key=key, name=name, order=order)
            group.dongs.set(dongs)
        audit(
            "districts_set",
            actor,
            locked,
            groups={key: sorted(d.slug for d in dongs) for key, _n, dongs in groups},
        )


def quotas_from_population(
    *, actor: Any, jury: Jury, shares: Mapping[str, Mapping[str, Decimal | int | float]]
) -> list[Quota]:
    """Quotas from population shares per feature (largest-remainder ranges of the engine).

    ``shares`` maps ``gender``/``age_band``/``district`` to {value: share}. Gender "other"
    (someone who prefers not to say) gets 0..1 seats unless given a share, so that such a
    volunteer can be drawn without a census category of their own.
    """
    require_permission(actor, MANAGE, jury.municipality)
    cleaned = clean_shares(jury, shares)
    try:
        computed = sortition.quotas_from_shares(
            # Fraction(Decimal) is exact: the engine takes exact ratios, not decimals
            {f: {v: Fraction(s) for v, s in vals.items() if s > 0} for f, vals in cleaned.items()},
            jury.panel_size,
        )
    except sortition.SortitionError as error:
        raise Unprocessable(labels.engine_error_message(error, {}), field="share") from error
    ranges = {(q.feature, q.value): (q.min, q.max) for q in computed}
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, MANAGE, "quotas")
        locked.quotas.all().delete()
        rows = _quota_rows(locked, cleaned, ranges)
        Quota.objects.bulk_create(rows)
        audit(
            "quotas_computed",
            actor,
            locked,
            quotas=[[q.feature, q.value, str(q.share), q.min, q.max] for q in rows],
        )
    return rows


def _quota_rows(
    jury: Jury,
    cleaned: Mapping[str, Mapping[str, Decimal]],
    ranges: Mapping[tuple[str, str], tuple[int, int]],
) -> list[Quota]:
    rows = []
    for feature, values in cleaned.items():
        for order, (value, share) in enumerate(values.items()):
            low, high = ranges.get((feature, value), (0, 0))
            rows.append(
                Quota(
                    jury=jury,
                    feature=feature,
                    value=value,
                    order=order,
                    share=share,
                    min=low,
                    max=high,
                )
            )
    if GENDER_FEATURE in cleaned and "other" not in cleaned[GENDER_FEATURE]:
        rows.append(
            Quota(
                jury=jury,
                feature=GENDER_FEATURE,
                value="other",
                order=len(cleaned[GENDER_FEATURE]),
                share=Decimal(0),
                min=0,
                max=1,
            )
        )
    return rows


def quotas_edit(*, actor: Any, jury: Jury, ranges: Mapping[int, tuple[int, int]]) -> None:
    """Officials adjust the min/max of quota rows (by id) before the draw."""
    require_permission(actor, MANAGE, jury.municipality)
    for low, high in ranges.values():
        if low < 0 or high < low or high > jury.panel_size:
            raise ServiceError(
                _("Each quota needs 0 ≤ minimum ≤ maximum ≤ %(k)s.") % {"k": jury.panel_size},
                field="min",
            )
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, MANAGE, "quotas")
        changes = []
        for quota in locked.quotas.select_for_update().filter(pk__in=list(ranges)):
            low, high = ranges[quota.pk]
            if (quota.min, quota.max) != (low, high):
                changes.append([quota.feature, quota.value, quota.min, quota.max, low, high])
                quota.min, quota.max = low, high
                quota.save(update_fields=["min", "max"])
        if changes:
            audit("quotas_edited", actor, locked, changes=changes)
