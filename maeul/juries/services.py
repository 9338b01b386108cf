"""State changes of juries: one function per change, one durable transaction each, with its
audit entry.

Phases as data: ``PHASE_ACTIONS`` says which actions each phase allows; services check it
after taking the jury's row lock, so a draw and a late volunteer cannot interleave (the draw
locks the jury, then reads the pool; intake locks the jury, then checks the phase).

Locking order: jury row first, then volunteers / opinions of that jury.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, NotAllowed, ServiceError, violates
from maeul.engine import sortition
from maeul.juries import labels
from maeul.juries.dongs import dongs_of, records_dongs
from maeul.juries.models import (
    AGE_FEATURE,
    DISTRICT_FEATURE,
    GENDER_FEATURE,
    MAX_TERM_DAYS,
    AgeBand,
    Attendance,
    Channel,
    ContactBy,
    DistrictGroup,
    Draw,
    Jury,
    JuryPhase,
    Opinion,
    Quota,
    Recommendation,
    Replacement,
    Review,
    Session,
    Subgroup,
    Volunteer,
    VolunteerStatus,
    age_band,
)
from maeul.places.models import Municipality

PHASE_ACTIONS: dict[str, frozenset[str]] = {
    JuryPhase.RECRUITING: frozenset({"intake", "quotas", "draw", "term"}),
    JuryPhase.SITTING: frozenset(
        {
            "replace",
            "term",
            "session",
            "attendance",
            "subgroups",
            "review",
            "opinion",
            "answer",
            "publish",
            "close",
        }
    ),
    JuryPhase.CLOSED: frozenset({"answer", "publish"}),
}
GENDERS = ("female", "male", "other")


class Unprocessable(ServiceError):
    """Input that is well-formed but cannot be used (quotas no panel can meet...)."""

    code = "unprocessable"
    status = 422


def _lock(jury: Jury) -> Jury:
    return Jury.objects.select_for_update().select_related("municipality").get(pk=jury.pk)


def _require_phase(jury: Jury, action: str) -> None:
    if action not in PHASE_ACTIONS[jury.phase]:
        raise Conflict(
            _("This cannot be done while the jury is in the phase “%(phase)s”.")
            % {"phase": jury.get_phase_display()},
            field="phase",
        )


def _audit(kind: str, actor: Any, jury: Jury, subject: Any = None, **data: Any) -> None:
    audit_record(
        kind=f"juries.{kind}",
        actor=actor,
        subject=subject if subject is not None else jury,
        municipality=jury.municipality,
        data={"jury": jury.pk, **data},
    )


# ---- the jury and its term -------------------------------------------------------------


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
) -> Jury:
    require_permission(actor, "juries.manage", municipality)
    if panel_size < 1 or reserve_count < 0:
        raise ServiceError(_("The jury needs at least one juror."), field="panel_size")
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
                )
        except IntegrityError as error:
            raise Conflict(_("A jury with this name already exists."), field="name") from error
        for order, dong in enumerate(dongs_of(municipality)):
            group = DistrictGroup.objects.create(
                jury=jury, key=dong.slug[:30], name=dong.name, order=order
            )
            group.dongs.set([dong])
        _audit("jury_created", actor, jury, name=name, panel_size=panel_size)
    return jury


def parse_shares(text: str) -> dict[str, dict[str, Decimal]]:
    """Population shares typed as lines ``feature,value,share`` (e.g. ``gender,female,49.6``)."""
    shares: dict[str, dict[str, Decimal]] = {}
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 3 or parts[0] not in (GENDER_FEATURE, AGE_FEATURE, DISTRICT_FEATURE):
            raise ServiceError(
                _(
                    "Line %(line)s: write feature,value,share (feature: gender, age_band or "
                    "district)."
                )
                % {"line": line_number},
                field="shares",
            )
        try:
            share = Decimal(parts[2])
        except ArithmeticError as error:
            raise ServiceError(
                _("Line %(line)s: the share must be a number.") % {"line": line_number},
                field="shares",
            ) from error
        if not share.is_finite():
            raise ServiceError(
                _("Line %(line)s: the share must be a number.") % {"line": line_number},
                field="shares",
            )
        shares.setdefault(parts[0], {})[parts[1]] = share
    if not shares:
        raise ServiceError(_("Enter at least one share."), field="shares")
    return shares


def check_term(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ServiceError(_("The term cannot end before it starts."), field="term_end")
    if (end - start).days > MAX_TERM_DAYS:
        raise ServiceError(
            _("A jury sits for at most %(days)s days; this term lasts %(length)s days.")
            % {"days": MAX_TERM_DAYS, "length": (end - start).days},
            field="term_end",
        )


def jury_term_set(*, actor: Any, jury: Jury, start: dt.date, end: dt.date) -> Jury:
    """Set the jury's term (운영기간): at most 90 days, and every session inside it."""
    require_permission(actor, "juries.manage", jury.municipality)
    check_term(start, end)
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "term")
        outside = locked.sessions.exclude(held_on__range=(start, end)).exists()
        if outside:
            raise ServiceError(
                _("A session already scheduled lies outside this term."), field="term_start"
            )
        locked.term_start, locked.term_end = start, end
        locked.save(update_fields=["term_start", "term_end"])
        _audit("term_set", actor, locked, start=start, end=end)
    return locked


