"""Participatory budgeting (주민참여예산제) storage: one cycle per budget year and what happens
in it, from the rules officials set up to the execution of the adopted projects.

Money is integer won. Which action each phase allows is the table ``PHASE_ACTIONS`` (data,
not code paths), read by the services, the screens and the tests alike. The rules of a cycle
(total, types, groups, weights) freeze when voting opens: the services refuse changes once
``rules_locked_at`` is set, and a check constraint makes a cycle in the voting phase or later
without ``rules_locked_at`` impossible.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.core.textlimits import BoundedTextField
from maeul.places.models import Municipality


class Phase(models.TextChoices):
    SETUP = "setup", _("Setup")
    PROPOSALS = "proposals", _("Proposals")
    SCREENING = "screening", _("Screening")
    DELIBERATION = "deliberation", _("Deliberation")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")
    EXECUTION = "execution", _("Execution")
    CLOSED = "closed", _("Closed")


PHASE_ORDER: tuple[str, ...] = tuple(Phase.values)
RULES_LOCKED_PHASES: tuple[str, ...] = PHASE_ORDER[PHASE_ORDER.index(Phase.VOTING) :]

PHASE_ACTIONS: dict[str, frozenset[str]] = {
    Phase.SETUP: frozenset({"edit_rules"}),
    Phase.PROPOSALS: frozenset({"edit_rules", "propose", "comment"}),
    Phase.SCREENING: frozenset({"edit_rules", "screen", "comment"}),
    Phase.DELIBERATION: frozenset({"edit_rules", "screen", "deliberate", "general_track"}),
    Phase.VOTING: frozenset({"record_votes", "general_track"}),
    Phase.RESULTS: frozenset({"record_votes", "compute", "publish"}),
    Phase.EXECUTION: frozenset({"record_execution"}),
    Phase.CLOSED: frozenset(),
}
"""What may happen in each phase. Budget-school sessions and the link to the committee's body
are not bound to a phase. ``tests/budgeting/test_permissions.py`` walks this table."""


class Misfit(models.TextChoices):
    SKIP = "skip", _("Skip a project that does not fit and continue")
    STOP = "stop", _("Stop the group at the first project that does not fit")


class ShareBasis(models.TextChoices):
    VOTERS = "voters", _("Approvals divided by the channel's voters")
    TOP = "top", _("Approvals divided by the most approved project's approvals")
    TOTAL = "total", _("Approvals divided by all approvals of the channel")


class Cycle(models.Model):
    """One participatory-budgeting cycle (the "2021 budget" is run during 2020)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="pb_cycles",
        verbose_name=_("municipality"),
    )
    cycle_year = models.PositiveSmallIntegerField(_("year the cycle runs"))
    budget_year = models.PositiveSmallIntegerField(_("budget year"))
    title = models.CharField(_("title"), max_length=120)
    total_amount_won = models.BigIntegerField(_("total amount (won)"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.SETUP)
    committee_weight_percent = models.PositiveSmallIntegerField(
        _("committee vote weight (%)"),
        default=50,
        help_text=_("The mobile vote weighs the rest (100 minus this)."),
    )
    share_basis = models.CharField(
        _("vote share basis"), max_length=10, choices=ShareBasis.choices, default=ShareBasis.VOTERS
    )
    on_misfit = models.CharField(
        _("when a project does not fit"), max_length=10, choices=Misfit.choices, default=Misfit.SKIP
    )
    pool_leftovers = models.BooleanField(
        _("pool the groups' leftovers in a final pass"), default=False
    )
    general_track_amount_won = models.BigIntegerField(
        _("general-participation track amount (won)"),
        default=0,
        help_text=_("A fixed amount for projects from public deliberation, funded without a vote."),
    )
    committee_body = models.ForeignKey(
        "governance.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pb_committee_cycles",
        verbose_name=_("PB committee"),
        help_text=_(
            "The participatory-budgeting committee (주민참여예산위원회) in the governance "
            "register; its members and those of its subcommittees review, comment and vote."
        ),
    )
    support_body = models.ForeignKey(
        "governance.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pb_support_cycles",
        verbose_name=_("proposal-support group"),
        help_text=_("The group that comments on proposals and suggests edits (구민제안참여단)."),
    )
    committee_voters = models.PositiveIntegerField(_("committee voters"), default=0)
    mobile_voters = models.PositiveIntegerField(_("mobile voters"), default=0)
    rules_locked_at = models.DateTimeField(_("rules frozen at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("budgeting cycle")
        verbose_name_plural = _("budgeting cycles")
        ordering = ["municipality_id", "-cycle_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cycle_year"], name="pb_cycle_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(total_amount_won__gt=0), name="pb_cycle_total_positive"
            ),
            models.CheckConstraint(
                condition=Q(committee_weight_percent__lte=100), name="pb_cycle_weight_percent"
            ),
            models.CheckConstraint(
                condition=Q(general_track_amount_won__gte=0), name="pb_cycle_general_track"
            ),
            models.CheckConstraint(
                condition=~Q(phase__in=RULES_LOCKED_PHASES) | Q(rules_locked_at__isnull=False),
                name="pb_cycle_rules_locked_when_voting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.title}"

    @property
    def public_weight_percent(self) -> int:
        return 100 - self.committee_weight_percent

    @property
    def rules_locked(self) -> bool:
        return self.rules_locked_at is not None

    def allows(self, action: str) -> bool:
        return action in PHASE_ACTIONS[self.phase]

    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)


class _InCycle:
    """Objects of one cycle belong to the cycle's municipality (for scoped permissions)."""

    def get_municipality(self) -> Municipality:
        return self.cycle.municipality  # type: ignore[attr-defined, no-any-return]


class PhaseWindow(_InCycle, models.Model):
    """The published dates of one phase (Korean calendar dates)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="windows")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("phase dates")
        verbose_name_plural = _("phase dates")
        ordering = ["cycle_id", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "phase"], name="pb_window_one_per_phase"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="pb_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.starts_on}–{self.ends_on}"


class _Named(models.Model):
    name = models.CharField(_("name (Korean)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "ko").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class ProjectType(_InCycle, _Named):
    """A project type with its per-project cap (일반사업 <= 1억원, 행사성 <= 2천만원)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="types")
    code = models.SlugField(_("code"), max_length=30)
    cap_won = models.BigIntegerField(_("cap per project (won)"))

    class Meta:
        verbose_name = _("project type")
        verbose_name_plural = _("project types")
        ordering = ["cycle_id", "-cap_won", "code"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="pb_type_code_unique"),
            models.CheckConstraint(condition=Q(cap_won__gt=0), name="pb_type_cap_positive"),
        ]


