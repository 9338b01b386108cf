"""Participatory-budgeting screens under /pb/, one module per audience.

Access, per view (declared in each docstring): *public* pages show what residents may see of
a cycle that left setup (``public``); *resident* pages need a logged-in resident of the
district (``residents``); *official* pages fetch their cycle or proposal with
``get_authorised``, which answers 404 outside the official's scope (``officials``, and
``votes`` with one view per action). Writes go through the services only; a ``ServiceError``
becomes a message on the form, never a 500.
"""

from maeul.budgeting.views._common import PROPOSALS_PER_HOUR, official_proposal
from maeul.budgeting.views.ballot import ballot, ballot_cast, ballot_step, ballot_summary
from maeul.budgeting.views.cycle_records import assembly_new, groups, reason_edit, reasons
from maeul.budgeting.views.officials import (
    execution_edit,
    execution_status,
    general_new,
    manage,
    manage_results,
    meeting_new,
    offline_new,
    result_compute,
    result_publish,
    school_new,
    screen,
    screening,
)
from maeul.budgeting.views.public import (
    analysis,
    attachment,
    cycle_detail,
    deliberation,
    execution,
    history,
    index,
    proposal_detail,
    proposal_list,
    result_export,
    result_page,
    result_steps,
)
from maeul.budgeting.views.residents import (
    attach,
    draft_edit,
    mine,
    propose,
    withdraw,
)
from maeul.budgeting.views.votes import (
    committee_vote_import,
    committee_vote_open,
    mobile_vote_import,
    mobile_vote_open,
    vote_counts_enter,
    vote_counts_upload,
    votes,
)

__all__ = [
    "PROPOSALS_PER_HOUR",
    "analysis",
    "assembly_new",
    "groups",
    "reason_edit",
    "reasons",
    "attach",
    "attachment",
    "ballot",
    "ballot_cast",
    "ballot_step",
    "ballot_summary",
    "committee_vote_import",
    "committee_vote_open",
    "cycle_detail",
    "deliberation",
    "draft_edit",
    "execution",
    "execution_edit",
    "execution_status",
    "general_new",
    "history",
    "index",
    "manage",
    "manage_results",
    "meeting_new",
    "mine",
    "mobile_vote_import",
    "mobile_vote_open",
    "official_proposal",
    "offline_new",
    "proposal_detail",
    "proposal_list",
    "propose",
    "result_compute",
    "result_export",
    "result_publish",
    "result_page",
    "result_steps",
    "school_new",
    "screen",
    "screening",
    "vote_counts_enter",
    "vote_counts_upload",
    "votes",
    "withdraw",
]