def jury_close(*, actor: Any, jury: Jury) -> Jury:
    require_permission(actor, "juries.manage", jury.municipality)
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "close")
        locked.phase = JuryPhase.CLOSED
        locked.save(update_fields=["phase"])
        _audit("closed", actor, locked)
    return locked


# ---- districts and quotas --------------------------------------------------------------


def district_groups_set(
    *, actor: Any, jury: Jury, groups: Sequence[tuple[str, str, Sequence[Municipality]]]
) -> None:
    """Define the electoral districts (key, name, dongs); every dong in exactly one group."""
    require_permission(actor, "juries.manage", jury.municipality)
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
        locked = _lock(jury)
        _require_phase(locked, "quotas")
        locked.district_groups.all().delete()
        for order, (key, name, dongs) in enumerate(groups):
            group = DistrictGroup.objects.create(jury=locked, key=key, name=name, order=order)
            group.dongs.set(dongs)
        _audit(
            "districts_set",
            actor,
            locked,
            groups={key: sorted(d.slug for d in dongs) for key, _n, dongs in groups},
        )


def quotas_from_population(
    *, actor: Any, jury: Jury, shares: Mapping[str, Mapping[str, Decimal | int]]
) -> list[Quota]:
    """Quotas from population shares per feature (largest-remainder ranges of the engine).

    ``shares`` maps ``gender``/``age_band``/``district`` to {value: share}. Gender "other"
    (someone who prefers not to say) gets 0..1 seats unless given a share, so that such a
    volunteer can be drawn without a census category of their own.
    """
    require_permission(actor, "juries.manage", jury.municipality)
    allowed = {
        GENDER_FEATURE: set(GENDERS),
        AGE_FEATURE: set(AgeBand.values),
        DISTRICT_FEATURE: set(jury.district_groups.values_list("key", flat=True)),
    }
    cleaned: dict[str, dict[str, Decimal]] = {}
    for feature, values in shares.items():
        if feature not in allowed:
            raise ServiceError(
                _("Unknown feature %(feature)s.") % {"feature": feature}, field="shares"
            )
        unknown = sorted(set(values) - allowed[feature])
        if unknown:
            raise ServiceError(
                _("%(feature)s: unknown values %(values)s (use %(allowed)s).")
                % {
                    "feature": feature,
                    "values": ", ".join(unknown),
                    "allowed": ", ".join(sorted(allowed[feature])),
                },
                field="shares",
            )
        cleaned[feature] = {}
        for value, share in values.items():
            try:
                number = Decimal(str(share))
            except ArithmeticError as error:
                raise ServiceError(
                    _("%(feature)s %(value)s: the share must be a number.")
                    % {"feature": feature, "value": value},
                    field="share",
                ) from error
            if not number.is_finite() or number < 0:
                raise ServiceError(
                    _("%(feature)s %(value)s: the share cannot be negative.")
                    % {"feature": feature, "value": value},
                    field="share",
                )
            cleaned[feature][value] = number
        if sum(cleaned[feature].values()) <= 0:
            raise ServiceError(
                _("The shares of %(feature)s add up to 0.") % {"feature": feature}, field="share"
            )
    try:
        computed = sortition.quotas_from_shares(
            {f: {v: s for v, s in vals.items() if s > 0} for f, vals in cleaned.items()},
            jury.panel_size,
        )
    except sortition.SortitionError as error:
        raise Unprocessable(labels.engine_error_message(error, {}), field="share") from error
    ranges = {(q.feature, q.value): (q.min, q.max) for q in computed}
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "quotas")
        locked.quotas.all().delete()
        rows = []
        for feature, values in cleaned.items():
            for order, (value, share) in enumerate(values.items()):
                low, high = ranges.get((feature, value), (0, 0))
                rows.append(
                    Quota(
                        jury=locked,
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
                    jury=locked,
                    feature=GENDER_FEATURE,
                    value="other",
                    order=len(cleaned[GENDER_FEATURE]),
                    share=Decimal(0),
                    min=0,
                    max=1,
                )
            )
        Quota.objects.bulk_create(rows)
        _audit(
            "quotas_computed",
            actor,
            locked,
            quotas=[[q.feature, q.value, str(q.share), q.min, q.max] for q in rows],
        )
    return rows


