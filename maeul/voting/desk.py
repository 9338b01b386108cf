"""Who is at the desk: finding a walk-in resident's account without their Maeul user name.

A resident who comes to an on-site polling desk (현장 투표소) shows an identity card; they do
not know, and should not need, their Maeul user name. The official types the name, the date
of birth and the dong from the card, and the resident is the one registered resident of the
vote's electorate with that name (compared after Unicode NFKC normalisation, ignoring
spaces), birth year (Maeul keeps the year only) and dong. No match or several matches is a
clear message, never a guess. When several residents match — or the official prefers it —
the resident's registration number is verified at the desk through the installation's
identity adapter (``maeul.accounts.identity``), and the account holding that verified identity
is the one (the number is hashed as at sign-up and never stored or logged).

Recording the ballot stays ``services.ballot_record_at_desk``: eligibility and one person, one
ballot are decided there, so a resident who voted online is refused at the desk and the other
way round.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from maeul.accounts.identity import (
    VerificationFailed,
    enabled_adapters,
    identity_hash,
    normalise_identity_number,
)
from maeul.accounts.models import ResidentProfile, User
from maeul.core.errors import ServiceError
from maeul.voting.models import Participation, Poll, PollVoter


class ResidentNotFound(ServiceError):
    code = "resident_not_found"
    status = 404


class ResidentAmbiguous(ServiceError):
    code = "resident_ambiguous"
    status = 409


@dataclass(frozen=True)
class WalkIn:
    """What the official reads from the resident's identity card."""

    name: str
    birth_date: dt.date
    dong: Any = None
    identity_number: str = ""


def normal_name(name: str) -> str:
    """Names compare after NFKC (full-width and compatibility forms fold) without spaces."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def _candidates(poll: Poll, walk_in: WalkIn) -> list[User]:
    wanted = normal_name(walk_in.name)
    if poll.by_roll:
        # A roll (a committee) may hold official accounts without a resident profile: the name
        # decides there, the birth year too where a profile exists.
        users = User.objects.filter(
            pk__in=PollVoter.objects.filter(poll=poll).values("user_id")
        ).select_related("resident")
        return [
            u
            for u in users
            if normal_name(u.name) == wanted
            and (
                u.resident_or_none is None
                or u.resident_or_none.birth_year == walk_in.birth_date.year
            )
        ]
    profiles = ResidentProfile.objects.select_related("user").filter(
        Q(district__path__startswith=poll.municipality.path)
        | Q(dong__path__startswith=poll.municipality.path),
        birth_year=walk_in.birth_date.year,
    )
    if walk_in.dong is not None:
        profiles = profiles.filter(dong=walk_in.dong)
    return [p.user for p in profiles if normal_name(p.user.name) == wanted]


def _by_verified_identity(walk_in: WalkIn) -> User:
    number = normalise_identity_number(walk_in.identity_number)
    adapters = enabled_adapters()
    if not adapters:
        raise ServiceError(_("Identity verification is not available here."), field="identity")
    try:
        person = adapters[0].verify(name=walk_in.name, identity_number=number)
    except VerificationFailed as error:
        raise ServiceError(str(error), field="identity_number") from None
    if number[:6] != walk_in.birth_date.strftime("%y%m%d"):
        raise ServiceError(
            _("The registration number does not match the date of birth entered."),
            field="identity_number",
        )
    user = User.objects.filter(
        verified_identity__identity_hash=identity_hash(person.identity_number)
    ).first()
    if user is None:
        raise ResidentNotFound(
            _(
                "No Maeul account holds this verified identity. The resident can sign up and "
                "verify their identity on Maeul, then vote."
            )
        )
    return user


def identify_walk_in(poll: Poll, walk_in: WalkIn) -> User:
    """The account of the resident at the desk, or a refusal that says what to do."""
    if walk_in.identity_number.strip():
        return _by_verified_identity(walk_in)
    found = _candidates(poll, walk_in)
    place = walk_in.dong.display_name if walk_in.dong else poll.municipality.display_name
    if not found:
        raise ResidentNotFound(
            _(
                "No resident named %(name)s, born in %(year)s, is registered in %(place)s for "
                "this vote. Check the spelling and the dong on the identity card; a resident who "
                "is not registered on Maeul can sign up first."
            )
            % {"name": walk_in.name.strip(), "year": walk_in.birth_date.year, "place": place}
        )
    if len(found) > 1:
        raise ResidentAmbiguous(
            _(
                "%(n)s registered residents match this name, birth year and dong. Enter the "
                "resident's registration number to verify who they are."
            )
            % {"n": len(found)},
            field="identity_number",
        )
    return found[0]


def desk_status(poll: Poll, resident: Any) -> Participation | None:
    """Whether the resident already took part (and through which channel), for the desk."""
    return Participation.objects.filter(poll=poll, resident=resident).first()