class CategoryGroup(_InCycle, _Named):
    """A category group (분야 그룹) with the cap the committee set and the mobile vote's
    maximum number of picks in it."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="groups")
    code = models.SlugField(_("code"), max_length=30)
    cap_won = models.BigIntegerField(_("group cap (won)"))
    max_picks = models.PositiveSmallIntegerField(_("maximum picks in the mobile vote"), default=3)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    voting_body = models.ForeignKey(
        "governance.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pb_groups",
        verbose_name=_("run with"),
        help_text=_(
            "A body of the governance register (the youth council, 청소년의회) whose members "
            "alone propose and vote in this group; the group's cap still applies."
        ),
    )

    class Meta:
        verbose_name = _("category group")
        verbose_name_plural = _("category groups")
        ordering = ["cycle_id", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="pb_group_code_unique"),
            models.CheckConstraint(condition=Q(cap_won__gt=0), name="pb_group_cap_positive"),
        ]


class CycleSummary(_InCycle, models.Model):
    """Figures of a cycle run before Maeul, as the municipality reported them (SPEC §1's
    history table). A cycle run in Maeul computes the same figures from its rows instead."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="summary")
    proposals = models.PositiveIntegerField(_("proposals"))
    proposed_amount_won = models.BigIntegerField(_("proposed amount (won)"))
    adopted = models.PositiveIntegerField(_("adopted projects"))
    adopted_amount_won = models.BigIntegerField(_("adopted amount (won)"))
    executed_amount_won = models.BigIntegerField(
        _("executed amount (won)"), null=True, blank=True, help_text=_("Empty while in progress.")
    )
    mobile_voters = models.PositiveIntegerField(_("mobile voters"), default=0)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("reported cycle figures")
        verbose_name_plural = _("reported cycle figures")
        constraints = [
            models.CheckConstraint(
                condition=Q(executed_amount_won__isnull=True)
                | Q(executed_amount_won__lte=models.F("adopted_amount_won")),
                name="pb_summary_executed_within_adopted",
            ),
        ]

    def __str__(self) -> str:
        return str(self.cycle)


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    FEASIBLE = "feasible", _("Feasible")
    INFEASIBLE = "infeasible", _("Infeasible")
    MERGED = "merged", _("Merged into another proposal")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PUBLIC_STATUSES = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.FEASIBLE,
    ProposalStatus.INFEASIBLE,
    ProposalStatus.MERGED,
)


