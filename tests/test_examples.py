"""Example files: each invalid fixture fails with its rule at its line; valid ones pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from legcompare.corpus import DataDir
from legcompare.validate import has_errors

from conftest import DATA, INVALID, WARNING, expected_findings

VALID = sorted((DATA / "valid").glob("*.yaml"))


@pytest.mark.parametrize("path", INVALID + WARNING, ids=lambda p: p.stem)
def test_example_has_exactly_its_findings(path: Path, corpus: DataDir, tmp_path: Path) -> None:
    # Checked under the name its code asks for, so that only what the fixture breaks is found.
    named = tmp_path / "XYZ.yaml"
    named.write_bytes(path.read_bytes())
    _, findings = corpus.check(str(named))
    assert sorted((f.rule, f.line) for f in findings) == sorted(expected_findings(path))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_example_passes(path: Path, corpus: DataDir) -> None:
    _, findings = corpus.check(str(path))
    assert findings == []


def test_there_are_enough_examples() -> None:
    assert len(INVALID) >= 20 and VALID


@pytest.mark.parametrize(
    "path", sorted(Path(__file__).parent.parent.glob("countries/*.yaml")), ids=lambda p: p.stem
)
def test_every_shipped_encoding_validates(path: Path, corpus: DataDir) -> None:
    _, findings = corpus.check(str(path))
    assert not has_errors(findings), "\n".join(f.format() for f in findings)
