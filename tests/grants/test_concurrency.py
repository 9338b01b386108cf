"""On PostgreSQL: a panel never exceeds its size when managers add reviewers at once, one
organisation gets one live application when its people create it at once, and a submission
racing the close for review either lands before the close (and is screened) or is refused."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.core.errors import Conflict, ServiceError
from maeul.grants import services
from maeul.grants.models import Application, Reviewer
from tests.concurrency import race
from tests.grants.conftest import budget
from tests.grants.test_grantees import _receipt, _sign, grantee  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_panel_never_exceeds_its_size(
    seoul_call: Any, manager: Any, make_resident: Any, places: dict[str, Any]
) -> None:
    call = seoul_call(max_reviewers=3)
    people = [make_resident(places["geumcheon"]) for _ in range(6)]
    results = race(
        6, lambda i: services.reviewer_assign(actor=manager, call_id=call.pk, user=people[i])
    )
    assert sum(1 for r in results if isinstance(r, Reviewer)) == 3
    assert all(isinstance(r, (Reviewer, Conflict)) for r in results), results
    assert Reviewer.objects.filter(call=call).count() == 3


def test_one_live_application_per_organisation(
    seoul_call: Any, make_org: Any, make_resident: Any, places: dict[str, Any]
) -> None:
    call = seoul_call()
    org, representative = make_org()
    people = [representative]
    for _ in range(3):
        person = make_resident(places["geumcheon"])
        services.organisation_add_person(actor=representative, organisation_id=org.pk, user=person)
        people.append(person)
    results = race(
        4,
        lambda i: services.application_create(
            actor=people[i],
            call_id=call.pk,
            organisation_id=org.pk,
            data={"title": f"초안 {i}", "requested_won": 20_000_000, "budget": budget()},
        ),
    )
    assert sum(1 for r in results if isinstance(r, Application)) == 1
    assert all(isinstance(r, (Application, Conflict)) for r in results), results
    assert Application.objects.filter(call=call).count() == 1


def test_submissions_racing_the_close_are_screened_or_refused(
    seoul_call: Any, consortium_application: Any, manager: Any
) -> None:
    call = seoul_call()
    drafts = [consortium_application(call) for _ in range(5)]

    def work(i: int) -> Any:
        if i == 5:
            return services.call_move(actor=manager, call_id=call.pk, to="review")
        return services.application_submit(actor=drafts[i].applicant, application_id=drafts[i].pk)

    results = race(6, work)
    assert all(
        r is None or not isinstance(r, Exception) or isinstance(r, ServiceError) for r in results
    )
    submitted = Application.objects.filter(call=call, state="submitted")
    # everything that landed is screened (the close ran after it), nothing lands after the close
    assert all(a.eligible is True for a in submitted)
    refused = [r for r in results[:5] if isinstance(r, ServiceError)]
    assert submitted.count() == 5 - len(refused)


def test_receipts_racing_on_one_line_never_pass_its_limit(
    grantee: Any,  # noqa: F811
    manager: Any,
) -> None:
    """The agreement's row is locked while a receipt is checked and written, so receipts
    added at once on the same line are checked one after the other: of four 5,000,000 won
    receipts on a 15,000,000 won line tolerating 10% (16,500,000 in all), three land."""
    from maeul.grants.models import Receipt

    _sign(manager, grantee)
    results = race(4, lambda i: _receipt(grantee.applicant, grantee, 1, 5_000_000))
    landed = [r for r in results if isinstance(r, Receipt)]
    assert len(landed) == 3, results
    assert all(isinstance(r, (Receipt, ServiceError)) for r in results), results
    assert sum(r.amount_won for r in Receipt.objects.all()) == 15_000_000


def test_a_void_racing_the_settlement_lands_before_it_or_is_refused(
    grantee: Any,  # noqa: F811
    manager: Any,
) -> None:
    """Voiding takes the same agreement lock as adding and submitting: two voids of one
    receipt at once void it once, and a void racing the submission either lands first (the
    submitted total leaves it out) or is refused, never a void inside a submitted settlement."""
    from maeul.auditlog.models import AuditEntry
    from maeul.grants import grantees
    from maeul.grants.models import Receipt

    agreement = _sign(manager, grantee)
    person = grantee.applicant
    twice = _receipt(person, grantee, 0, 1_000)
    keep = _receipt(person, grantee, 0, 2_000)
    racing = _receipt(person, grantee, 1, 4_000)

    def void(receipt: Any) -> Any:
        return grantees.receipt_void(
            actor=person, application_id=grantee.pk, receipt_id=receipt.pk, reason="중복"
        )

    results = race(2, lambda i: void(twice))
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Receipt"], results

    def work(i: int) -> Any:
        if i == 0:
            return void(racing)
        return grantees.settlement_submit(actor=person, application_id=grantee.pk)

    voided, submitted = race(2, work)
    assert not isinstance(submitted, Exception), submitted
    entry = AuditEntry.objects.get(kind="grants.settlement_submitted")
    if isinstance(voided, Receipt):
        assert entry.data["spent_won"] == keep.amount_won
    else:
        assert isinstance(voided, Conflict), voided
        assert entry.data["spent_won"] == keep.amount_won + racing.amount_won
    assert grantees.spent(agreement) == entry.data["spent_won"]
