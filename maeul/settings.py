"""Maeul's one settings module, driven by environment variables (12-factor).

Secure by default: DEBUG is off unless ``MAEUL_DEBUG=1`` or the demo (``maeul demo`` sets
``MAEUL_DEMO=1``) turns it on; with DEBUG off, HTTPS-only cookies, HSTS and the SSL redirect are
on unless ``MAEUL_HTTPS=0`` says the site is served over plain HTTP (a private benchmark, a
reverse proxy that terminates TLS and forwards to localhost). The keys come from
``MAEUL_SECRET_KEY``, ``MAEUL_IDENTITY_HASH_KEY`` and ``MAEUL_VOTING_KEY``; the first two are
generated once into ``./var/`` when not given (never committed), which ``check --deploy``
refuses outside debug and the demo.

Every variable is listed in the README's configuration table.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


VAR_DIR = Path(os.environ.get("MAEUL_VAR_DIR", Path.cwd() / "var")).resolve()
DEMO = env_bool("MAEUL_DEMO")
DEBUG = env_bool("MAEUL_DEBUG", default=DEMO)
# Under pytest the suite talks plain HTTP to the test client and hashes passwords cheaply.
TESTING = env_bool("MAEUL_TESTING", default="pytest" in sys.modules)


def _secret_from_file(filename: str) -> str:
    """Read a generated secret from ./var, creating it (mode 600) on first use."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / filename
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


# Names of the key variables that were not given and were generated into VAR_DIR instead. A
# generated key is fine on one development machine; in production every server behind a load
# balancer would generate its own, so sessions, "one account per identity" and ballot slots
# would differ per server: ``maeul check --deploy`` fails then (maeul/accounts/checks.py).
GENERATED_KEYS: list[str] = []


def _key(variable: str, filename: str) -> str:
    given = os.environ.get(variable, "")
    if given:
        return given
    GENERATED_KEYS.append(variable)
    return _secret_from_file(filename)


SECRET_KEY = _key("MAEUL_SECRET_KEY", "secret_key")
# Key of the keyed hash (HMAC-SHA256) under which verified identity numbers are stored. It is
# separate from SECRET_KEY so that rotating the session key does not orphan verified accounts.
IDENTITY_HASH_KEY = _key("MAEUL_IDENTITY_HASH_KEY", "identity_hash_key")
# Key of the ballot-slot and cast idempotency HMACs (maeul/voting/keys.py). Empty: derived
# from SECRET_KEY, which then cannot be rotated while a last-ballot-counts poll is open.
VOTING_KEY = os.environ.get("MAEUL_VOTING_KEY", "")

