"""Points API: a resident's own statement (session login), voucher requests, and the public
award table. Officials' operations stay on the screens and the admin."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.params.functions import Header
from pydantic import Field

from maeul.accounts.permissions import require_permission
from maeul.api.paging import MAX_LIMIT, MAX_OFFSET
from maeul.api.schemas import ErrorOut
from maeul.api.security import django_auth
from maeul.places.models import Municipality
from maeul.places.selectors import municipality_by_code
from maeul.points import selectors, services
from maeul.points.rules import PointsPermission

router = Router()
PREFIX = "/points"
STATEMENT_LINES = 200  # lines per account by default: what the statement returned unpaged
TAGS = ["points"]


class LineOut(Schema):
    date: dt.datetime
    kind: str
    activity: str
    points: int
    balance_after: int


class VoucherOut(Schema):
    number: str
    valid_until: dt.date


class RequestOut(Schema):
    id: int
    units: int
    points: int
    status: str
    requested_at: dt.datetime
    vouchers: list[VoucherOut]


class SubmittedOut(RequestOut):
    replayed: bool  # true: a retry with the same Idempotency-Key; the first request, unchanged


class AccountOut(Schema):
    municipality: str
    municipality_name: str
    balance: int
    history: list[LineOut]
    history_count: int = Field(description="How many lines the account's whole history holds.")
    history_limit: int
    history_offset: int
    voucher_requests: list[RequestOut]


class PointsStatementQuery(Schema):
    """The window of each account's history: newest lines first, ``limit`` lines from
    ``offset``. The default (the 200 newest) is what the statement always returned."""

    limit: int = Field(
        STATEMENT_LINES, ge=1, le=MAX_LIMIT, description=f"Lines per account (1 to {MAX_LIMIT})."
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Newest lines to skip.")


class StatementOut(Schema):
    accounts: list[AccountOut]


class RuleOut(Schema):
    activity: str
    points: int
    cap_points: int | None
    cap_period: str
    verified_only: bool


class TableOut(Schema):
    municipality: str
    version: int
    effective_from: dt.date
    rules: list[RuleOut]


class VoucherRequestIn(Schema):
    municipality: str = Field(max_length=80)
    units: int


def _request_out(request: object) -> RequestOut:
    return RequestOut(
        id=request.pk,  # type: ignore[attr-defined]
        units=request.units,  # type: ignore[attr-defined]
        points=request.amount,  # type: ignore[attr-defined]
        status=request.status,  # type: ignore[attr-defined]
        requested_at=request.requested_at,  # type: ignore[attr-defined]
        vouchers=[
            VoucherOut(number=v.number, valid_until=v.valid_until)
            for v in request.vouchers.all()  # type: ignore[attr-defined]
        ],
    )


@router.get("/statement", response=StatementOut, auth=django_auth)
def statement(request: HttpRequest, query: Query[PointsStatementQuery]) -> StatementOut:
    """The logged-in resident's balances, voucher requests and a page of each account's
    history (newest first; ``limit``/``offset``, the 200 newest by default), with the balance
    after each line and ``history_count`` to page on with."""
    require_permission(request.user, PointsPermission.VIEW_STATEMENT, request.user)
    accounts = []
    for item in selectors.statements_for(
        request.user, limit=query.limit, offset=query.offset, counted=True
    ):
        accounts.append(
            AccountOut(
                municipality=item.municipality.code,
                municipality_name=item.municipality.name,
                balance=item.account.balance,
                history=[
                    LineOut(
                        date=line.transaction.occurred_at,
                        kind=line.transaction.kind,
                        activity=line.transaction.activity,
                        points=line.points,
                        balance_after=line.balance_after,
                    )
                    for line in item.lines
                ],
                history_count=item.line_count or 0,
                history_limit=query.limit,
                history_offset=query.offset,
                voucher_requests=[
                    _request_out(r) for r in item.open_requests + item.closed_requests
                ],
            )
        )
    return StatementOut(accounts=accounts)


@router.post(
    "/voucher-requests",
    response={200: SubmittedOut, 201: SubmittedOut, 422: ErrorOut},
    auth=django_auth,
)
def request_vouchers(
    request: HttpRequest,
    payload: VoucherRequestIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
) -> Status[SubmittedOut]:
    """Exchange points for 10,000-won vouchers; errors answer 422 with the balance.

    Send an ``Idempotency-Key`` (1 to 200 characters, new for each request) so that a retry
    after a lost answer returns the first request with 200 instead of redeeming again; the same
    key with another body answers 422 ``idempotency_key_reused``.
    """
    try:
        municipality = municipality_by_code(payload.municipality)
    except Municipality.DoesNotExist:
        raise Http404(payload.municipality) from None
    submitted = services.voucher_request_submit(
        resident=request.user,
        municipality=municipality,
        units=payload.units,
        idempotency_key=idempotency_key,
    )
    out = SubmittedOut(**_request_out(submitted.request).model_dump(), replayed=submitted.replayed)
    return Status(200 if submitted.replayed else 201, out)


@router.get("/award-tables/{code}", response=TableOut, auth=None)
def award_table(request: HttpRequest, code: str) -> TableOut:
    """The award table in force (latest version) of a municipality: public."""
    try:
        municipality = municipality_by_code(code)
    except Municipality.DoesNotExist:
        raise Http404(code) from None
    table = selectors.current_award_table(municipality)
    if table is None:
        raise Http404(code)
    return TableOut(
        municipality=municipality.code,
        version=table.version,
        effective_from=table.effective_from,
        rules=[
            RuleOut(
                activity=r.activity,
                points=r.points,
                cap_points=r.cap_points,
                cap_period=r.cap_period,
                verified_only=r.verified_only,
            )
            for r in table.rules.all()
        ],
    )