class Track(models.TextChoices):
    RESIDENT = "resident", _("Resident proposal (vote)")
    GENERAL = "general", _("General participation (public deliberation, no vote)")


class ExecutionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Proposal(_InCycle, models.Model):
    """A resident's project proposal (주민 제안사업), from draft to execution."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="proposals")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pb_proposals"
    )
    title = models.CharField(_("title"), max_length=120)
    description = BoundedTextField(_("description"), max_length=textlimits.TEXT)
    address = models.CharField(_("place or address"), max_length=200)
    dong = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood (dong)"),
    )
    # A point on the map (WGS 84, as Leaflet and every web map give it), both or neither.
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    group = models.ForeignKey(
        CategoryGroup, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("group")
    )
    type = models.ForeignKey(
        ProjectType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("type"),
    )
    track = models.CharField(
        _("track"), max_length=10, choices=Track.choices, default=Track.RESIDENT
    )
    origin = models.CharField(_("where the deliberation took place"), max_length=200, blank=True)
    offline_proposer = models.CharField(
        _("proposer (offline intake)"),
        max_length=60,
        blank=True,
        help_text=_("Name on a proposal received on paper or at a desk; never shown publicly."),
    )
    estimated_cost_won = models.BigIntegerField(_("estimated cost (won)"))
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    department = models.CharField(_("reviewing department"), max_length=80, blank=True)
    screening_reason = BoundedTextField(
        _("screening note or reason"), blank=True, max_length=textlimits.REASON
    )
    screening_code = models.ForeignKey(
        "ScreeningReason",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("screening reason (coded)"),
    )
    adjusted_cost_won = models.BigIntegerField(_("adjusted cost (won)"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_proposals",
        verbose_name=_("merged into"),
    )
    screened_at = models.DateTimeField(null=True, blank=True)
    committee_approvals = models.PositiveIntegerField(_("committee approvals"), default=0)
    mobile_approvals = models.PositiveIntegerField(_("mobile approvals"), default=0)
    adopted = models.BooleanField(_("adopted"), default=False)
    adopted_amount_won = models.BigIntegerField(_("adopted amount (won)"), null=True, blank=True)
    execution_status = models.CharField(
        _("execution status"), max_length=12, choices=ExecutionStatus.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["cycle_id", "number", "pk"]
        indexes = [
            models.Index(fields=["cycle", "status", "number"], name="pb_proposal_list"),
            models.Index(fields=["cycle", "group", "status"], name="pb_proposal_group"),
            models.Index(fields=["cycle", "adopted"], name="pb_proposal_adopted"),
            # The public list's order, public rows only: a page is one ordered index range.
            models.Index(
                fields=["cycle", "number"],
                condition=Q(status__in=["submitted", "feasible", "infeasible", "merged"]),
                name="pb_proposal_public",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="pb_proposal_number_unique"),
            models.CheckConstraint(
                condition=Q(estimated_cost_won__gt=0), name="pb_proposal_cost_positive"
            ),
            models.CheckConstraint(
                condition=Q(adjusted_cost_won__isnull=True) | Q(adjusted_cost_won__gt=0),
                name="pb_proposal_adjusted_positive",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(number__isnull=False),
                name="pb_proposal_numbered_when_submitted",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="pb_proposal_merged_has_target",
            ),
            models.CheckConstraint(
                condition=Q(track="general") | Q(type__isnull=False),
                name="pb_proposal_type_unless_general",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="pb_proposal_location_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}" if self.number else self.title

    @property
    def cost_won(self) -> int:
        """The cost the selection uses: the screening's adjusted cost, else the estimate."""
        return self.adjusted_cost_won or self.estimated_cost_won

    @property
    def engine_id(self) -> str:
        return str(self.number)

    @property
    def ballot_number(self) -> int:
        """The number of a submitted proposal; only drafts have none (0 here), and drafts
        never reach a ballot, a result or a public list."""
        return self.number or 0

    @property
    def type_code(self) -> str:
        """The project type's code; "" for a general-participation project, which has none."""
        return self.type.code if self.type is not None else ""

    @property
    def executed_amount_won(self) -> int:
        return sum(entry.amount_won for entry in self.executions.all())


class ProposalEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    FEASIBLE = "feasible", _("Screened: feasible")
    INFEASIBLE = "infeasible", _("Screened: infeasible")
    MERGED = "merged", _("Screened: merged into another proposal")
    IN_VOTE = "in_vote", _("In the vote")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    EXECUTION = "execution", _("Execution")


ONCE_PER_PROPOSAL = ["submitted", "in_vote", "selected", "not_selected"]


class ProposalEvent(models.Model):
    """One step of a proposal's status history (submitted -> screened -> in the vote ->
    selected or not -> executing), written by the service that takes the step, in its
    transaction. The proposal row keeps only its current status; this is what its author
    reads on 내 활동 to see how it got there and why.

    ``detail`` qualifies the step (the vote: "mobile" or "committee"; execution: the
    execution status; merged: the number merged into; not selected: "ineligible" or
    "ranked"); ``reason`` is the official's screening reason as written, ``reason_en`` /
    ``reason_ko`` a reason the selection gave in both languages.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(_("step"), max_length=14, choices=ProposalEventKind.choices)
    detail = models.CharField(_("detail"), max_length=40, blank=True)
    reason = BoundedTextField(_("reason"), blank=True, max_length=textlimits.REASON)
    reason_en = BoundedTextField(_("reason (English)"), blank=True, max_length=textlimits.REASON)
    reason_ko = BoundedTextField(_("reason (Korean)"), blank=True, max_length=textlimits.REASON)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("proposal status change")
        verbose_name_plural = _("proposal status changes")
        ordering = ["proposal_id", "at", "pk"]
        indexes = [models.Index(fields=["proposal", "at"], name="pb_proposal_event_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "kind", "detail"],
                condition=Q(kind__in=ONCE_PER_PROPOSAL),
                name="pb_proposal_event_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.kind} {self.at:%Y-%m-%d}"

    @property
    def label(self) -> str:
        """The step as its author reads it, in the current language."""
        if self.kind == ProposalEventKind.IN_VOTE:
            if self.detail == "committee":
                return str(_("In the committee's vote"))
            return str(_("In the residents' vote"))
        if self.kind == ProposalEventKind.EXECUTION and self.detail in ExecutionStatus.values:
            return str(_("Execution: %(status)s") % {"status": ExecutionStatus(self.detail).label})
        if self.kind == ProposalEventKind.MERGED and self.detail:
            return str(_("Screened: merged into proposal no. %(number)s") % {"number": self.detail})
        return str(ProposalEventKind(self.kind).label)

    @property
    def why(self) -> str:
        """The reason given for this step, if any: the screening's as the official wrote it,
        the selection's in the current language, or why a ranked proposal was not selected."""
        if self.kind == ProposalEventKind.NOT_SELECTED and self.detail == "ranked":
            return str(
                _(
                    "Its score was not high enough for the money left in its group; the "
                    "proposal's page explains the selection step by step."
                )
            )
        return self.reason or self.selection_reason

    @property
    def selection_reason(self) -> str:
        """The selection's reason in the current language."""
        if (get_language() or "ko").startswith("en"):
            return self.reason_en or self.reason_ko
        return self.reason_ko or self.reason_en

    def get_municipality(self) -> Municipality:
        return self.proposal.cycle.municipality


