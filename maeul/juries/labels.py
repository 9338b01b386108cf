"""What people read for the lottery's codes and the engine's findings, in their language.

The sortition engine speaks in codes and English sentences (it is pure Python and used from
the command line); the jury pages show Korean and English. This module is the one mapping
from the engine's typed findings (``Finding.code``), its typed errors (``InvalidPool`` with
``code``), quota feature values (``female``, ``u30``, a district key) and algorithm names to
translated text, so no page shows a raw code or an English engine message to a Korean reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.engine import sortition
from maeul.juries.models import AGE_FEATURE, DISTRICT_FEATURE, GENDER_FEATURE, AgeBand, Gender

ALGORITHM_NAMES = {
    "leximin": gettext_lazy("LEXIMIN (recommended)"),
    "maximin": gettext_lazy("MAXIMIN"),
    "nash": gettext_lazy("NASH"),
    "legacy": gettext_lazy("LEGACY"),
}
ALGORITHM_EXPLANATIONS = {
    "leximin": gettext_lazy(
        "Makes the lowest selection probability as high as possible, then the next lowest, and "
        "so on, so that every volunteer has as fair a chance as the quotas allow."
    ),
    "maximin": gettext_lazy(
        "Makes only the lowest selection probability as high as possible; the other chances "
        "may end up less even than with LEXIMIN."
    ),
    "nash": gettext_lazy(
        "Maximises the product of all selection probabilities; the average chance is slightly "
        "higher, but the lowest chance can be lower than with LEXIMIN."
    ),
    "legacy": gettext_lazy(
        "The older one-by-one greedy draw, kept for comparison; some volunteers may get almost "
        "no chance of being selected."
    ),
}


def algorithm_choices() -> list[tuple[str, Any]]:
    return [(a, ALGORITHM_NAMES.get(a, a)) for a in sortition.ALGORITHMS]


def algorithm_name(code: str) -> str:
    return str(ALGORITHM_NAMES.get(code, code))


def feature_label(feature: str) -> str:
    return {
        GENDER_FEATURE: _("Gender"),
        AGE_FEATURE: _("Age band"),
        DISTRICT_FEATURE: _("District"),
    }.get(feature, feature)


def value_label(feature: str, value: str, groups: Mapping[str, str]) -> str:
    """A quota value as people read it: 여성 for ``female``, 30대 for ``30s``, the district's
    name for its key; a value without a label (a district with no volunteers) as it is."""
    if feature == GENDER_FEATURE:
        return str(dict(Gender.choices).get(value, value))
    if feature == AGE_FEATURE:
        return str(dict(AgeBand.choices).get(value, value))
    if feature == DISTRICT_FEATURE and value == "none":
        return _("No dong recorded")
    return groups.get(value, value)


def _quota(feature: str, value: str, groups: Mapping[str, str]) -> str:
    return _("“%(feature)s: %(value)s”") % {
        "feature": feature_label(feature),
        "value": value_label(feature, value, groups),
    }


def finding_text(finding: sortition.Finding, groups: Mapping[str, str]) -> str:
    """One of the engine's reasons why no panel exists, in the reader's language."""
    p = finding.params
    if finding.code == "minimums_exceed_panel":
        return _("The minimums for %(feature)s add up to %(total)s, more than the %(k)s seats.") % {
            "feature": feature_label(p["feature"]),
            "total": p["total"],
            "k": p["k"],
        }
    if finding.code == "maximums_below_panel":
        return _(
            "The maximums for %(feature)s add up to %(total)s, fewer than the %(k)s seats."
        ) % {"feature": feature_label(p["feature"]), "total": p["total"], "k": p["k"]}
    if finding.code == "too_few_with_value":
        return _(
            "Only %(available)s volunteers fall under %(quota)s, but its minimum is %(min)s."
        ) % {
            "available": p["available"],
            "quota": _quota(p["feature"], p["value"], groups),
            "min": p["min"],
        }
    if finding.code == "pool_too_small":
        return _("The pool has only %(units)s volunteers, fewer than the %(k)s seats.") % {
            "units": p["units"],
            "k": p["k"],
        }
    if finding.code == "household_rule":
        return _("The pool cannot fill %(k)s seats with one person per household.") % {"k": p["k"]}
    if finding.code == "features_conflict":
        return _("The quotas of different features cannot all be met at the same time.")
    if finding.code == "members_exceed_maximum":
        return _("The remaining jurors already exceed a maximum, so no substitute fits.")
    return finding.text


def relaxation_text(relaxation: sortition.Relaxation, groups: Mapping[str, str]) -> str:
    quota = _quota(relaxation.feature, relaxation.value, groups)
    parts = []
    if relaxation.new_min != relaxation.min:
        parts.append(
            _("lower the minimum from %(old)s to %(new)s")
            % {"old": relaxation.min, "new": relaxation.new_min}
        )
    if relaxation.new_max != relaxation.max:
        parts.append(
            _("raise the maximum from %(old)s to %(new)s")
            % {"old": relaxation.max, "new": relaxation.new_max}
        )
    return _("%(quota)s — %(change)s") % {"quota": quota, "change": _(" and ").join(parts)}


def feasibility_lines(
    report: sortition.FeasibilityReport, groups: Mapping[str, str]
) -> dict[str, Any]:
    """The engine's feasibility report as a headline, reasons and suggested changes."""
    if report.feasible:
        return {
            "feasible": True,
            "headline": _("A panel of %(k)s meeting every quota exists.") % {"k": report.k},
            "reasons": [],
            "changes": [],
            "note": "",
        }
    findings = report.findings or tuple(sortition.Finding("", text) for text in report.problems)
    return {
        "feasible": False,
        "headline": _("No panel of %(k)s meets every quota.") % {"k": report.k},
        "reasons": [finding_text(f, groups) for f in findings],
        "changes": [relaxation_text(r, groups) for r in report.relaxations],
        "note": ""
        if report.relaxations or report.panel_size_possible
        else _("No change of the quotas helps: the pool is too small for this panel."),
    }


