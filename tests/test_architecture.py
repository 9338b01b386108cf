"""Layering contracts of DESIGN.md: the engines never import Django or the apps."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "maeul" / "engine"


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def test_engine_sources_import_neither_django_nor_apps() -> None:
    offenders = []
    for path in sorted(ENGINE.rglob("*.py")):
        for line, module in _imports(path):
            top = module.split(".")[0]
            if top in {"django", "ninja"} or (
                top == "maeul" and not module.startswith("maeul.engine")
            ):
                offenders.append(
                    f"{path.relative_to(ENGINE.parent.parent)}:{line} imports {module}"
                )
    assert offenders == []


def test_engines_load_without_django() -> None:
    packages = sorted(p.name for p in ENGINE.iterdir() if (p / "__init__.py").exists())
    code = (
        "import sys\n"
        + "".join(f"import maeul.engine.{name}\n" for name in packages)
        + "import maeul.cli\n"
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_import_contracts_hold() -> None:
    """The layer contracts in pyproject.toml (import-linter): workspace over programmes over
    the foundation over the engines, programmes meeting only through interface modules. Run
    here as well as in CI, so the README's test command catches an upward import."""
    linter = Path(sys.executable).parent / "lint-imports"
    root = ENGINE.parents[1]
    result = subprocess.run(
        [str(linter), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