class Attachment(models.Model):
    """An image or document attached to a proposal (type checked by content, size capped)."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        DOCUMENT = "document", _("Document")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="pb/attachments/%Y/")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    original_name = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["proposal_id", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_municipality(self) -> Municipality:
        return self.proposal.cycle.municipality


class Comment(models.Model):
    """A comment or suggested edit on a proposal, by the proposal-support group (구민제안참여단),
    the author or an official."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = BoundedTextField(_("comment"), max_length=textlimits.REASON)
    is_suggestion = models.BooleanField(_("suggested edit"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["proposal_id", "created_at", "pk"]

    def __str__(self) -> str:
        return str(self.body)[:40]

    def get_municipality(self) -> Municipality:
        return self.proposal.cycle.municipality


class DongMeeting(_InCycle, models.Model):
    """A dong regional meeting (동별 지역회의) with attendance and minutes."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="meetings")
    dong = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("dong")
    )
    held_on = models.DateField(_("held on"))
    attendance = models.PositiveIntegerField(_("attendance"))
    minutes = BoundedTextField(_("minutes"), blank=True, max_length=textlimits.MINUTES)

    class Meta:
        verbose_name = _("dong meeting")
        verbose_name_plural = _("dong meetings")
        ordering = ["cycle_id", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.dong} {self.held_on}"


class Recommendation(models.Model):
    """A meeting's recommendation of one proposal, with its rank (1 = first)."""

    meeting = models.ForeignKey(
        DongMeeting, on_delete=models.CASCADE, related_name="recommendations"
    )
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="recommendations")
    rank = models.PositiveSmallIntegerField(_("rank"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["meeting_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "proposal"], name="pb_reco_once"),
            models.UniqueConstraint(fields=["meeting", "rank"], name="pb_reco_rank_unique"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="pb_reco_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.rank}. {self.proposal}"

    def get_municipality(self) -> Municipality:
        return self.meeting.cycle.municipality


class ResultRun(_InCycle, models.Model):
    """One computation of the cycle's result by the engine's Korean mixed rule, with the
    inputs and the trace as JSON so that a published result can be explained and re-checked
    forever, even if proposals change later."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="results")
    computed_at = models.DateTimeField(auto_now_add=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    data = models.JSONField()
    published_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(
        null=True,
        blank=True,
        help_text=(
            "What the pages need of the whole result, kept when it is prepared: totals, "
            "counts per group, the comparison rules' totals."
        ),
    )
    prepared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["cycle_id", "-computed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(published_at__isnull=False),
                name="pb_result_published_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.computed_at:%Y-%m-%d %H:%M}"


class ProjectOutcome(models.Model):
    """One feasible project's part of a computed result, kept beside the run's JSON so that a
    page reads twenty rows instead of decoding the whole result (issue 23: 10,000 proposals
    made the results page 4.1 s). ``position`` numbers the scored projects densely in the
    order the results page lists them (groups in their order, then the rule's order), and
    ``rank`` within the group, so a page of the list is a range of numbers, as fast at the
    end as at the start. ``approval_position`` does the same for the analysis page (mobile
    approvals, most first). ``steps`` are the trace steps about the project, as stored in
    the run's JSON, narrated in the reader's language when shown."""

    run = models.ForeignKey(ResultRun, on_delete=models.CASCADE, related_name="outcomes")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="outcomes")
    number = models.PositiveIntegerField()
    group = models.ForeignKey(CategoryGroup, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    approval_position = models.PositiveIntegerField()
    committee_share = models.TextField(blank=True)
    public_share = models.TextField(blank=True)
    score = models.TextField(blank=True)
    selected = models.BooleanField(default=False)
    ineligible = models.BooleanField(default=False)
    greedy = models.BooleanField(default=False)
    mes = models.BooleanField(null=True, blank=True)
    steps = models.JSONField(default=list)
    reason_en = models.TextField(blank=True)
    reason_ko = models.TextField(blank=True)

    class Meta:
        ordering = ["run_id", "position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="pb_outcome_once"),
            models.UniqueConstraint(fields=["run", "position"], name="pb_outcome_position"),
            models.UniqueConstraint(
                fields=["run", "approval_position"], name="pb_outcome_approval_position"
            ),
            models.UniqueConstraint(fields=["run", "group", "rank"], name="pb_outcome_group_rank"),
        ]
        indexes = [
            models.Index(
                fields=["run", "number"],
                condition=Q(ineligible=True),
                name="pb_outcome_ineligible",
            ),
            models.Index(
                fields=["run", "position"],
                condition=Q(selected=True),
                name="pb_outcome_selected",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run} #{self.number}"


class TraceStep(models.Model):
    """One step of a computed result's trace, numbered from 0, so that the results page shows
    a page of steps (a range of ``index``) and never the whole trace; the full trace stays
    in the run's JSON and in the downloads."""

    run = models.ForeignKey(ResultRun, on_delete=models.CASCADE, related_name="steps")
    index = models.PositiveIntegerField()
    round = models.IntegerField()
    event = models.CharField(max_length=30)
    project = models.CharField(max_length=30, blank=True)
    values = models.JSONField(default=list)

    class Meta:
        ordering = ["run_id", "index"]
        constraints = [
            models.UniqueConstraint(fields=["run", "index"], name="pb_trace_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.run} {self.index} {self.event}"


class Execution(models.Model):
    """An amount executed on an adopted project on a date (집행액)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="executions")
    executed_on = models.DateField(_("executed on"))
    amount_won = models.BigIntegerField(_("amount (won)"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("execution")
        verbose_name_plural = _("executions")
        ordering = ["proposal_id", "executed_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_won__gt=0), name="pb_execution_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} {self.executed_on} {self.amount_won}"

    def get_municipality(self) -> Municipality:
        return self.proposal.cycle.municipality


class MobileVote(_InCycle, models.Model):
    """The public mobile vote of one category group, run on the voting core: one poll per group
    (``max_choices`` = the group's maximum picks), options in the order of ``numbers``
    (proposal numbers). Linked to its poll by a foreign key (a string reference, so no import
    of the voting app): a poll is linked at most once and cannot be deleted while linked."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="mobile_votes")
    group = models.ForeignKey(CategoryGroup, on_delete=models.CASCADE, related_name="+")
    poll = models.OneToOneField("voting.Poll", on_delete=models.PROTECT, related_name="+")
    numbers = models.JSONField()
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mobile vote")
        verbose_name_plural = _("mobile votes")
        ordering = ["cycle_id", "group__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "group"], name="pb_mobile_vote_per_group"),
        ]

    def __str__(self) -> str:
        return self.poll.code


class CommitteeVote(_InCycle, models.Model):
    """The PB committee's vote in one category group, run on the voting core: one secret poll
    per group whose electorate is the roll of the committee's current members with an account
    (taken from the governance register when the vote opens), options in the order of
    ``numbers``. Linked to its poll by a foreign key, like ``MobileVote``."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="committee_votes")
    group = models.ForeignKey(CategoryGroup, on_delete=models.CASCADE, related_name="+")
    poll = models.OneToOneField("voting.Poll", on_delete=models.PROTECT, related_name="+")
    numbers = models.JSONField()
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("committee vote")
        verbose_name_plural = _("committee votes")
        ordering = ["cycle_id", "group__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "group"], name="pb_committee_vote_per_group"),
        ]

    def __str__(self) -> str:
        return self.poll.code


class CityProgramme(models.Model):
    """A city's own citizen participatory budget (시민참여예산) for one budget year: run by a
    metropolitan or special city (Gwangju, Seoul), with projects proposed in its districts and
    decided by the city. What falls to each district is a ``DistrictShare``: Gwangju Nam-gu's
    8 projects / 350 million won of 2021 are Nam-gu's share of Gwangju's programme, not a
    cycle of Nam-gu's own PB (SPEC §1, seed 000)."""

    city = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("city"),
    )
    budget_year = models.PositiveSmallIntegerField(_("budget year"))
    title = models.CharField(_("title (Korean)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    # Not every source gives the city's total; the district shares are then all that is known.
    total_amount_won = models.BigIntegerField(_("total amount (won)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("city citizen PB programme")
        verbose_name_plural = _("city citizen PB programmes")
        ordering = ["city_id", "-budget_year"]
        constraints = [
            models.UniqueConstraint(fields=["city", "budget_year"], name="pb_city_programme_year"),
            models.CheckConstraint(
                condition=Q(total_amount_won__isnull=True) | Q(total_amount_won__gt=0),
                name="pb_city_programme_total_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.title}"

    @property
    def display_title(self) -> str:
        if self.title_en and (get_language() or "ko").startswith("en"):
            return self.title_en
        return self.title

    def get_municipality(self) -> Municipality:
        return self.city


class DistrictShare(models.Model):
    """The projects of a city's programme proposed in one district and decided by the city:
    how many and for how much. Belongs to the city for permissions (the city decides it);
    shown on the district's pages as well as the city's."""

    programme = models.ForeignKey(CityProgramme, on_delete=models.CASCADE, related_name="shares")
    district = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )
    projects = models.PositiveIntegerField(_("projects selected"))
    amount_won = models.BigIntegerField(_("amount selected (won)"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("district share")
        verbose_name_plural = _("district shares")
        ordering = ["programme_id", "district__sort_order", "district__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "district"], name="pb_district_share_once"
            ),
            models.CheckConstraint(condition=Q(projects__gt=0), name="pb_district_share_projects"),
            models.CheckConstraint(condition=Q(amount_won__gt=0), name="pb_district_share_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.district}"

    def get_municipality(self) -> Municipality:
        return self.programme.city


class ScreeningReason(models.Model):
    """One entry of a municipality's coded list of screening reasons (부적격 사유: over the
    cap, not a district competence, duplicate, recurring cost...), kept by its officials, so
    rejections can be counted and published by reason. A screening picks one and may add free
    text beside it; reasons written before the list existed stay as text with no code. An
    entry in use is retired (``active`` off), never deleted, so past counts keep their
    label."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="pb_screening_reasons",
        verbose_name=_("municipality"),
    )
    code = models.SlugField(_("code"), max_length=30)
    label = models.CharField(_("label (Korean)"), max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=120, blank=True)
    active = models.BooleanField(_("offered when screening"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("screening reason")
        verbose_name_plural = _("screening reasons")
        ordering = ["municipality_id", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="pb_screening_reason_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        if (get_language() or "ko").startswith("en") and self.label_en:
            return self.label_en
        return self.label

    def get_municipality(self) -> Municipality:
        return self.municipality


class GeneralAssembly(_InCycle, models.Model):
    """The cycle's general assembly (주민참여예산 총회), where residents and the committee
    confirm the selected projects: when, on site or online (Geumcheon-gu's 2020 assembly was
    a video meeting), how many attended (empty when not reported) and what it decided, one
    decision per line."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="assemblies")
    held_on = models.DateField(_("held on"))
    online = models.BooleanField(_("online"), default=False)
    place = models.CharField(_("place or platform"), max_length=120, blank=True)
    attendance = models.PositiveIntegerField(
        _("attendance"), null=True, blank=True, help_text=_("Empty when not reported.")
    )
    decisions = models.JSONField(_("decisions"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("general assembly")
        verbose_name_plural = _("general assemblies")
        ordering = ["cycle_id", "held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "held_on"], name="pb_assembly_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.held_on}"
