"""CI integrations: `validate --format github|sarif`, `--strict`, the pre-commit hooks."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from legcompare.model import FileResult, Finding, Severity, ValidationReport
from legcompare.registry import listed
from legcompare.render import FINDINGS_FORMATS, FORMATS, Options, render

from conftest import DATA, ROOT, run, tiny_catalogue

SARIF_SCHEMA = DATA / "sarif" / "sarif-schema-2.1.0.json"


@pytest.fixture()
def warned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder (the working directory) holding XYZ.yaml, valid but for one warning at 4:1, and
    BAD.yaml, with a duplicate key at 13:1 (and a code that does not match its name at 5:9)."""
    (tmp_path / "XYZ.yaml").write_bytes((DATA / "warning" / "region-not-set.yaml").read_bytes())
    (tmp_path / "BAD.yaml").write_bytes((DATA / "invalid" / "duplicate-key.yaml").read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- GitHub workflow annotations ------------------------------------------------------------


def test_github_format_is_one_annotation_per_finding(runner: CliRunner, warned: Path) -> None:
    code, out, _ = run(runner, "validate", "XYZ.yaml", "BAD.yaml", "--format", "github")
    assert code == 1, out
    assert out == textwrap.dedent(
        """\
        ::warning file=XYZ.yaml,line=4,col=1,title=jurisdiction-metadata::jurisdiction.region is not set
        ::error file=BAD.yaml,line=5,col=9,title=code-matches-file::code 'XYZ' does not match the file name 'BAD.yaml'
        ::error file=BAD.yaml,line=13,col=1,title=duplicate-key::duplicate key 'confidence' (first on line 12, again on line 13)
        """  # noqa: E501
    )


def test_github_format_escapes_what_would_end_a_command_early() -> None:
    odd = Finding("a,b:c.yaml", 2, None, "unknown-key", "100% wrong\nsecond line\r")
    whole = Finding("gone.yaml", None, None, "file-unreadable", "no such file")
    report = ValidationReport((FileResult(odd.path, (odd,)), FileResult(whole.path, (whole,))))
    assert render(report, "github", Options(tiny_catalogue())) == (
        "::error file=a%2Cb%3Ac.yaml,line=2,col=1,title=unknown-key"
        "::100%25 wrong%0Asecond line%0D\n"
        "::error file=gone.yaml,title=file-unreadable::no such file\n"
    )


def test_a_clean_run_annotates_nothing(runner: CliRunner) -> None:
    code, out, _ = run(runner, "validate", str(DATA / "valid" / "XYZ.yaml"), "--format", "github")
    assert code == 0, out
    assert out == ""


# --- --strict ---------------------------------------------------------------------------------


def test_strict_makes_a_warning_fail(runner: CliRunner, warned: Path) -> None:
    code, out, _ = run(runner, "validate", "XYZ.yaml")
    assert code == 0, out
    assert "1 file(s): 1 valid, 0 error(s), 1 warning(s)" in out
    code, out, _ = run(runner, "validate", "XYZ.yaml", "--strict")
    assert code == 1, out
    code, out, _ = run(runner, "validate", str(DATA / "valid" / "XYZ.yaml"), "--strict")
    assert code == 0, out


# --- SARIF ------------------------------------------------------------------------------------


def sarif_validator() -> Any:
    from jsonschema import Draft4Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def schema_errors(log: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator().iter_errors(log)]


def test_sarif_validates_against_the_sarif_2_1_0_schema(runner: CliRunner, warned: Path) -> None:
    code, out, _ = run(runner, "validate", "XYZ.yaml", "BAD.yaml", "--format", "sarif")
    assert code == 1, out
    log = json.loads(out)
    assert schema_errors(log) == []
    (the_run,) = log["runs"]
    rules = the_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [i.id for i in listed("load", "schema", "rule")]
    by_id = {r["id"]: r for r in rules}
    assert by_id["jurisdiction-metadata"]["defaultConfiguration"] == {"level": "warning"}
    assert by_id["duplicate-key"]["defaultConfiguration"] == {"level": "error"}
    found = [
        (
            r["ruleId"],
            rules[r["ruleIndex"]]["id"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"],
        )
        for r in the_run["results"]
    ]
    assert found == [
        ("jurisdiction-metadata", "jurisdiction-metadata", "warning", "XYZ.yaml",
         {"startLine": 4, "startColumn": 1}),
        ("code-matches-file", "code-matches-file", "error", "BAD.yaml",
         {"startLine": 5, "startColumn": 9}),
        ("duplicate-key", "duplicate-key", "error", "BAD.yaml",
         {"startLine": 13, "startColumn": 1}),
    ]  # fmt: skip
    assert the_run["results"][2]["message"]["text"] == (
        "duplicate key 'confidence' (first on line 12, again on line 13)"
    )


def test_the_schema_check_catches_a_broken_log(runner: CliRunner, warned: Path) -> None:
    """The vendored schema does reject what is not SARIF, so a pass above means something."""
    log = json.loads(run(runner, "validate", "XYZ.yaml", "--format", "sarif")[1])
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(schema_errors(log)) == 2


def test_sarif_locations_absolute_stdin_and_no_line() -> None:
    findings = (
        Finding("/tmp/a b/XYZ.yaml", 3, 7, "unknown-key", "unknown key 'x'"),
        Finding("<stdin>", 1, 1, "yaml-syntax", "not YAML"),
        Finding("gone.yaml", None, None, "file-unreadable", "no such file"),
    )
    report = ValidationReport(tuple(FileResult(f.path, (f,)) for f in findings))
    log = json.loads(render(report, "sarif", Options(tiny_catalogue())))
    assert schema_errors(log) == []
    locations = [r["locations"][0]["physicalLocation"] for r in log["runs"][0]["results"]]
    assert locations == [
        {"artifactLocation": {"uri": "file:///tmp/a%20b/XYZ.yaml"},
         "region": {"startLine": 3, "startColumn": 7}},
        {"artifactLocation": {"uri": "%3Cstdin%3E", "uriBaseId": "%SRCROOT%"},
         "region": {"startLine": 1, "startColumn": 1}},
        {"artifactLocation": {"uri": "gone.yaml", "uriBaseId": "%SRCROOT%"}},
    ]  # fmt: skip


def test_sarif_rules_of_verify_are_its_checks() -> None:
    finding = Finding("XYZ.yaml", 9, 3, "quote-in-provision", "drift", Severity.ERROR)
    report = ValidationReport((FileResult("XYZ.yaml", (finding,)),), stages=("verify",))
    log = json.loads(render(report, "sarif", Options(tiny_catalogue())))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [i.id for i in listed("verify")]
    assert rules[log["runs"][0]["results"][0]["ruleIndex"]]["id"] == "quote-in-provision"
    assert schema_errors(log) == []


def test_a_sarif_file_by_its_extension(runner: CliRunner, warned: Path) -> None:
    code, _, err = run(runner, "validate", "XYZ.yaml", "-o", "out.sarif")
    assert code == 0, err
    assert json.loads((warned / "out.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_ci_formats_belong_to_the_findings_commands(runner: CliRunner, warned: Path) -> None:
    assert FINDINGS_FORMATS[: len(FORMATS)] == FORMATS  # the common formats still work
    for command in ("validate", "verify"):
        help_text = run(runner, command, "--help")[1]
        assert "<" + "|".join(FINDINGS_FORMATS) + ">" in help_text, command
    code, _, err = run(runner, "matrix", "--format", "sarif")
    assert code == 2
    assert "'sarif' is not one of" in err
    code, _, err = run(runner, "elements", "-o", "out.sarif")
    assert code == 2
    assert err.endswith(
        "legcompare: error: the sarif format is for findings: validate and verify\n"
    )
    assert not (warned / "out.sarif").exists()


def test_the_vendored_schema_is_the_one_its_readme_names() -> None:
    import hashlib

    digest = hashlib.sha256(SARIF_SCHEMA.read_bytes()).hexdigest()
    assert f"sha256: `{digest}`" in (SARIF_SCHEMA.parent / "README.md").read_text(encoding="utf-8")


# --- pre-commit hooks -------------------------------------------------------------------------
# pre-commit's `try-repo` installs the hooks' environment with pip, which needs the network, so
# the tests do what it does with the environment at hand: pick the files each hook's `files`
# and `types` select, and run its `entry` with its `args` and those files (README, "In CI", has
# the `try-repo` command itself).

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
# The keys of a hook in pre-commit's manifest schema (pre_commit/clientlib.py, MANIFEST_HOOK_DICT).
HOOK_KEYS = {
    "id", "name", "entry", "language", "alias", "files", "exclude", "types", "types_or",
    "exclude_types", "additional_dependencies", "args", "always_run", "fail_fast",
    "pass_filenames", "description", "language_version", "log_file", "minimum_pre_commit_version",
    "require_serial", "stages", "verbose",
}  # fmt: skip


def hooks() -> dict[str, dict[str, Any]]:
    import yaml

    listed_hooks = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in listed_hooks}


def selected(hook: dict[str, Any], files: list[str]) -> list[str]:
    """The files pre-commit passes to a hook: `files` searched (not matched) in each path
    relative to the repository, `exclude` not, and for `types: [yaml]` a YAML file."""
    wanted = re.compile(hook.get("files", ""))
    unwanted = re.compile(hook.get("exclude", "^$"))
    yaml_only = "yaml" in hook.get("types", [])
    return [
        f
        for f in files
        if wanted.search(f) and not unwanted.search(f) and (not yaml_only or f.endswith(YAMLS))
    ]


YAMLS = (".yaml", ".yml")


def run_hook(hook: dict[str, Any], files: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The hook's entry with its args and files, as pre-commit runs it (in the repository's root,
    with the hook's environment first on PATH: here, the one running the tests)."""
    command = [*shlex.split(hook["entry"]), *hook.get("args", []), *files]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_hooks_file_declares_both_hooks_as_pre_commit_reads_them() -> None:
    found = hooks()
    assert list(found) == ["legcompare-validate", "legcompare-check"]
    for hook in found.values():
        assert set(hook) <= HOOK_KEYS, set(hook) - HOOK_KEYS
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"  # installs this repository with pip
        assert hook["entry"].split()[0] == "legcompare"  # the console script pyproject declares
        assert hook["entry"].split()[1] in {"validate", "check"}


@pytest.mark.slow
def test_the_validate_hook_on_encodings(tmp_path: Path) -> None:
    hook = hooks()["legcompare-validate"]
    (tmp_path / "countries").mkdir()
    xyz = (DATA / "valid" / "XYZ.yaml").read_text(encoding="utf-8")
    (tmp_path / "countries" / "XYZ.yaml").write_text(xyz, encoding="utf-8")
    (tmp_path / "countries" / "README.md").write_text("# notes\n", encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("not: an encoding\n", encoding="utf-8")
    files = ["countries/README.md", "countries/XYZ.yaml", "notes.yaml"]
    assert selected(hook, files) == ["countries/XYZ.yaml"]
    done = run_hook(hook, ["countries/XYZ.yaml"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    (tmp_path / "countries" / "XYZ.yaml").write_text(
        xyz.replace("confidence: high", "confidence: high\nconfidence: low"), encoding="utf-8"
    )
    done = run_hook(hook, ["countries/XYZ.yaml"], tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout == (
        "countries/XYZ.yaml:12:1: [error] duplicate key 'confidence' (first on line 11, again on"
        " line 12) (duplicate-key)\n1 file(s): 0 valid, 1 error(s), 0 warning(s)\n"
    )


@pytest.mark.slow
def test_the_check_hook_on_bills(tmp_path: Path) -> None:
    hook = hooks()["legcompare-check"]
    (tmp_path / "bills").mkdir()
    for name in ("COL-bill.yaml", "COL-bill-narrower.yaml"):
        (tmp_path / "bills" / name).write_bytes((ROOT / "examples" / name).read_bytes())
    files = ["bills/COL-bill-narrower.yaml", "bills/COL-bill.yaml", "countries/COL.yaml"]
    assert selected(hook, files) == files[:2]
    done = run_hook(hook, ["bills/COL-bill.yaml"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("PASS  no element weaker than in COL\n")
    done = run_hook(hook, files[:2], tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr == (
        "check failed: bills/COL-bill-narrower.yaml: weaker than the law in force: "
        "purpose_compel_act_or_omission (present to absent)\n"
    )
    heads = [line for line in done.stdout.splitlines() if line.startswith(("==>", "PASS", "FAIL"))]
    assert heads == [
        "==> bills/COL-bill-narrower.yaml <==",
        "FAIL  weaker than the law in force: purpose_compel_act_or_omission (present to absent)",
        "==> bills/COL-bill.yaml <==",
        "PASS  no element weaker than in COL",
    ]


def test_several_bills_are_tables_only(runner: CliRunner) -> None:
    bills = [str(ROOT / "examples" / "COL-bill.yaml"), str(ROOT / "examples" / "COL-bill.yaml")]
    code, _, err = run(runner, "check", *bills, "--fail-on-loss", "--format", "json")
    assert code == 2
    assert err == (
        "legcompare: error: several bills are reported as tables;"
        " for --format or -o give one bill\n"
    )
