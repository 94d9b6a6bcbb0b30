"""The reliability study: its README reports the agreement the files give today."""

from __future__ import annotations

import re

import pytest

from legcompare.agreement import agree
from legcompare.corpus import DataDir

from conftest import ROOT

README = ROOT / "reliability" / "README.md"
ROW = re.compile(
    r"^\| (?P<code>[A-Z]{3}) \|(?:[^|]*\|){6} (?P<after>[\d.]+) \| (?P<kappa>[\d.]*) \|$", re.M
)


def _rows() -> list[re.Match[str]]:
    return list(ROW.finditer(README.read_text(encoding="utf-8")))


def test_the_study_covers_at_least_ten_jurisdictions() -> None:
    codes = {m["code"] for m in _rows()}
    assert len(codes) >= 10, codes
    assert codes == {p.stem for p in (ROOT / "reliability").glob("*.yaml")}


@pytest.mark.parametrize("row", _rows(), ids=lambda m: m["code"])
def test_agreement_after_settling_is_current(row: re.Match[str], corpus: DataDir) -> None:
    code = row["code"]
    first = corpus.load(str(ROOT / "countries" / f"{code}.yaml"))
    second = corpus.load(str(ROOT / "reliability" / f"{code}.yaml"))
    result = agree(first, second, corpus.catalogue)
    assert f"{result.percent:.1f}" == row["after"], "regenerate reliability/README.md"
    assert (f"{result.kappa:.3f}" if result.kappa is not None else "") == row["kappa"]
