"""Shared fixtures: the repository's corpus, a CLI runner, and small hand-built objects."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from legcompare.corpus import DataDir, locate
from legcompare.model import Catalogue, Element, Jurisdiction

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def corpus() -> DataDir:
    return locate(None)


@pytest.fixture(scope="session")
def catalogue(corpus: DataDir) -> Catalogue:
    return corpus.catalogue


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def fixture_law(corpus: DataDir) -> Jurisdiction:
    return corpus.load(str(DATA / "valid" / "XYZ.yaml"))


def tiny_catalogue() -> Catalogue:
    """Three elements with weights chosen so scores can be checked by hand."""
    return Catalogue(
        "0.0.1",
        (
            Element("a", "A", "Does the law do A?", "definition", core=True, weight=3),
            Element("b", "B", "Does the law do B?", "purpose", core=True, weight=1),
            Element("c", "C", "Does the law do C?", "victims", core=False, weight=4),
        ),
    )