def quotas_edit(*, actor: Any, jury: Jury, ranges: Mapping[int, tuple[int, int]]) -> None:
    """Officials adjust the min/max of quota rows (by id) before the draw."""
    require_permission(actor, "juries.manage", jury.municipality)
    for low, high in ranges.values():
        if low < 0 or high < low or high > jury.panel_size:
            raise ServiceError(
                _("Each quota needs 0 ≤ minimum ≤ maximum ≤ %(k)s.") % {"k": jury.panel_size},
                field="min",
            )
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "quotas")
        changes = []
        for quota in locked.quotas.select_for_update().filter(pk__in=list(ranges)):
            low, high = ranges[quota.pk]
            if (quota.min, quota.max) != (low, high):
                changes.append([quota.feature, quota.value, quota.min, quota.max, low, high])
                quota.min, quota.max = low, high
                quota.save(update_fields=["min", "max"])
        if changes:
            _audit("quotas_edited", actor, locked, changes=changes)


# ---- volunteers ------------------------------------------------------------------------


def _group_of_dong(jury: Jury) -> dict[int, str]:
    return {
        dong_id: group.key
        for group in jury.district_groups.prefetch_related("dongs")
        for dong_id in group.dongs.values_list("pk", flat=True)
    }


def _check_volunteer(
    jury: Jury, *, name: str, birth_year: int, gender: str, dong: Municipality | None
) -> None:
    if not (name or "").strip():
        raise ServiceError(_("Enter the volunteer's name."), field="name")
    if gender not in GENDERS:
        raise ServiceError(_("Choose female, male or other."), field="gender")
    if birth_year is None or not 1900 <= int(birth_year) <= jury.recruitment_year:
        raise ServiceError(_("Enter a valid birth year."), field="birth_year")
    if jury.recruitment_year - int(birth_year) < jury.min_age:
        raise ServiceError(
            _("Volunteers must be at least %(age)s years old in %(year)s.")
            % {"age": jury.min_age, "year": jury.recruitment_year},
            field="birth_year",
        )
    if dong is None:
        if records_dongs(jury.municipality):
            raise ServiceError(
                _("Choose a neighbourhood (dong) of %(municipality)s.")
                % {"municipality": jury.municipality.name},
                field="dong",
            )
    elif not dong.is_within(jury.municipality) or dong.level != 3:
        raise ServiceError(
            _("Choose a neighbourhood (dong) of %(municipality)s.")
            % {"municipality": jury.municipality.name},
            field="dong",
        )


