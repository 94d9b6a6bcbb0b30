"""CI integrations: `validate --format github|sarif`, `--strict`, the pre-commit hooks."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from legcompare.model import FileResult, Finding, Severity, ValidationReport
from legcompare.registry import listed
from legcompare.render import FINDINGS_FORMATS, FORMATS, Options, render

from conftest import DATA, run, tiny_catalogue

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
