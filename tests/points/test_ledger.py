"""The ledger's invariants: double entry, idempotent awards, caps, eligibility, versioned award
tables, corrections, vouchers and expiry — and that bad input writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import translation

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict, ServiceError
from maeul.points import services
from maeul.points.models import (
    AccountKind,
    LedgerEntry,
    PointsAccount,
    PointsTransaction,
    Voucher,
    VoucherRequest,
    VoucherStatus,
)
from maeul.points.selectors import ledger_check

from .conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    """Service messages are matched in English here; the pages test the Korean ones."""
    with translation.override("en"):
        yield


def balance(resident: Any, municipality: Any) -> int:
    account = PointsAccount.objects.filter(resident=resident, municipality=municipality).first()
    return account.balance if account else 0


def snapshot() -> tuple[int, int, int, int]:
    return (
        PointsTransaction.objects.count(),
        LedgerEntry.objects.count(),
        VoucherRequest.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def rich(namgu: dict[str, Any], make_resident: Any, award: Any) -> Any:
    """A Nam-gu resident with 12,000 points (six committee meetings)."""
    resident = make_resident(namgu["district"], namgu["yangnim"])
    for day in range(1, 7):
        award(resident, when=kst(2020, 4, day))
    return resident


def test_award_is_double_entry_and_records_rule(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    resident = make_resident(namgu["district"], namgu["yangnim"])
    result = award(resident)
    assert result.created and result.points == 2000
    txn = result.transaction
    assert txn.table_version == 1 and txn.rule.activity == "committee_attendance"
    assert txn.month == "2020-03" and txn.dong == namgu["yangnim"]
    assert sorted(txn.entries.values_list("amount", flat=True)) == [-2000, 2000]
    pool = PointsAccount.objects.get(municipality=namgu["district"], kind=AccountKind.POOL)
    assert pool.balance == -2000 and balance(resident, namgu["district"]) == 2000
    assert AuditEntry.objects.filter(kind="points.awarded").count() == 1
    assert ledger_check() == []


def test_month_is_counted_in_korean_time(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    resident = make_resident(namgu["district"])
    # 2020-03-31 23:30 KST is still March in Seoul although it is 14:30 UTC.
    result = award(resident, when=dt.datetime(2020, 3, 31, 14, 30, tzinfo=dt.UTC))
    assert result.transaction.month == "2020-03"


def test_same_event_twice_awards_once(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    resident = make_resident(namgu["district"])
    first = award(resident, key="voting.ballot:7:42")
    before = snapshot()
    second = award(resident, key="voting.ballot:7:42")
    assert first.created and not second.created and second.reason == "duplicate"
    assert second.transaction.pk == first.transaction.pk and second.points == 0
    assert snapshot() == before
    assert balance(resident, namgu["district"]) == 2000


def test_monthly_and_yearly_caps(namgu: dict[str, Any], make_resident: Any, award: Any) -> None:
    resident = make_resident(namgu["district"])
    got = [award(resident, "mobile_vote", kst(2020, 5, d)) for d in (1, 2, 3)]
    assert [r.points for r in got] == [500, 500, 0] and got[2].reason == "cap_reached"
    assert award(resident, "mobile_vote", kst(2020, 6, 1)).points == 500
    year = [award(resident, "volunteering", kst(2020, m, 1)).points for m in (1, 2, 3, 4)]
    assert year == [1000, 1000, 1000, 0]
    assert award(resident, "volunteering", kst(2021, 1, 1)).points == 1000
    assert ledger_check() == []


def test_eligibility(
    namgu: dict[str, Any],
    places: dict[str, Any],
    make_resident: Any,
    make_official: Any,
    award: Any,
) -> None:
    outsider = make_resident(places["geumcheon"], places["gasan"])
    assert award(outsider).reason == "not_eligible"
    unverified = make_resident(namgu["district"], verified=False)
    assert award(unverified, "jury_service").reason == "not_verified"
    assert award(unverified, "survey").created
    official = make_official(namgu["district"])
    assert award(official).reason == "not_a_resident"
    assert award(unverified, "education_course").reason == "activity_not_awarded"
    assert award(unverified, when=kst(2019, 12, 31)).reason == "no_award_table"


def test_naive_time_and_unknown_activity_are_refused(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    resident = make_resident(namgu["district"])
    with pytest.raises(ServiceError, match="time zone"):
        award(resident, when=dt.datetime(2020, 3, 1, 12))  # noqa: DTZ001
    with pytest.raises(ServiceError, match="Unknown activity"):
        award(resident, "sleeping")
    assert PointsTransaction.objects.count() == 0


def test_new_table_version_never_rewrites_past_awards(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    resident = make_resident(namgu["district"])
    old = award(resident, when=kst(2020, 12, 30)).transaction
    table2 = services.award_table_publish(
        actor=None,
        municipality=namgu["district"],
        effective_from=dt.date(2021, 1, 1),
        rules=[{"activity": "committee_attendance", "points": 3000}],
    )
    assert table2.version == 2
    new = award(resident, when=kst(2021, 1, 4)).transaction
    late_2020 = award(resident, when=kst(2020, 12, 31)).transaction  # delivered late: v1 applies
    old.refresh_from_db()
    assert (old.amount, old.table_version) == (2000, 1)
    assert (new.amount, new.table_version, new.rule.table_id) == (3000, 2, table2.pk)
    assert (late_2020.amount, late_2020.table_version) == (2000, 1)
    # Surveys are not in version 2: activities dropped from the table earn nothing from then on.
    assert award(resident, "survey", kst(2021, 2, 1)).reason == "activity_not_awarded"
    with pytest.raises(ServiceError, match="after 2021-01-01"):
        services.award_table_publish(
            actor=None,
            municipality=namgu["district"],
            effective_from=dt.date(2020, 6, 1),
            rules=[{"activity": "survey", "points": 1}],
        )
    with pytest.raises(ServiceError, match="already awarded"):
        services.award_table_publish(
            actor=None,
            municipality=namgu["district"],
            effective_from=dt.date(2021, 1, 2),
            rules=[{"activity": "survey", "points": 1}],
        )


def test_award_table_input_is_checked(namgu: dict[str, Any]) -> None:
    later = dt.date(2030, 1, 1)
    for rules, message in [
        ([], "at least one activity"),
        ([{"activity": "nap", "points": 5}], "Unknown activity"),
        ([{"activity": "survey", "points": 0}], "positive"),
        ([{"activity": "survey", "points": 5}, {"activity": "survey", "points": 6}], "once"),
        ([{"activity": "survey", "points": 5, "cap_points": 10, "cap_period": "week"}], "period"),
    ]:
        with pytest.raises(ServiceError, match=message):
            services.award_table_publish(
                actor=None, municipality=namgu["district"], effective_from=later, rules=rules
            )


def test_ledger_rows_are_append_only(rich: Any) -> None:
    txn = PointsTransaction.objects.first()
    txn.amount = 1
    with pytest.raises(ValidationError):
        txn.save()
    with pytest.raises(ValidationError):
        LedgerEntry.objects.first().delete()


def test_database_refuses_a_negative_resident_balance(rich: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PointsAccount.objects.filter(resident=rich).update(balance=-1)


def test_correction_needs_reason_and_records_the_approver(
    namgu: dict[str, Any], rich: Any, make_official: Any
) -> None:
    admin = make_official(namgu["district"], "administrator")
    before = snapshot()
    with pytest.raises(ServiceError, match="needs a reason") as caught:
        services.points_correct(
            actor=admin, resident=rich, municipality=namgu["district"], points=-500, reason="   "
        )
    assert caught.value.field == "reason"
    with pytest.raises(ServiceError, match="cannot go below zero"):
        services.points_correct(
            actor=admin,
            resident=rich,
            municipality=namgu["district"],
            points=-12_001,
            reason="double entry",
        )
    assert snapshot() == before
    txn = services.points_correct(
        actor=admin,
        resident=rich,
        municipality=namgu["district"],
        points=-1500,
        reason="Attendance recorded twice on 4 April",
    )
    assert txn.approved_by == admin and txn.amount == 1500
    assert balance(rich, namgu["district"]) == 10_500
    assert ledger_check() == []
    # The database check holds even if a service forgot the reason.
    with pytest.raises(IntegrityError), transaction.atomic():
        PointsTransaction.objects.create(
            municipality=namgu["district"],
            kind="correction",
            resident=rich,
            amount=1,
            occurred_at=kst(2020, 5, 1),
            month="2020-05",
            note="",
        )


def test_voucher_bad_input_writes_nothing(
    namgu: dict[str, Any], make_resident: Any, award: Any, rich: Any
) -> None:
    poor = make_resident(namgu["district"])
    for _ in range(4):
        award(poor, when=kst(2020, 5, 1))  # 8,000 points
    before = snapshot()
    with pytest.raises(
        services.InsufficientPoints, match="from 10,000 points; your balance is 8,000"
    ):
        services.voucher_request_create(resident=poor, municipality=namgu["district"], units=1)
    with pytest.raises(services.InsufficientPoints, match="2 vouchers need 20,000 points"):
        services.voucher_request_create(resident=rich, municipality=namgu["district"], units=2)
    with pytest.raises(ServiceError, match="at least one voucher"):
        services.voucher_request_create(resident=rich, municipality=namgu["district"], units=0)
    assert snapshot() == before
    assert balance(rich, namgu["district"]) == 12_000


def test_voucher_flow_issue_exactly_once(
    namgu: dict[str, Any], rich: Any, make_official: Any
) -> None:
    manager = make_official(namgu["district"], "programme_manager")
    request = services.voucher_request_create(
        resident=rich, municipality=namgu["district"], units=1
    )
    assert balance(rich, namgu["district"]) == 2000 and request.amount == 10_000
    with pytest.raises(Conflict, match="cannot be issued"):
        services.voucher_request_issue(actor=manager, request_id=request.pk, handed_to="x")
    services.voucher_request_approve(actor=manager, request_id=request.pk)
    with pytest.raises(ServiceError, match="handed"):
        services.voucher_request_issue(actor=manager, request_id=request.pk, handed_to=" ")
    issued = services.voucher_request_issue(
        actor=manager, request_id=request.pk, handed_to="박남구 본인", note="양림동 행정복지센터"
    )
    assert issued.status == VoucherStatus.ISSUED
    (voucher,) = Voucher.objects.filter(request=request)
    assert voucher.number.startswith("29155-") and voucher.number.endswith("-01")
    assert voucher.valid_until > voucher.issued_at.date()
    with pytest.raises(Conflict, match="Issued"):
        services.voucher_request_issue(actor=manager, request_id=request.pk, handed_to="again")
    assert Voucher.objects.count() == 1
    with pytest.raises(Conflict):
        services.voucher_request_cancel(resident=rich, request_id=request.pk)
    assert ledger_check() == []


def test_reject_and_cancel_return_the_points(
    namgu: dict[str, Any], rich: Any, make_official: Any
) -> None:
    manager = make_official(namgu["district"], "programme_manager")
    first = services.voucher_request_create(resident=rich, municipality=namgu["district"], units=1)
    with pytest.raises(ServiceError, match="reason"):
        services.voucher_request_reject(actor=manager, request_id=first.pk, reason="")
    services.voucher_request_reject(actor=manager, request_id=first.pk, reason="주소 확인 필요")
    assert balance(rich, namgu["district"]) == 12_000
    second = services.voucher_request_create(resident=rich, municipality=namgu["district"], units=1)
    services.voucher_request_cancel(resident=rich, request_id=second.pk)
    assert balance(rich, namgu["district"]) == 12_000
    redemption = PointsAccount.objects.get(kind=AccountKind.REDEMPTION)
    assert redemption.balance == 0
    assert ledger_check() == []


def test_expiry_is_first_in_first_out_and_repeatable(
    namgu: dict[str, Any], rich: Any, make_official: Any, award: Any
) -> None:
    admin = make_official(namgu["district"], "administrator")
    with pytest.raises(ServiceError, match="do not expire"):
        services.points_expire(
            actor=admin, municipality=namgu["district"], as_of=dt.date(2021, 5, 1)
        )
    services.points_policy_set(
        actor=admin, municipality=namgu["district"], points_valid_months=12, voucher_valid_months=6
    )
    services.voucher_request_create(resident=rich, municipality=namgu["district"], units=1)
    award(rich, when=kst(2021, 3, 1))  # 12,000 - 10,000 + 2,000
    expired = services.points_expire(
        actor=admin, municipality=namgu["district"], as_of=dt.date(2021, 5, 1)
    )
    # Earned before 2020-05-01: 12,000; spent 10,000 on the voucher; 2,000 of the old expire.
    assert expired == {rich.pk: 2000}
    assert balance(rich, namgu["district"]) == 2000
    assert (
        services.points_expire(
            actor=admin, municipality=namgu["district"], as_of=dt.date(2021, 5, 1)
        )
        == {}
    )
    assert ledger_check() == []


def test_ledger_sums_equal_balances(
    namgu: dict[str, Any], make_resident: Any, award: Any, make_official: Any
) -> None:
    admin = make_official(namgu["district"], "administrator")
    residents = [make_resident(namgu["district"]) for _ in range(5)]
    for i, resident in enumerate(residents):
        for day in range(1, 2 + i * 2):
            award(resident, when=kst(2020, 7, day))
    services.voucher_request_create(resident=residents[-1], municipality=namgu["district"], units=1)
    services.points_correct(
        actor=admin,
        resident=residents[0],
        municipality=namgu["district"],
        points=700,
        reason="late attendance sheet",
    )
    for account in PointsAccount.objects.all():
        total = LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or 0
        assert account.balance == total
    assert LedgerEntry.objects.aggregate(s=Sum("amount"))["s"] == 0
    assert ledger_check() == []


def test_services_check_permissions(
    namgu: dict[str, Any], places: dict[str, Any], rich: Any, make_official: Any
) -> None:
    other = make_official(places["geumcheon"], "administrator")
    reviewer = make_official(namgu["district"], "reviewer")
    with pytest.raises(PermissionDenied):
        services.points_correct(
            actor=other, resident=rich, municipality=namgu["district"], points=10, reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.points_award_manual(
            actor=reviewer,
            resident=rich,
            municipality=namgu["district"],
            activity="survey",
            occurred_at=kst(2020, 5, 1),
            note="x",
            idempotency_key="k",
        )
    request = services.voucher_request_create(
        resident=rich, municipality=namgu["district"], units=1
    )
    with pytest.raises(Http404):  # outside the official's scope: not found, like a missing id
        services.voucher_request_approve(actor=other, request_id=request.pk)
    with pytest.raises(ServiceError, match="No such voucher request"):
        services.voucher_request_cancel(resident=other, request_id=request.pk)


def test_evidence_is_stored_under_a_safe_name(
    namgu: dict[str, Any], rich: Any, make_official: Any
) -> None:
    """The shared upload check names the stored file: no folder, no reserved characters,
    upper-case extension lowered, Korean letters kept."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    manager = make_official(namgu["district"], "programme_manager")
    upload = SimpleUploadedFile("C:\\서류\\출석부:5월.JPG", b"\xff\xd8\xff\xe0 jpeg body")
    result = services.points_award_manual(
        actor=manager,
        resident=rich,
        municipality=namgu["district"],
        activity="survey",
        occurred_at=kst(2020, 5, 1),
        note="설문 참여",
        idempotency_key="safe-name",
        evidence=upload,
    )
    assert result.created and result.transaction is not None
    stored = result.transaction.evidence.name.rsplit("/", 1)[-1]
    assert stored.startswith("출석부_5월") and stored.endswith(".jpg")
    with result.transaction.evidence.open("rb") as stored_file:
        assert stored_file.read().startswith(b"\xff\xd8\xff")


