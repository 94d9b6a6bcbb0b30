"""The shipped corpus: coverage of regions and legal systems, provenance, and the status table."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from typer.testing import CliRunner

from legcompare.cli import app
from legcompare.corpus import DataDir
from legcompare.model import Jurisdiction, Status
from legcompare.schema import schema_choices

from conftest import ROOT


@pytest.fixture(scope="module")
def laws(corpus: DataDir) -> list[Jurisdiction]:
    jurisdictions, problems = corpus.load_all()
    assert problems == []
    return jurisdictions


def test_regional_and_legal_system_spread(laws: list[Jurisdiction], corpus: DataDir) -> None:
    national = [j for j in laws if not j.is_subnational]
    regions = Counter(j.region for j in national)
    systems = Counter(j.legal_system for j in national)
    assert len(national) >= 30
    assert len([j for j in laws if j.is_subnational]) >= 3
    assert regions["Africa"] >= 6 and regions["Americas"] >= 7 and regions["Asia"] >= 7
    assert regions["Europe"] >= 7 and regions["Oceania"] >= 2
    for system in schema_choices(corpus.schema, "legal_system"):
        assert systems[system] >= 3, systems


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


# The corpus targets of the current-law work (issue 10): few unknowns, and a file that stays
# mostly unknown is listed with its reason rather than passed off as a finding about the law.
CORPUS_UNCLEAR_MAX = 12.0
FILE_UNCLEAR_MAX = 30.0


def _incomplete_listed() -> set[str]:
    """The codes named in bold under the README's "Incomplete encodings" heading."""
    readme = (ROOT / "countries" / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Incomplete encodings\n(.*?)(?=^## )", readme, re.S | re.M)
    assert section, "countries/README.md lacks its 'Incomplete encodings' section"
    return set(re.findall(r"\*\*([A-Z]{2,3}(?:-[A-Z0-9]{1,3})?)\*\*", section.group(1)))


def test_unclear_answers_stay_within_the_targets(laws: list[Jurisdiction]) -> None:
    """Files over 30% unclear are listed with their reason; the others hold to 12% together.

    The share over the whole corpus, listed files included, is printed (`pytest -s`) and is
    also in `legcompare list --format json` under `corpus`.
    """
    listed = _incomplete_listed()
    over = {j.code: j.unclear_share for j in laws if j.unclear_share > FILE_UNCLEAR_MAX}
    assert set(over) <= listed, f"over {FILE_UNCLEAR_MAX}% unclear and not listed: {over}"
    assert listed <= {j.code for j in laws}, "countries/README.md lists an unknown code"
    for name, chosen in (("corpus", laws), ("unlisted", [j for j in laws if j.code not in listed])):
        answers = sum(len(j.answers) for j in chosen)
        unclear = sum(j.status_counts()["unclear"] for j in chosen)
        print(f"{name}: {unclear} of {answers} answers unclear ({100 * unclear / answers:.1f}%)")
    assert 100 * unclear / answers <= CORPUS_UNCLEAR_MAX


def test_every_source_is_pinned_and_versioned(laws: list[Jurisdiction]) -> None:
    for j in laws:
        for source in j.sources:
            assert source.version, (j.code, source.id)
            if source.url and "github.com" in source.url:
                assert re.search(r"/[0-9a-f]{40}(/|$)", source.url), (j.code, source.id)
            if source.library:
                assert source.sha256 and len(source.sha256) == 64, (j.code, source.id)