def _next_code(jury: Jury) -> str:
    last = jury.volunteers.order_by("-code").values_list("code", flat=True).first()
    number = int(last[1:]) + 1 if last and last[1:].isdigit() else 1
    return f"V{number:04d}"


def _save_volunteer(volunteer: Volunteer) -> Volunteer:
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError as error:
        if violates(error, "volunteer_user_unique", "jury_id", "user_id"):
            raise Conflict(
                _("You have already volunteered for this jury."), field="user"
            ) from error
        raise Conflict(
            _("A volunteer with this phone number is already in the pool."), field="phone"
        ) from error
    return volunteer


def volunteer_apply(
    *,
    actor: Any,
    jury: Jury,
    dong: Municipality | None,
    phone: str,
    contact_by: str,
    consent: bool,
) -> Volunteer:
    """A logged-in resident volunteers through the web form; age and gender come from the
    resident's profile, the dong from the profile unless the form gives one."""
    require_permission(actor, "juries.apply", jury)
    resident = actor.resident
    if not consent:
        raise ServiceError(
            _("Volunteering needs your consent to the use of your details."), field="consent"
        )
    if contact_by not in ContactBy.values:
        raise ServiceError(_("Choose how we may contact you."), field="contact_by")
    dong = dong or resident.dong
    _check_volunteer(
        jury,
        name=actor.name or actor.username,
        birth_year=resident.birth_year,
        gender=resident.gender,
        dong=dong,
    )
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "intake")
        volunteer = _save_volunteer(
            Volunteer(
                jury=locked,
                code=_next_code(locked),
                user=actor,
                name=actor.name or actor.username,
                phone=phone.strip(),
                email=actor.email,
                birth_year=resident.birth_year,
                gender=resident.gender,
                dong=dong,
                channel=Channel.WEB,
                consent_at=timezone.now(),
                contact_by=contact_by,
            )
        )
        _audit("volunteer_added", actor, locked, volunteer, code=volunteer.code, channel="web")
    return volunteer


def volunteer_intake(
    *,
    actor: Any,
    jury: Jury,
    name: str,
    phone: str,
    birth_year: int,
    gender: str,
    dong: Municipality | None,
    contact_by: str,
    consent: bool,
) -> Volunteer:
    """An official enters a volunteer reached by phone (1st contact ARS, 2nd interview)."""
    require_permission(actor, "juries.manage", jury.municipality)
    if not consent:
        raise ServiceError(_("Record the volunteer's consent first."), field="consent")
    if contact_by not in ContactBy.values:
        raise ServiceError(_("Choose how we may contact the volunteer."), field="contact_by")
    _check_volunteer(jury, name=name, birth_year=birth_year, gender=gender, dong=dong)
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "intake")
        volunteer = _save_volunteer(
            Volunteer(
                jury=locked,
                code=_next_code(locked),
                name=name.strip(),
                phone=phone.strip(),
                birth_year=int(birth_year),
                gender=gender,
                dong=dong,
                channel=Channel.PHONE,
                consent_at=timezone.now(),
                contact_by=contact_by,
            )
        )
        _audit("volunteer_added", actor, locked, volunteer, code=volunteer.code, channel="phone")
    return volunteer


CSV_COLUMNS = ("name", "phone", "birth_year", "gender", "dong", "contact_by", "consent")
GENDER_WORDS = {
    "female": "female",
    "f": "female",
    "여": "female",
    "여성": "female",
    "male": "male",
    "m": "male",
    "남": "male",
    "남성": "male",
    "other": "other",
    "기타": "other",
}
YES = {"yes", "y", "1", "true", "예", "동의", "o"}


