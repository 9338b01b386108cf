"""Read-side queries of participation points: statements, totals, the export and a ledger check.

Periods are calendar months in Korean time ("2020-03"), stored on every transaction as
``month`` when it is written, so grouping is the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from maeul.core.sqlplan import Plan
from maeul.exports.columns import INTEGER, TEXT, Column
from maeul.places.models import Municipality
from maeul.points.models import (
    AccountKind,
    Activity,
    AwardTable,
    LedgerEntry,
    PointsAccount,
    PointsTransaction,
    TransactionKind,
    VoucherRequest,
    VoucherStatus,
)

OPEN_STATUSES = [VoucherStatus.REQUESTED, VoucherStatus.APPROVED]


@dataclass
class StatementLine:
    transaction: PointsTransaction
    points: int  # signed effect on the resident's balance
    balance_after: int


@dataclass
class Statement:
    account: PointsAccount
    lines: list[StatementLine]
    open_requests: list[VoucherRequest]
    closed_requests: list[VoucherRequest]
    line_count: int | None = None  # the whole history's length, when asked for (``counted``)

    @property
    def municipality(self) -> Municipality:
        return self.account.municipality


def statements_for(
    resident: Any, *, limit: int = 200, offset: int = 0, counted: bool = False
) -> list[Statement]:
    """The resident's accounts (one per municipality where they earned) with ``limit`` lines
    of each history from ``offset`` (newest first) and the running balance after each line;
    with ``counted``, each account's number of lines too (for paging)."""
    accounts = list(
        PointsAccount.objects.filter(resident=resident, kind=AccountKind.RESIDENT)
        .select_related("municipality")
        .order_by("municipality__name")
    )
    requests_by_account: dict[int, list[VoucherRequest]] = defaultdict(list)
    for request in (
        VoucherRequest.objects.filter(resident=resident)
        .prefetch_related("vouchers")
        .order_by("-requested_at")
    ):
        requests_by_account[request.municipality_id].append(request)
    result = []
    for account in accounts:
        lines = (
            with_balances(account, ledger_entries(account)[offset : offset + limit], newer=offset)
            if limit
            else []
        )
        requests = requests_by_account.get(account.municipality_id, [])
        result.append(
            Statement(
                account=account,
                lines=lines,
                open_requests=[r for r in requests if r.status in OPEN_STATUSES],
                closed_requests=[r for r in requests if r.status not in OPEN_STATUSES],
                line_count=LedgerEntry.objects.filter(account=account).count() if counted else None,
            )
        )
    return result


def ledger_entries(account: PointsAccount) -> QuerySet[LedgerEntry]:
    """An account's lines, newest first (for the shared pager)."""
    return (
        LedgerEntry.objects.filter(account=account)
        .select_related("transaction", "transaction__dong")
        .order_by("-transaction__occurred_at", "-pk")
    )


def with_balances(
    account: PointsAccount, entries: Iterable[LedgerEntry], *, newer: int = 0
) -> list[StatementLine]:
    """``entries`` (consecutive, newest first) with the balance after each. ``newer`` is how
    many lines come before them in :func:`ledger_entries`: the balance after the first one
    shown is today's balance less what those newer lines added."""
    running = account.balance
    if newer:
        running -= sum(ledger_entries(account).values_list("amount", flat=True)[:newer])
    lines = []
    for entry in entries:
        lines.append(StatementLine(entry.transaction, entry.amount, running))
        running -= entry.amount
    return lines


def current_award_table(municipality: Municipality) -> AwardTable | None:
    return (
        AwardTable.objects.filter(municipality=municipality)
        .prefetch_related("rules")
        .order_by("-effective_from")
        .first()
    )


