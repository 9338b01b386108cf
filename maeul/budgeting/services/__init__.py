"""State changes of participatory budgeting: one entry point per change, each one durable
transaction that checks the permission, the phase (``PHASE_ACTIONS``) and writes the audit log
last. One module per area; readers live in ``maeul.budgeting.selectors`` and the tally-file
parser in ``maeul.budgeting.importing``. Everything is re-exported here, so callers keep
writing ``services.proposal_save(...)``.

Locking rule (docs/subsystems/participatory-budgeting.md, ``_guards``): cycle row first, then
the proposal, never the other way round.
"""

from maeul.budgeting.importing import VOTE_COLUMNS, parse_vote_csv
from maeul.budgeting.selectors import phase_dates
from maeul.budgeting.services._guards import OverCap, PhaseClosed, RulesLocked, require_phase, won
from maeul.budgeting.services.assembly import assembly_record
from maeul.budgeting.services.attachments import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_TYPES,
    ATTACHMENTS_PER_PROPOSAL,
    attachment_add,
)
from maeul.budgeting.services.body_groups import group_body_set, group_roll
from maeul.budgeting.services.cycles import (
    RULE_FIELDS,
    cycle_advance,
    cycle_bodies_set,
    cycle_create,
    cycle_record_reported,
    cycle_update_rules,
    group_save,
    phase_window_set,
    project_type_save,
)
from maeul.budgeting.services.execution import (
    execution_record,
    execution_status_set,
    school_session_record,
)
from maeul.budgeting.services.group_votes import (
    committee_vote_import,
    committee_vote_open,
    mobile_vote_import,
    mobile_vote_open,
)
from maeul.budgeting.services.proposals import (
    PROPOSAL_FIELDS,
    comment_add,
    general_project_add,
    proposal_record_offline,
    proposal_save,
    proposal_withdraw,
)
from maeul.budgeting.services.publishing import (
    result_compute,
    result_prepare,
    result_publish,
    vote_counts_record,
)
from maeul.budgeting.services.reasons import screening_reason_save
from maeul.budgeting.services.screening import meeting_record, proposal_screen

__all__ = [
    "ATTACHMENTS_PER_PROPOSAL",
    "ATTACHMENT_MAX_BYTES",
    "ATTACHMENT_TYPES",
    "PROPOSAL_FIELDS",
    "RULE_FIELDS",
    "VOTE_COLUMNS",
    "OverCap",
    "PhaseClosed",
    "RulesLocked",
    "assembly_record",
    "attachment_add",
    "comment_add",
    "committee_vote_import",
    "committee_vote_open",
    "cycle_advance",
    "cycle_bodies_set",
    "cycle_create",
    "cycle_record_reported",
    "cycle_update_rules",
    "execution_record",
    "execution_status_set",
    "general_project_add",
    "group_body_set",
    "group_roll",
    "group_save",
    "meeting_record",
    "mobile_vote_import",
    "mobile_vote_open",
    "parse_vote_csv",
    "phase_dates",
    "phase_window_set",
    "project_type_save",
    "proposal_record_offline",
    "proposal_save",
    "proposal_screen",
    "proposal_withdraw",
    "require_phase",
    "result_compute",
    "result_prepare",
    "result_publish",
    "school_session_record",
    "screening_reason_save",
    "vote_counts_record",
    "won",
]
