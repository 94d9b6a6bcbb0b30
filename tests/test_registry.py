"""The registry of finding ids: every id a finding carries is declared once, listed, and tested."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from legcompare.cli import app
from legcompare.corpus import DataDir
from legcompare.model import Severity
from legcompare.registry import REGISTRY, declare, listed

from conftest import DATA, INVALID, ROOT, WARNING, expected_findings

FIXTURES = sorted(
    [*DATA.glob("*/*.yaml"), *ROOT.glob("countries/*.yaml"), *ROOT.glob("countries/history/*/*")]
)


def test_every_finding_carries_a_declared_id_with_its_severity(corpus: DataDir) -> None:
    listed("load")  # imports every declaring module
    seen: set[str] = set()
    for path in FIXTURES:
        for finding in corpus.check(str(path))[1]:
            info = REGISTRY.get(finding.rule)
            assert info is not None, f"{path}: undeclared finding id {finding.rule!r}"
            assert finding.severity is info.severity, (path, finding.rule)
            seen.add(finding.rule)
    assert len(seen) >= 20


def test_every_named_rule_has_an_example_that_breaks_it_alone() -> None:
    exercised = {rule for path in INVALID + WARNING for rule, _ in expected_findings(path)}
    missing = {info.id for info in listed("rule")} - exercised
    assert not missing, f"rules without an example in tests/data/invalid or warning: {missing}"


def test_warnings_are_declared_as_warnings() -> None:
    warnings = {info.id for info in listed("rule") if info.severity is Severity.WARNING}
    assert warnings == {rule for path in WARNING for rule, _ in expected_findings(path)}


def test_validate_rules_lists_every_id_but_verify_checks(runner: CliRunner) -> None:
    r = runner.invoke(app, ["validate", "--rules"])
    assert r.exit_code == 0, r.output
    ids = [line.split()[0] for line in r.stdout.splitlines()]
    assert ids == [info.id for info in listed("load", "schema", "rule")]
    assert set(ids) | {info.id for info in listed("verify")} == set(REGISTRY)
    assert all(line.split()[1] in {"error", "warning"} for line in r.stdout.splitlines())
    assert "yaml-tag" in ids and "not-a-mapping" in ids and "unknown-key" in ids


def test_an_id_is_declared_once_and_described() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        declare("yaml-syntax", "load", "again")
    with pytest.raises(ValueError, match="needs a description"):
        declare("never-described", "rule", None)
    with pytest.raises(ValueError, match="unknown stage"):
        declare("nowhere", "compile", "text")
    assert "never-described" not in REGISTRY and "nowhere" not in REGISTRY


def test_the_example_folders_exist() -> None:
    assert len(INVALID) >= 25 and len(WARNING) >= 2
    assert all(Path(p).exists() for p in FIXTURES)
