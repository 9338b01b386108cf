"""``maeul grants screen`` from files, without Django: JSON output in input order, exit 2 with
a bilingual message on bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.engine.grants.test_eligibility import SEOUL_2021, application, member


def run(tmp_path: Path, call: Any, applications: Any, *extra: str) -> subprocess.CompletedProcess:
    (tmp_path / "call.json").write_text(json.dumps(call, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "apps.json").write_text(
        applications if isinstance(applications, str) else json.dumps(applications),
        encoding="utf-8",
    )
    code = (
        "import sys; from maeul.cli import main; "
        "sys.modules.get('django') and sys.exit(9); "
        "rc = main(['maeul', *sys.argv[1:]]); "
        "sys.exit(7 if 'django' in sys.modules else rc)"
    )
    return subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "grants",
            "screen",
            str(tmp_path / "call.json"),
            str(tmp_path / "apps.json"),
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )


def test_screen_prints_json_in_input_order_without_django(tmp_path: Path) -> None:
    apps = [
        application(id="b"),
        application(id="a", members=[member("가"), member("나")]),
        application(id=3, requested_won=20_000_001),
    ]
    done = run(tmp_path, SEOUL_2021, apps, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        {"id": "b", "eligible": True, "reasons": []},
        {"id": "a", "eligible": False, "reasons": ["too_few_members"]},
        {"id": "3", "eligible": False, "reasons": ["budget_mismatch"]},
    ]


def test_screen_text_output_gives_sentences(tmp_path: Path) -> None:
    done = run(tmp_path, SEOUL_2021, [application(members=[member("가")])], "--lang", "en")
    assert done.returncode == 0
    assert "at least 3" in done.stdout


def test_bad_files_exit_2_with_a_message_and_no_traceback(tmp_path: Path) -> None:
    for call, apps, needle in [
        (SEOUL_2021, "[{", "not valid JSON"),
        ({**SEOUL_2021, "max_grant": 1}, [], "unknown key"),
        (SEOUL_2021, [application(requested_won=-1)], "negative"),
        (SEOUL_2021, [application(), application()], "appears twice"),
    ]:
        done = run(tmp_path, call, apps, "--json")
        assert done.returncode == 2, done.stdout
        assert needle in done.stderr and "Traceback" not in done.stderr
        assert done.stdout == ""
