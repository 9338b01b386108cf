"""API of resident votes (mounted at /api/polls).

Access: listing, reading, receipt checks and published results are public; casting needs a
resident's session (cookie) and the CSRF token, and takes an ``Idempotency-Key`` header.
Statuses: 201 a new ballot; 200 the same receipt for a retried request (same key); 401 not
logged in; 403 not eligible; 409 already voted, not open yet, or closed (the message gives the
closing time in Korea time); 422 malformed choices; 429 too many casts from the account or the
client address within a minute (``Retry-After`` says how long to wait). Drafts answer 404 to
everyone outside the officials' scope.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.params.functions import Header as header_param
from ninja.responses import Status
from pydantic import Field

from maeul.accounts.permissions import get_authorised
from maeul.api.paging import Mapped, paginated
from maeul.api.schemas import ErrorOut
from maeul.api.security import django_auth
from maeul.places.models import Municipality
from maeul.places.selectors import municipality_by_code
from maeul.voting import fastpath, limits, selectors, services
from maeul.voting.errors import NotPublished
from maeul.voting.models import Poll, PollState
from maeul.voting.rules import VotingPermission

router = Router()
PREFIX = "/polls"
TAGS = ["voting"]


class OptionOut(Schema):
    id: int
    position: int
    label: str
    description: str


class PollOut(Schema):
    id: int
    code: str
    title: str
    municipality: str
    kind: str
    max_choices: int
    secrecy: str
    revote: str
    result_rule: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    state: str


class PollDetailOut(PollOut):
    description: str
    min_age: int
    verified_only: bool
    electorate_dongs: list[str]
    channels: list[str]
    options: list[OptionOut]


class BallotIn(Schema):
    choices: list[int] = Field(max_length=100)


class ReceiptOut(Schema):
    receipt: str
    replaced: bool = False
    replayed: bool = False


class ReceiptStatusOut(Schema):
    receipt: str
    status: str
    published: bool


class OptionResultOut(Schema):
    id: int
    position: int
    label: str
    ballot_votes: int
    assembly_votes: int
    votes: int
    share: str


class ResultOut(Schema):
    poll: int
    rule: str
    outcome: str
    winners: list[int]
    options: list[OptionResultOut]
    ballots: int
    assembly_ballots: int
    total_ballots: int
    participants: int
    electorate: int
    turnout: str
    quorum_met: bool
    receipts_digest: str
    published_at: dt.datetime


def _out(poll: Poll) -> dict[str, object]:
    return {
        "id": poll.pk,
        "code": poll.code,
        "title": poll.title,
        "municipality": poll.municipality.code,
        "kind": poll.kind,
        "max_choices": poll.max_choices,
        "secrecy": poll.secrecy,
        "revote": poll.revote,
        "result_rule": poll.result_rule,
        "opens_at": timezone.localtime(poll.opens_at),
        "closes_at": timezone.localtime(poll.closes_at),
        "state": selectors.poll_state(poll),
    }


@router.get("", response=list[PollOut], auth=None)
@paginated
def list_polls(
    request: HttpRequest, municipality: str | None = None, state: PollState | None = None
) -> Mapped:
    """Announced polls (newest closing first, in pages), optionally of one municipality and
    its dongs and of one state."""
    polls = selectors.listed_polls(request.user).select_related("municipality")
    if municipality:
        try:
            place = municipality_by_code(municipality)
        except Municipality.DoesNotExist:
            raise Http404(municipality) from None
        polls = selectors.polls_within(polls, place)
    if state is not None:
        polls = polls.filter(selectors.state_filter(state))
    return Mapped(polls.order_by("-closes_at", "pk"), _out)


@router.get("/{poll_id}", response=PollDetailOut, auth=None)
def get_poll(request: HttpRequest, poll_id: int) -> dict[str, object]:
    poll = get_authorised(selectors.poll_rows(), request.user, poll_id, VotingPermission.VIEW_POLL)
    return {
        **_out(poll),
        "description": poll.description,
        "min_age": poll.min_age,
        "verified_only": poll.verified_only,
        "electorate_dongs": [d.code for d in poll.electorate_dongs.order_by("name")],
        "channels": poll.channels(),
        "options": [
            {"id": o.pk, "position": o.position, "label": o.label, "description": o.description}
            for o in selectors.options_of(poll)
        ],
    }


@router.post(
    "/{poll_id}/ballots",
    response={
        200: ReceiptOut,
        201: ReceiptOut,
        403: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    auth=django_auth,
)
def cast_ballot(
    request: HttpRequest,
    poll_id: int,
    payload: BallotIn,
    idempotency_key: str | None = header_param(None, alias="Idempotency-Key"),
) -> Status[dict[str, object]] | HttpResponse:
    """Cast the logged-in resident's ballot: ``choices`` are option ids (ranked in order)."""
    wait = limits.cast_wait(request)
    if wait:
        message = limits.cast_wait_message(wait)
        response = JsonResponse(
            {"code": "rate_limited", "message": message, "field": None}, status=429
        )
        response["Retry-After"] = str(wait)
        return response
    poll = fastpath.poll_for_cast(request.user, poll_id)
    fastpath.preload_resident(request.user)
    result = services.ballot_cast(
        voter=request.user,
        poll=poll,
        choices=payload.choices,
        idempotency_key=idempotency_key,
    )
    status = 200 if result.replayed else 201
    return Status(
        status,
        {"receipt": result.receipt, "replaced": result.replaced, "replayed": result.replayed},
    )


@router.get("/{poll_id}/receipts/{code}", response=ReceiptStatusOut, auth=None)
def check_receipt(request: HttpRequest, poll_id: int, code: str) -> dict[str, object]:
    """``counted`` or ``replaced``; 404 when no ballot of the poll has this receipt."""
    poll = get_authorised(selectors.poll_rows(), request.user, poll_id, VotingPermission.VIEW_POLL)
    status = selectors.receipt_status(poll, code)
    if status is None:
        raise Http404(code)
    return {
        "receipt": selectors.normalise_receipt(code),
        "status": status,
        "published": poll.published_at is not None,
    }


@router.get("/{poll_id}/receipts", response={200: list[ReceiptStatusOut], 409: ErrorOut}, auth=None)
@paginated
def list_receipts(request: HttpRequest, poll_id: int) -> Mapped:
    """The receipts of the poll after publication, in receipt order and in pages."""
    poll = get_authorised(selectors.poll_rows(), request.user, poll_id, VotingPermission.VIEW_POLL)
    if poll.published_at is None:
        raise NotPublished(_("The receipts are published with the results, after the close."))
    return Mapped(
        selectors.published_receipts(poll).values_list("receipt", "voided"),
        lambda row: {
            "receipt": row[0],
            "status": "replaced" if row[1] else "counted",
            "published": True,
        },
    )


@router.get("/{poll_id}/results", response={200: ResultOut, 409: ErrorOut}, auth=None)
def get_results(request: HttpRequest, poll_id: int) -> dict[str, object]:
    """The published result; 409 before publication."""
    poll = get_authorised(selectors.poll_rows(), request.user, poll_id, VotingPermission.VIEW_POLL)
    if poll.result is None:
        raise NotPublished(
            _("Results are published after the vote closes (%(time)s, Korea time).")
            % {"time": timezone.localtime(poll.closes_at).strftime("%Y-%m-%d %H:%M")}
        )
    turnout = selectors.shown_turnout(poll.result) or ""
    return {**poll.result, "turnout": turnout, "published_at": poll.published_at}
