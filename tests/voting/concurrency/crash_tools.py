"""Run as a script against the private cluster of the crash test (Django set up from env).

``python crash_tools.py seed N`` creates N residents, their sessions and an open poll and
prints them as JSON; ``python crash_tools.py check FILE`` reads the acknowledged receipts
from FILE and prints what the database holds (counts, missing receipts, audit chain).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys


def _setup() -> None:
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maeul.settings")
    import django

    django.setup()


def seed(n: int) -> dict[str, object]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from maeul.accounts.models import Official, OfficialRole, ResidentProfile, User
    from maeul.places.models import Municipality
    from maeul.places.models import MunicipalityKind as K
    from maeul.voting import services

    seoul = Municipality.objects.create(
        slug="seoul", name="서울특별시", name_en="Seoul", kind=K.SPECIAL_CITY
    )
    district = Municipality.objects.create(
        slug="seoul-geumcheon-gu",
        name="금천구",
        name_en="Geumcheon-gu",
        kind=K.DISTRICT,
        parent=seoul,
    )
    official = User.objects.create(username="manager.crash")
    Official.objects.create(user=official, municipality=district)
    OfficialRole.objects.create(official=official.official, role="programme_manager")
    now = timezone.now()
    poll = services.poll_create(
        actor=official,
        municipality=district,
        options=["A", "B", "C"],
        code="crash",
        title="Crash test",
        kind="single",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
    )
    services.poll_announce(actor=official, poll=poll)
    users = [User(username=f"crash{i}", password="!unusable") for i in range(n)]
    User.objects.bulk_create(users)
    users = list(
        User.objects.filter(username__startswith="crash").exclude(pk=official.pk).order_by("pk")
    )
    ResidentProfile.objects.bulk_create(
        ResidentProfile(
            user=user,
            birth_year=1980,
            gender="female",
            district=district,
            verification_status="verified",
            verified_at=now,
        )
        for user in users
    )
    sessions = []
    rows = []
    for user in users:
        store = SessionStore()
        key = store._get_new_session_key()
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "maeul.accounts.backends.MaeulBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(
            Session(
                session_key=key,
                session_data=store.encode(data),
                expire_date=now + dt.timedelta(hours=2),
            )
        )
        sessions.append(key)
    Session.objects.bulk_create(rows)
    options = list(poll.options.order_by("position").values_list("pk", flat=True))
    return {"poll": poll.pk, "options": options, "sessions": sessions}


def check(path: str) -> dict[str, object]:
    from maeul.auditlog.services import audit_verify
    from maeul.voting.models import Ballot, BallotChoice, Participation, Poll
    from maeul.voting.selectors import poll_tally

    with open(path) as handle:
        acknowledged = json.load(handle)
    poll = Poll.objects.get(code="crash")
    present = set(Ballot.objects.filter(poll=poll, voided=False).values_list("receipt", flat=True))
    tally = poll_tally(poll)
    report = audit_verify()
    return {
        "missing": sorted(set(acknowledged) - present),
        "ballots": len(present),
        "participations": Participation.objects.filter(poll=poll).count(),
        "choices": BallotChoice.objects.filter(poll=poll).count(),
        "tally_total": tally.total_ballots,
        "tally_sum": sum(o.votes for o in tally.options),
        "audit_ok": report.ok,
        "audit_problem": report.problem,
        "cast_entries": __import__("maeul.auditlog.models", fromlist=["AuditEntry"])
        .AuditEntry.objects.filter(kind="voting.ballot_cast")
        .count(),
    }


if __name__ == "__main__":
    _setup()
    if sys.argv[1] == "seed":
        print(json.dumps(seed(int(sys.argv[2]))))
    else:
        print(json.dumps(check(sys.argv[2])))
