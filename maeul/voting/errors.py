"""Refusals of the voting services, each with its HTTP status for the API.

Status choices (documented in docs/subsystems/voting-integrity.md): a second ballot is 409,
an ineligible voter 403, a malformed ballot 422, a ballot after the close 409 with the closing
time in Korea time in the message (409 rather than 410 because the poll itself still exists
and its results will be published).
"""

from __future__ import annotations

from maeul.core.errors import Conflict, NotAllowed, ServiceError


class AlreadyVoted(Conflict):
    code = "already_voted"


class PollClosed(Conflict):
    code = "poll_closed"


class PollNotOpen(Conflict):
    code = "poll_not_open"


class RulesLocked(Conflict):
    code = "rules_locked"


class NotPublished(Conflict):
    code = "not_published"


class NotEligible(NotAllowed):
    code = "not_eligible"


class ChannelNotOffered(NotAllowed):
    code = "channel_not_offered"


class InvalidChoices(ServiceError):
    code = "invalid_choices"
    status = 422