def volunteers_import_csv(*, actor: Any, jury: Jury, text: str) -> int:
    """Import volunteers from CSV (columns ``CSV_COLUMNS``; dong by Korean name or slug).

    Where the municipality records no dongs the ``dong`` column may be missing or empty (a
    value there is refused: it could not be placed in any district). All rows or none: every
    error is listed with its row and column before anything is saved. Returns the number of
    volunteers added.
    """
    require_permission(actor, "juries.manage", jury.municipality)
    with_dongs = records_dongs(jury.municipality)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header and (with_dongs or c != "dong")]
    if missing:
        raise ServiceError(
            _("Row 1: missing columns: %(columns)s.") % {"columns": ", ".join(missing)},
            field="file",
        )
    dongs = {key: m for m in dongs_of(jury.municipality) for key in (m.name, m.slug)}
    errors: list[str] = []
    rows: list[dict[str, Any]] = []
    phones: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}

        def bad(column: str, message: str, line: int = line) -> None:
            errors.append(
                _("Row %(row)s, column %(column)s: %(message)s")
                % {"row": line, "column": column, "message": message}
            )

        gender = GENDER_WORDS.get(row["gender"].lower())
        if gender is None:
            bad("gender", _("use female, male or other"))
        dong_text = row.get("dong", "")
        dong = dongs.get(dong_text)
        if not with_dongs:
            if dong_text:
                bad(
                    "dong",
                    _(
                        "%(value)s: %(municipality)s records no dongs in Maeul; leave the column "
                        "empty"
                    )
                    % {"value": dong_text, "municipality": jury.municipality.name},
                )
        elif not dong_text:
            bad("dong", _("empty; write the volunteer's dong"))
        elif dong is None:
            bad("dong", _("%(value)s is not a dong of this municipality") % {"value": dong_text})
        try:
            birth_year = int(row["birth_year"])
        except ValueError:
            birth_year = None
            bad("birth_year", _("not a year"))
        contact_by = row["contact_by"] or ContactBy.SMS
        if contact_by not in ContactBy.values:
            bad("contact_by", _("use sms, phone or email"))
        if row["consent"].lower() not in YES:
            bad("consent", _("the volunteer's consent is required"))
        if not row["name"]:
            bad("name", _("empty"))
        if row["phone"]:
            if row["phone"] in phones:
                bad("phone", _("same as row %(other)s") % {"other": phones[row["phone"]]})
            phones[row["phone"]] = line
        if (
            birth_year is not None
            and gender
            and (dong is not None or not with_dongs)
            and row["name"]
        ):
            try:
                _check_volunteer(
                    jury, name=row["name"], birth_year=birth_year, gender=gender, dong=dong
                )
            except ServiceError as error:
                bad(error.field or "", error.message)
        rows.append(
            {
                **row,
                "gender": gender,
                "dong": dong,
                "birth_year": birth_year,
                "contact_by": contact_by,
            }
        )
    if not rows and not errors:
        errors.append(_("The file has no volunteers."))
    if errors:
        raise ServiceError("\n".join(errors), field="file")
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "intake")
        taken = set(locked.volunteers.exclude(phone="").values_list("phone", flat=True))
        clash = [r["phone"] for r in rows if r["phone"] in taken]
        if clash:
            raise Conflict(
                _("Already in the pool: %(phones)s. Nothing was imported.")
                % {"phones": ", ".join(clash)},
                field="phone",
            )
        first = int(_next_code(locked)[1:])
        now = timezone.now()
        Volunteer.objects.bulk_create(
            [
                Volunteer(
                    jury=locked,
                    code=f"V{first + i:04d}",
                    name=r["name"],
                    phone=r["phone"],
                    birth_year=r["birth_year"],
                    gender=r["gender"],
                    dong=r["dong"],
                    channel=Channel.CSV,
                    consent_at=now,
                    contact_by=r["contact_by"],
                )
                for i, r in enumerate(rows)
            ]
        )
        _audit("volunteers_imported", actor, locked, count=len(rows))
    return len(rows)


# ---- the lottery -----------------------------------------------------------------------


