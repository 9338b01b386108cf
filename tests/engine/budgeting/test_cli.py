"""``maeul pb``: outputs, the trace in both languages, and one-line errors (exit 2) for bad
input -- never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pb_data import DATA, needs_data

from maeul.engine.budgeting.cli import main

GOLDEN = Path(__file__).with_name("fixtures") / "korean_golden.json"
ASSEN = DATA / "Netherlands_Assen_2024.pb"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@needs_data
def test_solve_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "solve", str(ASSEN), "--rule", "mes", "--completion", "add1", "--json"
    )
    assert code == 0
    result = json.loads(out)
    assert result == {
        "selected": ["3", "9", "2", "11", "13", "14", "5", "6", "12"],
        "total_cost": 76700,
    }


@needs_data
def test_solve_text_and_other_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "solve", str(ASSEN), "--rule", "greedy", "--tie-break", "id")
    assert code == 0
    assert out.splitlines()[-1] == "total_cost 99200"
    code, out, _ = run(capsys, "solve", str(ASSEN), "--rule", "phragmen")
    assert code == 0 and out.splitlines()[0] == "13"
    code, out, _ = run(
        capsys,
        "solve",
        str(ASSEN),
        "--completion",
        "add1u",
        "--start",
        "integral",
        "--no-exhaustive-stop",
        "--increment",
        "5",
        "--compare",
    )
    assert code == 0


def test_mixed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "mixed", str(GOLDEN), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["selected"] == ["T1", "T2", "T5", "W1", "W2", "W3"]
    assert result["total_cost"] == 205_000_000
    assert [i["id"] for i in result["ineligible"]] == ["T4", "W4"]
    code, out, _ = run(capsys, "mixed", str(GOLDEN))
    assert "ineligible T4: cost 25,000,000 exceeds the programme cap 20,000,000" in out


def test_explain_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", str(GOLDEN))
    assert code == 0 and "선정" in out
    code, out, _ = run(capsys, "explain", str(GOLDEN), "--lang", "en")
    assert code == 0 and "selected T1" in out


@needs_data
def test_explain_mes_and_info(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", str(ASSEN), "--rule", "mes", "--lang", "en")
    assert code == 0
    assert out.splitlines()[0].startswith("[1] selected 3 (cost 7,200")
    code, out, _ = run(capsys, "info", str(ASSEN))
    assert code == 0 and "voters      84" in out and "equalshares/add1" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\np1;10\np12;12a\n",
            "bad.pb line 7: project 'p12' cost '12a' is not a number",
        ),
        (
            "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\np1;10\np1;20\n",
            "bad.pb line 7: duplicate project id 'p1' (first on line 6)",
        ),
        (
            "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\np1;200\n",
            "bad.pb line 6: project 'p1' costs 200, more than the whole budget 100",
        ),
        (
            "META\nkey;value\nbudget;0\nPROJECTS\nproject_id;cost\np1;0\n",
            "bad.pb: the budget must be positive, not 0",
        ),
        (
            "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\np1;20\n"
            "VOTES\nvoter_id;vote\n1;p1\n2;p7\n",
            "bad.pb line 10: voter '2' votes for unknown project 'p7'",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "bad.pb"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "solve", str(path), "--rule", "greedy")
    assert code == 2
    assert err == message + "\n"
    assert out == ""


def test_bad_options_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "solve", "x.pb", "--rule", "nope")
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "solve", "missing.pb")
    assert code == 2 and err.startswith("missing.pb: cannot read the file")
    code, _, err = run(capsys, "mixed", "projects.csv")
    assert code == 2 and "--settings" in err


def test_console_script_starts_without_django(tmp_path: Path) -> None:
    """``maeul pb`` runs in a fresh interpreter and never imports Django."""
    code = (
        "import sys; from maeul.cli import main; rc = main(['maeul', 'pb', 'mixed', "
        f"{str(GOLDEN)!r}, '--json']); assert 'django' not in sys.modules; sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total_cost"] == 205_000_000


ISSUE_24 = (
    "META\nkey;value\nbudget;101\nvote_type;approval\n"
    "PROJECTS\nproject_id;cost\np0;28\np1;18\np2;15\np3;26\np4;28\n"
    "VOTES\nvoter_id;vote\n1;p0,p3\n2;p1,p3\n3;p0,p3\n4;p1\n"
)


def test_phragmen_zero_approval_modes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Maeul's rule never funds a project nobody approved, and explain says so; ``--zero-approval
    fund`` funds p2 as pabutools does (issue 24)."""
    path = tmp_path / "issue24.pb"
    path.write_text(ISSUE_24, encoding="utf-8")
    base = ("solve", str(path), "--rule", "phragmen", "--tie-break", "id", "--json")
    code, out, _ = run(capsys, *base)
    assert code == 0 and json.loads(out) == {"selected": ["p3", "p1", "p0"], "total_cost": 72}
    code, out, _ = run(capsys, *base, "--zero-approval", "fund")
    assert code == 0
    assert json.loads(out) == {"selected": ["p3", "p1", "p0", "p2"], "total_cost": 87}
    explain = ("explain", str(path), "--rule", "phragmen", "--tie-break", "id")
    code, out, _ = run(capsys, *explain, "--lang", "en")
    assert code == 0
    assert "not funded, because nobody approved them: p2, p4" in out
    assert "--zero-approval fund" in out
    code, out, _ = run(capsys, *explain)
    assert code == 0 and "득표 없는 사업은 선정하지 않음: p2, p4" in out
    code, out, _ = run(capsys, *explain, "--zero-approval", "fund", "--lang", "en")
    assert code == 0 and "selected p2, which nobody voted for" in out
    code, _, err = run(capsys, *base, "--zero-approval", "maybe")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_start_up_imports_only_what_the_sub_command_needs() -> None:
    """``maeul pb mixed`` never imports numpy; ``solve --rule greedy`` never imports MES or
    the Korean rule; the package's public names still resolve to the functions (issue 24)."""
    code = (
        "import sys; from maeul.cli import main; "
        f"rc = main(['maeul', 'pb', 'mixed', {str(GOLDEN)!r}, '--json']); "
        "assert rc == 0 and 'numpy' not in sys.modules, sorted(sys.modules); "
        "import maeul.engine.budgeting.explain as m; "
        "from maeul.engine.budgeting import explain, greedy, phragmen, read_pb; "
        "assert callable(explain) and callable(greedy) and callable(phragmen); "
        "assert 'maeul.engine.budgeting.mes' not in sys.modules"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
