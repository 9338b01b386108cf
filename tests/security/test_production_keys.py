"""Finding 4 of the security review (issue 12): with no ``MAEUL_SECRET_KEY`` the settings
generated ``var/secret_key`` and ``var/identity_hash_key`` and ``check --deploy`` said nothing;
behind a load balancer every server then had its own keys, and "one account per identity"
broke across servers. ``MAEUL_VOTING_KEY`` was read outside the settings.

Promise: ``maeul check --deploy --fail-level WARNING`` fails in production (not debug, not the
demo) while a key is generated rather than given, names the variable, and passes once
``MAEUL_SECRET_KEY``, ``MAEUL_IDENTITY_HASH_KEY`` and ``MAEUL_VOTING_KEY`` are set; every key
is read in the settings.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

PRODUCTION = {
    "MAEUL_DEBUG": "0",
    "MAEUL_DEMO": "0",
    "MAEUL_TESTING": "0",
    "MAEUL_HTTPS": "1",
    "MAEUL_ALLOWED_HOSTS": "example.org",
}
KEYS = {
    "MAEUL_SECRET_KEY": "s" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
    "MAEUL_IDENTITY_HASH_KEY": "identity-hash-key-of-this-installation-0123456789",
    "MAEUL_VOTING_KEY": "voting-key-of-this-installation-0123456789",
}


def _check(var_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MAEUL_", "DJANGO_"))}
    clean.update(
        {
            "PYTHONPATH": str(REPO_ROOT),
            "MAEUL_VAR_DIR": str(var_dir),
            "MAEUL_DATABASE_URL": f"sqlite:///{var_dir / 'check.sqlite3'}",
        }
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "maeul.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean,
        capture_output=True,
        text=True,
        cwd=var_dir,
        timeout=120,
    )


def test_check_fails_when_keys_are_generated(tmp_path: Path) -> None:
    result = _check(tmp_path, **PRODUCTION)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "maeul.E001" in output and "MAEUL_SECRET_KEY" in output
    assert "maeul.E002" in output and "MAEUL_IDENTITY_HASH_KEY" in output
    assert "maeul.W003" in output and "MAEUL_VOTING_KEY" in output


@pytest.mark.parametrize("missing", sorted(KEYS))
def test_each_missing_key_fails_the_check(tmp_path: Path, missing: str) -> None:
    given = {k: v for k, v in KEYS.items() if k != missing}
    result = _check(tmp_path, **PRODUCTION, **given)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert missing in output
    assert not ({k for k in KEYS if k != missing} & set(output.split()))


def test_check_passes_with_production_keys(tmp_path: Path) -> None:
    result = _check(tmp_path, **PRODUCTION, **KEYS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "secret_key").exists()
    assert not (tmp_path / "identity_hash_key").exists()


def test_debug_and_demo_may_generate_keys(tmp_path: Path) -> None:
    demo = _check(tmp_path, MAEUL_DEMO="1", MAEUL_TESTING="0")
    output = demo.stdout + demo.stderr
    assert "maeul.E00" not in output and "maeul.W003" not in output
    assert (tmp_path / "secret_key").exists()


def test_every_key_is_read_in_settings_and_documented() -> None:
    package = REPO_ROOT / "maeul"
    key_read = re.compile(r"environ\b[^\n]*MAEUL_\w*KEY")
    readers = [
        path.relative_to(REPO_ROOT).as_posix()
        for path in package.rglob("*.py")
        if path != package / "settings.py" and key_read.search(path.read_text(encoding="utf-8"))
    ]
    assert readers == [], f"keys read outside the settings: {readers}"
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for variable in KEYS:
        assert f"| `{variable}` |" in readme, variable