def engine_inputs(jury: Jury) -> tuple[list[sortition.Person], list[sortition.FeatureQuota]]:
    """The pool and quotas as the engine sees them: codes and quota features only."""
    groups = _group_of_dong(jury)
    people = []
    for v in jury.volunteers.filter(status=VolunteerStatus.POOL).order_by("code"):
        features = {
            GENDER_FEATURE: v.gender,
            AGE_FEATURE: age_band(jury.recruitment_year - v.birth_year),
            DISTRICT_FEATURE: groups.get(v.dong_id, "none"),
        }
        people.append(sortition.Person(id=v.code, features=features))
    quotas = [
        sortition.FeatureQuota(q.feature, q.value, q.min, q.max)
        for q in jury.quotas.order_by("feature", "order")
    ]
    used = {q.feature for q in quotas}
    people = [
        sortition.Person(id=p.id, features={f: v for f, v in p.features.items() if f in used})
        for p in people
    ]
    return people, quotas


def _as_unprocessable(error: sortition.SortitionError, jury: Jury) -> Unprocessable:
    """The engine's refusal as a ServiceError in the person's language (labels.py)."""
    groups = dict(jury.district_groups.values_list("key", "name"))
    return Unprocessable(labels.engine_error_message(error, groups), field="quotas")


def jury_draw(
    *, actor: Any, jury: Jury, seed: int | None = None, algorithm: str = "leximin"
) -> Draw:
    """Run the lottery once: the panel and the reserves, stored with everything needed to
    replay it. LEXIMIN on ~250 volunteers takes well under a few seconds, so it runs in the
    request; a pool of thousands belongs in a background task (see the subsystem doc)."""
    require_permission(actor, "juries.draw", jury.municipality)
    if algorithm not in sortition.ALGORITHMS:
        raise ServiceError(_("Unknown algorithm."), field="algorithm")
    if seed is not None and not 0 <= int(seed) < 2**62:
        raise ServiceError(_("The seed must be a whole number from 0."), field="seed")
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "draw")
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
            raise _as_unprocessable(error, locked) from error
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
        volunteers = locked.volunteers.filter(status=VolunteerStatus.POOL)
        volunteers.filter(code__in=result.panel).update(status=VolunteerStatus.JUROR)
        for rank, code in enumerate(result.reserves, start=1):
            volunteers.filter(code=code).update(status=VolunteerStatus.RESERVE, reserve_rank=rank)
        volunteers.filter(status=VolunteerStatus.POOL).exclude(
            code__in=[*result.panel, *result.reserves]
        ).update(status=VolunteerStatus.NOT_SELECTED)
        locked.phase = JuryPhase.SITTING
        locked.save(update_fields=["phase"])
        _audit(
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


def draw_people(draw: Draw) -> tuple[list[sortition.Person], list[sortition.FeatureQuota]]:
    people = [sortition.Person(id=code, features=features) for code, features in draw.people]
    quotas = [sortition.FeatureQuota(f, v, lo, hi) for f, v, lo, hi in draw.quotas]
    return people, quotas


def juror_replace(*, actor: Any, jury: Jury, volunteer: Volunteer) -> Replacement:
    """Replace a juror who dropped out, keeping every quota: the first reserve who fits, or a
    fresh draw from the rest of the pool (seeded from the draw's seed and the count)."""
    require_permission(actor, "juries.manage", jury.municipality)
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "replace")
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
            raise _as_unprocessable(error, locked) from error
        newcomers = [*outcome.from_reserves, *outcome.newly_drawn]
        dropout.status = VolunteerStatus.DROPPED
        dropout.subgroup_id, old_subgroup = None, dropout.subgroup_id
        dropout.save(update_fields=["status", "subgroup"])
        current.filter(code__in=newcomers).update(
            status=VolunteerStatus.JUROR, reserve_rank=None, subgroup_id=old_subgroup
        )
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
        _audit(
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


# ---- sessions and subgroups ------------------------------------------------------------


def session_schedule(
    *, actor: Any, jury: Jury, held_on: dt.date, title: str, place: str = ""
) -> Session:
    require_permission(actor, "juries.manage", jury.municipality)
    if not title.strip():
        raise ServiceError(_("Give the session a title."), field="title")
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "session")
        if locked.term_start is None or locked.term_end is None:
            raise ServiceError(_("Set the jury's term first."), field="held_on")
        if not locked.term_start <= held_on <= locked.term_end:
            raise ServiceError(
                _("The session must fall within the jury's term (%(start)s – %(end)s).")
                % {"start": locked.term_start, "end": locked.term_end},
                field="held_on",
            )
        number = (
            locked.sessions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        session = Session.objects.create(
            jury=locked, number=number, held_on=held_on, title=title.strip(), place=place
        )
        _audit("session_scheduled", actor, locked, session, number=number, held_on=held_on)
    return session


def attendance_record(*, actor: Any, session: Session, present_ids: Sequence[int]) -> int:
    """Record who attended: every current juror gets a row, present or not."""
    jury = session.jury
    require_permission(actor, "juries.manage", jury.municipality)
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "attendance")
        jurors = list(locked.volunteers.filter(status=VolunteerStatus.JUROR))
        present = set(present_ids)
        for juror in jurors:
            Attendance.objects.update_or_create(
                session=session, volunteer=juror, defaults={"present": juror.pk in present}
            )
        count = sum(1 for j in jurors if j.pk in present)
        _audit("attendance_recorded", actor, locked, session, present=count, of=len(jurors))
    return count


