"""Seeding and checking for the load benchmarks and the cluster tests: residents with logged-in
sessions and an open poll, created fast (bulk inserts, sessions written directly), and the
check that every acknowledged ballot is counted exactly once. Needs Django set up against the
target database."""

from __future__ import annotations

import datetime as dt


def seed_open_poll(residents: int, *, password: str | None = None) -> dict[str, object]:
    """One district with a manager, two open secret polls and ``residents`` verified residents,
    each with a logged-in session (keys in ``sessions``, in resident order). With ``password``
    the residents can also log in through the form (slower: one hash per resident)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
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
    official = User.objects.create(username="bench.manager")
    record = Official.objects.create(user=official, municipality=district)
    OfficialRole.objects.create(official=record, role="programme_manager")
    now = timezone.now()
    polls = []
    for code in ("bench-http", "bench-tally"):
        poll = services.poll_create(
            actor=official,
            municipality=district,
            options=["A", "B", "C", "D"],
            code=code,
            title=code,
            kind="single",
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=1),
        )
        polls.append(services.poll_announce(actor=official, poll=poll))
    batch = 5000
    hashed = make_password(password) if password else "!"
    sessions: list[str] = []
    for start in range(0, residents, batch):
        users = [
            User(username=f"bench{i}", password=hashed)
            for i in range(start, min(start + batch, residents))
        ]
        users = User.objects.bulk_create(users)
        ResidentProfile.objects.bulk_create(
            ResidentProfile(
                user=u,
                birth_year=1950 + u.pk % 50,
                gender="female",
                district=district,
                verification_status="verified",
                verified_at=now,
            )
            for u in users
        )
        rows = []
        store = SessionStore()
        for user in users:
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
                    expire_date=now + dt.timedelta(hours=4),
                )
            )
            sessions.append(key)
        Session.objects.bulk_create(rows)
    options = list(polls[0].options.order_by("position").values_list("pk", flat=True))
    return {
        "poll": polls[0].pk,
        "tally_poll": polls[1].pk,
        "options": options,
        "sessions": sessions,
    }


def check_ballots(seed: dict, acked: dict[int, str]) -> tuple[int, int]:
    """(lost, double): acknowledged receipts missing from the counted ballots, and residents
    holding more than one ballot."""
    from django.db.models import Count

    from maeul.voting.models import Ballot, Participation

    present = set(
        Ballot.objects.filter(poll_id=seed["poll"], voided=False).values_list("receipt", flat=True)
    )
    lost = len(set(acked.values()) - present)
    participations = Participation.objects.filter(poll_id=seed["poll"]).count()
    doubled = (
        Participation.objects.filter(poll_id=seed["poll"])
        .values("resident")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    double = doubled + max(0, len(present) - participations)
    return lost, double
