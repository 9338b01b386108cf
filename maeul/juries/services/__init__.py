"""State changes of juries: one keyword-only ``<entity>_<verb>`` function per change, one
durable transaction each, with its audit entry. One module per area:

- ``juries``: the jury, its term, districts and quotas, closing;
- ``pool``: volunteers applying, phone intakes, the CSV import;
- ``drawing``: the lottery (or appointment of the whole pool) and replacements;
- ``sittings``: sessions, attendance, subgroups;
- ``monitoring``: field monitoring visits and half-yearly reports;
- ``grading``: reviews, opinions, answers, publication.

Readers live in ``maeul.juries.selectors``, input checks in ``maeul.juries.checks``, parsers
in ``maeul.juries.importing``; the names they held here before are re-exported so callers
keep working.

Locking order: jury row first (``_base.locked_jury``), then volunteers / opinions of that
jury.
"""

from maeul.juries.checks import GENDERS, check_term
from maeul.juries.importing import CSV_COLUMNS, GENDER_WORDS, YES, parse_shares
from maeul.juries.selectors import draw_people, engine_inputs, juror_for
from maeul.juries.services._base import PHASE_ACTIONS, Unprocessable
from maeul.juries.services.drawing import juror_replace, jury_appoint, jury_draw
from maeul.juries.services.grading import (
    opinion_answer,
    opinion_prepare,
    opinion_publish,
    review_submit,
)
from maeul.juries.services.juries import (
    district_groups_set,
    jury_close,
    jury_create,
    jury_term_set,
    quotas_edit,
    quotas_from_population,
)
from maeul.juries.services.monitoring import (
    report_publish,
    report_save,
    visit_publish,
    visit_record,
)
from maeul.juries.services.pool import volunteer_apply, volunteer_intake, volunteers_import_csv
from maeul.juries.services.sittings import attendance_record, session_schedule, subgroups_form

__all__ = [
    "CSV_COLUMNS",
    "GENDERS",
    "GENDER_WORDS",
    "PHASE_ACTIONS",
    "YES",
    "Unprocessable",
    "attendance_record",
    "check_term",
    "district_groups_set",
    "draw_people",
    "engine_inputs",
    "juror_for",
    "juror_replace",
    "jury_close",
    "jury_appoint",
    "jury_create",
    "jury_draw",
    "jury_term_set",
    "opinion_answer",
    "opinion_prepare",
    "opinion_publish",
    "parse_shares",
    "quotas_edit",
    "quotas_from_population",
    "report_publish",
    "report_save",
    "review_submit",
    "session_schedule",
    "subgroups_form",
    "visit_publish",
    "visit_record",
    "volunteer_apply",
    "volunteer_intake",
    "volunteers_import_csv",
]
