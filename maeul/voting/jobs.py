"""The voting programme's long work, run as a job (``maeul.jobs``): publishing the result of
a very large vote. Publishing counts every ballot, digests every receipt and stores both;
with hundreds of thousands of ballots that is more than a request should hold, so the
officials' page starts a job above ``settings.JOB_TALLY_BALLOTS`` counted ballots and sends the
official to its progress page. Smaller votes publish in the request, as before.

``poll_publish`` is all-or-nothing on its own (one durable transaction that locks the poll),
so the kind is not wrapped in another transaction; a refusal (already published, not closed,
roles changed) becomes the reason on the progress page and changes nothing."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.core.errors import NotAllowed
from maeul.jobs.kinds import JobKind, register
from maeul.jobs.runner import Runner
from maeul.voting import services
from maeul.voting.models import Poll

PUBLISH_RESULTS = "voting.publish_results"


def publish_results(run: Runner) -> None:
    poll_id = run.params.get("poll")
    poll = Poll.objects.filter(pk=poll_id).first() if isinstance(poll_id, int) else None
    if poll is None:
        raise NotAllowed(_("This vote no longer exists. Nothing was published."))
    run.report(10, _("Counting the ballots and digesting the receipts"))
    published = services.poll_publish(actor=run.owner, poll=poll)
    result = published.result or {}
    run.summary(
        _("The results of “%(title)s” are published: %(ballots)s ballots counted.")
        % {"title": published.title, "ballots": result.get("total_ballots", 0)}
    )
    run.link(reverse("voting:results", args=[published.pk]))


register(
    JobKind(
        code=PUBLISH_RESULTS,
        title=gettext_lazy("Publish the results of a vote"),
        work=publish_results,
        atomic=False,
    )
)
