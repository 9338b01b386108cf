"""Survey results on participation and trust, entered by officials and shown with the public
statistics. One result per year and group, enforced by the constraint's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, ServiceError, violates
from maeul.governance.models import SurveyGroup, SurveyResult
from maeul.governance.rules import GovernancePermission
from maeul.governance.services._base import _require
from maeul.places.models import Municipality

SURVEY_FIELDS = (
    "year",
    "group",
    "respondents",
    "level",
    "level_share",
    "trust_district",
    "trust_city",
)


def _check_survey(values: Mapping[str, Any]) -> None:
    if not 2000 <= int(values["year"]) <= 2100:
        raise ServiceError(_("Enter a year between 2000 and 2100."), field="year")
    if values["group"] not in SurveyGroup.values:
        raise ServiceError(_("Choose the group surveyed."), field="group")
    if not 1 <= int(values["level"]) <= 7:
        raise ServiceError(_("The participation level is between 1 and 7."), field="level")
    if not 0 <= Decimal(values["level_share"]) <= 100:
        raise ServiceError(_("A share is between 0 and 100%."), field="level_share")
    for name in ("trust_district", "trust_city"):
        if not 0 <= Decimal(values[name]) < 10:
            raise ServiceError(_("A mean trust score is between 0 and 9.99."), field=name)
    if values.get("respondents") is not None and int(values["respondents"]) < 0:
        raise ServiceError(_("The number of respondents cannot be negative."), field="respondents")


def survey_result_save(
    *,
    actor: Any,
    result: SurveyResult | None = None,
    municipality: Municipality | None = None,
    data: Mapping[str, Any] | None = None,
) -> SurveyResult:
    """Create or correct a survey result.

    The officials' page gives ``municipality`` and ``data`` (and ``result`` to correct one);
    the operator's back office gives the edited ``result`` instance alone. The same year and
    group twice is refused by the constraint's name with a message, never a 500.
    """
    if result is None:
        if municipality is None:
            raise ServiceError(_("Choose the municipality."), field="municipality")
        result = SurveyResult(municipality=municipality)
    else:
        stored = (
            SurveyResult.objects.select_related("municipality").filter(pk=result.pk).first()
            if result.pk
            else None
        )
        if stored is not None:
            _require(actor, GovernancePermission.MANAGE_BODIES, stored.municipality)
    _require(actor, GovernancePermission.MANAGE_BODIES, result.municipality)
    if data is not None:
        unknown = sorted(set(data) - set(SURVEY_FIELDS))
        if unknown:
            raise ServiceError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})
        for name, value in data.items():
            setattr(result, name, value)
    _check_survey({name: getattr(result, name) for name in SURVEY_FIELDS})
    try:
        with transaction.atomic(durable=True):
            result.save()
            audit_record(
                kind="governance.survey_saved",
                actor=actor,
                subject=result,
                municipality=result.municipality,
                data={
                    "year": result.year,
                    "group": result.group,
                    "level": int(result.level),
                    "level_share": str(result.level_share),
                    "trust_district": str(result.trust_district),
                    "trust_city": str(result.trust_city),
                },
            )
    except IntegrityError as error:
        if violates(error, "governance_survey_unique_group", "municipality_id", "year", "group"):
            raise Conflict(
                _("A result for this year and group is already recorded; correct that one."),
                field="group",
            ) from None
        raise
    return result
