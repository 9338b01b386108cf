"""The notices a job sends its owner when it ends (through the notifications foundation)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.notifications.kinds import Audience, NoticeKind, register
from maeul.notifications.services import notify

JOB_FINISHED = "jobs.job_finished"
JOB_FAILED = "jobs.job_failed"

UNEXPECTED = _(
    "The work stopped because of an unexpected error. Nothing was changed; the operators "
    "can see the details in the server log. Try again later or ask them."
)
INTERRUPTED = _(
    "The work was interrupted (the server running it stopped) and did not finish. Nothing was "
    "changed; start it again."
)

register(
    NoticeKind(
        code=JOB_FINISHED,
        audience=Audience.OFFICIAL,
        label=_("Long work you started (an import, a large download) is done"),
        subject=_("Done: %(title)s"),
        body=_("%(summary)s"),
    )
)
register(
    NoticeKind(
        code=JOB_FAILED,
        audience=Audience.OFFICIAL,
        label=_("Long work you started (an import, a large download) failed"),
        subject=_("Failed: %(title)s"),
        body=_("%(reason)s"),
    )
)


def tell_finished(job: Any, title: str, summary: str) -> None:
    """Tell the owner once the job's end commits (call inside that transaction)."""
    notify(
        JOB_FINISHED,
        [job.owner_id],
        event_key=f"jobs.job:{job.pk}:finished",
        data={"title": title, "summary": summary},
        url=reverse("jobs:detail", args=[job.pk]),
        municipality_id=job.municipality_id,
    )


def tell_failed(job: Any, title: str, reason: str) -> None:
    notify(
        JOB_FAILED,
        [job.owner_id],
        event_key=f"jobs.job:{job.pk}:failed",
        data={"title": title, "reason": reason},
        url=reverse("jobs:detail", args=[job.pk]),
        municipality_id=job.municipality_id,
    )