def infeasible_message(report: sortition.FeasibilityReport, groups: Mapping[str, str]) -> str:
    """The whole diagnosis as lines of one message (for the messages shown after a POST)."""
    lines = feasibility_lines(report, groups)
    text = [lines["headline"], *lines["reasons"]]
    if lines["changes"]:
        text.append(_("Smallest change that makes a panel possible:"))
        text.extend(lines["changes"])
    if lines["note"]:
        text.append(lines["note"])
    return "\n".join(text)


def engine_error_message(error: sortition.SortitionError, groups: Mapping[str, str]) -> str:
    """Any refusal of the engine in the reader's language; unclassified input errors keep
    the engine's own detail after a translated lead so nothing is lost."""
    if isinstance(error, sortition.InfeasibleQuotas):
        return infeasible_message(error.report, groups)
    code = getattr(error, "code", "")
    params: Mapping[str, Any] = getattr(error, "params", {})
    if code == "unknown_value" and params.get("feature") == DISTRICT_FEATURE:
        return _(
            "Volunteer %(person)s lives in no district of the quotas; compute the quotas again "
            "or check the volunteer's dong."
        ) % {"person": params["person"]}
    if code == "unknown_value":
        return _(
            "Volunteer %(person)s has %(quota)s, which has no quota; add it to the quotas."
        ) % {
            "person": params["person"],
            "quota": _quota(params["feature"], params["value"], groups),
        }
    if code == "missing_value":
        return _("Volunteer %(person)s has no %(feature)s.") % {
            "person": params["person"],
            "feature": feature_label(params["feature"]),
        }
    if isinstance(error, sortition.InvalidQuotas):
        return _("The quotas cannot be used: %(detail)s") % {"detail": str(error)}
    if isinstance(error, sortition.InvalidInput):
        return _("The pool cannot be used: %(detail)s") % {"detail": str(error)}
    return _("The lottery could not be computed: %(detail)s") % {"detail": str(error)}
