"""The smoke suite that `make test-min` runs on the lowest version of every runtime dependency.

It needs only pytest and legcompare's own dependencies (no hypothesis, ruff or mypy), and runs the
command line in a real process, as a user would, so that it checks what the installed versions of
typer, rich, PyYAML, jsonschema, fastjsonschema, jinja2 and platformdirs do together. It runs in
`make test` too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA

pytestmark = pytest.mark.slow

VALID = str(DATA / "valid")
FIXTURE = str(DATA / "valid" / "XYZ.yaml")


def _command() -> list[str]:
    """The console script installed next to this Python, else `python -m legcompare`."""
    script = shutil.which("legcompare", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "legcompare"]


def legcompare(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line on the test data, without colour and with a fixed width."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "LEGCOMPARE_DATA": VALID}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [*_command(), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def test_every_module_imports() -> None:
    import importlib
    import pkgutil

    import legcompare

    names = [m.name for m in pkgutil.walk_packages(legcompare.__path__, "legcompare.")]
    assert "legcompare.cli" in names
    for name in names:
        if name != "legcompare.__main__":
            importlib.import_module(name)


def test_no_private_module_of_a_dependency_is_imported() -> None:
    """typer._click, for one, is absent before typer 0.26 and may change in any release."""
    import ast

    import legcompare

    private = []
    for path in Path(legcompare.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            private += [
                f"{path.name}: {name}"
                for name in names
                if not name.startswith("legcompare")
                and any(part.startswith("_") and part != "__future__" for part in name.split("."))
            ]
    assert not private


def test_help() -> None:
    run = legcompare("--help")
    assert run.returncode == 0, run.stderr
    assert "legcompare [OPTIONS] COMMAND" in run.stdout and "matrix" in run.stdout


@pytest.mark.parametrize("command", ["validate", "matrix", "show", "gaps", "diff", "check"])
def test_command_help(command: str) -> None:
    run = legcompare(command, "--help")
    assert run.returncode == 0, run.stderr
    assert f"legcompare {command} [OPTIONS]" in run.stdout and "--format" in run.stdout


def test_version() -> None:
    from legcompare import __version__

    run = legcompare("--version")
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"legcompare {__version__}\n"


def test_usage_error_exits_2_without_a_traceback() -> None:
    run = legcompare("matrix", "--no-such-option")
    assert run.returncode == 2
    assert "No such option" in run.stderr and "Traceback" not in run.stderr
    assert "internal error" not in run.stderr


def test_validate_valid_data() -> None:
    run = legcompare("validate", VALID)
    assert run.returncode == 0, run.stdout + run.stderr


def test_validate_json() -> None:
    run = legcompare("validate", FIXTURE, "--format", "json")
    assert run.returncode == 0, run.stderr
    json.loads(run.stdout)


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_matrix(fmt: str) -> None:
    run = legcompare("--no-cache", "matrix", "--format", fmt)
    assert run.returncode == 0, run.stderr
    assert "XYZ" in run.stdout
    if fmt == "json":
        json.loads(run.stdout)


def test_show_table_and_json() -> None:
    table = legcompare("show", "XYZ")
    assert table.returncode == 0, table.stderr
    assert "XYZ" in table.stdout
    run = legcompare("show", "XYZ", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["code"] == "XYZ"


def test_site(tmp_path: Path) -> None:
    """The website's templates (macros, imports, tuple assignments) on the lowest jinja2."""
    out = legcompare("site", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    page = (tmp_path / "out" / "j" / "XYZ.html").read_text(encoding="utf-8")
    assert "<title>Testland (XYZ) · " in page and 'id="e-kidnapping_specific_offence"' in page
    assert (tmp_path / "out" / "compare.html").is_file()
