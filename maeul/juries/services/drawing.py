"""The lottery and what follows it: the draw of the panel and reserves, and the replacement
of a juror who drops out, both reproducible from what is stored (seed, inputs, version)."""

from __future__ import annotations

import time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.core.errors import Conflict, ServiceError
from maeul.engine import sortition
from maeul.juries import notices
from maeul.juries.models import Draw, Jury, JuryPhase, Replacement, Volunteer, VolunteerStatus
from maeul.juries.rules import JuryPermission
from maeul.juries.selectors import draw_people, engine_inputs
from maeul.juries.services._base import as_unprocessable, audit, locked_jury


def jury_draw(
    *, actor: Any, jury: Jury, seed: int | None = None, algorithm: str = "leximin"
) -> Draw:
    """Run the lottery once: the panel and the reserves, stored with everything needed to
    replay it. LEXIMIN on ~250 volunteers takes well under a few seconds, so it runs in the
    request; a pool of thousands belongs in a background task (see the subsystem doc)."""
    require_permission(actor, JuryPermission.DRAW, jury.municipality)
    if algorithm not in sortition.ALGORITHMS:
        raise ServiceError(_("Unknown algorithm."), field="algorithm")
    if seed is not None and not 0 <= int(seed) < 2**62:
        raise ServiceError(_("The seed must be a whole number from 0."), field="seed")
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, JuryPermission.DRAW, "draw")
        if Draw.objects.filter(jury=locked).exists():
            raise Conflict(_("This jury was already drawn."), field="jury")
        people, quotas = engine_inputs(locked)
        if not quotas:
            raise ServiceError(_("Set the quotas before the draw."), field="quotas")
        started = time.monotonic()
        try:
            result = sortition.run_lottery(
                people,
                quotas,
                locked.panel_size,
                reserves=locked.reserve_count,
                algorithm=algorithm,
                seed=seed,
                household_rule=False,
            )
        except sortition.SortitionError as error:
            raise as_unprocessable(error, locked, "quotas") from error
        draw = Draw.objects.create(
            jury=locked,
            algorithm=result.algorithm,
            engine_version=result.version,
            inputs_sha256=result.inputs_sha256,
            seed=result.seed,
            panel_size=locked.panel_size,
            reserve_count=locked.reserve_count,
            people=[[p.id, dict(p.features)] for p in people],
            quotas=[[q.feature, q.value, q.min, q.max] for q in quotas],
            probabilities=dict(result.distribution.person_probabilities),
            panel=list(result.panel),
            reserves=list(result.reserves),
            min_probability=result.min_probability,
            seconds=round(time.monotonic() - started, 3),
            drawn_at=timezone.now(),
            drawn_by=actor,
        )
        _seat_the_drawn(locked, result)
        notices.drawn(locked)
        audit(
            "drawn",
            actor,
            locked,
            draw,
            algorithm=result.algorithm,
            engine_version=result.version,
            inputs_sha256=result.inputs_sha256,
            seed=result.seed,
            pool=len(people),
            panel=list(result.panel),
            reserves=list(result.reserves),
        )
    return draw


def jury_appoint(*, actor: Any, jury: Jury) -> int:
    """Seat the whole pool without a lottery, for a municipality that commissions every
    volunteer it recruited (Nam-gu's 위촉: 53 appointed to its 5th jury, 35 to its 6th). The
    pool must fit the seats; the jury starts sitting and its page says it was appointed, not
    drawn. Returns the number of jurors."""
    require_permission(actor, JuryPermission.DRAW, jury.municipality)
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, JuryPermission.DRAW, "appoint")
        if Draw.objects.filter(jury=locked).exists():
            raise Conflict(_("This jury was already drawn."), field="jury")
        pool = locked.volunteers.select_for_update().filter(status=VolunteerStatus.POOL)
        count = pool.count()
        if count == 0:
            raise ServiceError(_("The pool is empty: nobody to appoint."), field="jury")
        if count > locked.panel_size:
            raise ServiceError(
                _(
                    "The pool has %(count)s volunteers for %(seats)s seats: draw the jury "
                    "by lottery, or raise the number of jurors."
                )
                % {"count": count, "seats": locked.panel_size},
                field="jury",
            )
        codes = list(pool.order_by("code").values_list("code", flat=True))
        pool.update(status=VolunteerStatus.JUROR)
        locked.phase = JuryPhase.SITTING
        locked.save(update_fields=["phase"])
        audit("appointed", actor, locked, jurors=codes)
    return count


