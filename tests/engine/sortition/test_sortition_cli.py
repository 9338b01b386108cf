"""``maeul jury ...``: output shapes, exit codes, one-line errors, replay."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from maeul.engine.sortition.cli import main
from tests.engine.sortition.sortition_pools import REPO_ROOT, data_dir


def _jury250(tmp_path: Path) -> tuple[Path, Path]:
    base = data_dir() / "jury250"
    people = tmp_path / "people.csv"
    features = tmp_path / "features.csv"
    shutil.copy(base / "respondents.csv", people)
    shutil.copy(base / "categories.csv", features)
    return people, features


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_draw_json_and_replay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people, features = _jury250(tmp_path)
    args = ["--people", str(people), "--features", str(features), "--panel", "35"]
    assert main(["draw", *args, "--reserves", "5", "--seed", "7", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    for key in (
        "panel",
        "reserves",
        "probabilities",
        "min_probability",
        "algorithm",
        "seed",
        "inputs_sha256",
    ):
        assert key in record
    assert len(record["panel"]) == 35
    assert len(record["reserves"]) == 5
    assert record["seed"] == 7
    assert record["algorithm"] == "leximin"
    assert record["household_columns"] == ["household"]
    assert sum(record["probabilities"].values()) == pytest.approx(35, abs=1e-6)
    assert record["min_probability"] == pytest.approx(0.104, abs=1e-3)

    result = tmp_path / "result.json"
    result.write_text(json.dumps(record))
    assert (
        main(
            [
                "replay",
                "--result",
                str(result),
                "--people",
                str(people),
                "--features",
                str(features),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.startswith("REPRODUCED")

    # one volunteer withdrawn from the file: the hash and (probably) the draw differ
    lines = people.read_text().splitlines(keepends=True)
    people.write_text("".join(lines[:-1]))
    assert (
        main(
            [
                "replay",
                "--result",
                str(result),
                "--people",
                str(people),
                "--features",
                str(features),
            ]
        )
        == 1
    )
    out = capsys.readouterr().out
    assert out.startswith("NOT REPRODUCED")
    assert "inputs differ" in out


def test_draw_text_output_and_split_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = data_dir() / "example_small_20"
    selected = tmp_path / "selected.csv"
    remaining = tmp_path / "remaining.csv"
    code = main(
        [
            "draw",
            "--people",
            str(base / "respondents.csv"),
            "--features",
            str(base / "categories.csv"),
            "--panel",
            "20",
            "--seed",
            "1",
            "--selected-csv",
            str(selected),
            "--remaining-csv",
            str(remaining),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "min 0.1000, geometric mean 0.1000, max 0.1000" in out
    assert len(selected.read_text().splitlines()) == 21
    assert len(remaining.read_text().splitlines()) == 181


def test_transparent_lottery_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = data_dir() / "example_small_20"
    args = ["--people", str(base / "respondents.csv"), "--features", str(base / "categories.csv")]
    assert (
        main(["draw", *args, "--panel", "20", "--seed", "3", "--transparent", "50", "--json"]) == 0
    )
    record = json.loads(capsys.readouterr().out)
    assert len(record["published_panels"]) == 50
    assert record["panel"] == record["published_panels"][record["published_index"]]
    result = tmp_path / "r.json"
    result.write_text(json.dumps(record))
    assert main(["replay", "--result", str(result), *args]) == 0


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda t: t.replace("p0003,female,60_plus", "p0003,female,sixty"), "row 5, column 'age'"),
        (lambda t: t.replace("p0003,", "p0002,", 1), "row 5, column 'id': duplicate id 'p0002'"),
        (lambda t: t.replace("id,gender,age", "id,sex,age", 1), "row 1, column 'gender'"),
    ],
)
def test_bad_people_file_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: object, fragment: str
) -> None:
    people, features = _jury250(tmp_path)
    people.write_text(edit(people.read_text()))  # type: ignore[operator]
    code = main(["draw", "--people", str(people), "--features", str(features), "--panel", "35"])
    assert code == 2
    line = _one_line_error(capsys)
    assert str(people) in line
    assert fragment in line


def test_not_utf8_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people, features = _jury250(tmp_path)
    people.write_bytes(people.read_text().replace("p0009", "p0009").encode("utf-16"))
    assert (
        main(["check", "--people", str(people), "--features", str(features), "--panel", "35"]) == 2
    )
    assert "not UTF-8" in _one_line_error(capsys)


def test_quotas_that_cannot_add_up_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people, features = _jury250(tmp_path)
    assert (
        main(["draw", "--people", str(people), "--features", str(features), "--panel", "50"]) == 2
    )
    line = _one_line_error(capsys)
    assert "maximums of gender add up to 36, less than the panel size 50" in line
    assert str(features) in line


def test_check_reports_relaxation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people, features = _jury250(tmp_path)
    assert (
        main(["check", "--people", str(people), "--features", str(features), "--panel", "35"]) == 0
    )
    assert "exists" in capsys.readouterr().out
    # one diverse volunteer in the pool, two required: adds up, but cannot be met
    text = features.read_text().replace("gender,diverse,0,1", "gender,diverse,2,2")
    features.write_text(text.replace("gender,female,17,18", "gender,female,16,17"))
    code = main(
        ["check", "--people", str(people), "--features", str(features), "--panel", "35", "--json"]
    )
    assert code == 1
    report = json.loads(capsys.readouterr().out)
    assert not report["feasible"]
    assert report["relaxations"]
    assert {
        "feature": "gender",
        "value": "diverse",
        "min": 2,
        "max": 2,
        "new_min": 1,
        "new_max": 2,
    } in report["relaxations"]
    assert any("only 1 volunteer(s) have gender=diverse" in p for p in report["problems"])
    code = main(["draw", "--people", str(people), "--features", str(features), "--panel", "35"])
    assert code == 1
    err = capsys.readouterr().err
    assert "Smallest change" in err and "Traceback" not in err


def test_quotas_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shares = tmp_path / "shares.csv"
    shares.write_text("feature,value,share\ngender,female,51%\ngender,male,49%\n")
    assert main(["quotas", "--shares", str(shares), "--panel", "35"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "feature,value,min,max",
        "gender,female,17,18",
        "gender,male,17,18",
    ]
    out = tmp_path / "features.csv"
    assert (
        main(["quotas", "--shares", str(shares), "--panel", "35", "--exact", "--output", str(out)])
        == 0
    )
    assert "gender,female,18,18" in out.read_text()


def test_missing_file_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--people", "nope.csv", "--features", "nope2.csv", "--panel", "3"]) == 2
    assert "nope2.csv: file not found" in _one_line_error(capsys)
    assert main(["draw"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_console_script_starts_without_django(tmp_path: Path) -> None:
    shares = tmp_path / "shares.csv"
    shares.write_text("feature,value,share\ngender,female,1\ngender,male,1\n")
    code = (
        "import sys; from maeul.cli import main; "
        f"rc = main(['maeul', 'jury', 'quotas', '--shares', {str(shares)!r}, '--panel', '4']); "
        "assert 'django' not in sys.modules, 'django was imported'; sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "gender,female,2,2" in done.stdout


def test_engine_imports_nothing_from_django_or_the_apps() -> None:
    code = (
        "import sys, maeul.engine.sortition, maeul.engine.sortition.cli; "
        "bad = [m for m in sys.modules if m.split('.')[0] == 'django' or "
        "(m.startswith('maeul.') and not m.startswith('maeul.engine'))]; "
        "assert not bad, bad"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
