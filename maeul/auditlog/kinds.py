"""The one registry of audit entry kinds, and labels for the keys of their data.

Entries store a kind code (``points.voucher_issued``) because codes are stable and hashed into
the chain; people read the description registered here, in Korean or English, never the code
alone. Every kind the code appends must be registered: ``tests/auditlog/test_kinds.py`` walks
the source for every ``audit_record(kind=...)`` (resolving the wrappers and f-strings that
build kinds) and fails on a kind missing here, and on a data key without a label.

The registry holds only text, so the foundation app knows the other apps' kinds without
importing them (the layer rule of ``tests/test_architecture.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

APPS: dict[str, Promise] = {
    "accounts": _("Accounts"),
    "budgeting": _("Participatory budgeting"),
    "governance": _("Governance councils"),
    "juries": _("Citizens' juries"),
    "pledges": _("Pledge tracking"),
    "points": _("Participation points"),
    "voting": _("Resident votes"),
}
"""The apps that append entries, in the order the kind filter lists them."""


@dataclass(frozen=True)
class Kind:
    code: str
    description: Promise

    @property
    def app(self) -> str:
        return self.code.split(".", 1)[0]


_KINDS: tuple[tuple[str, Promise], ...] = (
    # accounts
    ("accounts.resident_registered", _("Resident registered")),
    ("accounts.resident_moved", _("Resident's home district or dong changed")),
    ("accounts.identity_verified", _("Resident's identity verified")),
    ("accounts.official_created", _("Official account created")),
    # budgeting (주민참여예산)
    ("budgeting.cycle_created", _("Budgeting cycle created")),
    ("budgeting.cycle_reported", _("Past cycle's figures recorded")),
    ("budgeting.rules_changed", _("Cycle rules changed")),
    ("budgeting.type_saved", _("Project type saved")),
    ("budgeting.group_saved", _("Category group saved")),
    ("budgeting.phase_dates_set", _("Phase dates set")),
    ("budgeting.phase_advanced", _("Cycle moved to the next phase")),
    ("budgeting.proposal_drafted", _("Proposal draft saved")),
    ("budgeting.proposal_submitted", _("Proposal submitted")),
    ("budgeting.proposal_recorded_offline", _("Paper or visit proposal recorded")),
    ("budgeting.proposal_withdrawn", _("Proposal withdrawn")),
    ("budgeting.attachment_added", _("File attached to a proposal")),
    ("budgeting.comment_added", _("Comment added to a proposal")),
    ("budgeting.proposal_screened", _("Proposal screened")),
    ("budgeting.general_project_added", _("General-track project added")),
    ("budgeting.meeting_recorded", _("Dong meeting recorded")),
    ("budgeting.bodies_linked", _("Committee and support group linked")),
    ("budgeting.votes_recorded", _("Vote totals entered")),
    ("budgeting.mobile_vote_opened", _("Mobile vote opened")),
    ("budgeting.committee_vote_opened", _("Committee vote opened")),
    ("budgeting.mobile_vote_imported", _("Mobile vote totals taken from the vote")),
    ("budgeting.committee_vote_imported", _("Committee vote totals taken from the vote")),
    ("budgeting.result_computed", _("Result computed")),
    ("budgeting.result_published", _("Result published")),
    ("budgeting.execution_recorded", _("Spending recorded")),
    ("budgeting.execution_status", _("Execution status changed")),
    ("budgeting.school_session", _("Budget school session recorded")),
    # governance (협치)
    ("governance.body_created", _("Governance body created")),
    ("governance.body_updated", _("Governance body's rules changed")),
    ("governance.member_added", _("Member appointed")),
    ("governance.member_ended", _("Membership ended")),
    ("governance.sessions_imported", _("Sessions imported from a spreadsheet")),
    ("governance.session_recorded", _("Session recorded")),
    ("governance.session_minutes", _("Session minutes saved")),
    ("governance.attendance_recorded", _("Attendance recorded")),
    ("governance.attachment_added", _("File attached to a report")),
    ("governance.report_submitted", _("Activity report submitted")),
    ("governance.report_accepted", _("Activity report accepted")),
    ("governance.report_returned", _("Activity report returned")),
    ("governance.survey_saved", _("Survey results saved")),
    # juries (주민배심원단)
    ("juries.jury_created", _("Jury created")),
    ("juries.term_set", _("Jury term set")),
    ("juries.closed", _("Jury closed")),
    ("juries.districts_set", _("Jury's districts set")),
    ("juries.quotas_computed", _("Quotas computed from population shares")),
    ("juries.quotas_edited", _("Quotas edited")),
    ("juries.volunteer_added", _("Volunteer added")),
    ("juries.volunteers_imported", _("Volunteers imported")),
    ("juries.drawn", _("Jury drawn by lottery")),
    ("juries.juror_replaced", _("Juror replaced from the reserves")),
    ("juries.session_scheduled", _("Jury session scheduled")),
    ("juries.attendance_recorded", _("Jury attendance recorded")),
    ("juries.subgroups_formed", _("Subgroups formed")),
    ("juries.review_submitted", _("Pledge review submitted")),
    ("juries.opinion_prepared", _("Opinion on a pledge prepared")),
    ("juries.opinion_answered", _("Answer to an opinion recorded")),
    ("juries.opinion_published", _("Opinion published")),
    # pledges (공약 이행)
    ("pledges.pledge_saved", _("Pledge saved")),
    ("pledges.sheet_rows_saved", _("Pledge sheet rows saved")),
    ("pledges.status_changed", _("Pledge status changed")),
    ("pledges.indicators_replaced", _("Pledge indicators replaced")),
    ("pledges.report_submitted", _("Progress report submitted")),
    ("pledges.report_approved", _("Progress report approved")),
    ("pledges.report_returned", _("Progress report returned")),
    ("pledges.table_imported", _("Pledge table imported")),
    # points (주민참여포인트)
    ("points.award_table_published", _("Award table published")),
    ("points.policy_set", _("Expiry rules set")),
    ("points.awarded", _("Points awarded")),
    ("points.corrected", _("Balance corrected")),
    ("points.expired", _("Points expired")),
    ("points.voucher_requested", _("Vouchers requested")),
    ("points.voucher_approved", _("Voucher request approved")),
    ("points.voucher_rejected", _("Voucher request rejected")),
    ("points.voucher_cancelled", _("Voucher request withdrawn by the resident")),
    ("points.voucher_issued", _("Vouchers issued")),
    # voting (주민결정)
    ("voting.poll_created", _("Poll created")),
    ("voting.poll_updated", _("Poll changed")),
    ("voting.poll_opened", _("Poll opened")),
    ("voting.ballot_cast", _("Ballot cast")),
    ("voting.paper_batch_entered", _("Paper ballots entered")),
    ("voting.assembly_entered", _("Assembly vote entered")),
    ("voting.poll_closed", _("Poll closed")),
    ("voting.poll_published", _("Poll result published")),
)

KINDS: dict[str, Kind] = {code: Kind(code, text) for code, text in _KINDS}


def kind_label(code: str) -> str:
    """The description of ``code`` in the active language; an unregistered code is shown
    as itself with a note, never hidden (the completeness test keeps this path unused)."""
    kind = KINDS.get(code)
    if kind is None:
        return gettext("Unregistered kind %(code)s") % {"code": code}
    return str(kind.description)


def kind_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Kinds grouped by app for a ``<select>``: ``[(app label, [(code, description)])]``;
    each group starts with "every kind of this app" (the value ``app.*``)."""
    groups = []
    for app, label in APPS.items():
        members = sorted(
            ((k.code, str(k.description)) for k in KINDS.values() if k.app == app),
            key=lambda item: item[1],
        )
        everything = (f"{app}.*", gettext("All: %(app)s") % {"app": label})
        groups.append((str(label), [everything, *members]))
    return groups


