"""Reads of the voting app: access helpers, the tally, turnout and the published receipts.

The tally is recomputed from the ballot ledger with aggregate queries (no running counter that
could drift from the ballots): one GROUP BY over ``BallotChoice`` plus the labelled assembly
totals. On PostgreSQL it counts a million ballots in well under the 2 s target
(benchmarks/voting.py measures it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any, NamedTuple

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maeul.accounts.models import ResidentProfile, User, VerificationStatus
from maeul.accounts.permissions import scope_filter
from maeul.core.errors import ServiceError
from maeul.core.ttlcache import TTLCache
from maeul.exports.registry import rate
from maeul.voting import clock
from maeul.voting.keys import unseal_receipt
from maeul.voting.models import (
    RULE_FIELDS,
    AssemblyCount,
    AssemblyResult,
    Ballot,
    BallotChoice,
    Channel,
    ElectorateKind,
    Participation,
    Poll,
    PollKind,
    PollOption,
    PollState,
    PollVoter,
    ResultRule,
    RevotePolicy,
)

SUPPRESS_BELOW = 5
AGE_BANDS = (
    (0, 19, "0-19"),
    (20, 29, "20-29"),
    (30, 39, "30-39"),
    (40, 49, "40-49"),
    (50, 59, "50-59"),
    (60, 69, "60-69"),
    (70, 200, "70+"),
)


# ---- access ------------------------------------------------------------------------------


def visible_polls(user: Any) -> QuerySet[Poll]:
    """Announced polls, plus drafts of the official's scope."""
    announced = Poll.objects.filter(announced_at__isnull=False)
    if getattr(user, "is_authenticated", False) and user.official_or_none is not None:
        drafts: QuerySet[Poll] = scope_filter(user, Poll.objects.filter(announced_at__isnull=True))
        return (announced | drafts).distinct()
    if getattr(user, "is_superuser", False):
        return Poll.objects.all()
    return announced


def listed_polls(user: Any) -> QuerySet[Poll]:
    """The polls the lists show ``user`` (``/votes/``, a municipality's list, ``/api/polls``).

    A poll whose electorate is a roll (a committee's vote) concerns only its roll: it is listed
    to the accounts on the roll, to officials whose scope covers it and to superusers, never
    to other residents or anonymous visitors. Its direct address still answers whoever may
    see it (``poll_rows`` with ``VIEW_POLL``), so a link given to the committee keeps working.
    """
    polls = visible_polls(user)
    if getattr(user, "is_superuser", False):
        return polls
    hidden = Q(electorate_kind=ElectorateKind.ROLL)
    if getattr(user, "is_authenticated", False):
        hidden &= ~Q(pk__in=PollVoter.objects.filter(user=user).values("poll_id"))
        if user.official_or_none is not None:
            hidden &= ~Q(pk__in=scope_filter(user, Poll.objects.all()).values("pk"))
    return polls.exclude(hidden)


def poll_rows() -> QuerySet[Poll]:
    """Polls as the pages and the API fetch them by id, through ``get_authorised`` with the
    permission of the page (``VIEW_POLL`` for public pages: announced polls are public to
    anyone, drafts only to officials covering them; 404 otherwise, so drafts do not leak)."""
    return Poll.objects.select_related("municipality")


def poll_state(poll: Poll, moment: Any = None) -> str:
    """A ``PollState`` value (a plain string): ``draft``, ``upcoming``, ``open``, ``closed``,
    ``published`` or ``cancelled``. A vote closed early is ``closed`` from its close on."""
    moment = moment or clock.now()
    if poll.cancelled_at is not None:
        return PollState.CANCELLED
    if poll.published_at is not None:
        return PollState.PUBLISHED
    if poll.announced_at is None:
        return PollState.DRAFT
    if poll.closed_at is not None:
        return PollState.CLOSED
    if moment < poll.opens_at:
        return PollState.UPCOMING
    if moment < poll.closes_at:
        return PollState.OPEN
    return PollState.CLOSED


