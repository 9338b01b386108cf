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
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

APPS: dict[str, Promise] = {
    "accounts": _("Accounts"),
    "budgeting": _("Participatory budgeting"),
    "governance": _("Governance councils"),
    "innovation": _("Community innovation plans"),
    "grants": _("Grant calls"),
    "outsidegrants": _("Outside grant programmes"),
    "juries": _("Citizens' juries"),
    "moderation": _("Moderation"),
    "outreach": _("Outreach, education and records"),
    "places": _("Places"),
    "pledges": _("Pledge tracking"),
    "publishing": _("Publishing"),
    "points": _("Participation points"),
    "reports": _("Residents' reports"),
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
    ("accounts.resident_registered", pgettext_lazy("audit kind", "Resident registered")),
    (
        "accounts.resident_moved",
        pgettext_lazy("audit kind", "Resident's home district or dong changed"),
    ),
    ("accounts.identity_verified", pgettext_lazy("audit kind", "Resident's identity verified")),
    ("accounts.official_created", pgettext_lazy("audit kind", "Official account created")),
    (
        "accounts.official_updated",
        pgettext_lazy("audit kind", "Official's roles or details changed"),
    ),
    ("accounts.official_deactivated", pgettext_lazy("audit kind", "Official account deactivated")),
    (
        "accounts.user_saved_by_operator",
        pgettext_lazy("audit kind", "Account saved by the platform operator"),
    ),
    (
        "accounts.residence_reverified",
        pgettext_lazy("audit kind", "Resident's residence verified again"),
    ),
    # places
    ("places.municipality_created", pgettext_lazy("audit kind", "Municipality added")),
    ("places.municipality_updated", pgettext_lazy("audit kind", "Municipality changed")),
    # budgeting (주민참여예산)
    ("budgeting.cycle_created", pgettext_lazy("audit kind", "Budgeting cycle created")),
    ("budgeting.cycle_reported", pgettext_lazy("audit kind", "Past cycle's figures recorded")),
    ("budgeting.rules_changed", pgettext_lazy("audit kind", "Cycle rules changed")),
    ("budgeting.type_saved", pgettext_lazy("audit kind", "Project type saved")),
    ("budgeting.group_saved", pgettext_lazy("audit kind", "Category group saved")),
    ("budgeting.phase_dates_set", pgettext_lazy("audit kind", "Phase dates set")),
    ("budgeting.phase_advanced", pgettext_lazy("audit kind", "Cycle moved to the next phase")),
    ("budgeting.proposal_drafted", pgettext_lazy("audit kind", "Proposal draft saved")),
    ("budgeting.proposal_submitted", pgettext_lazy("audit kind", "Proposal submitted")),
    (
        "budgeting.proposal_recorded_offline",
        pgettext_lazy("audit kind", "Paper or visit proposal recorded"),
    ),
    ("budgeting.proposal_withdrawn", pgettext_lazy("audit kind", "Proposal withdrawn")),
    ("budgeting.attachment_added", pgettext_lazy("audit kind", "File attached to a proposal")),
    ("budgeting.comment_added", pgettext_lazy("audit kind", "Comment added to a proposal")),
    ("budgeting.proposal_screened", pgettext_lazy("audit kind", "Proposal screened")),
    ("budgeting.general_project_added", pgettext_lazy("audit kind", "General-track project added")),
    ("budgeting.meeting_recorded", pgettext_lazy("audit kind", "Dong meeting recorded")),
    ("budgeting.bodies_linked", pgettext_lazy("audit kind", "Committee and support group linked")),
    ("budgeting.votes_recorded", pgettext_lazy("audit kind", "Vote totals entered")),
    ("budgeting.mobile_vote_opened", pgettext_lazy("audit kind", "Mobile vote opened")),
    ("budgeting.committee_vote_opened", pgettext_lazy("audit kind", "Committee vote opened")),
    (
        "budgeting.mobile_vote_imported",
        pgettext_lazy("audit kind", "Mobile vote totals taken from the vote"),
    ),
    (
        "budgeting.committee_vote_imported",
        pgettext_lazy("audit kind", "Committee vote totals taken from the vote"),
    ),
    ("budgeting.result_computed", pgettext_lazy("audit kind", "Result computed")),
    ("budgeting.result_published", pgettext_lazy("audit kind", "Result published")),
    ("budgeting.execution_recorded", pgettext_lazy("audit kind", "Spending recorded")),
    ("budgeting.execution_status", pgettext_lazy("audit kind", "Execution status changed")),
    ("budgeting.school_session", pgettext_lazy("audit kind", "Budget school session recorded")),
    ("budgeting.assembly_recorded", pgettext_lazy("audit kind", "General assembly recorded")),
    (
        "budgeting.city_programme_created",
        pgettext_lazy("audit kind", "City citizen PB programme created"),
    ),
    (
        "budgeting.district_share_recorded",
        pgettext_lazy("audit kind", "District share of a city programme recorded"),
    ),
    (
        "budgeting.group_body_set",
        pgettext_lazy("audit kind", "Category group tied to a governance body"),
    ),
    (
        "budgeting.reported_projects",
        pgettext_lazy("audit kind", "Past cycle's projects and spending recorded"),
    ),
    ("budgeting.screening_reason_saved", pgettext_lazy("audit kind", "Screening reason saved")),
    # governance (협치)
    ("governance.body_created", pgettext_lazy("audit kind", "Governance body created")),
    ("governance.body_updated", pgettext_lazy("audit kind", "Governance body's rules changed")),
    ("governance.member_added", pgettext_lazy("audit kind", "Member appointed")),
    ("governance.member_ended", pgettext_lazy("audit kind", "Membership ended")),
    (
        "governance.sessions_imported",
        pgettext_lazy("audit kind", "Sessions imported from a spreadsheet"),
    ),
    ("governance.session_recorded", pgettext_lazy("audit kind", "Session recorded")),
    ("governance.session_minutes", pgettext_lazy("audit kind", "Session minutes saved")),
    ("governance.attendance_recorded", pgettext_lazy("audit kind", "Attendance recorded")),
    ("governance.attachment_added", pgettext_lazy("audit kind", "File attached to a report")),
    ("governance.report_submitted", pgettext_lazy("audit kind", "Activity report submitted")),
    ("governance.report_accepted", pgettext_lazy("audit kind", "Activity report accepted")),
    ("governance.report_returned", pgettext_lazy("audit kind", "Activity report returned")),
    ("governance.survey_saved", pgettext_lazy("audit kind", "Survey results saved")),
    # grants (공모사업)
    ("grants.call_created", pgettext_lazy("audit kind", "Grant call created")),
    ("grants.call_state", pgettext_lazy("audit kind", "Grant call opened or closed for review")),
    ("grants.organisation_registered", pgettext_lazy("audit kind", "Organisation registered")),
    (
        "grants.organisation_person_added",
        pgettext_lazy("audit kind", "Person added to act for an organisation"),
    ),
    ("grants.application_saved", pgettext_lazy("audit kind", "Grant application saved")),
    (
        "grants.consortium_member_added",
        pgettext_lazy("audit kind", "Consortium member listed on a grant application"),
    ),
    (
        "grants.consortium_confirmed",
        pgettext_lazy("audit kind", "Consortium membership confirmed"),
    ),
    ("grants.attachment_added", pgettext_lazy("audit kind", "Grant application file attached")),
    ("grants.application_submitted", pgettext_lazy("audit kind", "Grant application submitted")),
    ("grants.application_withdrawn", pgettext_lazy("audit kind", "Grant application withdrawn")),
    ("grants.reviewer_assigned", pgettext_lazy("audit kind", "Reviewer put on a grant panel")),
    (
        "grants.conflict_declared",
        pgettext_lazy("audit kind", "Reviewer declared a conflict of interest"),
    ),
    ("grants.score_entered", pgettext_lazy("audit kind", "Review score entered")),
    ("grants.quantitative_set", pgettext_lazy("audit kind", "Quantitative score entered")),
    ("grants.grantees_selected", pgettext_lazy("audit kind", "Grantees selected and announced")),
    ("grants.grantee_graded", pgettext_lazy("audit kind", "Grantee graded")),
    ("grants.call_edited", pgettext_lazy("audit kind", "Grant call edited")),
    ("grants.agreement_signed", pgettext_lazy("audit kind", "Grant agreement signed")),
    ("grants.progress_reported", pgettext_lazy("audit kind", "Grantee progress report added")),
    ("grants.receipt_added", pgettext_lazy("audit kind", "Grant receipt added")),
    ("grants.receipt_voided", pgettext_lazy("audit kind", "Grant receipt voided")),
    ("grants.settlement_submitted", pgettext_lazy("audit kind", "Grant settlement submitted")),
    ("grants.settlement_approved", pgettext_lazy("audit kind", "Grant settlement approved")),
    ("grants.settlement_returned", pgettext_lazy("audit kind", "Grant settlement returned")),
    ("grants.contest_created", pgettext_lazy("audit kind", "Innovation contest created")),
    ("grants.contest_entry_added", pgettext_lazy("audit kind", "Contest entry added")),
    ("grants.contest_review_scored", pgettext_lazy("audit kind", "Contest written review scored")),
    ("grants.contest_vote_opened", pgettext_lazy("audit kind", "Contest online vote opened")),
    ("grants.contest_round_one", pgettext_lazy("audit kind", "Contest round 1 ranked")),
    ("grants.contest_judged", pgettext_lazy("audit kind", "Contest presentation judged")),
    ("grants.contest_published", pgettext_lazy("audit kind", "Contest result published")),
    # juries (주민배심원단)
    ("juries.jury_created", pgettext_lazy("audit kind", "Jury created")),
    ("juries.term_set", pgettext_lazy("audit kind", "Jury term set")),
    ("juries.closed", pgettext_lazy("audit kind", "Jury closed")),
    ("juries.districts_set", pgettext_lazy("audit kind", "Jury's districts set")),
    (
        "juries.quotas_computed",
        pgettext_lazy("audit kind", "Quotas computed from population shares"),
    ),
    ("juries.quotas_edited", pgettext_lazy("audit kind", "Quotas edited")),
    ("juries.volunteer_added", pgettext_lazy("audit kind", "Volunteer added")),
    ("juries.volunteers_imported", pgettext_lazy("audit kind", "Volunteers imported")),
    ("juries.drawn", pgettext_lazy("audit kind", "Jury drawn by lottery")),
    ("juries.juror_replaced", pgettext_lazy("audit kind", "Juror replaced from the reserves")),
    ("juries.session_scheduled", pgettext_lazy("audit kind", "Jury session scheduled")),
    ("juries.attendance_recorded", pgettext_lazy("audit kind", "Jury attendance recorded")),
    ("juries.subgroups_formed", pgettext_lazy("audit kind", "Subgroups formed")),
    ("juries.review_submitted", pgettext_lazy("audit kind", "Pledge review submitted")),
    ("juries.opinion_prepared", pgettext_lazy("audit kind", "Opinion on a pledge prepared")),
    ("juries.opinion_answered", pgettext_lazy("audit kind", "Answer to an opinion recorded")),
    ("juries.opinion_published", pgettext_lazy("audit kind", "Opinion published")),
    ("juries.appointed", pgettext_lazy("audit kind", "Jury appointed without a lottery")),
    ("juries.visit_recorded", pgettext_lazy("audit kind", "Monitoring visit recorded")),
    ("juries.visit_published", pgettext_lazy("audit kind", "Monitoring visit published")),
    ("juries.report_saved", pgettext_lazy("audit kind", "Half-yearly report saved")),
    ("juries.report_published", pgettext_lazy("audit kind", "Half-yearly report published")),
    # pledges (공약 이행)
    ("pledges.pledge_created", pgettext_lazy("audit kind", "Pledge created")),
    ("pledges.pledge_saved", pgettext_lazy("audit kind", "Pledge saved")),
    ("pledges.goal_created", pgettext_lazy("audit kind", "Pledge goal created")),
    ("pledges.goal_updated", pgettext_lazy("audit kind", "Pledge goal changed")),
    ("pledges.field_created", pgettext_lazy("audit kind", "Pledge field created")),
    ("pledges.field_updated", pgettext_lazy("audit kind", "Pledge field changed")),
    ("pledges.sheet_rows_saved", pgettext_lazy("audit kind", "Pledge sheet rows saved")),
    ("pledges.status_changed", pgettext_lazy("audit kind", "Pledge status changed")),
    ("pledges.indicators_replaced", pgettext_lazy("audit kind", "Pledge indicators replaced")),
    ("pledges.report_submitted", pgettext_lazy("audit kind", "Progress report submitted")),
    ("pledges.report_approved", pgettext_lazy("audit kind", "Progress report approved")),
    ("pledges.report_returned", pgettext_lazy("audit kind", "Progress report returned")),
    ("pledges.table_imported", pgettext_lazy("audit kind", "Pledge table imported")),
    # points (주민참여포인트)
    ("points.award_table_published", pgettext_lazy("audit kind", "Award table published")),
    ("points.policy_set", pgettext_lazy("audit kind", "Expiry rules set")),
    ("points.awarded", pgettext_lazy("audit kind", "Points awarded")),
    ("points.corrected", pgettext_lazy("audit kind", "Balance corrected")),
    ("points.expired", pgettext_lazy("audit kind", "Points expired")),
    ("points.voucher_requested", pgettext_lazy("audit kind", "Vouchers requested")),
    ("points.voucher_approved", pgettext_lazy("audit kind", "Voucher request approved")),
    ("points.voucher_rejected", pgettext_lazy("audit kind", "Voucher request rejected")),
    (
        "points.voucher_cancelled",
        pgettext_lazy("audit kind", "Voucher request withdrawn by the resident"),
    ),
    ("points.voucher_issued", pgettext_lazy("audit kind", "Vouchers issued")),
    # outsidegrants (외부 공모사업)
    (
        "outsidegrants.programme_created",
        pgettext_lazy("audit kind", "Outside grant programme added to the register"),
    ),
    (
        "outsidegrants.programmes_imported",
        pgettext_lazy("audit kind", "Outside grant programmes imported from a file"),
    ),
    (
        "outsidegrants.application_recorded",
        pgettext_lazy("audit kind", "District's application to an outside programme recorded"),
    ),
    (
        "outsidegrants.outcome_recorded",
        pgettext_lazy("audit kind", "Outcome of an outside grant application recorded"),
    ),
    (
        "outsidegrants.incentive_recorded",
        pgettext_lazy("audit kind", "Incentive paid to a department for grant work recorded"),
    ),
    # reports (주민 제보·신고)
    # moderation
    (
        "moderation.hidden",
        pgettext_lazy("audit kind", "Resident's post hidden by moderators"),
    ),
    ("moderation.restored", pgettext_lazy("audit kind", "Hidden post restored")),
    ("moderation.dismissed", pgettext_lazy("audit kind", "Flags on a post dismissed")),
    ("reports.filed", pgettext_lazy("audit kind", "Resident's report filed")),
    (
        "reports.moved",
        pgettext_lazy("audit kind", "Resident's report assigned, investigated, answered or closed"),
    ),
    ("reports.note_added", pgettext_lazy("audit kind", "Internal note added to a report")),
    ("reports.responded", pgettext_lazy("audit kind", "Reporter responded to the outcome")),
    (
        "reports.auditor_meeting_recorded",
        pgettext_lazy("audit kind", "Citizen auditors' meeting recorded"),
    ),
    (
        "reports.observed_audit_recorded",
        pgettext_lazy("audit kind", "Audit observed by citizen auditors recorded"),
    ),
    # surveys (설문조사)
    ("surveys.survey_created", pgettext_lazy("audit kind", "Survey created")),
    ("surveys.question_added", pgettext_lazy("audit kind", "Survey question added")),
    ("surveys.question_removed", pgettext_lazy("audit kind", "Survey question removed")),
    (
        "surveys.survey_state",
        pgettext_lazy("audit kind", "Survey opened, closed or its results published"),
    ),
    ("surveys.responses_collected", pgettext_lazy("audit kind", "Answer sheets entered")),
    # publishing (공개·발간)
    (
        "publishing.published",
        pgettext_lazy("audit kind", "Data book or Governance Brief published"),
    ),
    # outreach (홍보·교육·기록)
    ("outreach.post_recorded", pgettext_lazy("audit kind", "Reporter's post recorded")),
    ("outreach.award_given", pgettext_lazy("audit kind", "Best-reporter award given")),
    ("outreach.learner_enrolled", pgettext_lazy("audit kind", "Learner enrolled on a course")),
    ("outreach.attendance_recorded", pgettext_lazy("audit kind", "Course attendance recorded")),
    (
        "outreach.programme_created",
        pgettext_lazy("audit kind", "Resident autonomy programme listed"),
    ),
    ("outreach.record_created", pgettext_lazy("audit kind", "Office record added")),
    ("outreach.records_imported", pgettext_lazy("audit kind", "Office records imported")),
    ("outreach.team_created", pgettext_lazy("audit kind", "Reporter team recorded")),
    ("outreach.reporter_added", pgettext_lazy("audit kind", "Reporter applicant recorded")),
    ("outreach.reporter_selected", pgettext_lazy("audit kind", "Reporter selected")),
    ("outreach.mission_created", pgettext_lazy("audit kind", "Reporter mission assigned")),
    ("outreach.course_created", pgettext_lazy("audit kind", "Course recorded")),
    ("outreach.session_created", pgettext_lazy("audit kind", "Course session recorded")),
    (
        "outreach.agenda_item_created",
        pgettext_lazy("audit kind", "Council agenda item recorded"),
    ),
    # innovation (지역사회혁신계획, 성과평가)
    ("innovation.round_created", pgettext_lazy("audit kind", "Plan round and its rules created")),
    ("innovation.plan_started", pgettext_lazy("audit kind", "Community innovation plan started")),
    ("innovation.project_added", pgettext_lazy("audit kind", "Plan project added")),
    ("innovation.project_removed", pgettext_lazy("audit kind", "Plan project removed")),
    (
        "innovation.plan_sessions",
        pgettext_lazy("audit kind", "Plan linked to deliberation sessions"),
    ),
    ("innovation.plan_submitted", pgettext_lazy("audit kind", "Plan submitted to the city")),
    ("innovation.plan_returned", pgettext_lazy("audit kind", "Plan returned to the district")),
    (
        "innovation.plan_approved",
        pgettext_lazy("audit kind", "Plan approval by the PB committee recorded"),
    ),
    (
        "innovation.note_written",
        pgettext_lazy("audit kind", "Negotiation opinion or answer written"),
    ),
    ("innovation.score_entered", pgettext_lazy("audit kind", "Evaluation score entered")),
    (
        "innovation.consultation_recorded",
        pgettext_lazy("audit kind", "Consulting or training session recorded"),
    ),
    ("innovation.scores_recorded", pgettext_lazy("audit kind", "Evaluation scores recorded")),
    (
        "innovation.evaluation_created",
        pgettext_lazy("audit kind", "Evaluation round and its indicators created"),
    ),
    (
        "innovation.evaluation_published",
        pgettext_lazy("audit kind", "Evaluation grading published"),
    ),
    # voting (주민결정)
    ("voting.poll_created", pgettext_lazy("audit kind", "Poll created")),
    ("voting.poll_updated", pgettext_lazy("audit kind", "Poll changed")),
    ("voting.poll_opened", pgettext_lazy("audit kind", "Poll opened")),
    ("voting.ballot_cast", pgettext_lazy("audit kind", "Ballot cast")),
    ("voting.paper_batch_entered", pgettext_lazy("audit kind", "Paper ballots entered")),
    ("voting.assembly_entered", pgettext_lazy("audit kind", "Assembly vote entered")),
    ("voting.poll_closed", pgettext_lazy("audit kind", "Poll closed")),
    ("voting.poll_closed_early", pgettext_lazy("audit kind", "Poll closed early")),
    ("voting.poll_cancelled", pgettext_lazy("audit kind", "Poll cancelled")),
    ("voting.poll_published", pgettext_lazy("audit kind", "Poll result published")),
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
    "budget_won": pgettext_lazy("audit data key", "budget (won)"),
    "call": pgettext_lazy("audit data key", "grant call"),
    "max_grant_won": pgettext_lazy("audit data key", "maximum grant (won)"),
    "max_grantees": pgettext_lazy("audit data key", "maximum grantees"),
    "member": pgettext_lazy("audit data key", "member organisation"),
    "organisation": pgettext_lazy("audit data key", "organisation"),
    "requested_won": pgettext_lazy("audit data key", "requested (won)"),
    "score": pgettext_lazy("audit data key", "score"),
    "spent_won": pgettext_lazy("audit data key", "spent (won)"),
    # grantees (grants.progress_reported, grants.receipt_added, settlement, agreement)
    "events": pgettext_lazy("audit data key", "events held"),
    "participants": pgettext_lazy("audit data key", "participants"),
    "outputs": pgettext_lazy("audit data key", "outputs"),
    "line": pgettext_lazy("audit data key", "budget line"),
    "payee": pgettext_lazy("audit data key", "payee"),
    "spent_on": pgettext_lazy("audit data key", "date spent"),
    "receipt": pgettext_lazy("audit data key", "receipt"),
    "signed_on": pgettext_lazy("audit data key", "signed on"),
    "note": pgettext_lazy("audit data key", "note"),
    "stage": pgettext_lazy("audit data key", "stage"),
    "state": pgettext_lazy("audit data key", "state"),
    "user": pgettext_lazy("audit data key", "user"),
    "acknowledged": pgettext_lazy("audit data key", "warning acknowledged"),
    "activity": pgettext_lazy("audit data key", "activity"),
    "adapter": pgettext_lazy("audit data key", "verification method"),
    "adjusted_cost_won": pgettext_lazy("audit data key", "adjusted cost (won)"),
    "admin_code": pgettext_lazy("audit data key", "administrative code"),
    "adopted": pgettext_lazy("audit data key", "adopted"),
    "after": pgettext_lazy("audit data key", "after"),
    "algorithm": pgettext_lazy("audit data key", "algorithm"),
    "amount_won": pgettext_lazy("audit data key", "amount (won)"),
    "approvals": pgettext_lazy("audit data key", "approvals"),
    "as_of": pgettext_lazy("audit data key", "as of"),
    "assembly": pgettext_lazy("audit data key", "assembly"),
    "attendance": pgettext_lazy("audit data key", "attendance"),
    "attended": pgettext_lazy("audit data key", "attended"),
    "ballots": pgettext_lazy("audit data key", "ballots"),
    "batch": pgettext_lazy("audit data key", "batch"),
    "before": pgettext_lazy("audit data key", "before"),
    "body": pgettext_lazy("audit data key", "body"),
    "active": pgettext_lazy("audit data key", "offered"),
    "adopted_amount_won": pgettext_lazy("audit data key", "adopted (won)"),
    "audience": pgettext_lazy("audit data key", "audience"),
    "budget_year": pgettext_lazy("audit data key", "budget year"),
    "corrected": pgettext_lazy("audit data key", "corrected"),
    "decisions": pgettext_lazy("audit data key", "decisions"),
    "executed_amount_won": pgettext_lazy("audit data key", "executed (won)"),
    "label": pgettext_lazy("audit data key", "label"),
    "label_en": pgettext_lazy("audit data key", "label (English)"),
    "months": pgettext_lazy("audit data key", "months"),
    "place": pgettext_lazy("audit data key", "place"),
    "position": pgettext_lazy("audit data key", "position"),
    "projects": pgettext_lazy("audit data key", "projects"),
    "reason_code": pgettext_lazy("audit data key", "reason code"),
    "responses": pgettext_lazy("audit data key", "responses"),
    "subgroup": pgettext_lazy("audit data key", "subgroup"),
    "template": pgettext_lazy("audit data key", "template"),
    "term_months": pgettext_lazy("audit data key", "term (months)"),
    "text": pgettext_lazy("audit data key", "text"),
    "visited_on": pgettext_lazy("audit data key", "visited on"),
    "cap_won": pgettext_lazy("audit data key", "cap (won)"),
    "changed": pgettext_lazy("audit data key", "changed"),
    "changes": pgettext_lazy("audit data key", "changes"),
    "channel": pgettext_lazy("audit data key", "channel"),
    "course": pgettext_lazy("audit data key", "course"),
    "capacity": pgettext_lazy("audit data key", "capacity"),
    "fee_won": pgettext_lazy("audit data key", "fee (won)"),
    "month": pgettext_lazy("audit data key", "month"),
    "posted_on": pgettext_lazy("audit data key", "posted on"),
    "reporter": pgettext_lazy("audit data key", "reporter"),
    "session": pgettext_lazy("audit data key", "session"),
    "closed_at": pgettext_lazy("audit data key", "closed at"),
    "closes_at": pgettext_lazy("audit data key", "closes at"),
    "code": pgettext_lazy("audit data key", "code"),
    "committee_body": pgettext_lazy("audit data key", "committee"),
    "committee_voters": pgettext_lazy("audit data key", "committee voters"),
    "cost_won": pgettext_lazy("audit data key", "cost (won)"),
    "count": pgettext_lazy("audit data key", "count"),
    "counts": pgettext_lazy("audit data key", "counts"),
    "created": pgettext_lazy("audit data key", "created"),
    "cutoff": pgettext_lazy("audit data key", "cut-off"),
    "cycle_year": pgettext_lazy("audit data key", "cycle year"),
    "decision": pgettext_lazy("audit data key", "decision"),
    "department": pgettext_lazy("audit data key", "department"),
    "district": pgettext_lazy("audit data key", "district"),
    "dong": pgettext_lazy("audit data key", "dong"),
    "dropout": pgettext_lazy("audit data key", "juror who left"),
    "effective_from": pgettext_lazy("audit data key", "effective from"),
    "end": pgettext_lazy("audit data key", "end"),
    "ends_on": pgettext_lazy("audit data key", "ends on"),
    "engine_version": pgettext_lazy("audit data key", "engine version"),
    "evidence": pgettext_lazy("audit data key", "evidence"),
    "executed_on": pgettext_lazy("audit data key", "executed on"),
    "executed_won": pgettext_lazy("audit data key", "executed (won)"),
    "field": pgettext_lazy("audit data key", "field"),
    "fields": pgettext_lazy("audit data key", "fields"),
    "file": pgettext_lazy("audit data key", "file"),
    "first": pgettext_lazy("audit data key", "first voucher"),
    "from": pgettext_lazy("audit data key", "from"),
    "from_reserves": pgettext_lazy("audit data key", "from the reserves"),
    "grade": pgettext_lazy("audit data key", "grade"),
    "group": pgettext_lazy("audit data key", "group"),
    "groups": pgettext_lazy("audit data key", "groups"),
    "half": pgettext_lazy("audit data key", "half-year"),
    "handed_to": pgettext_lazy("audit data key", "handed to"),
    "held_on": pgettext_lazy("audit data key", "held on"),
    "indicators": pgettext_lazy("audit data key", "indicators"),
    "inputs_sha256": pgettext_lazy("audit data key", "inputs SHA-256"),
    "juror": pgettext_lazy("audit data key", "juror"),
    "jurors": pgettext_lazy("audit data key", "jurors"),
    "jury": pgettext_lazy("audit data key", "jury"),
    "kind": pgettext_lazy("audit data key", "kind"),
    "level": pgettext_lazy("audit data key", "level"),
    "level_share": pgettext_lazy("audit data key", "share at the level (%)"),
    "max_picks": pgettext_lazy("audit data key", "maximum picks"),
    "members": pgettext_lazy("audit data key", "members"),
    "merged_into": pgettext_lazy("audit data key", "merged into"),
    "min_civil_percent": pgettext_lazy("audit data key", "minimum civil-society share (%)"),
    "min_gender_percent": pgettext_lazy("audit data key", "minimum share of each gender (%)"),
    "mobile_voters": pgettext_lazy("audit data key", "mobile voters"),
    "name": pgettext_lazy("audit data key", "name"),
    "newly_drawn": pgettext_lazy("audit data key", "newly drawn"),
    "number": pgettext_lazy("audit data key", "number"),
    "numbers": pgettext_lazy("audit data key", "numbers"),
    "of": pgettext_lazy("audit data key", "of"),
    "on": pgettext_lazy("audit data key", "on"),
    "online": pgettext_lazy("audit data key", "online"),
    "opens_at": pgettext_lazy("audit data key", "opens at"),
    "origin": pgettext_lazy("audit data key", "origin"),
    "panel": pgettext_lazy("audit data key", "panel"),
    "panel_size": pgettext_lazy("audit data key", "panel size"),
    "parent": pgettext_lazy("audit data key", "parent"),
    "participations": pgettext_lazy("audit data key", "participations"),
    "period": pgettext_lazy("audit data key", "period"),
    "phase": pgettext_lazy("audit data key", "phase"),
    "pledge": pgettext_lazy("audit data key", "pledge"),
    "pledges": pgettext_lazy("audit data key", "pledges"),
    "points": pgettext_lazy("audit data key", "points"),
    "points_valid_months": pgettext_lazy("audit data key", "points valid (months)"),
    "poll": pgettext_lazy("audit data key", "poll"),
    "pool": pgettext_lazy("audit data key", "pool"),
    "present": pgettext_lazy("audit data key", "present"),
    "quotas": pgettext_lazy("audit data key", "quotas"),
    "ranking": pgettext_lazy("audit data key", "ranking"),
    "reason": pgettext_lazy("audit data key", "reason"),
    "receipts_digest": pgettext_lazy("audit data key", "receipts digest"),
    "recommendation": pgettext_lazy("audit data key", "recommendation"),
    "replaced": pgettext_lazy("audit data key", "replaced"),
    "report": pgettext_lazy("audit data key", "report"),
    "reports": pgettext_lazy("audit data key", "reports"),
    "reserves": pgettext_lazy("audit data key", "reserves"),
    "resident": pgettext_lazy("audit data key", "resident"),
    "residents": pgettext_lazy("audit data key", "residents"),
    "result_sha256": pgettext_lazy("audit data key", "result SHA-256"),
    "roles": pgettext_lazy("audit data key", "roles"),
    "roll": pgettext_lazy("audit data key", "roll"),
    "rows": pgettext_lazy("audit data key", "rows"),
    "rules": pgettext_lazy("audit data key", "rules"),
    "scheduled_close": pgettext_lazy("audit data key", "scheduled close"),
    "sector": pgettext_lazy("audit data key", "sector"),
    "seed": pgettext_lazy("audit data key", "seed"),
    "selected": pgettext_lazy("audit data key", "selected"),
    "sessions": pgettext_lazy("audit data key", "sessions"),
    "size": pgettext_lazy("audit data key", "size (bytes)"),
    "source": pgettext_lazy("audit data key", "source"),
    "start": pgettext_lazy("audit data key", "start"),
    "starts_on": pgettext_lazy("audit data key", "starts on"),
    "status": pgettext_lazy("audit data key", "status"),
    "suggestion": pgettext_lazy("audit data key", "suggestion"),
    "support_body": pgettext_lazy("audit data key", "support group"),
    "table": pgettext_lazy("audit data key", "table"),
    "table_version": pgettext_lazy("audit data key", "award table version"),
    "term": pgettext_lazy("audit data key", "term"),
    "term_years": pgettext_lazy("audit data key", "term (years)"),
    "title": pgettext_lazy("audit data key", "title"),
    "to": pgettext_lazy("audit data key", "to"),
    "total_amount_won": pgettext_lazy("audit data key", "total amount (won)"),
    "total_ballots": pgettext_lazy("audit data key", "total ballots"),
    "total_cost": pgettext_lazy("audit data key", "total cost"),
    "trust_city": pgettext_lazy("audit data key", "city-level trust"),
    "trust_district": pgettext_lazy("audit data key", "district-level trust"),
    "units": pgettext_lazy("audit data key", "vouchers"),
    "updated": pgettext_lazy("audit data key", "updated"),
    "version": pgettext_lazy("audit data key", "version"),
    "voucher_valid_months": pgettext_lazy("audit data key", "vouchers valid (months)"),
    "walk_ins": pgettext_lazy("audit data key", "walk-ins"),
    "was_announced": pgettext_lazy("audit data key", "was announced"),
    "year": pgettext_lazy("audit data key", "year"),
    "publication_kind": pgettext_lazy("audit data key", "publication"),
    "sha256": pgettext_lazy("audit data key", "SHA-256 of the file"),
    "pages": pgettext_lazy("audit data key", "pages"),
    "audit_seq": pgettext_lazy("audit data key", "audit log head (sequence)"),
    "audit_hash": pgettext_lazy("audit data key", "audit log head (hash)"),
    "anonymous": pgettext_lazy("audit data key", "anonymous"),
    "attachments": pgettext_lazy("audit data key", "attachments"),
    "auditor": pgettext_lazy("audit data key", "citizen auditor (account)"),
    "category": pgettext_lazy("audit data key", "category"),
    "characters": pgettext_lazy("audit data key", "characters"),
    "due_on": pgettext_lazy("audit data key", "due on"),
    "attendees": pgettext_lazy("audit data key", "attendees"),
    "observers": pgettext_lazy("audit data key", "observers"),
    "content": pgettext_lazy("audit data key", "kind of content"),
    "object_id": pgettext_lazy("audit data key", "content number"),
    "flags": pgettext_lazy("audit data key", "flags resolved"),
    "auditors": pgettext_lazy("audit data key", "citizen auditors (accounts)"),
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
