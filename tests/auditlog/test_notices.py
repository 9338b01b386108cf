"""The daily verification of the audit log (issue 15): when the chain is broken, auditors and
platform operators are told, once a day however often it runs; an intact chain tells nobody;
``maeul audit verify --alert`` does the same as the beat job. Notices are stored after the
commit, hence transactional tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from maeul.accounts.models import User
from maeul.auditlog import tasks
from maeul.auditlog.services import audit_record
from maeul.notifications.models import Notice

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def watchers(places: dict[str, Any], make_official: Any) -> dict[str, Any]:
    for i in range(5):
        audit_record(kind="test.event", subject=f"thing:{i}", data={"i": i})
    return {
        "operator": User.objects.create_superuser("operator", password="x-long-password-1"),
        "auditor": make_official(places["geumcheon"], "auditor"),
        "namgu_auditor": make_official(places["namgu"], "auditor"),
        "administrator": make_official(places["geumcheon"], "administrator"),
        "resident": User.objects.create_user("someone", password="x-long-password-1"),
    }


def _break_the_chain() -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE auditlog_auditentry SET kind = 'test.forged' WHERE seq = 3")


def test_an_intact_chain_tells_nobody(watchers: dict[str, Any]) -> None:
    assert tasks.verify() is True
    assert not Notice.objects.exists()


def test_a_broken_chain_alerts_auditors_and_operators_once_a_day(
    watchers: dict[str, Any],
) -> None:
    _break_the_chain()
    assert tasks.verify() is False
    assert tasks.verify() is False
    alerts = Notice.objects.filter(kind="auditlog.verify_failed")
    assert sorted(alerts.values_list("recipient_id", flat=True)) == sorted(
        watchers[name].pk for name in ("operator", "auditor", "namgu_auditor")
    )
    assert {n.data["seq"] for n in alerts} == {3}
    assert {n.url for n in alerts} == {"/audit/"}


def test_the_command_alerts_only_when_asked(watchers: dict[str, Any]) -> None:
    _break_the_chain()
    with pytest.raises(CommandError, match="entry 3"):
        call_command("audit", "verify")
    assert not Notice.objects.exists()
    with pytest.raises(CommandError, match="entry 3"):
        call_command("audit", "verify", "--alert")
    assert Notice.objects.filter(kind="auditlog.verify_failed").count() == 3
