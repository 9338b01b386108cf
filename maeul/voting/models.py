"""Resident decisions by vote (주민결정): polls, who took part, and what was chosen.

Who voted (``Participation``) and what was chosen (``Ballot`` and its ``BallotChoice`` rows)
are stored apart. A ballot carries no foreign key, no user id and no time finer than the day,
so for secret polls nothing in the schema leads from a ballot to a resident
(docs/subsystems/voting-integrity.md). One person, one ballot is the unique constraint
``one_ballot_per_resident`` on the participation, whichever channel the ballot came through.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.core.textlimits import BoundedTextField


class PollKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Up to k choices")
    APPROVAL = "approval", _("Approval (any number)")
    RANKING = "ranking", _("Ranking")


class Secrecy(models.TextChoices):
    SECRET = "secret", _("Secret ballot")
    PUBLIC = "public", _("Public (named) ballot")


class RevotePolicy(models.TextChoices):
    FORBIDDEN = "forbidden", _("One ballot, no changes")
    LAST_COUNTS = "last_counts", _("A new ballot replaces the previous one")


class ResultRule(models.TextChoices):
    PLURALITY = "plurality", _("Most votes wins")
    MAJORITY = "majority", _("Winner needs more than the threshold share")
    QUORUM = "quorum", _("Valid only with enough turnout, then most votes")


class ElectorateKind(models.TextChoices):
    PLACE = "place", _("Residents by place")
    ROLL = "roll", _("The accounts on a roll")


class PollState(models.TextChoices):
    """Where a poll is in its life, as ``selectors.poll_state`` decides it from the clock."""

    DRAFT = "draft", _("Draft")
    UPCOMING = "upcoming", _("Opens soon")
    OPEN = "open", _("Voting open")
    CLOSED = "closed", _("Closed, counting")
    PUBLISHED = "published", _("Results published")
    CANCELLED = "cancelled", _("Cancelled")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online (mobile or web)")
    DESK = "desk", _("On-site desk")
    PAPER = "paper", _("Paper ballot")
    ASSEMBLY = "assembly", _("Resident assembly")


# Fields that decide how a poll is voted and counted. They freeze with the first ballot
# (RELIABILITY P3): the service refuses changes, the admin shows them read-only, and a database
# trigger (migration 0002) refuses an UPDATE that slips past both.
RULE_FIELDS = (
    "municipality",
    "electorate_kind",
    "title",
    "kind",
    "max_choices",
    "min_age",
    "verified_only",
    "opens_at",
    "closes_at",
    "secrecy",
    "revote",
    "result_rule",
    "threshold_percent",
    "quorum_percent",
    "electorate_size",
    "allow_online",
    "allow_desk",
    "allow_paper",
    "allow_assembly",
)


class Poll(models.Model):
    """A question put to the residents of one municipality (or some of its dongs)."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="polls",
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = BoundedTextField(_("description"), blank=True, max_length=textlimits.TEXT)
    kind = models.CharField(_("kind"), max_length=10, choices=PollKind.choices)
    max_choices = models.PositiveSmallIntegerField(
        _("most choices per ballot"), default=1, validators=[MinValueValidator(1)]
    )
    electorate_kind = models.CharField(
        _("electorate"),
        max_length=10,
        choices=ElectorateKind.choices,
        default=ElectorateKind.PLACE,
        help_text=_(
            "Residents by place (the municipality, some dongs, a minimum age), or exactly the "
            "accounts on the vote's roll, such as the members of a committee."
        ),
    )
    electorate_dongs = models.ManyToManyField(
        "places.Municipality",
        verbose_name=_("eligible dongs"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for every resident of the municipality."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=0)
    verified_only = models.BooleanField(_("verified residents only"), default=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    secrecy = models.CharField(
        _("secrecy"), max_length=10, choices=Secrecy.choices, default=Secrecy.SECRET
    )
    revote = models.CharField(
        _("changing a ballot"),
        max_length=12,
        choices=RevotePolicy.choices,
        default=RevotePolicy.FORBIDDEN,
    )
    result_rule = models.CharField(
        _("result rule"), max_length=10, choices=ResultRule.choices, default=ResultRule.PLURALITY
    )
    threshold_percent = models.PositiveSmallIntegerField(
        _("majority threshold (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum: minimum turnout (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    electorate_size = models.PositiveIntegerField(
        _("size of the electorate"),
        null=True,
        blank=True,
        help_text=_(
            "Eligible residents according to the resident register; when empty, the registered "
            "eligible residents on Maeul are counted."
        ),
    )
    allow_online = models.BooleanField(_("online ballots"), default=True)
    allow_desk = models.BooleanField(_("on-site desk"), default=False)
    allow_paper = models.BooleanField(_("paper ballots"), default=False)
    allow_assembly = models.BooleanField(_("resident assembly"), default=False)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    rules_locked_at = models.DateTimeField(_("rules locked at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("close recorded at"), null=True, blank=True)
    close_reason = BoundedTextField(
        _("reason for closing early"),
        blank=True,
        max_length=1000,
        help_text=_("Given when an official closed the vote before its closing time."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = BoundedTextField(_("reason for cancelling"), blank=True, max_length=1000)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    result = models.JSONField(_("published result"), null=True, blank=True, editable=False)
    # Participants and eligible residents per dong and age band, stored at publication so the
    # results page does not group the people again on every view (selectors.turnout_counts).
    turnout_counts = models.JSONField(
        _("turnout by dong and age at publication"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-closes_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="poll_closes_after_opening"
            ),
            models.CheckConstraint(condition=Q(max_choices__gte=1), name="poll_max_choices_min"),
            models.CheckConstraint(
                condition=~Q(kind="single") | Q(max_choices=1), name="poll_single_means_one"
            ),
            models.CheckConstraint(
                condition=Q(threshold_percent__gte=1) & Q(threshold_percent__lte=99),
                name="poll_threshold_range",
            ),
            models.CheckConstraint(condition=Q(quorum_percent__lte=100), name="poll_quorum_range"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(closed_at__isnull=False),
                name="poll_published_after_close",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(result__isnull=False),
                name="poll_published_has_result",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | Q(published_at__isnull=True),
                name="poll_cancelled_unpublished",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_municipality(self) -> object:
        return self.municipality

    @property
    def by_roll(self) -> bool:
        return self.electorate_kind == ElectorateKind.ROLL

    @property
    def is_secret(self) -> bool:
        return self.secrecy == Secrecy.SECRET

    def channels(self) -> list[str]:
        flags = {
            Channel.ONLINE: self.allow_online,
            Channel.DESK: self.allow_desk,
            Channel.PAPER: self.allow_paper,
            Channel.ASSEMBLY: self.allow_assembly,
        }
        return [str(channel) for channel, on in flags.items() if on]

    def channel_labels(self) -> list[str]:
        """The channels as people read them (never the codes)."""
        return [str(Channel(channel).label) for channel in self.channels()]

    @property
    def closed_early(self) -> bool:
        return self.closed_at is not None and self.closed_at < self.closes_at

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def is_open_at(self, moment: object) -> bool:
        """Open from ``opens_at`` (inclusive) to ``closes_at`` (exclusive), announced, not
        closed early and not cancelled."""
        return (
            self.announced_at is not None
            and self.closed_at is None
            and self.cancelled_at is None
            and self.opens_at <= moment  # type: ignore[operator]
            and moment < self.closes_at  # type: ignore[operator]
        )


class PollVoter(models.Model):
    """One account on the roll of a poll whose electorate is a roll (``electorate_kind`` =
    ``roll``), such as a member of a participatory-budgeting committee voting on the group
    polls of its cycle. The roll is an electorate setting: it freezes with the rules at the
    first ballot (service, admin, and the database trigger of migration 0004). Being on the
    roll says nothing about whether, or how, the person voted."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("account on the roll")
        verbose_name_plural = _("roll")
        ordering = ["poll", "user__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], name="poll_voter_once"),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}:{self.user_id}"


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("option"), max_length=200)
    description = BoundedTextField(_("explanation"), blank=True, max_length=textlimits.REASON)
    image = models.FileField(_("image"), upload_to="voting/options/", blank=True)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["poll", "position"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="poll_option_position"),
        ]

    def __str__(self) -> str:
        return self.label


class Participation(models.Model):
    """That a resident took part (참여 기록) — never what they chose, for secret polls.

    ``receipt`` is filled only for public (named) polls, where the link is the point.
    ``kept_receipt`` is the receipt of an online or desk ballot sealed under the voting key
    (``keys.seal_receipt``), so the voter can find it again on 내 활동 while a copy of the
    database alone still cannot join a participation to its ballot.
    """

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="participations")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participations"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    paper_batch = models.ForeignKey(
        "PaperBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="roll"
    )
    assembly = models.ForeignKey(
        "AssemblyResult", on_delete=models.PROTECT, null=True, blank=True, related_name="roll"
    )
    created_at = models.DateTimeField(_("took part at"))
    revotes = models.PositiveSmallIntegerField(_("replaced ballots"), default=0)
    receipt = models.CharField(_("receipt (public polls)"), max_length=14, blank=True)
    kept_receipt = models.CharField(
        _("receipt kept for the voter (sealed)"),
        max_length=80,
        blank=True,
        editable=False,
        help_text=_("Readable only with the voting key, so the voter can find it again."),
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["poll", "resident"], name="one_ballot_per_resident"),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}:{self.resident_id}"


class PaperBatch(models.Model):
    """Paper ballots entered together: a roll of voters and, apart, their ballots."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="paper_batches")
    label = models.CharField(_("batch"), max_length=80)
    ballots = models.PositiveIntegerField(_("ballots"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("paper batch")
        verbose_name_plural = _("paper batches")
        constraints = [
            models.UniqueConstraint(fields=["poll", "label"], name="paper_batch_label_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class AssemblyResult(models.Model):
    """Totals of a resident assembly (주민총회), entered by its chair.

    The totals are aggregates: they name nobody and are added to the tally as their own,
    labelled rows. Attendees on the roll are recorded as participations like every other
    channel, so a resident who already voted online cannot also be counted here.
    """

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="assemblies")
    name = models.CharField(_("assembly"), max_length=120)
    held_on = models.DateField(_("held on"))
    ballots = models.PositiveIntegerField(_("ballots cast at the assembly"))
    unregistered_ballots = models.PositiveIntegerField(
        _("ballots of attendees not registered on Maeul"), default=0
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("resident assembly result")
        verbose_name_plural = _("resident assembly results")
        constraints = [
            models.UniqueConstraint(fields=["poll", "name"], name="assembly_name_unique"),
            models.CheckConstraint(
                condition=Q(unregistered_ballots__lte=F("ballots")),
                name="assembly_unregistered_within_ballots",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AssemblyCount(models.Model):
    assembly = models.ForeignKey(AssemblyResult, on_delete=models.CASCADE, related_name="counts")
    option = models.ForeignKey(PollOption, on_delete=models.PROTECT, related_name="+")
    votes = models.PositiveIntegerField(_("votes"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assembly", "option"], name="assembly_count_once"),
        ]


class Ballot(models.Model):
    """What was chosen. Random id, a receipt, the day only; no link to a person.

    ``slot`` exists only on polls where a new ballot replaces the previous one: a keyed hash
    of (poll, resident) under a server key kept outside the database, so the service can find
    and void the previous ballot while the database alone cannot name its voter.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots")
    receipt = models.CharField(_("receipt"), max_length=14)
    cast_on = models.DateField(_("cast on"))
    slot = models.CharField(max_length=64, null=True, blank=True, editable=False)
    voided = models.BooleanField(_("replaced by a later ballot"), default=False)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["poll", "receipt"], name="ballot_receipt_unique"),
            models.UniqueConstraint(
                fields=["poll", "slot"],
                condition=Q(voided=False) & Q(slot__isnull=False),
                name="one_counted_ballot_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt


class BallotChoice(models.Model):
    """One marked option of a ballot; ``rank`` is 1 except on ranking polls."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(PollOption, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="ballot_choice_once"),
        ]
        indexes = [models.Index(fields=["poll", "option"], name="ballot_choice_poll_option")]


class CastRequest(models.Model):
    """An idempotency key of a cast (RELIABILITY P5): a retried request gets the same receipt.

    ``token`` is a keyed hash of (poll, user, client key), so the row does not name the voter;
    the rows are deleted when the results are published.
    """

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    receipt = models.CharField(max_length=14)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "token"], name="cast_idempotency_key"),
        ]
