"""The published ballot record download (``/votes/<id>/record.json``), public once published.

Anyone may download it and check the vote with ``maeul vote verify --record FILE`` (see
``maeul.voting.verification`` and docs/subsystems/voting-integrity.md). Before publication
there is no record (404): ballots of an open vote are not shown to anyone.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from maeul.accounts.permissions import get_authorised
from maeul.voting import selectors
from maeul.voting.rules import VotingPermission
from maeul.voting.verification import ballot_record


@require_GET
def ballot_record_download(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = get_authorised(selectors.poll_rows(), request.user, poll_id, VotingPermission.VIEW_POLL)
    if poll.published_at is None or poll.result is None:
        raise Http404("record")
    body = json.dumps(ballot_record(poll), ensure_ascii=False, indent=1, cls=DjangoJSONEncoder)
    response = HttpResponse(body + "\n", content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.code}-record.json"'
    return response
