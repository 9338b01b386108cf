"""The settings module: secure by default, environment-driven, secrets generated once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from maeul.settings import database_from_url

PROBE = (
    "import json, django; from django.conf import settings; django.setup(); print(json.dumps({"
    "'debug': settings.DEBUG, 'secure_cookie': settings.SESSION_COOKIE_SECURE, "
    "'ssl_redirect': settings.SECURE_SSL_REDIRECT, 'hsts': settings.SECURE_HSTS_SECONDS, "
    "'secret': settings.SECRET_KEY, 'engine': settings.DATABASES['default']['ENGINE'], "
    "'hosts': settings.ALLOWED_HOSTS, 'email': settings.EMAIL_BACKEND}))"
)


def _settings(tmp_path: Path, **env: str) -> dict[str, object]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MAEUL_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "maeul.settings", "MAEUL_VAR_DIR": str(tmp_path)})
    clean.update(env)
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=clean,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_is_the_default(tmp_path: Path) -> None:
    values = _settings(tmp_path)
    assert values["debug"] is False
    assert values["secure_cookie"] is True
    assert values["ssl_redirect"] is True
    assert values["hsts"] >= 31536000
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["email"].endswith("console.EmailBackend")  # no SMTP host configured


def test_demo_turns_debug_on_and_https_off(tmp_path: Path) -> None:
    values = _settings(tmp_path, MAEUL_DEMO="1")
    assert values["debug"] is True
    assert values["secure_cookie"] is False


def test_secret_key_is_generated_once_into_var(tmp_path: Path) -> None:
    first = _settings(tmp_path)["secret"]
    second = _settings(tmp_path)["secret"]
    assert first == second and len(str(first)) >= 50
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == first
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_secret_key_from_environment_wins(tmp_path: Path) -> None:
    values = _settings(tmp_path, MAEUL_SECRET_KEY="x" * 60, MAEUL_ALLOWED_HOSTS="a.org,b.org")
    assert values["secret"] == "x" * 60
    assert values["hosts"] == ["a.org", "b.org"]


def test_database_urls() -> None:
    pg = database_from_url("postgres://maeul:s%40cret@db.internal:6432/maeul_prod?sslmode=require")
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "maeul",
        "s@cret",
        "db.internal",
        "6432",
        "maeul_prod",
    )
    assert pg["OPTIONS"] == {"sslmode": "require"}
    assert pg["TEST"] == {}
    lite = database_from_url("sqlite:////srv/maeul/db.sqlite3")
    assert lite["NAME"] == "/srv/maeul/db.sqlite3"
    assert lite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_postgres_url_may_name_the_template_of_its_test_databases() -> None:
    """.ci/run migrates one database while the linters run and has the suites' test databases
    copied from it (CREATE DATABASE ... TEMPLATE), instead of each worker migrating its own."""
    pg = database_from_url("postgres://postgres@127.0.0.1:5432/maeul_ci?test_template=ci_tpl")
    assert pg["NAME"] == "maeul_ci"
    assert pg["TEST"] == {"TEMPLATE": "ci_tpl"}
    assert pg["OPTIONS"] == {}


def test_deploy_check_passes_with_production_values(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MAEUL_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        {
            "MAEUL_VAR_DIR": str(tmp_path),
            "MAEUL_SECRET_KEY": "k" * 20 + "Zq9#x!" * 8,
            # Generated keys fail the check in production (tests/security/test_production_keys).
            "MAEUL_IDENTITY_HASH_KEY": "i" * 20 + "Zq9#x!" * 8,
            "MAEUL_VOTING_KEY": "v" * 20 + "Zq9#x!" * 8,
            "MAEUL_ALLOWED_HOSTS": "example.org",
            "MAEUL_HTTPS": "1",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "maeul.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
