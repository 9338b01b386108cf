"""Shared fixtures: a small municipality tree, residents and officials, and helpers to skip
tests that need PostgreSQL or a browser when those are not available."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("MAEUL_TESTING", "1")

REPO_ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct-horse-battery-9"


def pytest_configure(config: pytest.Config) -> None:
    from maeul.core.management.commands.compilecatalogs import compile_catalogues

    compile_catalogues()


def pytest_itemcollected(item: pytest.Item) -> None:
    """Tests on the shared demo are meant to go to one xdist worker (``--dist loadgroup`` in
    pyproject.toml), so the demo is loaded once for all of them. Marked as each test is
    collected, before any plugin's ``pytest_collection_modifyitems`` reads the marks.

    With pytest 9.2 and pytest-xdist 3.8 the mark is not honoured yet (xdist still renames
    ``item._nodeid``, which pytest 9.2 no longer reads: pytest-dev/pytest-xdist#1386), so
    today each worker loads the demo once, for its share of these tests, instead of once
    per test; the mark takes effect, one load in all, when xdist is fixed."""
    names = getattr(item, "fixturenames", None)
    if names is not None and SHARED_DEMO_FIXTURE in names:
        item.add_marker(pytest.mark.xdist_group(SHARED_DEMO_FIXTURE))
        # pytest-django sets up the test database only for tests that name ``db`` (or carry
        # a django_db mark) when the session starts. A run of demo tests alone would
        # otherwise load, and then flush, the configured database itself. ``db`` comes after
        # ``shared_demo`` here, so the test's transaction still opens after the load.
        if "db" not in names:
            names.append("db")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set MAEUL_DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
    # The tests on the shared demo run one after another, last: a serial run loads it once,
    # and each xdist worker once for the share it receives (the balancer deals out items in
    # collection order).
    on_demo = [item for item in items if SHARED_DEMO_FIXTURE in item.fixturenames]
    items[:] = [item for item in items if item not in on_demo] + on_demo


@pytest.fixture(autouse=True)
def default_language() -> Any:
    """Every test starts in the site's default language (Korean): a request or an override in
    an earlier test must not leave the thread in English for code called outside a request."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def places(db: Any) -> dict[str, Any]:
    """Seoul with Geumcheon-gu (two dongs) and Gwanak-gu; Gwangju with Nam-gu."""
    from maeul.places.models import Municipality
    from maeul.places.models import MunicipalityKind as K

    seoul = Municipality.objects.create(
        slug="seoul",
        admin_code="1100000000",
        name="서울특별시",
        name_en="Seoul",
        kind=K.SPECIAL_CITY,
    )
    geumcheon = Municipality.objects.create(
        slug="seoul-geumcheon-gu",
        admin_code="1154500000",
        name="금천구",
        name_en="Geumcheon-gu",
        kind=K.DISTRICT,
        parent=seoul,
    )
    gwanak = Municipality.objects.create(
        slug="seoul-gwanak-gu",
        admin_code="1162000000",
        name="관악구",
        name_en="Gwanak-gu",
        kind=K.DISTRICT,
        parent=seoul,
    )
    gasan = Municipality.objects.create(
        slug="geumcheon-gasan-dong",
        name="가산동",
        name_en="Gasan-dong",
        kind=K.DONG,
        parent=geumcheon,
    )
    doksan = Municipality.objects.create(
        slug="geumcheon-doksan-1-dong",
        name="독산1동",
        name_en="Doksan 1-dong",
        kind=K.DONG,
        parent=geumcheon,
    )
    gwangju = Municipality.objects.create(
        slug="gwangju",
        admin_code="2900000000",
        name="광주광역시",
        name_en="Gwangju",
        kind=K.METROPOLITAN_CITY,
    )
    namgu = Municipality.objects.create(
        slug="gwangju-nam-gu",
        admin_code="2915500000",
        name="남구",
        name_en="Nam-gu",
        kind=K.DISTRICT,
        parent=gwangju,
    )
    return {
        "seoul": seoul,
        "geumcheon": geumcheon,
        "gwanak": gwanak,
        "gasan": gasan,
        "doksan": doksan,
        "gwangju": gwangju,
        "namgu": namgu,
    }


@pytest.fixture
def make_resident(db: Any) -> Callable[..., Any]:
    from django.utils import timezone

    from maeul.accounts.models import ResidentProfile, User, VerificationStatus

    counter = iter(range(1, 1_000_000))

    def make(
        district: Any,
        dong: Any = None,
        *,
        birth_year: int = 1980,
        gender: str = "female",
        verified: bool = True,
        username: str | None = None,
    ) -> Any:
        user = User.objects.create_user(username or f"resident{next(counter)}", password=PASSWORD)
        ResidentProfile.objects.create(
            user=user,
            birth_year=birth_year,
            gender=gender,
            district=district,
            dong=dong,
            verification_status=VerificationStatus.VERIFIED
            if verified
            else VerificationStatus.UNVERIFIED,
            verified_at=timezone.now() if verified else None,
        )
        return user

    return make


@pytest.fixture
def make_official(db: Any) -> Callable[..., Any]:
    from maeul.accounts.models import Official, OfficialRole, User

    counter = iter(range(1, 1_000_000))

    def make(municipality: Any, *roles: str, username: str | None = None) -> Any:
        user = User.objects.create_user(
            username or f"official{next(counter)}", password=PASSWORD, is_staff=True
        )
        official = Official.objects.create(user=user, municipality=municipality)
        for role in roles or ("administrator",):
            OfficialRole.objects.create(official=official, role=role)
        return user

    return make


SHARED_DEMO_FIXTURE = "shared_demo"


class _SharedDemo:
    """Whether this process's test database holds the committed demo, and the blocker that
    lets the loader and the flush reach the database outside a test."""

    loaded = False
    blocker: Any = None


@pytest.fixture(scope="session")
def _shared_demo_session(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Empties the database at the end of the session if the session's last test ran on the
    shared demo. Torn down before ``django_db_setup`` (which it depends on), so while the test
    database still exists: a kept database (``--reuse-db``, as the casting pass in .ci/run
    reuses the suite's) must not start the next run with the demo committed in it."""
    yield
    if _SharedDemo.loaded:
        _SharedDemo.loaded = False
        _flush_database(django_db_blocker)


@pytest.fixture
def shared_demo(
    request: pytest.FixtureRequest,
    django_db_setup: Any,
    django_db_blocker: Any,
    _shared_demo_session: Any,
) -> Any:
    """The whole demo (what ``maeul demo`` loads), committed once for a run of tests that only
    read it, instead of once per test (up to 100 s each on PostgreSQL).

    Each test still runs inside its own transaction, opened after the load and rolled back
    afterwards, so what a test writes (a second load to check idempotence, say) never reaches
    the next one. After the last test of the run the database is flushed as a transactional
    test leaves it, so no other test sees the demo. A test that changes the demo for good, or
    needs a transaction of its own, loads its own copy instead.
    """
    if request.node.get_closest_marker("django_db"):
        pytest.fail(
            "a test on the shared demo takes no django_db mark: its transaction must open "
            "after the demo is loaded (shared_demo opens it)"
        )
    if not _SharedDemo.loaded:
        from django.db import connection

        from maeul.core.demodata import load_demo

        name = str(connection.settings_dict["NAME"])
        if not (name.startswith("test_") or "memory" in name or name == ""):
            pytest.fail(f"refusing to load and flush the demo in {name!r}: not a test database")

        _SharedDemo.blocker = django_db_blocker
        with django_db_blocker.unblock():
            try:
                load_demo()
            except BaseException:
                _flush_database(django_db_blocker)
                raise
        _SharedDemo.loaded = True
    request.getfixturevalue("db")
    return None


def _flush_database(blocker: Any) -> None:
    """Empty every table, as Django's TransactionTestCase does after each test."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connections

    with blocker.unblock():
        for alias in connections:
            name = str(connections[alias].settings_dict["NAME"])
            if not (name.startswith("test_") or "memory" in name):
                continue  # never the configured database itself
            call_command("flush", verbosity=0, interactive=False, database=alias)
    cache.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """After the last test of a run on the shared demo (its own transaction rolled back by
    then), empty the database, even when the test's teardown failed."""
    try:
        return (yield)
    finally:
        next_on_demo = nextitem is not None and SHARED_DEMO_FIXTURE in nextitem.fixturenames
        if _SharedDemo.loaded and not next_on_demo:
            _SharedDemo.loaded = False
            # After the session's last test ``_shared_demo_session`` has emptied it already
            # (before the test database was destroyed or kept).
            if nextitem is not None:
                _flush_database(_SharedDemo.blocker)


CHROMIUM = os.environ.get("MAEUL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def chromium_browser() -> Any:
    """Debian's Chromium driven by Playwright (never a downloaded browser build).

    Skipped with a reason when Chromium is absent, unless MAEUL_REQUIRE_BROWSER=1 (CI), where
    a missing browser is a failure rather than a silent skip.
    """
    if not Path(CHROMIUM).exists():
        message = f"end-to-end tests need Debian's chromium at {CHROMIUM} (apt install chromium)"
        if os.environ.get("MAEUL_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser: Any) -> Any:
    """A fresh browser context and page (desktop size); see ``phone_page`` for a phone."""
    from tests.browser import new_page

    context, page = new_page(chromium_browser)
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium_browser: Any) -> Any:
    """A fresh context and page on a 390 px touch phone (``tests/browser.py`` has the checks
    every phone page must pass)."""
    from tests.browser import new_page

    context, page = new_page(chromium_browser, phone=True)
    yield page
    context.close()


# Thirty seconds into a minute that is also the start of an hour: every rate-limit window
# (one minute up to one hour) then holds a whole test's attempts, whatever the wall clock says.
STEADY_RATE_CLOCK = 1_800_000_030


@pytest.fixture(autouse=True)
def _steady_rate_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rate-limit counts in tests never straddle a window boundary (a test that counted three
    casts failed when the minute turned between the second and the third)."""
    monkeypatch.setattr("maeul.core.ratelimit.now", lambda: STEADY_RATE_CLOCK)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Rate-limit counters and cached values never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