def test_evidence_type_and_size_are_checked(
    namgu: dict[str, Any], rich: Any, make_official: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    manager = make_official(namgu["district"], "programme_manager")
    before = snapshot()
    cases = [
        (SimpleUploadedFile("run.exe", b"MZ\x90\x00"), "PDF, PNG or JPEG"),
        (SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)), "at most 5 MB"),
        (SimpleUploadedFile("photo.jpg", b"\x89PNG\r\n\x1a\n"), "does not match"),
        (SimpleUploadedFile("sheet.pdf", b"MZ\x90\x00 renamed program"), "does not match"),
        (SimpleUploadedFile("empty.png", b""), "empty"),
    ]
    for index, (upload, message) in enumerate(cases):
        with pytest.raises(ServiceError, match=message):
            services.points_award_manual(
                actor=manager,
                resident=rich,
                municipality=namgu["district"],
                activity="survey",
                occurred_at=kst(2020, 5, 1),
                note="설문 참여",
                idempotency_key=f"evidence-{index}",
                evidence=upload,
            )
    with pytest.raises(ServiceError, match="Describe the activity"):
        services.points_award_manual(
            actor=manager,
            resident=rich,
            municipality=namgu["district"],
            activity="survey",
            occurred_at=kst(2020, 5, 1),
            note=" ",
            idempotency_key="no-note",
        )
    assert snapshot() == before