DATA_LABELS: dict[str, Promise] = {
    "acknowledged": _("warning acknowledged"),
    "activity": _("activity"),
    "adapter": _("verification method"),
    "adjusted_cost_won": _("adjusted cost (won)"),
    "adopted": _("adopted"),
    "algorithm": _("algorithm"),
    "amount_won": _("amount (won)"),
    "approvals": _("approvals"),
    "as_of": _("as of"),
    "assembly": _("assembly"),
    "attendance": _("attendance"),
    "attended": _("attended"),
    "ballots": _("ballots"),
    "batch": _("batch"),
    "body": _("body"),
    "cap_won": _("cap (won)"),
    "changed": _("changed"),
    "changes": _("changes"),
    "channel": _("channel"),
    "closes_at": _("closes at"),
    "code": _("code"),
    "committee_body": _("committee"),
    "committee_voters": _("committee voters"),
    "cost_won": _("cost (won)"),
    "count": _("count"),
    "counts": _("counts"),
    "cutoff": _("cut-off"),
    "cycle_year": _("cycle year"),
    "decision": _("decision"),
    "department": _("department"),
    "district": _("district"),
    "dong": _("dong"),
    "dropout": _("juror who left"),
    "effective_from": _("effective from"),
    "end": _("end"),
    "ends_on": _("ends on"),
    "engine_version": _("engine version"),
    "evidence": _("evidence"),
    "executed_on": _("executed on"),
    "executed_won": _("executed (won)"),
    "fields": _("fields"),
    "file": _("file"),
    "first": _("first voucher"),
    "from": _("from"),
    "from_reserves": _("from the reserves"),
    "grade": _("grade"),
    "group": _("group"),
    "groups": _("groups"),
    "half": _("half-year"),
    "handed_to": _("handed to"),
    "held_on": _("held on"),
    "indicators": _("indicators"),
    "inputs_sha256": _("inputs SHA-256"),
    "juror": _("juror"),
    "jurors": _("jurors"),
    "jury": _("jury"),
    "kind": _("kind"),
    "max_picks": _("maximum picks"),
    "members": _("members"),
    "merged_into": _("merged into"),
    "min_civil_percent": _("minimum civil-society share (%)"),
    "min_gender_percent": _("minimum share of each gender (%)"),
    "mobile_voters": _("mobile voters"),
    "name": _("name"),
    "newly_drawn": _("newly drawn"),
    "number": _("number"),
    "numbers": _("numbers"),
    "of": _("of"),
    "on": _("on"),
    "online": _("online"),
    "opens_at": _("opens at"),
    "origin": _("origin"),
    "panel": _("panel"),
    "panel_size": _("panel size"),
    "participations": _("participations"),
    "period": _("period"),
    "phase": _("phase"),
    "pledge": _("pledge"),
    "pledges": _("pledges"),
    "points": _("points"),
    "points_valid_months": _("points valid (months)"),
    "poll": _("poll"),
    "pool": _("pool"),
    "present": _("present"),
    "quotas": _("quotas"),
    "ranking": _("ranking"),
    "reason": _("reason"),
    "receipts_digest": _("receipts digest"),
    "recommendation": _("recommendation"),
    "replaced": _("replaced"),
    "report": _("report"),
    "reports": _("reports"),
    "reserves": _("reserves"),
    "resident": _("resident"),
    "residents": _("residents"),
    "result_sha256": _("result SHA-256"),
    "roles": _("roles"),
    "roll": _("roll"),
    "rows": _("rows"),
    "rules": _("rules"),
    "sector": _("sector"),
    "seed": _("seed"),
    "selected": _("selected"),
    "sessions": _("sessions"),
    "size": _("size (bytes)"),
    "source": _("source"),
    "start": _("start"),
    "starts_on": _("starts on"),
    "status": _("status"),
    "suggestion": _("suggestion"),
    "support_body": _("support group"),
    "table": _("table"),
    "table_version": _("award table version"),
    "term": _("term"),
    "term_years": _("term (years)"),
    "title": _("title"),
    "to": _("to"),
    "total_amount_won": _("total amount (won)"),
    "total_ballots": _("total ballots"),
    "total_cost": _("total cost"),
    "units": _("vouchers"),
    "updated": _("updated"),
    "version": _("version"),
    "voucher_valid_months": _("vouchers valid (months)"),
    "walk_ins": _("walk-ins"),
    "year": _("year"),
}
"""Labels for the keys of entries' data. A key missing here is shown as itself."""


def data_label(key: str) -> str:
    label = DATA_LABELS.get(key)
    return str(label) if label is not None else key


def kind_filter(value: str) -> dict[str, Any]:
    """ORM lookups for a kind filter value: ``app.*`` is every kind of an app, anything
    else one kind exactly."""
    if value.endswith(".*"):
        return {"kind__startswith": value[:-1]}
    return {"kind": value}
