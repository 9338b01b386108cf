"""Jury pages, one module per audience or area (see each module).

Access: ``index`` and ``detail`` are public (published opinions only); ``apply`` is for
residents of the municipality; ``review`` for the jury's jurors; everything else for the
programme's officials of the municipality (officials elsewhere get 404: they cannot even
learn which ids exist; officials of the municipality without the role get 403).
"""

from maeul.juries.views.common import jury_for_organiser
from maeul.juries.views.draw import (
    RECORD_FILES,
    draw,
    draw_file,
    draw_record,
    quotas_compute,
    quotas_save,
)
from maeul.juries.views.manage import (
    appoint,
    attendance,
    close,
    import_csv,
    intake,
    manage,
    new,
    replace,
    sessions,
    subgroups,
    term_save,
)
from maeul.juries.views.monitoring import (
    report,
    report_publish,
    reports,
    visit_publish,
    visits,
)
from maeul.juries.views.opinions import opinion_answer, opinion_publish, opinion_save, opinions
from maeul.juries.views.public import apply, detail, index, review

__all__ = [
    "jury_for_organiser",
    "index",
    "detail",
    "apply",
    "review",
    "new",
    "manage",
    "intake",
    "import_csv",
    "replace",
    "term_save",
    "sessions",
    "subgroups",
    "close",
    "attendance",
    "draw",
    "quotas_save",
    "quotas_compute",
    "draw_record",
    "RECORD_FILES",
    "draw_file",
    "opinions",
    "opinion_save",
    "opinion_answer",
    "opinion_publish",
    "appoint",
    "visits",
    "visit_publish",
    "reports",
    "report_publish",
    "report",
]
