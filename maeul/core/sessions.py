"""Database sessions — Django's ``db`` engine — with the read of every request as one plain query.

Every signed-in request reads its session; through the ORM that read cost about as much
Python as the rest of a ballot cast (benchmarks/RESULTS.md, "Voting"). This engine keeps the
``db`` engine's table, expiry rule (a row counts while ``expire_date`` is in the future),
encoding, signing, saving and deletion; only the lookup is written as SQL. Sessions stay
revocable on the server (logging out deletes the row), unlike signed-cookie sessions.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.utils import timezone

from maeul.core.rawload import load_one


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        session = load_one(self.model, "session_key", self.session_key)
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
