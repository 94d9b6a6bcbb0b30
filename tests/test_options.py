"""The options every command shares: the app's global options in either place, and help that
names what an option takes in words (FILE, CODE), never a Python type."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legcompare.cli import app


@pytest.mark.parametrize(
    "args",
    [["--no-cache", "matrix", "--format", "csv"], ["matrix", "--no-cache", "--format", "csv"]],
    ids=["before", "after"],
)
def test_no_cache_works_before_and_after_the_command(tmp_path: Path, args: list[str]) -> None:
    folder = tmp_path / "cache"
    runner = CliRunner(env={"LEGCOMPARE_CACHE_DIR": str(folder), "LEGCOMPARE_NO_CACHE": ""})
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert not folder.exists()


def test_the_cache_is_back_on_for_the_next_run(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    runner = CliRunner(env={"LEGCOMPARE_CACHE_DIR": str(folder), "LEGCOMPARE_NO_CACHE": ""})
    assert runner.invoke(app, ["score", "ITA", "--no-cache"]).exit_code == 0
    assert not folder.exists()
    assert runner.invoke(app, ["score", "ITA"]).exit_code == 0
    assert folder.exists()


@pytest.mark.parametrize(
    "args", [["--debug", "elements"], ["elements", "--debug"]], ids=["before", "after"]
)
def test_debug_works_before_and_after_the_command(
    monkeypatch: pytest.MonkeyPatch, runner: CliRunner, args: list[str]
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("legcompare.corpus.locate", broken)
    plain = runner.invoke(app, ["elements"])
    assert plain.exit_code == 2, plain.output
    assert "internal error: RuntimeError('a bug') (rerun with --debug)" in plain.stderr
    debugged = runner.invoke(app, args)
    assert isinstance(debugged.exception, RuntimeError), debugged.output
    assert "internal error" not in debugged.stderr


def test_global_options_are_in_every_commands_help(runner: CliRunner) -> None:
    for name in iter_command_names():
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, result.output
        assert "--no-cache" in result.stdout and "--debug" in result.stdout, name


def iter_command_names() -> list[str]:
    """Every command of the live command tree, nested groups included, as its words."""
    import typer.main

    def walk(command: object, prefix: str) -> list[str]:
        children = getattr(command, "commands", None)
        if children is None:
            return [prefix.strip()]
        return [n for key, c in sorted(children.items()) for n in walk(c, f"{prefix} {key}")]

    return walk(typer.main.get_command(app), "")


# A metavar that is a type's name rather than what to give: <str>, <int range>, <file>,
# <directory>, list[Path], click's TEXT or INTEGER; or an argument shown by its Python name
# ({ref}, refs...).
TYPE_NAMES = re.compile(
    r"<(str|int|float|bool|path|file|directory|text|integer)( range)?>"
    r"|\b(list|tuple|dict)\[|\bPath\b|\b(TEXT|INTEGER|FLOAT|BOOLEAN)\b"
    r"|\{[a-z_]+\}|^ +[a-z_]+(\.\.\.)? {2}",
    re.MULTILINE,
)


def test_no_help_names_a_python_type(runner: CliRunner) -> None:
    names = iter_command_names()
    assert {"validate", "verify", "check", "agree", "matrix"} <= set(names)
    for name in names:
        result = runner.invoke(app, [*name.split(), "--help"], terminal_width=200)
        assert result.exit_code == 0, result.output
        found = [m.group(0) for m in TYPE_NAMES.finditer(result.stdout)]
        assert found == [], f"legcompare {name} --help: {found}"


SYSTEMS = "civil_law, common_law, mixed, islamic_law, customary_mixed"


@pytest.mark.parametrize("command", ["list", "matrix"])
def test_an_unknown_legal_system_is_a_usage_error_with_a_hint(
    runner: CliRunner, command: str
) -> None:
    result = runner.invoke(app, [command, "--legal-system", "civl_law"])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == (
        f"legcompare: error: --legal-system: unknown legal system 'civl_law'; choose from "
        f"{SYSTEMS}; did you mean 'civil_law'?\n"
    )


def test_init_hints_at_the_legal_system_meant(runner: CliRunner, tmp_path: Path) -> None:
    target = str(tmp_path / "ZZZ.yaml")
    args = ["init", "ZZZ", "-n", "Z", "--legal-system", "comon_law", "-o", target]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"legcompare: error: legal system 'comon_law' is not one of {SYSTEMS}; "
        "did you mean 'common_law'?\n"
    )


def test_list_and_matrix_keep_one_legal_system(runner: CliRunner) -> None:
    import csv
    import io
    import json

    everything = json.loads(runner.invoke(app, ["list", "--format", "json"]).stdout)
    expected = {j["code"] for j in everything["jurisdictions"] if j["legal_system"] == "common_law"}
    assert expected
    listed = runner.invoke(app, ["list", "--legal-system", "Common_Law", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert {j["code"] for j in json.loads(listed.stdout)["jurisdictions"]} == expected
    matrix = runner.invoke(app, ["matrix", "--legal-system", "common_law", "--format", "csv"])
    assert matrix.exit_code == 0, matrix.output
    rows = list(csv.DictReader(io.StringIO(matrix.stdout)))
    assert {r["code"] for r in rows} == expected
    assert {r["legal_system"] for r in rows} == {"common_law"}