def subgroups_form(*, actor: Any, jury: Jury, count: int = 4) -> list[Subgroup]:
    """Split the jurors into ``count`` subgroups (by code, in turn) and share the
    municipality's pledges among them (by number, in turn)."""
    from maeul.pledges.models import Pledge

    require_permission(actor, "juries.manage", jury.municipality)
    if not 1 <= count <= 12:
        raise ServiceError(_("Choose between 1 and 12 subgroups."), field="count")
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "subgroups")
        if locked.reviews.exists():
            raise Conflict(_("Reviews have started; the subgroups can no longer change."))
        locked.volunteers.update(subgroup=None)
        locked.subgroups.all().delete()
        groups = [
            Subgroup.objects.create(jury=locked, number=n, name=_("Subgroup %(n)s") % {"n": n})
            for n in range(1, count + 1)
        ]
        jurors = list(locked.volunteers.filter(status=VolunteerStatus.JUROR).order_by("code"))
        for index, juror in enumerate(jurors):
            juror.subgroup = groups[index % count]
            juror.save(update_fields=["subgroup"])
        pledges = list(Pledge.objects.filter(municipality=locked.municipality).order_by("number"))
        for index, pledge in enumerate(pledges):
            groups[index % count].pledges.add(pledge)
        _audit(
            "subgroups_formed", actor, locked, count=count, jurors=len(jurors), pledges=len(pledges)
        )
    return groups


# ---- reviews, opinions, answers --------------------------------------------------------


def juror_for(user: Any, jury: Jury) -> Volunteer:
    """The user's seat on this jury, or NotAllowed."""
    juror = (
        jury.volunteers.filter(user=user, status=VolunteerStatus.JUROR)
        .select_related("subgroup")
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if juror is None:
        raise NotAllowed(_("Only the jurors of this jury can review its pledges."))
    return juror


def review_submit(
    *,
    actor: Any,
    jury: Jury,
    pledge: Any,
    grade: str,
    comments: str = "",
    recommendation: str = Recommendation.NONE,
) -> Review:
    """A juror grades a pledge of their subgroup (or any pledge when there are none)."""
    juror = juror_for(actor, jury)
    if pledge.municipality_id != jury.municipality_id:
        raise ServiceError(_("This pledge is not one of this jury's."), field="pledge")
    if grade not in jury.grades():
        raise ServiceError(
            _("Choose a grade of the scale: %(grades)s.") % {"grades": ", ".join(jury.grades())},
            field="grade",
        )
    if recommendation not in Recommendation.values:
        raise ServiceError(_("Choose a recommendation type."), field="recommendation")
    if juror.subgroup is not None and not juror.subgroup.pledges.filter(pk=pledge.pk).exists():
        raise NotAllowed(_("This pledge is assigned to another subgroup."))
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "review")
        if locked.opinions.filter(pledge=pledge, published_at__isnull=False).exists():
            raise Conflict(_("The jury's opinion on this pledge is already published."))
        review, created = Review.objects.update_or_create(
            juror=juror,
            pledge=pledge,
            defaults={
                "jury": locked,
                "grade": grade,
                "comments": comments.strip(),
                "recommendation": recommendation,
                "submitted_at": timezone.now(),
            },
        )
        _audit(
            "review_submitted",
            actor,
            locked,
            review,
            pledge=pledge.number,
            juror=juror.code,
            grade=grade,
            recommendation=recommendation,
            updated=not created,
        )
    return review