def state_filter(state: str, moment: Any = None) -> Q:
    """The condition on ``Poll`` rows that ``poll_state`` calls ``state`` at ``moment``, so a
    list of one state is filtered, counted and paged in the database (``poll_state`` is the
    reference: a test checks both agree on every state)."""
    moment = moment or clock.now()
    live = Q(cancelled_at__isnull=True, published_at__isnull=True)
    announced = live & Q(announced_at__isnull=False)
    running = announced & Q(closed_at__isnull=True)
    conditions = {
        PollState.CANCELLED: Q(cancelled_at__isnull=False),
        PollState.PUBLISHED: Q(cancelled_at__isnull=True, published_at__isnull=False),
        PollState.DRAFT: live & Q(announced_at__isnull=True),
        PollState.CLOSED: announced & (Q(closed_at__isnull=False) | Q(closes_at__lte=moment)),
        PollState.UPCOMING: running & Q(opens_at__gt=moment),
        PollState.OPEN: running & Q(opens_at__lte=moment, closes_at__gt=moment),
    }
    return conditions[PollState(state)]


LIST_STATES = ("open", "upcoming", "closed", "published")
"""The states the poll lists show, in their order on ``/votes/``."""


def state_counts(polls: QuerySet[Poll], moment: Any = None) -> dict[str, int]:
    """How many of ``polls`` are in each of ``LIST_STATES`` at ``moment``: one aggregate
    query instead of a count per list (each query costs the page about a millisecond of
    Django's CPU whatever the database's part)."""
    moment = moment or clock.now()
    counts = polls.aggregate(
        **{state: Count("pk", filter=state_filter(state, moment)) for state in LIST_STATES}
    )
    return {state: int(counts[state] or 0) for state in LIST_STATES}


class PollCard(NamedTuple):
    """What a list of polls shows of one poll, read as a plain row (no model instances).

    A tuple of plain values, so a page's cards can key the cache of their rendered HTML:
    whatever changes on a card changes the key."""

    pk: int
    title: str
    closes_at: Any
    place_name: str
    place_name_en: str

    @property
    def place(self) -> str:
        """The poll's municipality in the active language (``Municipality.display_name``'s
        rule, on the two columns read with the poll)."""
        if (get_language() or "ko").startswith("en") and self.place_name_en:
            return self.place_name_en
        return self.place_name


CARD_FIELDS = ("pk", "title", "closes_at", "municipality__name", "municipality__name_en")


def poll_cards(rows: Iterable[tuple[Any, ...]]) -> list[PollCard]:
    """``PollCard`` rows from a ``values_list(*CARD_FIELDS)`` of polls."""
    return [PollCard(*row) for row in rows]


def polls_within(polls: QuerySet[Poll], place: Any) -> QuerySet[Poll]:
    """``polls`` of ``place`` and the places below it, by an indexed filter on the ids of its
    subtree (a handful of rows) rather than a ``path LIKE`` through every poll's place."""
    from maeul.places.models import Municipality

    ids = Municipality.objects.filter(path__startswith=place.path).values("pk")
    return polls.filter(municipality_id__in=ids)


def state_label(state: str) -> str:
    """The state as people read it, in the current language (never the code)."""
    return str(PollState(state).label)


def options_of(poll: Poll) -> list[PollOption]:
    return list(PollOption.objects.filter(poll=poll).order_by("position"))


def participation_of(poll: Poll, user: Any) -> Participation | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Participation.objects.filter(poll=poll, resident=user).first()


# ---- frozen rules, cached ---------------------------------------------------------------------

# Once a poll's rules are locked its options and eligible dongs can never change (the service
# refuses, and a database trigger backs it up), so casts read them from this per-process
# cache instead of querying them on every ballot. The key includes the lock time and creation
# time so that a reused primary key (a rolled-back test) never hits a stale entry; the hour
# only bounds the memory of polls long closed.
Frozen = tuple[frozenset[int], list[PollOption]]
_FROZEN: TTLCache[tuple[int, str, str], Frozen] = TTLCache(seconds=3600.0, max_entries=1000)


def _frozen_key(poll: Poll) -> tuple[int, str, str] | None:
    if poll.rules_locked_at is None:
        return None
    return (poll.pk, poll.rules_locked_at.isoformat(), poll.created_at.isoformat())


