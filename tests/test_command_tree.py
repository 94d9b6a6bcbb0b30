"""The command tree: `legcompare.app.COMMANDS` names the module that registers each command, and
the group imports a command's module only when that command is looked up (run, helped or
completed). Checked against the live registry, and in fresh processes for what each run imports.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main

import legcompare
from legcompare.app import COMMANDS, app

COMMAND_MODULES = sorted(set(COMMANDS.values()))
SCRIPT = shutil.which("legcompare", path=str(Path(sys.executable).parent))


def test_the_table_is_what_the_modules_register() -> None:
    """Every legcompare module imported, each command registered on `app` converted alone: its
    name (as typer names it) and its module are exactly the table's."""
    for module in pkgutil.walk_packages(legcompare.__path__, "legcompare."):
        if module.name != "legcompare.__main__":
            importlib.import_module(module.name)
    registered: dict[str, str] = {}
    for info in app.registered_commands:
        alone = typer.Typer(add_completion=False)
        alone.registered_commands.append(info)
        name = typer.main.get_command(alone).name
        assert name is not None and name not in registered, f"{name} registered twice"
        registered[name] = getattr(info.callback, "__module__", "")
    assert registered == COMMANDS


def test_the_group_lists_the_table_in_order_and_makes_every_command() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    context = typer.Context(group)
    assert group.list_commands(context) == list(COMMANDS)
    for name in COMMANDS:
        command = group.get_command(context, name)
        assert command is not None and command.name == name
        options = {p.name for p in command.params}
        assert {"debug", "no_cache"} <= options, name
    assert group.get_command(context, "no-such-command") is None


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The console script installed next to this Python, as a shell runs it."""
    if SCRIPT is None:
        pytest.skip("no legcompare script next to this Python")
    return subprocess.run(
        [SCRIPT, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})},
        timeout=120,
        check=False,
    )


# A fresh interpreter runs the CLI with these arguments, then prints which command modules it
# imported (the modules live in this process's `sys.modules`, whatever the exit code).
PROBE = """
import sys
from legcompare.cli import main
sys.argv = ["legcompare", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted(m for m in sys.modules if m in {modules!r})), file=sys.stderr)
"""


def _imported(*args: str) -> tuple[str, set[str]]:
    """The stdout of a fresh run of the CLI and the command modules it imported."""
    code = PROBE.format(modules=set(COMMAND_MODULES))
    run = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
        timeout=120,
        check=False,
    )
    return run.stdout, set(run.stderr.splitlines()[-1].split())


@pytest.mark.slow
def test_version_imports_no_command_module() -> None:
    out, imported = _imported("--version")
    assert out == f"legcompare {legcompare.__version__}\n"
    assert imported == set()


@pytest.mark.slow
@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_a_commands_help_imports_its_module_only(module: str) -> None:
    name = next(n for n, m in COMMANDS.items() if m == module)
    out, imported = _imported(name, "--help")
    assert f"legcompare {name} [OPTIONS]" in out and "--no-cache" in out
    assert imported == {module}


@pytest.mark.slow
def test_the_apps_help_lists_every_command() -> None:
    out, _ = _imported("--help")
    listed = [line.split()[0] for line in out.split("Commands:\n")[1].splitlines() if line]
    assert listed == list(COMMANDS)


@pytest.mark.slow
def test_a_mistyped_command_is_a_usage_error_with_a_hint() -> None:
    run = _run(["matrx"])
    assert run.returncode == 2
    assert "No such command 'matrx'" in run.stderr and "Traceback" not in run.stderr
    if "suggest_commands" in inspect.signature(typer.core.TyperGroup).parameters:
        assert "Did you mean 'matrix'?" in run.stderr  # from the table, no module imported


@pytest.mark.slow
@pytest.mark.parametrize(
    ("words", "expected"),
    [("legcompare ma", '"matrix":"Every jurisdiction'), ("legcompare matrix --no", '"--no-cache"')],
)
def test_shell_completion_completes_commands_and_their_options(words: str, expected: str) -> None:
    run = _run([], {"_LEGCOMPARE_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words})
    assert run.returncode == 0, run.stderr
    assert expected in run.stdout