ALLOWED_HOSTS = env_list("MAEUL_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("MAEUL_CSRF_TRUSTED_ORIGINS")


def database_from_url(url: str) -> dict[str, object]:
    """Translate ``sqlite:///path`` or ``postgres://user:pw@host:port/name`` for Django."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        name = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if parts.netloc:
            name = parts.netloc + "/" + name
        if not name:
            name = str(VAR_DIR / "maeul.sqlite3")
        if name != ":memory:" and not name.startswith("/"):
            name = str(Path.cwd() / name)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            # BEGIN IMMEDIATE serialises writers up front, so a read-then-write transaction
            # never fails half-way with "database is locked" (SQLite's lock upgrade problem).
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "TEST": {"NAME": str(VAR_DIR / "test.sqlite3") if options.get("file") else None},
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        db_options: dict[str, object] = {}
        if "sslmode" in options:
            db_options["sslmode"] = options["sslmode"]
        # ``?test_template=NAME``: the test databases are copied from NAME, a database
        # migrated beforehand (.ci/run migrates one while the linters run), so each test
        # run's migrate finds nothing left to apply instead of building the schema again.
        test_settings: dict[str, object] = {}
        if options.get("test_template"):
            test_settings["TEMPLATE"] = options["test_template"]
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "maeul",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": int(options.get("conn_max_age", "60")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": db_options,
            "TEST": test_settings,
        }
    raise ValueError(f"MAEUL_DATABASE_URL: unsupported scheme {parts.scheme!r}")


DATABASES = {
    "default": database_from_url(
        os.environ.get("MAEUL_DATABASE_URL", f"sqlite:///{VAR_DIR / 'maeul.sqlite3'}")
    )
}
# Streaming replicas for the pages that tolerate seconds of lag (maeul/core/dbrouting.py):
# MAEUL_DATABASE_REPLICA_URLS="postgres://...,postgres://...". Only the views listed in
# REPLICA_READ_VIEWS read from them; anything that decides (eligibility, balances, ballots,
# the audit chain) and every write stays on the primary.
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(env_list("MAEUL_DATABASE_REPLICA_URLS", ""), start=1):
    _alias = f"replica{_number}"
    DATABASES[_alias] = {**database_from_url(_url), "TEST": {"MIRROR": "default"}}
    DATABASE_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["maeul.core.dbrouting.ReplicaRouter"]
REPLICA_READ_VIEWS = frozenset(
    {
        "budgeting:history",
        "budgeting:results",
        "budgeting:result_steps",
        "budgeting:analysis",
        "budgeting:result_export",
        "governance:statistics",
        "pledges:dashboard",
        "voting:results",
        "voting:results_download",
    }
)
REPLICA_STICKY_SECONDS = int(os.environ.get("MAEUL_REPLICA_STICKY_SECONDS", "15"))
REPLICA_REST_SECONDS = int(os.environ.get("MAEUL_REPLICA_REST_SECONDS", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "maeul.core",
    "maeul.places",
    "maeul.accounts",
    "maeul.auditlog",
    "maeul.exports",
    "maeul.notifications",
    "maeul.jobs",
    "maeul.moderation",
    "maeul.voting",
    "maeul.budgeting",
    "maeul.points",
    "maeul.governance",
    "maeul.pledges",
    "maeul.juries",
    "maeul.surveys",
    "maeul.outreach",
    "maeul.reports",
    "maeul.innovation",
    "maeul.grants",
    "maeul.outsidegrants",
    "maeul.workspace",
    "maeul.search",
    "maeul.activity",
    "maeul.publishing",
    "maeul.core.admin_app.OperatorAdminConfig",  # django.contrib.admin, operators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "js_lib_leaflet",  # Leaflet's static files (django-js-lib-leaflet), served like ours
]

MIDDLEWARE = [
    "maeul.api.middleware.ApiErrorEnvelopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "maeul.core.middleware.KoreanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "maeul.core.middleware.ContentSecurityPolicyMiddleware",
    "maeul.core.dbrouting.ReplicaReadMiddleware",
]

ROOT_URLCONF = "maeul.urls"
WSGI_APPLICATION = "maeul.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maeul.core.context_processors.site",
                "maeul.notifications.context_processors.notices",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["maeul.accounts.backends.MaeulBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing with PBKDF2's full work factor dominates test time and tests nothing of ours.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "maeul_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it to exist
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MAEUL_MEDIA_ROOT", VAR_DIR / "media"))
# Long work (maeul/jobs): its uploaded inputs and results, served only to the job's owner, so
# outside the public media directory; shared between web servers and workers.
JOBS_ROOT = Path(os.environ.get("MAEUL_JOBS_ROOT", VAR_DIR / "jobs"))
# An official's import larger than this many bytes runs as a job with a progress page.
JOB_IMPORT_BYTES = int(os.environ.get("MAEUL_JOB_IMPORT_BYTES", "200000"))
# A download of the export catalogue with more rows than this is prepared by a job.
JOB_EXPORT_ROWS = int(os.environ.get("MAEUL_JOB_EXPORT_ROWS", "20000"))
# Publishing the result of a vote with more counted ballots than this runs as a job.
JOB_TALLY_BALLOTS = int(os.environ.get("MAEUL_JOB_TALLY_BALLOTS", "50000"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served by WhiteNoise straight from the apps' folders, so the demo and a
# small installation need no collectstatic step and no separate web server.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security headers and cookies.
HTTPS = env_bool("MAEUL_HTTPS", default=not (DEBUG or TESTING))
# Django's database sessions, read with one plain query per request (maeul/core/sessions.py).
SESSION_ENGINE = "maeul.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("MAEUL_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = env_bool("MAEUL_BEHIND_PROXY")
RATELIMIT_ENABLED = env_bool("MAEUL_RATELIMIT", default=True)
# Casting a ballot through the API, per minute (RELIABILITY P13): per account (a resident casts
# once, with a few retries) and per client address, which many residents can share (a mobile
# carrier's NAT, a district office's desk), hence the higher figure. 0 turns one off.
CAST_LIMIT_PER_ACCOUNT = int(os.environ.get("MAEUL_CAST_LIMIT_ACCOUNT", "30"))
CAST_LIMIT_PER_ADDRESS = int(os.environ.get("MAEUL_CAST_LIMIT_ADDRESS", "600"))
# The online cast as one SQL statement on PostgreSQL (maeul/voting/fastpath.py). 0 sends every
# cast through the ORM service path (and caches no poll for it): a switch for an incident, and a
# CI run that keeps the slower path tested.
FAST_CAST = env_bool("MAEUL_FAST_CAST", default=True)
if BEHIND_PROXY:
    # Only trust X-Forwarded-Proto when a proxy we run sets it; never by default.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SECURE_REDIRECT_EXEMPT = [r"^(healthz|livez)$"]

# Maps (the PB proposal map and place picker, Leaflet). Tiles come from a tile server given as a
# URL template with {z}/{x}/{y} (and optionally {s}); the Content-Security-Policy lets images
# load from its host only. Empty switches the maps off: the pages keep their lists and the
# plain latitude/longitude fields. The attribution is shown on the map (HTML, from the operator).
# Under pytest every tile is one blank image of Maeul's own, so no browser test reaches out.
MAP_TILE_URL = os.environ.get(
    "MAEUL_MAP_TILE_URL",
    "/static/budgeting/blank-tile.png"
    if TESTING
    else "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
)
MAP_ATTRIBUTION = os.environ.get(
    "MAEUL_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
MAP_MAX_ZOOM = int(os.environ.get("MAEUL_MAP_MAX_ZOOM", "19"))

# E-mail: the demo and development print messages to the console.
if DEBUG or DEMO or not os.environ.get("MAEUL_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["MAEUL_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("MAEUL_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("MAEUL_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("MAEUL_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("MAEUL_EMAIL_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get("MAEUL_EMAIL_FROM", "maeul@localhost")

CACHES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
if os.environ.get("MAEUL_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["MAEUL_REDIS_URL"],
    }

# Background work (maeul/taskqueue.py). With MAEUL_BROKER_URL set (production:
# redis://...), tasks go to Celery workers and beat runs the daily jobs. Without it (the demo,
# the test suite, a small town on one process) every task runs in-process, synchronously, at
# the moment it is sent: the same code path, no broker to install.
BROKER_URL = os.environ.get("MAEUL_BROKER_URL", "")
CELERY_BROKER_URL = BROKER_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Seoul"
# The daily jobs (Korea time). Each task only calls a service and is safe to run twice: what
# it tells people is keyed by the day or the object, and expiry expires nothing more.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "points-expiry": {"task": "points.expire_due", "schedule": crontab(hour=0, minute=30)},
    "audit-verify": {"task": "auditlog.verify", "schedule": crontab(hour=1, minute=0)},
    "terms-ending": {"task": "governance.terms_ending", "schedule": crontab(hour=7, minute=0)},
    "pledge-reports-due": {"task": "pledges.reports_due", "schedule": crontab(hour=7, minute=10)},
    "votes-to-close": {"task": "voting.remind_to_close", "schedule": crontab(hour=7, minute=20)},
    "reports-overdue": {"task": "reports.overdue", "schedule": crontab(hour=7, minute=30)},
    "outside-deadlines": {
        "task": "outsidegrants.deadlines",
        "schedule": crontab(hour=7, minute=40),
    },
    "reports-due-soon": {"task": "reports.due_soon", "schedule": crontab(hour=7, minute=35)},
    # Hourly, so each reminder goes about 24 hours before its vote closes (once per vote).
    "votes-closing": {"task": "voting.remind_closing", "schedule": crontab(minute=5)},
}

# Notifications (maeul/notifications). SITE_URL makes the links in e-mails absolute;
# NOTICE_ADAPTERS names extra channels (dotted paths, e.g.
# "maeul.notifications.adapters.ConsoleAdapter"); beat sends what waited for quiet hours or a
# retry every minute, the daily digest at 08:00 and the weekly one on Monday 08:00 (Seoul).
SITE_URL = os.environ.get("MAEUL_SITE_URL", "http://localhost:8000")
# Publishing (docs/subsystems/publishing.md): the open-data licence (공공누리 type 1 unless
# set: KOGL-Type1..4, CC-BY-4.0) and an optional TrueType font for the PDFs (the NanumGothic
# shipped by the koreanize-matplotlib package otherwise).
OPEN_DATA_LICENCE = os.environ.get("MAEUL_OPEN_DATA_LICENCE", "KOGL-Type1")
if OPEN_DATA_LICENCE not in ("KOGL-Type1", "KOGL-Type2", "KOGL-Type3", "KOGL-Type4", "CC-BY-4.0"):
    raise ValueError(f"MAEUL_OPEN_DATA_LICENCE: unknown licence {OPEN_DATA_LICENCE!r}")
PDF_FONT = os.environ.get("MAEUL_PDF_FONT", "")
PDF_FONT_BOLD = os.environ.get("MAEUL_PDF_FONT_BOLD", "")
NOTICE_ADAPTERS = env_list("MAEUL_NOTICE_ADAPTERS")
CELERY_BEAT_SCHEDULE.update(
    {
        "notifications-send-due": {"task": "notifications.send_due", "schedule": 60.0},
        "notifications-daily-digest": {
            "task": "notifications.send_digests",
            "schedule": crontab(hour=8, minute=0),
            "args": ("daily",),
        },
        "notifications-weekly-digest": {
            "task": "notifications.send_digests",
            "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
            "args": ("weekly",),
        },
    }
)

# Long work (maeul/jobs): a job still running this many hours after it started lost its
# worker; the hourly sweep fails it, removes its partial files and tells its owner.
JOB_STALLED_HOURS = int(os.environ.get("MAEUL_JOB_STALLED_HOURS", "6"))
CELERY_BEAT_SCHEDULE["jobs-fail-stalled"] = {
    "task": "jobs.fail_stalled",
    "schedule": crontab(minute=15),
}

# Identity verification adapters (see maeul/accounts/identity.py): "demo" accepts any
# well-formed resident registration number; "census" checks a census file given by path.
IDENTITY_ADAPTERS = env_list("MAEUL_IDENTITY_ADAPTERS", "demo" if (DEMO or DEBUG) else "census")
CENSUS_FILE = os.environ.get("MAEUL_CENSUS_FILE", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MAEUL_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "maeul.core.views.csrf_failure"