def _frozen(poll: Poll) -> Frozen:
    def load() -> Frozen:
        return (
            frozenset(poll.electorate_dongs.values_list("pk", flat=True)),
            list(PollOption.objects.filter(poll=poll).order_by("position")),
        )

    key = _frozen_key(poll)
    return load() if key is None else _FROZEN.get_or_load(key, load)


def electorate_dong_ids(poll: Poll) -> frozenset[int]:
    return _frozen(poll)[0]


def frozen_options(poll: Poll) -> list[PollOption]:
    """The options of ``poll``; served from the cache once its rules are locked."""
    return _frozen(poll)[1]


def load_resident(user: Any) -> Any:
    """The user's resident profile with home district and dong, in one query, cached on the
    user object so that the permission rule and the eligibility check share it."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return None
    cache = user._state.fields_cache
    if "resident" not in cache:
        profile = (
            ResidentProfile.objects.select_related("district", "dong")
            .filter(user_id=user.pk)
            .first()
        )
        if profile is None:
            return None
        cache["resident"] = profile
    return cache["resident"]


# ---- eligibility ---------------------------------------------------------------------------


def eligibility_problem(poll: Poll, user: Any, moment: Any = None) -> str | None:
    """Why ``user`` may not vote in ``poll`` (a translated sentence), or None if they may."""
    if poll.by_roll:
        return _roll_problem(poll, user)
    return _resident_problem(
        poll,
        user,
        electorate_dong_ids(poll),
        lambda: [d.display_name for d in poll.electorate_dongs.order_by("name")],
    )


def eligibility_problems(polls: Sequence[Poll], user: Any) -> dict[int, str | None]:
    """``eligibility_problem`` for each of ``polls`` (by id), with the same rules and wording,
    in a fixed number of queries whatever the number of polls: the resident profile once, the
    rolls of the roll polls in one query and the eligible dongs of the others in one. A page
    that shows one poll per group (a PB ballot) would otherwise ask two queries per group."""
    polls = list(polls)
    out: dict[int, str | None] = {}
    rolled = [poll for poll in polls if poll.by_roll]
    if rolled:
        on: set[int] = set()
        if getattr(user, "is_authenticated", False) and getattr(user, "pk", None):
            on = set(
                PollVoter.objects.filter(
                    poll_id__in=[poll.pk for poll in rolled], user_id=user.pk
                ).values_list("poll_id", flat=True)
            )
        for poll in rolled:
            out[poll.pk] = _roll_problem(poll, user, listed=poll.pk in on)
    placed = [poll for poll in polls if not poll.by_roll]
    if placed:
        dongs: dict[int, list[Any]] = {poll.pk: [] for poll in placed}
        through = Poll.electorate_dongs.through
        rows = through.objects.filter(poll_id__in=list(dongs)).select_related("municipality")
        for row in rows:
            dongs[row.poll_id].append(row.municipality)
        for poll in placed:
            chosen = sorted(dongs[poll.pk], key=lambda d: d.name)
            out[poll.pk] = _resident_problem(
                poll,
                user,
                frozenset(d.pk for d in chosen),
                partial(_display_names, chosen),
            )
    return out


def _display_names(places: list[Any]) -> list[str]:
    return [place.display_name for place in places]


def _resident_problem(
    poll: Poll, user: Any, dong_ids: frozenset[int], dong_names: Callable[[], list[str]]
) -> str | None:
    """Eligibility on a poll open to residents by place, given the poll's eligible dongs (and,
    read only for the refusal, their names in name order): shared by the single and the
    batch check so both say exactly the same."""
    if not getattr(user, "is_authenticated", False):
        return _("Log in as a resident to vote.")
    profile = load_resident(user)
    if profile is None:
        return _("Only residents can vote; official accounts cannot.")
    # A verified_only poll looks at nothing a resident declared: an unverified profile is
    # refused before its home is read, and a verified profile's home, dong and birth year are
    # the verification's — locked by the accounts service and a database trigger (issue 12,
    # finding 1). The PostgreSQL fast path reads the profile afresh per request
    # (``fastpath.preload_resident``) and runs this same function before its statement.
    if poll.verified_only and not profile.is_verified:
        return _("This vote is for verified residents: verify your identity on your page first.")
    municipality = poll.municipality
    home = profile.dong if profile.dong_id else profile.district
    if not (home.is_within(municipality) or profile.district.is_within(municipality)):
        return _("This vote is for residents of %(place)s; your home district is %(home)s.") % {
            "place": municipality.display_name,
            "home": profile.district.display_name,
        }
    if dong_ids and profile.dong_id not in dong_ids:
        names = ", ".join(dong_names())
        return _("This vote is for residents of %(dongs)s; set your dong on your page.") % {
            "dongs": names
        }
    year = timezone.localtime(poll.opens_at).year
    if poll.min_age and profile.age_in(year) < poll.min_age:
        return _("This vote is for residents aged %(age)s or over in %(year)s.") % {
            "age": poll.min_age,
            "year": year,
        }
    return None


def on_roll(poll: Poll, user: Any) -> bool:
    """Whether ``user`` is on the roll of ``poll`` (one indexed lookup)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return False
    return PollVoter.objects.filter(poll=poll, user_id=user.pk).exists()