def opinion_prepare(
    *,
    actor: Any,
    jury: Jury,
    pledge: Any,
    grade: str,
    text: str,
    recommendation: str = Recommendation.NONE,
) -> Opinion:
    """The organisers write down the jury's aggregated opinion on a pledge (unpublished)."""
    require_permission(actor, "juries.manage", jury.municipality)
    if pledge.municipality_id != jury.municipality_id:
        raise ServiceError(_("This pledge is not one of this jury's."), field="pledge")
    if grade not in jury.grades():
        raise ServiceError(
            _("Choose a grade of the scale: %(grades)s.") % {"grades": ", ".join(jury.grades())},
            field="grade",
        )
    if not text.strip():
        raise ServiceError(_("Write the jury's opinion."), field="text")
    if recommendation not in Recommendation.values:
        raise ServiceError(_("Choose a recommendation type."), field="recommendation")
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "opinion")
        existing = locked.opinions.select_for_update().filter(pledge=pledge).first()
        if existing is not None and existing.published_at is not None:
            raise Conflict(_("The opinion is already published."))
        opinion, _created = Opinion.objects.update_or_create(
            jury=locked,
            pledge=pledge,
            defaults={
                "grade": grade,
                "text": text.strip(),
                "recommendation": recommendation,
                "reviews_count": locked.reviews.filter(pledge=pledge).count(),
            },
        )
        _audit("opinion_prepared", actor, locked, opinion, pledge=pledge.number, grade=grade)
    return opinion


def opinion_answer(*, actor: Any, opinion: Opinion, answer: str) -> Opinion:
    """The mayor's office's answer to the jury's opinion."""
    jury = opinion.jury
    require_permission(actor, "juries.answer", jury.municipality)
    if not answer.strip():
        raise ServiceError(_("Write the answer."), field="answer")
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "answer")
        row = Opinion.objects.select_for_update().get(pk=opinion.pk)
        row.mayor_answer = answer.strip()
        row.answered_at = timezone.now()
        row.save(update_fields=["mayor_answer", "answered_at"])
        _audit("opinion_answered", actor, locked, row, pledge=row.pledge.number)
    return row


def opinion_publish(*, actor: Any, opinion: Opinion) -> Opinion:
    """Publish an opinion; allowed once the jury has met (a session held on or before
    today), since opinions are published after the session that formed them."""
    jury = opinion.jury
    require_permission(actor, "juries.manage", jury.municipality)
    with transaction.atomic(durable=True):
        locked = _lock(jury)
        _require_phase(locked, "publish")
        today = timezone.localdate()
        if not locked.sessions.filter(held_on__lte=today).exists():
            raise Conflict(
                _("Opinions are published after the jury's session; no session has been held."),
                field="published_at",
            )
        row = Opinion.objects.select_for_update().get(pk=opinion.pk)
        if row.published_at is None:
            row.published_at = timezone.now()
            row.save(update_fields=["published_at"])
            _audit("opinion_published", actor, locked, row, pledge=row.pledge.number)
    return row
