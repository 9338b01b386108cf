"""Terms ending in 30 days (issue 15): the daily job tells the officials who manage each body
of its municipality (not those of another municipality, not those without the permission,
not deactivated accounts) once per term, however often it runs; the existing command does the
same with ``--notify``. Notices are stored after the commit, hence transactional tests."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from maeul.governance import services as governance
from maeul.governance import tasks
from maeul.notifications.models import Notice

pytestmark = pytest.mark.django_db(transaction=True)


def _body(actor: Any, municipality: Any, name: str) -> Any:
    return governance.body_create(
        actor=actor,
        municipality=municipality,
        name=name,
        kind="pb_committee",
        parent=None,
        min_gender_percent=None,
        min_civil_percent=None,
    )


def _member(actor: Any, body: Any, name: str, ends_in: int) -> Any:
    today = timezone.localdate()
    return governance.membership_add(
        actor=actor,
        body=body,
        draft=governance.MemberDraft(
            person_name=name,
            sector="civil",
            gender="female",
            appointment="commissioned",
            role="member",
            term_start=today - dt.timedelta(days=300),
            term_end=today + dt.timedelta(days=ends_in),
            user_id=None,
        ),
        acknowledge=True,
    )


@pytest.fixture
def terms(places: dict[str, Any], make_official: Any) -> dict[str, Any]:
    geumcheon = make_official(places["geumcheon"], "programme_manager")
    namgu = make_official(places["namgu"], "administrator")
    committee = _body(geumcheon, places["geumcheon"], "금천구 주민참여예산위원회")
    soon = _member(geumcheon, committee, "김하나", 20)
    _member(geumcheon, committee, "이두리", 45)  # beyond 30 days: not yet
    other = _member(namgu, _body(namgu, places["namgu"], "남구 협치위원회"), "박세나", 10)
    departed = make_official(places["geumcheon"], "administrator")
    departed.is_active = False
    departed.save(update_fields=["is_active"])
    return {
        "departed": departed,
        "geumcheon": geumcheon,
        "namgu": namgu,
        "reviewer": make_official(places["geumcheon"], "reviewer"),
        "soon": soon,
        "other": other,
    }


def test_the_daily_job_tells_the_managers_of_that_body_once(terms: dict[str, Any]) -> None:
    assert tasks.terms_ending() == 2
    assert tasks.terms_ending() == 2  # a second run the same day tells nobody again
    told = {
        (n.recipient_id, n.data["person"])
        for n in Notice.objects.filter(kind="governance.term_ending")
    }
    assert told == {(terms["geumcheon"].pk, "김하나"), (terms["namgu"].pk, "박세나")}
    notice = Notice.objects.get(recipient=terms["geumcheon"])
    assert notice.data["term_end"] == terms["soon"].term_end.isoformat()
    assert notice.url == f"/governance/bodies/{terms['soon'].body_id}/"
    assert not Notice.objects.filter(recipient__in=[terms["reviewer"], terms["departed"]]).exists()


def test_the_command_lists_and_with_notify_tells_the_same(terms: dict[str, Any]) -> None:
    out = StringIO()
    call_command("governance_terms_ending", "--days", "30", stdout=out)
    assert "김하나" in out.getvalue() and not Notice.objects.exists()
    call_command("governance_terms_ending", "--notify", stdout=out)
    assert "notified officials of 2 terms" in out.getvalue()
    assert Notice.objects.filter(kind="governance.term_ending").count() == 2
    assert tasks.terms_ending() == 2
    assert Notice.objects.count() == 2