def _roll_problem(poll: Poll, user: Any, *, listed: bool | None = None) -> str | None:
    """Eligibility on a roll poll: being on the roll is the whole rule. Place, age and
    identity checks do not apply — whoever drew up the roll (the appointment of a committee's
    members) already decided who belongs — and official accounts on the roll may vote.
    ``listed`` is given when the caller already read the roll (the batch check)."""
    if not getattr(user, "is_authenticated", False):
        return _("Log in to vote: this vote is for the accounts on its roll.")
    if not (on_roll(poll, user) if listed is None else listed):
        return _(
            "This vote is for the people on its roll, such as a committee's members; "
            "your account is not on it."
        )
    return None


def roll_size(poll: Poll) -> int:
    return PollVoter.objects.filter(poll=poll).count()


def electorate_count(poll: Poll) -> int:
    """The size of the electorate that turnout may be computed against, 0 when unknown.

    Only two sources are true electorates: the official's entry from the resident register
    (``electorate_size``) and a roll poll's roll. Residents signed up on Maeul are not one: on
    a vote with an assembly its attendees are counted as participants while the sign-ups are
    a fraction of the eligible residents, which gave turnouts of 810% and 850%. With no true
    electorate no percentage is published (``rate`` of 0 is "") and only the count of
    participants is shown.
    """
    if poll.electorate_size:
        return poll.electorate_size
    if poll.by_roll:
        return roll_size(poll)
    return 0


def place_ids(place: Any) -> list[int]:
    """The ids of ``place`` and every place below it (a district and its dongs: a few rows),
    so that filters on people and polls use the indexed foreign keys instead of a
    ``path LIKE`` joined through every row."""
    from maeul.places.models import Municipality

    return list(
        Municipality.objects.filter(path__startswith=place.path).values_list("pk", flat=True)
    )


def eligible_residents(poll: Poll) -> QuerySet[ResidentProfile]:
    """Registered residents on Maeul who may vote in ``poll`` (for turnout denominators).

    On a roll poll these are the resident profiles of the accounts on the roll (official
    accounts on it have none, so they count in ``electorate_count`` but in no dong or age
    band). Otherwise the filter is on the profiles' district and dong ids (indexed), so its
    cost follows the poll's own area: a Nam-gu poll does not get dearer when Geumcheon-gu
    grows."""
    if poll.by_roll:
        return ResidentProfile.objects.filter(
            user_id__in=PollVoter.objects.filter(poll=poll).values("user_id")
        )
    dong_ids = list(poll.electorate_dongs.values_list("pk", flat=True))
    if dong_ids:
        queryset = ResidentProfile.objects.filter(dong_id__in=dong_ids)
    else:
        ids = place_ids(poll.municipality)
        queryset = ResidentProfile.objects.filter(Q(district_id__in=ids) | Q(dong_id__in=ids))
    if poll.min_age:
        year = timezone.localtime(poll.opens_at).year
        queryset = queryset.filter(birth_year__lte=year - poll.min_age)
    if poll.verified_only:
        queryset = queryset.filter(verification_status=VerificationStatus.VERIFIED)
    return queryset


