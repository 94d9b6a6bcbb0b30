"""The shipped corpus: coverage of regions and legal systems, provenance, and the status table."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from typer.testing import CliRunner

from legcompare.cli import app
from legcompare.corpus import DataDir
from legcompare.model import Jurisdiction, Status

from conftest import ROOT


@pytest.fixture(scope="module")
def laws(corpus: DataDir) -> list[Jurisdiction]:
    jurisdictions, problems = corpus.load_all()
    assert problems == []
    return jurisdictions


def test_regional_and_legal_system_spread(laws: list[Jurisdiction]) -> None:
    national = [j for j in laws if not j.is_subnational]
    regions = Counter(j.region for j in national)
    systems = Counter(j.legal_system for j in national)
    assert len(national) >= 30
    assert len([j for j in laws if j.is_subnational]) >= 3
    assert regions["Africa"] >= 6 and regions["Americas"] >= 7 and regions["Asia"] >= 7
    assert regions["Europe"] >= 7 and regions["Oceania"] >= 2
    for system in ("civil_law", "common_law", "mixed", "islamic_law"):
        assert systems[system] >= 2, systems


def test_provenance(laws: list[Jurisdiction]) -> None:
    for j in laws:
        if j.confidence == "high":
            assert any(s.url for s in j.sources), j.code
        assert all(s.retrieved for s in j.sources), j.code
        for element_id, answer in j.answers.items():
            if answer.status in {Status.PRESENT, Status.PARTIAL}:
                assert answer.provisions and answer.quote, (j.code, element_id)
                for ref in answer.provisions:
                    provision = j.provision(ref)
                    assert provision is not None and provision.text, (j.code, ref)
        if j.is_subnational:
            assert j.parent and j.code.startswith(j.parent[:2]), j.code


def test_status_table_is_current() -> None:
    readme = (ROOT / "countries" / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- status:start -->\n(.*)<!-- status:end -->", readme, re.S)
    assert found, "countries/README.md lacks its status markers"
    result = CliRunner().invoke(app, ["list", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert found.group(1) == result.stdout, (
        "countries/README.md is stale: paste `legcompare list --format markdown` between its "
        "status markers"
    )
