"""The registered export ``grant-applications`` (columns fixed by issue 17): every submitted
or withdrawn application of the municipality's calls with its members, screening, score,
selection and grade. Not public: it names applicants that were not selected."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.exports.columns import BOOLEAN, DECIMAL, INTEGER, MUNICIPALITY, TEXT, WON, Column
from maeul.exports.registry import ExportTable, register
from maeul.grants.models import (
    Agreement,
    Application,
    ApplicationState,
    ContestEntry,
    ContestState,
)


def _rows(municipality: Any) -> Iterator[list[Any]]:
    rows = (
        Application.objects.exclude(state=ApplicationState.DRAFT)
        .select_related("call__municipality", "organisation")
        .prefetch_related("consortium__organisation")
        .order_by("call__municipality__path", "call_id", "pk")
    )
    if municipality is not None:
        rows = rows.filter(call__municipality__in=municipality.subtree())
    for application in rows:
        members = [application.organisation.name] + [
            m.organisation.name for m in application.consortium.all()
        ]
        yield [
            application.call.municipality.name,
            application.call.title,
            application.title,
            application.organisation.name,
            "; ".join(members),
            application.requested_won,
            "" if application.eligible is None else application.eligible,
            " ".join(r["code"] for r in application.reasons),
            "" if application.total is None else application.total,
            application.selected,
            application.grade,
        ]


register(
    ExportTable(
        name="grant-applications",
        title=_("Grant applications"),
        description=_(
            "Every submitted or withdrawn application to the grant calls: members, requested "
            "amount, screening, total score, selection and end-of-year grade."
        ),
        columns=(
            MUNICIPALITY,
            Column("call", TEXT, "공모 이름", "Grant call"),
            Column("application", TEXT, "사업명", "Project title"),
            Column("organisation", TEXT, "신청 단체(대표)", "Applicant (lead organisation)"),
            Column(
                "members",
                TEXT,
                "참여 단체(; 구분, 대표 단체 포함)",
                "Member organisations (; separated, lead included)",
            ),
            Column("requested_won", WON, "신청액", "Requested amount"),
            Column(
                "eligible",
                BOOLEAN,
                "자격 심사 통과 여부(심사 전 빈칸)",
                "Passed the eligibility screening (empty before)",
            ),
            Column(
                "reasons",
                TEXT,
                "부적격 사유 코드(공백 구분)",
                "Ineligibility reason codes (space separated)",
            ),
            Column(
                "total_score",
                DECIMAL,
                "총점(정량+정성+가점, 선정 전 빈칸)",
                "Total score (quantitative + qualitative + bonus; empty before selection)",
                "points",
            ),
            Column("selected", BOOLEAN, "선정 여부", "Selected as grantee"),
            Column(
                "grade", TEXT, "연말 평가 등급(평가 전 빈칸)", "End-of-year grade (empty before)"
            ),
        ),
        rows=_rows,
    )
)


def _settlement_rows(municipality: Any) -> Iterator[list[Any]]:
    """One row per grant agreement; a district's officials get their district's grantees of a
    city-wide call by district as well as their own calls'."""
    from django.db.models import Q, Sum

    rows = (
        Agreement.objects.select_related(
            "application__call__municipality", "application__organisation"
        )
        .annotate(spent=Sum("receipts__amount_won", filter=Q(receipts__voided_at__isnull=True)))
        .order_by("application__call__municipality__path", "application__call_id", "pk")
    )
    if municipality is not None:
        places = municipality.subtree()
        rows = rows.filter(
            Q(application__call__municipality__in=places) | Q(application__district__in=places)
        )
    for agreement in rows:
        application = agreement.application
        spent = int(agreement.spent or 0)
        yield [
            application.call.municipality.name,
            application.call.title,
            application.title,
            application.organisation.name,
            agreement.amount_won,
            spent,
            agreement.amount_won - spent,
            application.grade,
        ]


register(
    ExportTable(
        name="grant-settlements",
        title=_("Grant settlements"),
        description=_(
            "Every grant agreement: the amount granted, what the receipts spent, what remains, "
            "and the end-of-year grade."
        ),
        columns=(
            MUNICIPALITY,
            Column("call", TEXT, "공모 이름", "Grant call"),
            Column("application", TEXT, "사업명", "Project title"),
            Column("organisation", TEXT, "보조사업자(대표 단체)", "Grantee (lead organisation)"),
            Column("granted_won", WON, "협약 금액", "Granted amount (agreement)"),
            Column("spent_won", WON, "집행액(영수증 합계)", "Spent (sum of the receipts)"),
            Column("remaining_won", WON, "잔액(협약 금액 − 집행액)", "Remaining (granted − spent)"),
            Column(
                "grade", TEXT, "연말 평가 등급(평가 전 빈칸)", "End-of-year grade (empty before)"
            ),
        ),
        rows=_settlement_rows,
    )
)


def _contest_rows(municipality: Any) -> Iterator[list[Any]]:
    rows = (
        ContestEntry.objects.filter(contest__state=ContestState.PUBLISHED)
        .select_related("contest__municipality")
        .prefetch_related("judge_scores")
        .order_by("contest_id", "round_one_rank", "position")
    )
    if municipality is not None:
        rows = rows.filter(contest__municipality__in=municipality.subtree())
    for entry in rows:
        yield [
            entry.contest.municipality.name,
            entry.contest.title,
            entry.title,
            entry.team,
            entry.review_score,
            entry.votes,
            entry.round_one_score,
            entry.round_one_rank,
            entry.advances,
            "; ".join(f"{s.judge} {s.score}" for s in entry.judge_scores.all()),
            entry.final_score,
            entry.final_rank,
            entry.reward,
        ]


register(
    ExportTable(
        name="contest-results",
        title=_("Innovation contest results"),
        description=_(
            "Every entry of the published innovation contests: written review score, votes, "
            "round-1 score and rank, the judges' scores, final rank and reward."
        ),
        columns=(
            MUNICIPALITY,
            Column("contest", TEXT, "공모전 이름", "Contest"),
            Column("entry", TEXT, "응모작", "Entry"),
            Column("team", TEXT, "응모 팀", "Team"),
            Column(
                "review_score",
                DECIMAL,
                "서면심사 점수(0–100)",
                "Written review score (0–100)",
                "points",
            ),
            Column("votes", INTEGER, "온라인 투표 득표", "Online votes", "votes"),
            Column(
                "round_one_score",
                DECIMAL,
                "1차 점수(공개 산식)",
                "Round-1 score (published formula)",
                "points",
            ),
            Column(
                "round_one_rank",
                INTEGER,
                "1차 순위(동점은 같은 순위)",
                "Round-1 rank (ties share it)",
            ),
            Column("advanced", BOOLEAN, "2차 진출 여부", "Advanced to round 2"),
            Column(
                "judge_scores",
                TEXT,
                "심사위원별 발표 점수(; 구분)",
                "Each judge's presentation score (; separated)",
            ),
            Column(
                "final_score",
                DECIMAL,
                "2차 평균 점수(진출작만)",
                "Round-2 mean score (finalists only)",
                "points",
            ),
            Column("final_rank", INTEGER, "최종 순위(진출작만)", "Final rank (finalists only)"),
            Column("reward", TEXT, "시상", "Reward"),
        ),
        rows=_contest_rows,
        public=True,
    )
)
