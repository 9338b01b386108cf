"""Every page pattern of Maeul, on the demo, checked the way a resident on a phone and an
official at a desk meet it (issue 23 items 1 and 12).

Each pattern is opened once at 1280 px and once at 390 px. On each: axe-core (the pinned
release in ``tests/browser.py``) finds no serious or critical violation, and every
``aria-describedby`` points at an element that is there. On the phone, in addition, nothing
is wider than the screen and no word of a data table is broken across lines.

The demo is loaded once for the whole walk (one test, not one per page: loading it is the slow
part). Where the demo lacks a stage a pattern needs (a cycle with its ballot open, a published
PB result), the walk moves a proposals-phase cycle on through the services, as an official
would, after the pages that need it in its earlier phase have been checked.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from maeul.accounts.demo import DEMO_PASSWORD
from tests.browser import (
    assert_accessible,
    assert_descriptions_exist,
    assert_fits_screen,
    assert_no_broken_words,
    log_in,
    new_page,
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e

RESIDENT = "resident.geumcheon"
OFFICIAL = "admin.geumcheon"
MANAGER = "manager.geumcheon"
PEOPLE = ("anonymous", RESIDENT, OFFICIAL)
# A PB result's rows are one line of figures beside the project's name: a row taller than
# this on a phone means a column was squeezed (the results page was 6,000 px tall).
MAX_RESULT_ROW_PX = 110


@dataclass(frozen=True)
class Pattern:
    name: str
    who: str
    path: str


def _proposals_cycle() -> Any:
    from maeul.budgeting.models import Cycle, Phase

    cycle = (
        Cycle.objects.filter(phase=Phase.PROPOSALS, proposals__isnull=False)
        .select_related("municipality")
        .order_by("-cycle_year")
        .first()
    )
    assert cycle is not None, "the demo has no cycle taking proposals"
    return cycle


def _ballot_cycle(fallback: Any) -> Any:
    """A cycle whose resident ballot is open, or the fallback cycle moved on to one."""
    from maeul.budgeting import selectors, services
    from maeul.budgeting.models import Cycle, Phase

    for cycle in Cycle.objects.filter(phase=Phase.VOTING).select_related("municipality"):
        if selectors.ballot_steps(cycle):
            return cycle
    manager = _user(MANAGER)
    cycle = fallback
    while cycle.phase != Phase.SCREENING:
        cycle = services.cycle_advance(actor=manager, cycle=cycle)
    for proposal in cycle.proposals.filter(status="submitted"):
        services.proposal_screen(
            actor=manager, proposal=proposal, decision="feasible", department="기획예산과"
        )
    while cycle.phase != Phase.VOTING:
        cycle = services.cycle_advance(actor=manager, cycle=cycle)
    now = timezone.now()
    services.mobile_vote_open(
        actor=manager,
        cycle=cycle,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=7),
    )
    assert selectors.ballot_steps(cycle), "the fallback cycle has no ballot"
    return Cycle.objects.select_related("municipality").get(pk=cycle.pk)


def _published_cycle(fallback: Any) -> Any:
    """A cycle with a published result, or the fallback cycle counted and published."""
    from maeul.budgeting import services
    from maeul.budgeting.models import Cycle, Phase

    published = (
        Cycle.objects.filter(results__published_at__isnull=False, proposals__adopted=True)
        .select_related("municipality")
        .order_by("-cycle_year")
        .first()
    )
    if published is not None:
        return published
    manager = _user(MANAGER)
    cycle = services.cycle_advance(actor=manager, cycle=fallback)  # to results: ends the votes
    assert cycle.phase == Phase.RESULTS
    feasible = list(cycle.proposals.filter(status="feasible").order_by("number"))
    counts = {p.number: (20 - i % 17, max(0, 900 - 37 * i)) for i, p in enumerate(feasible)}
    services.vote_counts_record(
        actor=manager, cycle=cycle, committee_voters=40, mobile_voters=1256, counts=counts
    )
    run = services.result_compute(actor=manager, cycle=cycle)
    services.result_publish(actor=manager, run=run)
    return Cycle.objects.select_related("municipality").get(pk=cycle.pk)


def _user(username: str) -> Any:
    from maeul.accounts.models import User

    return User.objects.get(username=username)


def _first_patterns(cycle: Any) -> list[Pattern]:
    """Every pattern that needs no stage beyond what the demo loads."""
    from maeul.auditlog.selectors import reader_for, visible_entries
    from maeul.governance.models import Body
    from maeul.juries.models import Jury
    from maeul.pledges.models import Pledge
    from maeul.voting.models import Ballot, Poll

    slug = cycle.municipality.slug
    pb = f"/pb/m/{slug}/{cycle.cycle_year}"
    proposal = cycle.proposals.exclude(status="draft").order_by("number").first()
    open_poll = (
        Poll.objects.filter(
            opens_at__lte=timezone.now(),
            closes_at__gt=timezone.now(),
            closed_at__isnull=True,
            cancelled_at__isnull=True,
            announced_at__isnull=False,
        ).first()
        or Poll.objects.filter(announced_at__isnull=False).first()
    )
    published_poll = Poll.objects.filter(published_at__isnull=False).order_by("pk").first()
    assert open_poll is not None and published_poll is not None
    receipt = Ballot.objects.filter(poll=published_poll).values_list("receipt", flat=True)[0]
    pledge = Pledge.objects.filter(municipality__slug=slug).order_by("number").first()
    jury = Jury.objects.filter(municipality__slug=slug).order_by("pk").first()
    body = Body.objects.filter(municipality__slug=slug).order_by("pk").first()
    entry = visible_entries(reader_for(_user(OFFICIAL))).order_by("-seq").first()
    assert pledge and jury and body and entry and proposal
    # The verification form: the first one, or, for a resident verified already (the demo's
    # resident.geumcheon can vote at once), the one for a resident who has moved.
    verified = _user(RESIDENT).resident.is_verified
    verify_path = "/accounts/verify/move/" if verified else "/accounts/verify/"
    # Sent to the first form anyway, a verified resident lands on the profile with a message.
    message = [Pattern("profile with a message", RESIDENT, "/accounts/verify/")] if verified else []
    anonymous, resident, official = PEOPLE
    return [
        Pattern("home", anonymous, "/"),
        Pattern("municipality", anonymous, f"/m/{slug}/"),
        Pattern("PB cycle", anonymous, f"{pb}/"),
        Pattern("proposal list", anonymous, f"{pb}/proposals/"),
        Pattern("proposal", anonymous, f"{pb}/proposals/{proposal.number}/"),
        Pattern("proposal form", resident, f"{pb}/propose/"),
        Pattern("my proposals", resident, "/pb/mine/"),
        Pattern("PB history", anonymous, f"/pb/m/{slug}/history/"),
        Pattern("votes", anonymous, "/votes/"),
        Pattern("a vote", anonymous, f"/votes/{open_poll.pk}/"),
        Pattern("receipt check", anonymous, f"/votes/{published_poll.pk}/check?receipt={receipt}"),
        Pattern("receipts", anonymous, f"/votes/{published_poll.pk}/receipts/"),
        Pattern("vote results", anonymous, f"/votes/{published_poll.pk}/results/"),
        Pattern("pledges dashboard", anonymous, f"/pledges/{slug}/"),
        Pattern("a pledge", anonymous, f"/pledges/{slug}/{pledge.number}/"),
        Pattern("juries", anonymous, f"/juries/{slug}/"),
        Pattern("a jury", anonymous, f"/juries/jury/{jury.pk}/"),
        Pattern("governance bodies", anonymous, f"/governance/m/{slug}/"),
        Pattern("a body", anonymous, f"/governance/bodies/{body.pk}/"),
        Pattern("governance statistics", anonymous, f"/governance/m/{slug}/statistics/"),
        Pattern("points", resident, "/points/"),
        Pattern("login", anonymous, "/accounts/login/"),
        Pattern("sign-up", anonymous, "/accounts/signup/"),
        Pattern("verify", resident, verify_path),
        Pattern("profile", resident, "/accounts/profile/"),
        Pattern("workspace", official, "/manage/"),
        Pattern("officials", official, "/manage/officials/"),
        Pattern("places", official, "/manage/places/"),
        Pattern("PB management", official, f"/pb/manage/{cycle.pk}/"),
        Pattern("PB screening", official, f"/pb/manage/{cycle.pk}/screening/"),
        Pattern("votes management", official, "/votes/manage/"),
        Pattern("new vote", official, "/votes/manage/new/"),
        Pattern("jury management", official, f"/juries/jury/{jury.pk}/manage/"),
        Pattern("pledge catalogue", official, f"/pledges/{slug}/catalogue/"),
        Pattern("points totals", official, f"/points/m/{slug}/totals/"),
        Pattern("points table", official, f"/points/m/{slug}/table/new/"),
        Pattern("governance alerts", official, f"/governance/m/{slug}/alerts/"),
        Pattern("audit log", official, "/audit/"),
        Pattern("audit entry", official, f"/audit/entries/{entry.seq}/"),
        Pattern("data downloads", official, "/exports/"),
        Pattern("error page", anonymous, "/m/no-such-place/"),
        *message,
    ]


class Walk:
    """One browser context per person and width, logged in once; each visit runs the checks
    and keeps every failure, so one run reports every page that fails, not only the first."""

    def __init__(self, browser: Any, base: str) -> None:
        self.browser, self.base = browser, base
        self.contexts: list[Any] = []
        self.pages: dict[tuple[str, bool], Any] = {}
        self.failures: list[str] = []
        self.visited = 0

    def page(self, who: str, phone: bool) -> Any:
        key = (who, phone)
        if key not in self.pages:
            context, page = new_page(self.browser, phone=phone)
            self.contexts.append(context)
            if who != "anonymous":
                log_in(page, self.base, who, password=DEMO_PASSWORD)
            self.pages[key] = page
        return self.pages[key]

    def check(self, pattern: Pattern, *, extra: Callable[[Any, bool], None] | None = None) -> None:
        for phone in (False, True):
            page = self.page(pattern.who, phone)
            response = page.goto(self.base + pattern.path)
            self.visited += 1
            width = "390 px" if phone else "1280 px"
            assert response is not None
            if response.status >= 500:
                self.failures.append(f"{pattern.name} ({width}): HTTP {response.status}")
                continue
            checks: list[Callable[[Any], None]] = [assert_accessible, assert_descriptions_exist]
            if phone:
                checks += [assert_fits_screen, assert_no_broken_words]
            for check in checks:
                try:
                    check(page)
                except AssertionError as error:
                    self.failures.append(f"{pattern.name} ({width}): {error}")
            if extra is not None:
                try:
                    extra(page, phone)
                except AssertionError as error:
                    self.failures.append(f"{pattern.name} ({width}): {error}")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def _signup_errors(page: Any, phone: bool) -> None:
    """Sent empty, the sign-up form shows its errors, each announced with its field."""
    page.locator("main form.form button[type=submit].primary").click()
    expect(page.locator(".has-error").first).to_be_visible()
    assert_accessible(page)
    assert_descriptions_exist(page)
    described = page.evaluate(
        "() => [...document.querySelectorAll('main form [aria-invalid=true]')]"
        ".map(el => el.getAttribute('aria-describedby') || '')"
    )
    assert described and all("_error" in d for d in described), described


def _result_rows_compact(page: Any, phone: bool) -> None:
    """On a phone the result tables keep each project on a row of a few lines at most."""
    if not phone:
        return
    heights = page.evaluate(
        "() => [...document.querySelectorAll('main table.data tbody tr')]"
        ".map(tr => Math.round(tr.getBoundingClientRect().height))"
    )
    assert heights, "the result page shows no table"
    assert max(heights) <= MAX_RESULT_ROW_PX, f"result rows up to {max(heights)} px tall"


@pytest.mark.slow
def test_every_page_pattern_is_accessible_at_desk_and_phone_widths(
    live_server: Any, transactional_db: Any, chromium_browser: Any
) -> None:
    from maeul.core.demodata import load_demo

    started = time.monotonic()
    load_demo()
    loaded = time.monotonic()
    walk = Walk(chromium_browser, live_server.url)
    try:
        cycle = _proposals_cycle()
        for pattern in _first_patterns(cycle):
            walk.check(pattern, extra=_signup_errors if pattern.name == "sign-up" else None)

        ballot = _ballot_cycle(cycle)
        walk.check(
            Pattern(
                "PB ballot",
                RESIDENT,
                f"/pb/m/{ballot.municipality.slug}/{ballot.cycle_year}/ballot/",
            )
        )

        published = _published_cycle(ballot)
        pb = f"/pb/m/{published.municipality.slug}/{published.cycle_year}"
        walk.check(Pattern("PB results", "anonymous", f"{pb}/results/"), extra=_result_rows_compact)
        walk.check(Pattern("PB analysis", "anonymous", f"{pb}/analysis/"))
        walk.check(
            Pattern("PB results (official)", OFFICIAL, f"/pb/manage/{published.pk}/results/")
        )
    finally:
        walk.close()
    print(
        f"demo loaded in {loaded - started:.0f} s; {walk.visited} pages checked in "
        f"{time.monotonic() - loaded:.0f} s"
    )
    assert walk.visited >= 90
    assert not walk.failures, f"{len(walk.failures)} failures:\n" + "\n".join(walk.failures)
