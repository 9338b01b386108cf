"""What residents may flag in participatory budgeting (``maeul.moderation``): proposals and
their comments, once public.

Only rows a visitor can already read are found (a public status, a cycle past set-up), so
flagging cannot probe drafts. Hidden rows leave the public list, the map, search and the API
(``selectors.proposal_list``, ``maps``, ``search``) and are shown in place with the reason on
their own page; their author and the moderators still read them there.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.budgeting.models import PUBLIC_STATUSES, Comment, Phase, Proposal
from maeul.moderation.registry import Content, FlaggableKind, register

PROPOSAL = "budgeting.proposal"
COMMENT = "budgeting.comment"


def _proposal_url(proposal: Proposal) -> str:
    cycle = proposal.cycle
    return reverse(
        "budgeting:proposal", args=[cycle.municipality.slug, cycle.cycle_year, proposal.number]
    )


def find_proposal(pk: int) -> Proposal | None:
    return (
        Proposal.objects.select_related("cycle__municipality")
        .filter(pk=pk, status__in=PUBLIC_STATUSES, number__isnull=False)
        .exclude(cycle__phase=Phase.SETUP)
        .first()
    )


def describe_proposal(proposal: Proposal) -> Content:
    return Content(
        municipality=proposal.cycle.municipality,
        author_id=proposal.author_id,
        title=f"#{proposal.number} {proposal.title}",
        excerpt=str(proposal.description)[:300],
        url=_proposal_url(proposal),
    )


def find_comment(pk: int) -> Comment | None:
    return (
        Comment.objects.select_related("proposal__cycle__municipality")
        .filter(pk=pk, proposal__status__in=PUBLIC_STATUSES, proposal__number__isnull=False)
        .exclude(proposal__cycle__phase=Phase.SETUP)
        .first()
    )


def describe_comment(comment: Comment) -> Content:
    proposal = comment.proposal
    return Content(
        municipality=proposal.cycle.municipality,
        author_id=comment.author_id,
        title=str(
            _("Comment on #%(number)s %(title)s")
            % {"number": proposal.number, "title": proposal.title}
        ),
        excerpt=str(comment.body)[:300],
        url=f"{_proposal_url(proposal)}#comment-{comment.pk}",
    )


register(
    FlaggableKind(
        code=PROPOSAL, label=_("Budget proposal"), find=find_proposal, describe=describe_proposal
    )
)
register(
    FlaggableKind(
        code=COMMENT,
        label=_("Comment on a budget proposal"),
        find=find_comment,
        describe=describe_comment,
    )
)
