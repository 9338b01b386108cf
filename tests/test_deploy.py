"""The deployment files (deploy/) stay in step with the code: every setting Maeul reads is in
the environment template, and the units and the local cluster run the same commands."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOT_FOR_PRODUCTION = {"MAEUL_DEBUG", "MAEUL_DEMO", "MAEUL_TESTING", "MAEUL_VERSION"}


def _settings_read_by_the_code() -> set[str]:
    names: set[str] = set()
    for path in (REPO / "maeul").rglob("*.py"):
        names |= set(re.findall(r"\"(MAEUL_[A-Z0-9_]+)\"", path.read_text(encoding="utf-8")))
    for path in (REPO / "deploy" / "bin").iterdir():
        names |= set(re.findall(r"\$\{(MAEUL_[A-Z0-9_]+)", path.read_text(encoding="utf-8")))
    return names - {"MAEUL_HOME"}


def test_the_environment_template_lists_every_setting() -> None:
    template = (REPO / "deploy" / "maeul.env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?(MAEUL_[A-Z0-9_]+)=", template, re.M))
    missing = _settings_read_by_the_code() - listed - NOT_FOR_PRODUCTION
    assert not missing, f"add to deploy/maeul.env.example: {sorted(missing)}"
    assert len(listed) > 30


def test_units_and_the_local_cluster_run_the_same_commands() -> None:
    script = (REPO / "deploy" / "local-cluster.sh").read_text(encoding="utf-8")
    for command in ("maeul-web", "maeul-worker", "maeul-beat"):
        assert (REPO / "deploy" / "bin" / command).stat().st_mode & 0o111
        assert f"deploy/bin/{command}" in script
    units = {
        "maeul-web@.service": "/opt/maeul/deploy/bin/maeul-web %i",
        "maeul-worker.service": "/opt/maeul/deploy/bin/maeul-worker",
        "maeul-beat.service": "/opt/maeul/deploy/bin/maeul-beat",
    }
    for unit, command in units.items():
        text = (REPO / "deploy" / "systemd" / unit).read_text(encoding="utf-8")
        assert f"ExecStart={command}\n" in text
        assert "EnvironmentFile=/etc/maeul/maeul.env" in text
    assert "deploy/nginx/maeul.conf" in script