def _seat_the_drawn(jury: Jury, result: sortition.LotteryResult) -> None:
    """Jurors, ranked reserves, the rest not selected; the jury starts sitting."""
    volunteers = jury.volunteers.filter(status=VolunteerStatus.POOL)
    volunteers.filter(code__in=result.panel).update(status=VolunteerStatus.JUROR)
    for rank, code in enumerate(result.reserves, start=1):
        volunteers.filter(code=code).update(status=VolunteerStatus.RESERVE, reserve_rank=rank)
    volunteers.filter(status=VolunteerStatus.POOL).exclude(
        code__in=[*result.panel, *result.reserves]
    ).update(status=VolunteerStatus.NOT_SELECTED)
    jury.phase = JuryPhase.SITTING
    jury.save(update_fields=["phase"])


def juror_replace(*, actor: Any, jury: Jury, volunteer: Volunteer) -> Replacement:
    """Replace a juror who dropped out, keeping every quota: the first reserve who fits, or a
    fresh draw from the rest of the pool (seeded from the draw's seed and the count)."""
    require_permission(actor, JuryPermission.MANAGE, jury.municipality)
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, JuryPermission.MANAGE, "replace")
        draw = Draw.objects.get(jury=locked)
        dropout = Volunteer.objects.select_for_update().get(pk=volunteer.pk, jury=locked)
        if dropout.status != VolunteerStatus.JUROR:
            raise Conflict(_("Only a juror can be replaced."), field="volunteer")
        people, quotas = draw_people(draw)
        current = locked.volunteers.select_for_update()
        panel = list(current.filter(status=VolunteerStatus.JUROR).values_list("code", flat=True))
        reserves = list(
            current.filter(status=VolunteerStatus.RESERVE)
            .order_by("reserve_rank")
            .values_list("code", flat=True)
        )
        gone = set(current.filter(status=VolunteerStatus.DROPPED).values_list("code", flat=True))
        people = [p for p in people if p.id not in gone]
        seed = draw.seed * 1000 + locked.replacements.count() + 1
        try:
            outcome = sortition.replace_dropouts(
                people,
                quotas,
                draw.panel_size,
                panel,
                [dropout.code],
                reserves,
                seed,
                household_rule=False,
                algorithm=draw.algorithm,
            )
        except sortition.SortitionError as error:
            raise as_unprocessable(error, locked, "quotas") from error
        newcomers = [*outcome.from_reserves, *outcome.newly_drawn]
        dropout.status = VolunteerStatus.DROPPED
        dropout.subgroup_id, old_subgroup = None, dropout.subgroup_id
        dropout.save(update_fields=["status", "subgroup"])
        current.filter(code__in=newcomers).update(
            status=VolunteerStatus.JUROR, reserve_rank=None, subgroup_id=old_subgroup
        )
        notices.called_up(locked, newcomers)
        substitute = current.filter(code__in=newcomers).first()
        replacement = Replacement.objects.create(
            jury=locked,
            dropout=dropout,
            substitute=substitute,
            from_reserves=bool(outcome.from_reserves),
            seed=seed,
            at=timezone.now(),
            by=actor,
        )
        audit(
            "juror_replaced",
            actor,
            locked,
            replacement,
            dropout=dropout.code,
            from_reserves=list(outcome.from_reserves),
            newly_drawn=list(outcome.newly_drawn),
            seed=seed,
        )
    return replacement