# ---- tally ---------------------------------------------------------------------------------


@dataclass
class OptionTally:
    id: int
    position: int
    label: str
    ballot_votes: int
    assembly_votes: int
    votes: int
    share: str
    first_preferences: int = 0


@dataclass
class Tally:
    poll: int
    rule: str
    kind: str
    options: list[OptionTally]
    ballots: int
    assembly_ballots: int
    total_ballots: int
    participants: int
    electorate: int
    turnout: str
    quorum_met: bool
    outcome: str
    winners: list[int]
    receipts_digest: str
    assemblies: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def counted_ballots(poll: Poll) -> QuerySet[Ballot]:
    return Ballot.objects.filter(poll=poll, voided=False)


def receipts_digest(receipts: Iterable[str]) -> str:
    """SHA-256 of the sorted counted receipts, one per line: anyone can recompute it."""
    return hashlib.sha256("\n".join(sorted(receipts)).encode("ascii")).hexdigest()


def counted_receipts_digest(poll: Poll) -> str:
    """``receipts_digest`` of the counted ballots, computed in the database on PostgreSQL.

    Receipts are ASCII, so byte order (``COLLATE "C"``) equals Python's string order and both
    paths give the same digest; the SQL path avoids moving a million receipts to Python.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT encode(sha256(convert_to(coalesce(string_agg(receipt, E'\\n' "
                "ORDER BY receipt COLLATE \"C\"), ''), 'UTF8')), 'hex') "
                "FROM voting_ballot WHERE poll_id = %s AND NOT voided",
                [poll.pk],
            )
            return str(cursor.fetchone()[0])
    receipts = counted_ballots(poll).values_list("receipt", flat=True).iterator(chunk_size=20000)
    return receipts_digest(receipts)


def poll_tally(poll: Poll, *, electorate: int | None = None) -> Tally:
    """Recompute the result of ``poll`` from its ballots and assembly totals."""
    options = options_of(poll)
    n_options = len(options)
    choices = BallotChoice.objects.filter(poll=poll)
    if poll.revote == RevotePolicy.LAST_COUNTS:
        # Only polls that allow replacing a ballot can hold voided ones; skip the join elsewhere.
        choices = choices.filter(ballot__voided=False)
    if poll.kind == PollKind.RANKING:
        rows = choices.values("option").annotate(
            n=Sum(Value(n_options + 1) - F("rank")), first=Count("id", filter=Q(rank=1))
        )
    else:
        rows = choices.values("option").annotate(n=Count("id"), first=Count("id"))
    by_option = {row["option"]: (int(row["n"] or 0), int(row["first"] or 0)) for row in rows}
    assembly_rows = AssemblyCount.objects.filter(assembly__poll=poll).values("option")
    by_assembly = {row["option"]: int(row["n"]) for row in assembly_rows.annotate(n=Sum("votes"))}
    assemblies: list[dict[str, Any]] = [
        {
            "name": a.name,
            "held_on": a.held_on.isoformat(),
            "ballots": a.ballots,
            "unregistered_ballots": a.unregistered_ballots,
        }
        for a in AssemblyResult.objects.filter(poll=poll).order_by("held_on", "name")
    ]
    assembly_ballots = sum(a["ballots"] for a in assemblies)
    unregistered = sum(a["unregistered_ballots"] for a in assemblies)
    ballots = counted_ballots(poll).count()
    total_ballots = ballots + assembly_ballots
    participants = Participation.objects.filter(poll=poll).count() + unregistered
    if electorate is None:
        electorate = electorate_count(poll)
    totals = []
    for option in options:
        ballot_votes, first = by_option.get(option.pk, (0, 0))
        assembly_votes = by_assembly.get(option.pk, 0)
        totals.append((option, ballot_votes, assembly_votes, ballot_votes + assembly_votes, first))
    denominator = sum(t[3] for t in totals) if poll.kind == PollKind.RANKING else total_ballots
    option_tallies = [
        OptionTally(
            id=o.pk,
            position=o.position,
            label=o.label,
            ballot_votes=bv,
            assembly_votes=av,
            votes=v,
            share=rate(v, denominator),
            first_preferences=first,
        )
        for o, bv, av, v, first in totals
    ]
    quorum_met = True
    if poll.result_rule == ResultRule.QUORUM and poll.quorum_percent:
        quorum_met = electorate > 0 and Fraction(participants, electorate) * 100 >= Fraction(
            poll.quorum_percent
        )
    outcome, winners = _outcome(poll, option_tallies, denominator, quorum_met)
    return Tally(
        poll=poll.pk,
        rule=poll.result_rule,
        kind=poll.kind,
        options=option_tallies,
        ballots=ballots,
        assembly_ballots=assembly_ballots,
        total_ballots=total_ballots,
        participants=participants,
        electorate=electorate,
        turnout=rate(participants, electorate),
        quorum_met=quorum_met,
        outcome=outcome,
        winners=winners,
        receipts_digest=counted_receipts_digest(poll),
        assemblies=assemblies,
    )


def _outcome(
    poll: Poll, options: list[OptionTally], denominator: int, quorum_met: bool
) -> tuple[str, list[int]]:
    """``decided`` / ``tie`` / ``no_majority`` / ``no_quorum`` / ``no_ballots`` and winners."""
    if not quorum_met:
        return "no_quorum", []
    if denominator == 0 or not options:
        return "no_ballots", []
    top = max(o.votes for o in options)
    leaders = [o.id for o in options if o.votes == top]
    if len(leaders) > 1:
        return "tie", leaders
    if poll.result_rule == ResultRule.MAJORITY and Fraction(top, denominator) * 100 <= Fraction(
        poll.threshold_percent
    ):
        return "no_majority", []
    return "decided", leaders


def shown_turnout(result: dict[str, Any]) -> str | None:
    """The published turnout, or an empty cell when there is no true electorate.

    Results published before turnout needed the official's electorate size (or a roll) were
    computed against Maeul sign-ups, with assembly attendees among the participants: 810% on
    the demo's assembly polls. A share of the electorate cannot exceed 100%, so such a figure
    is left out rather than shown (page, API and export alike)."""
    turnout = result.get("turnout") or ""
    if not result.get("electorate") or not turnout or Decimal(turnout) > 100:
        return None
    return str(turnout)


# ---- turnout ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TurnoutRow:
    label: str
    participants: int | None  # None: suppressed (fewer than SUPPRESS_BELOW people)
    eligible: int | None
    rate: str


def _row(label: str, participants: int, eligible: int) -> TurnoutRow:
    if participants < SUPPRESS_BELOW or (eligible and eligible < SUPPRESS_BELOW):
        return TurnoutRow(label, None, None, "")
    return TurnoutRow(label, participants, eligible or None, rate(participants, eligible))


def age_band(age: int) -> str:
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return AGE_BANDS[-1][2]


def turnout_counts(poll: Poll) -> dict[str, list[list[Any]]]:
    """Participants and registered eligible residents per dong and per age band, unrounded and
    unsuppressed: ``{"by_dong": [[name, participants, eligible], ...], "by_age": [...]}``.

    Publication stores this in ``Poll.turnout_counts``, so the results page reads it instead
    of grouping the people again on every view (and shows the turnout as it was when the
    result was published, not as later moves and sign-ups would make it). Both sides are
    grouped by ids in the database, over the poll's participants and its own area only.
    """
    year = timezone.localtime(poll.opens_at).year
    voted = Participation.objects.filter(poll=poll)
    eligible = eligible_residents(poll)
    # The participants' profiles by their user ids (a semi-join on the poll's participations),
    # never a join that walks the users of the whole platform.
    profiles = ResidentProfile.objects.filter(user_id__in=voted.values("resident_id"))
    voted_dong = dict(profiles.values_list("dong_id").annotate(n=Count("id")).order_by())
    without_profile = voted.count() - sum(voted_dong.values())  # e.g. an official on a roll
    if without_profile:
        voted_dong[None] = voted_dong.get(None, 0) + without_profile
    eligible_dong = dict(eligible.values_list("dong_id").annotate(n=Count("id")).order_by())
    from maeul.places.models import Municipality

    ids = {i for i in (*voted_dong, *eligible_dong) if i is not None}
    names = dict(Municipality.objects.filter(pk__in=ids).values_list("pk", "name"))
    by_name: dict[str, list[int]] = {}
    for dong_id in {*voted_dong, *eligible_dong}:
        counts = by_name.setdefault(names.get(dong_id, "-") if dong_id else "-", [0, 0])
        counts[0] += voted_dong.get(dong_id, 0)
        counts[1] += eligible_dong.get(dong_id, 0)
    dongs = sorted(by_name.items(), key=lambda item: (item[0] == "-", item[0]))
    bands: dict[str, list[int]] = {label: [0, 0] for _low, _high, label in AGE_BANDS}
    for birth_year, n in profiles.values_list("birth_year").annotate(n=Count("id")).order_by():
        bands[age_band(year - birth_year)][0] += n
    for birth_year, n in eligible.values_list("birth_year").annotate(n=Count("id")).order_by():
        bands[age_band(year - birth_year)][1] += n
    return {
        "by_dong": [[name, v, e] for name, (v, e) in dongs],
        "by_age": [[label, v, e] for label, (v, e) in bands.items() if v or e],
    }


def _stored_counts(poll: Poll) -> dict[str, list[list[Any]]]:
    stored: dict[str, list[list[Any]]] | None = poll.turnout_counts
    return stored if stored is not None else turnout_counts(poll)


def _rows(counts: list[list[Any]]) -> list[TurnoutRow]:
    """Rows with small groups suppressed, and their complement: the poll's totals are public,
    so a single hidden group would be the total minus the others; when exactly one group is
    hidden, the smallest shown group is hidden with it."""
    rows = [_row(label, v, e) for label, v, e in counts]
    hidden = [i for i, row in enumerate(rows) if row.participants is None]
    shown = [i for i, row in enumerate(rows) if row.participants is not None]
    if len(hidden) == 1 and shown:
        smallest = min(shown, key=lambda i: (counts[i][1], counts[i][2], str(counts[i][0])))
        rows[smallest] = TurnoutRow(rows[smallest].label, None, None, "")
    return rows


def turnout_by_dong(poll: Poll) -> list[TurnoutRow]:
    """Participants per dong of residence, against registered eligible residents there.

    Groups under five people are suppressed (participants and rate left blank), so that a
    small dong's turnout cannot single anybody out, and so is one more group when only one
    would be hidden (its figures would follow from the totals). A published poll's figures
    are the ones stored at publication.
    """
    return _rows(_stored_counts(poll)["by_dong"])


def turnout_by_age(poll: Poll) -> list[TurnoutRow]:
    return _rows(_stored_counts(poll)["by_age"])


# ---- receipts --------------------------------------------------------------------------------


def receipt_status(poll: Poll, code: str) -> str | None:
    """``counted``, ``replaced`` or None (unknown). Needs no login: a receipt names nobody."""
    code = normalise_receipt(code)
    row = Ballot.objects.filter(poll=poll, receipt=code).values_list("voided", flat=True).first()
    if row is None:
        return None
    return "replaced" if row else "counted"


def normalise_receipt(code: str) -> str:
    letters = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(letters) != 12:
        return letters
    return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"


def published_receipts(poll: Poll) -> QuerySet[Ballot]:
    """Receipts in receipt order (never insertion order); empty until publication."""
    if poll.published_at is None:
        return Ballot.objects.none()
    return Ballot.objects.filter(poll=poll).order_by("receipt")


def public_ballot_choices(poll: Poll, receipts: Iterable[str]) -> dict[str, list[str]]:
    """Option labels per receipt, for public (named) polls only."""
    from maeul.voting.models import Secrecy

    if poll.secrecy != Secrecy.PUBLIC:
        return {}
    out: dict[str, list[str]] = {}
    rows = (
        BallotChoice.objects.filter(poll=poll, ballot__receipt__in=list(receipts))
        .order_by("ballot__receipt", "rank", "option__position")
        .values_list("ballot__receipt", "option__label")
    )
    for receipt, label in rows:
        out.setdefault(receipt, []).append(label)
    return out


# ---- readers the services and the back office share -------------------------------------------


def poll_has_votes(poll: Poll) -> bool:
    return (
        poll.rules_locked_at is not None
        or Participation.objects.filter(poll=poll).exists()
        or Ballot.objects.filter(poll=poll).exists()
        or AssemblyResult.objects.filter(poll=poll).exists()
    )


def poll_rules(poll: Poll) -> dict[str, Any]:
    rules = {name: getattr(poll, name) for name in RULE_FIELDS if name != "municipality"}
    rules["municipality"] = poll.municipality.code
    rules["electorate_dongs"] = sorted(poll.electorate_dongs.values_list("slug", flat=True))
    if poll.by_roll:  # the accounts on the roll, as announced (a committee's members are public)
        rules["roll"] = sorted(poll.voters.values_list("user_id", flat=True))
    rules["options"] = list(
        PollOption.objects.filter(poll=poll).order_by("position").values_list("label", flat=True)
    )
    return rules


# ---- verification ------------------------------------------------------------------------------

COMPARED = (
    "ballots",
    "assembly_ballots",
    "total_ballots",
    "participants",
    "outcome",
    "winners",
    "receipts_digest",
)


def poll_verify(poll: Poll) -> list[str]:
    """Recompute the tally and list every difference from the published result."""
    if poll.result is None:
        return [_("The results of this vote are not published yet.")]
    published = poll.result
    fresh = poll_tally(poll, electorate=published.get("electorate")).as_dict()
    problems = []
    for key in COMPARED:
        if fresh.get(key) != published.get(key):
            problems.append(
                _("%(key)s: published %(published)s, recomputed %(fresh)s")
                % {"key": key, "published": published.get(key), "fresh": fresh.get(key)}
            )
    old = {o["id"]: o["votes"] for o in published.get("options", [])}
    new = {o["id"]: o["votes"] for o in fresh["options"]}
    for option_id in sorted(set(old) | set(new)):
        if old.get(option_id) != new.get(option_id):
            problems.append(
                _("option %(id)s: published %(published)s votes, recomputed %(fresh)s")
                % {"id": option_id, "published": old.get(option_id), "fresh": new.get(option_id)}
            )
    return problems


def resident_by_username(username: str) -> User:
    user = User.objects.filter(username=username.strip()).first()
    if user is None:
        raise ServiceError(
            _("No account is called %(name)s.") % {"name": username.strip()}, field="resident"
        )
    return user


# ---- a resident's own ballots (내 활동) ----------------------------------------------------------


@dataclass(frozen=True)
class MyBallot:
    """One poll the resident took part in, as their activity page lists it: the poll, how
    and when, and the kept receipt (None for paper and assembly ballots, which have none on
    the account). Never the choice."""

    poll: Poll
    channel: str
    took_part_at: Any
    receipt: str | None
    revotes: int
    state: str

    @property
    def state_label(self) -> str:
        return state_label(self.state)

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label)


def participations_of(user: Any) -> QuerySet[Participation]:
    """The resident's participations, newest first (an ordered queryset, for the pager)."""
    return (
        Participation.objects.filter(resident=user)
        .select_related("poll", "poll__municipality")
        .order_by("-created_at", "-pk")
    )


def my_ballots(participations: Iterable[Participation]) -> list[MyBallot]:
    """The rows of one page of ``participations_of``; kept receipts are unsealed here, for the
    resident alone (``keys.unseal_receipt``)."""
    moment = clock.now()
    rows = []
    for participation in participations:
        receipt = participation.receipt or unseal_receipt(
            participation.kept_receipt,
            poll_id=participation.poll_id,
            voter_id=participation.resident_id,
        )
        rows.append(
            MyBallot(
                poll=participation.poll,
                channel=participation.channel,
                took_part_at=participation.created_at,
                receipt=receipt,
                revotes=participation.revotes,
                state=poll_state(participation.poll, moment),
            )
        )
    return rows