def award_table_in_force(municipality: Municipality, on: dt.date) -> AwardTable | None:
    """The version of ``municipality``'s award table in force on ``on`` (a local date)."""
    return (
        AwardTable.objects.filter(municipality=municipality, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


def award_tables(municipality: Municipality) -> QuerySet[AwardTable]:
    return (
        AwardTable.objects.filter(municipality=municipality)
        .prefetch_related("rules")
        .order_by("-effective_from")
    )


def months_with_points(municipality: Municipality) -> list[str]:
    return list(
        PointsTransaction.objects.filter(municipality=municipality, kind=TransactionKind.EARN)
        .values_list("month", flat=True)
        .distinct()
        .order_by("month")
    )


@dataclass
class Totals:
    month_from: str
    month_to: str
    residents: int = 0
    earned: int = 0
    awards: int = 0
    redeemed: int = 0
    outstanding: int = 0
    by_month: list[dict[str, Any]] = field(default_factory=list)
    by_dong: list[dict[str, Any]] = field(default_factory=list)
    by_activity: list[dict[str, Any]] = field(default_factory=list)


def _earned_by(earned: QuerySet[PointsTransaction], field: str, order: str) -> list[dict[str, Any]]:
    """Points earned and residents who earned them, grouped by ``field`` (one dict a row)."""
    rows = (
        earned.values(field)
        .annotate(residents=Count("resident", distinct=True), points=Sum("amount"))
        .order_by(order)
    )
    return [dict(row) for row in rows]


def totals(municipality: Municipality, month_from: str, month_to: str) -> Totals:
    """Points awarded between two months (inclusive), by month, dong and activity.

    ``residents`` counts residents who were awarded points in the period; ``redeemed`` is
    points exchanged for vouchers in the period net of returns; ``outstanding`` is the sum of
    all residents' balances now.
    """
    earned = PointsTransaction.objects.filter(
        municipality=municipality,
        kind=TransactionKind.EARN,
        month__gte=month_from,
        month__lte=month_to,
    )
    result = Totals(month_from, month_to)
    overall = earned.aggregate(
        residents=Count("resident", distinct=True), points=Sum("amount"), awards=Count("pk")
    )
    result.residents = overall["residents"] or 0
    result.earned = overall["points"] or 0
    result.awards = overall["awards"] or 0
    moved = PointsTransaction.objects.filter(
        municipality=municipality, month__gte=month_from, month__lte=month_to
    ).aggregate(
        redeemed=Sum("amount", filter=Q(kind=TransactionKind.REDEEM)),
        refunded=Sum("amount", filter=Q(kind=TransactionKind.REFUND)),
    )
    result.redeemed = (moved["redeemed"] or 0) - (moved["refunded"] or 0)
    result.outstanding = (
        PointsAccount.objects.filter(
            municipality=municipality, kind=AccountKind.RESIDENT
        ).aggregate(total=Sum("balance"))["total"]
        or 0
    )
    result.by_month = _earned_by(earned, "month", "month")
    dongs = {m.pk: m for m in Municipality.objects.filter(parent=municipality)}
    for row in _earned_by(earned, "dong", "dong"):
        dong = dongs.get(row["dong"])
        row["name"] = dong.display_name if dong else None
        row["sort"] = (dong.sort_order, dong.name) if dong else (10_000, "")
        result.by_dong.append(row)
    result.by_dong.sort(key=lambda r: r["sort"])
    labels = dict(Activity.choices)
    for row in _earned_by(earned, "activity", "-points"):
        row["label"] = labels.get(row["activity"], row["activity"])
        result.by_activity.append(row)
    return result


TOTALS_COLUMNS = (
    Column(
        "section",
        TEXT,
        "구분(period 기간 합계, month 월, dong 동, activity 활동)",
        "Section (period total, month, dong, activity)",
    ),
    Column(
        "key",
        TEXT,
        "구분 안의 값(기간 2020-01..2020-10, 월 2020-03, 동 식별자, 활동 코드)",
        "Key within the section (period, month, dong identifier, activity code)",
    ),
    Column("label", TEXT, "이름(동 이름, 활동 이름)", "Name (of the dong or the activity)"),
    Column("residents", INTEGER, "포인트를 받은 주민 수", "Residents awarded points", "people"),
    Column("points", INTEGER, "지급된 포인트", "Points awarded", "points"),
)


def totals_rows(result: Totals) -> Iterator[list[Any]]:
    """The totals page as one table for CSV/XLSX download (section = month, dong, activity)."""
    yield ["period", f"{result.month_from}..{result.month_to}", "", result.residents, result.earned]
    for row in result.by_month:
        yield ["month", row["month"], "", row["residents"], row["points"]]
    for row in result.by_dong:
        yield ["dong", row["dong"] or "", row["name"] or "", row["residents"], row["points"]]
    for row in result.by_activity:
        yield ["activity", row["activity"], str(row["label"]), row["residents"], row["points"]]


def summary_rows(municipality: Municipality | None) -> Iterator[list[Any]]:
    """Rows of the ``points-summary`` export: per municipality, one year-to-date row per
    calendar year ("2020-01..2020-10", from January to the last month with awards) followed by
    one row per month ("2020-03"). ``residents`` counts distinct residents awarded points in
    the period, ``points`` the points awarded (earn transactions) in it."""
    earned = PointsTransaction.objects.filter(kind=TransactionKind.EARN)
    if municipality is not None:
        earned = earned.filter(municipality__in=municipality.subtree())
    per_resident = (
        earned.values("municipality", "month", "resident").annotate(points=Sum("amount")).order_by()
    )
    # municipality -> year -> month -> {resident: points}
    tree: dict[int, dict[str, dict[str, dict[int, int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(dict))
    )
    for row in per_resident:
        tree[row["municipality"]][row["month"][:4]][row["month"]][row["resident"]] = row["points"]
    names = Municipality.objects.in_bulk(list(tree))
    for municipality_id in sorted(tree, key=lambda pk: names[pk].path):
        name = names[municipality_id].name
        for year in sorted(tree[municipality_id]):
            months = tree[municipality_id][year]
            residents: set[int] = set()
            points = 0
            for month_rows in months.values():
                residents.update(month_rows)
                points += sum(month_rows.values())
            yield [name, f"{year}-01..{max(months)}", len(residents), points]
            for month in sorted(months):
                yield [name, month, len(months[month]), sum(months[month].values())]


@dataclass(frozen=True)
class LedgerProblem:
    kind: str
    subject: str
    detail: str


def ledger_check(municipality: Municipality | None = None) -> list[LedgerProblem]:
    """Recompute the ledger: every transaction balances to zero, every cached balance equals
    the sum of its account's entries, no resident balance is negative, and the card's stored
    figures (``earned``, ``earners``) equal what the earn transactions give."""
    problems = []
    entries = LedgerEntry.objects.all()
    accounts = PointsAccount.objects.all()
    earns = PointsTransaction.objects.filter(kind=TransactionKind.EARN)
    if municipality is not None:
        entries = entries.filter(transaction__municipality=municipality)
        accounts = accounts.filter(municipality=municipality)
        earns = earns.filter(municipality=municipality)
    unbalanced = (
        entries.values("transaction").annotate(total=Sum("amount")).exclude(total=0).order_by()
    )
    for row in unbalanced:
        problems.append(
            LedgerProblem("unbalanced", f"transaction {row['transaction']}", str(row["total"]))
        )
    sums = dict(
        entries.values("account").annotate(total=Sum("amount")).values_list("account", "total")
    )
    for account in accounts:
        expected = sums.get(account.pk, 0)
        if account.balance != expected:
            problems.append(
                LedgerProblem(
                    "balance", f"account {account.pk}", f"{account.balance} != {expected}"
                )
            )
        if account.kind == AccountKind.RESIDENT and account.balance < 0:
            problems.append(
                LedgerProblem("negative", f"account {account.pk}", str(account.balance))
            )
    problems.extend(_earned_problems(accounts, earns))
    return problems


def _earned_problems(
    accounts: QuerySet[PointsAccount], earns: QuerySet[PointsTransaction]
) -> list[LedgerProblem]:
    """Accounts whose stored figures differ from the earn transactions' (the card's definition:
    points earned per resident and per municipality, residents with any award)."""
    by_resident: dict[tuple[int, int | None], int] = {
        (row["municipality"], row["resident"]): row["points"]
        for row in earns.values("municipality", "resident").annotate(points=Sum("amount"))
    }
    by_municipality = {
        row["municipality"]: (row["residents"], row["points"])
        for row in earns.values("municipality").annotate(
            residents=Count("resident", distinct=True), points=Sum("amount")
        )
    }
    problems = []
    for account in accounts.order_by("pk"):
        expected = (0, 0)
        if account.kind == AccountKind.RESIDENT:
            expected = (0, by_resident.get((account.municipality_id, account.resident_id), 0))
        elif account.kind == AccountKind.POOL:
            expected = by_municipality.get(account.municipality_id, (0, 0))
        if (account.earners, account.earned) != expected:
            problems.append(
                LedgerProblem(
                    "earned",
                    f"account {account.pk}",
                    f"{(account.earners, account.earned)} != {expected}",
                )
            )
    return problems


_EARNED_FIGURES = Plan(
    lambda pk: PointsAccount.objects.filter(municipality=pk, kind=AccountKind.POOL).values(
        "earners", "earned"
    ),
    int,
)


def points_earned_figures(municipality: Municipality) -> tuple[int, int]:
    """(residents, points): how many residents have earned points in ``municipality`` and how
    many points they earned in all — the points card's "N residents have earned P points".

    Read from the pool account's stored figures, which every award moves in its own
    transaction (``services._ledger._post``), so the cost does not grow with residents or
    awards (issue 23): one query of one row, its SQL compiled once per process. They equal
    COUNT(DISTINCT resident) and SUM(amount) over the municipality's earn transactions
    (``ledger_check`` verifies it); corrections, vouchers, refunds and expiry do not change
    them. A municipality without a pool has awarded nothing: (0, 0).
    """
    rows = _EARNED_FIGURES.dicts(municipality.pk)
    return (rows[0]["earners"], rows[0]["earned"]) if rows else (0, 0)


def resident_by_username(municipality: Municipality, username: str) -> Any:
    """A resident living in ``municipality`` (or below), by user name; None otherwise, so an
    official cannot reach residents of other municipalities by name."""
    from django.contrib.auth import get_user_model

    user = (
        get_user_model()
        .objects.filter(username__iexact=username.strip(), resident__isnull=False)
        .select_related("resident__district", "resident__dong")
        .first()
    )
    if user is None or not user.resident.district.is_within(municipality):
        return None
    return user


def open_voucher_requests(municipality: Municipality) -> QuerySet[VoucherRequest]:
    return (
        VoucherRequest.objects.filter(municipality=municipality, status__in=OPEN_STATUSES)
        .select_related("resident", "resident__resident__dong", "approved_by")
        .order_by("requested_at", "pk")
    )


def issued_requests(municipality: Municipality) -> QuerySet[VoucherRequest]:
    """Issued voucher requests, newest first (for the shared pager)."""
    return (
        VoucherRequest.objects.filter(municipality=municipality, status=VoucherStatus.ISSUED)
        .select_related("resident", "issued_by")
        .prefetch_related("vouchers")
        .order_by("-issued_at", "-pk")
    )


def voucher_number(request: VoucherRequest, sequence: int) -> str:
    """ "29155-2026-0000123-01": municipality, year of issue, request, voucher in request."""
    code = (request.municipality.admin_code or f"M{request.municipality_id}")[:5]
    year = timezone.localtime(request.issued_at).year if request.issued_at else ""
    return f"{code}-{year}-{request.pk:07d}-{sequence:02d}"


def accounts_of(resident: Any) -> list[PointsAccount]:
    """The resident's points accounts (one per municipality where they earned), by name."""
    return list(
        PointsAccount.objects.filter(resident=resident, kind=AccountKind.RESIDENT)
        .select_related("municipality")
        .order_by("municipality__name")
    )


def entries_of(resident: Any) -> QuerySet[LedgerEntry]:
    """Every movement on the resident's accounts, newest first (an ordered queryset, for the
    pager of 내 활동); the transaction's activity says what earned the points."""
    return (
        LedgerEntry.objects.filter(account__resident=resident, account__kind=AccountKind.RESIDENT)
        .select_related("transaction", "account__municipality")
        .order_by("-transaction__occurred_at", "-pk")
    )
