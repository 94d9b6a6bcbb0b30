"""Example files: each invalid fixture fails with its rule at its line; valid ones pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from legcompare.corpus import DataDir
from legcompare.validate import has_errors

from conftest import DATA

INVALID = sorted((DATA / "invalid").glob("*.yaml"))
VALID = sorted((DATA / "valid").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (?P<rule>[a-z-]+)(?: line (?P<line>\d+))?")


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_example_fails_with_its_rule(path: Path, corpus: DataDir) -> None:
    header = path.read_text(encoding="utf-8").splitlines()[0]
    expected = EXPECT.match(header)
    assert expected, f"{path.name} lacks an '# expect: RULE line N' header"
    _, findings = corpus.check(str(path))
    found = [(f.rule, f.line) for f in findings]
    wanted_line = int(expected["line"]) if expected["line"] else None
    assert any(
        rule == expected["rule"] and (wanted_line is None or line == wanted_line)
        for rule, line in found
    ), found


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
