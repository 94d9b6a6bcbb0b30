"""Shared fixtures: the repository's corpus, a CLI runner, and small hand-built objects."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legcompare.corpus import DataDir, locate
from legcompare.model import Answer, Catalogue, Element, Jurisdiction, Status

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
XYZ = (DATA / "valid" / "XYZ.yaml").read_text(encoding="utf-8")  # a valid encoding's text
INVALID = sorted((DATA / "invalid").glob("*.yaml"))
WARNING = sorted((DATA / "warning").glob("*.yaml"))
_EXPECT = re.compile(r"(?P<rule>[a-z-]+) line (?P<line>\d+)")


def expected_findings(path: Path) -> list[tuple[str, int]]:
    """The findings an example file's first line promises: `# expect: RULE line N, RULE line M`."""
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("# expect: "), f"{path.name} lacks an '# expect: RULE line N' header"
    return [(m["rule"], int(m["line"])) for m in _EXPECT.finditer(header)]


def pytest_configure(config: pytest.Config) -> None:
    """Keep the tests' cache of checked encodings out of the user's own cache directory.

    `make test` runs the suite twice: with the cache (here, in a temporary folder) and with
    LEGCOMPARE_NO_CACHE=1, so that every test passes both ways.
    """
    folder = tempfile.mkdtemp(prefix="legcompare-test-cache-")
    config.stash[_CACHE_KEY] = folder
    os.environ["LEGCOMPARE_CACHE_DIR"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_CACHE_KEY, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


_CACHE_KEY = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def corpus() -> DataDir:
    return locate(None)


@pytest.fixture(scope="session")
def catalogue(corpus: DataDir) -> Catalogue:
    return corpus.catalogue


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    """A command through the CLI: its exit code, stdout and stderr."""
    from legcompare.cli import app

    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


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


def law(code: str, **statuses: str) -> Jurisdiction:
    """A jurisdiction answering the tiny catalogue's elements with the given statuses."""
    return Jurisdiction(
        code=code, name=code, region="Europe", subregion=None, legal_system="civil_law",
        kind="law", as_of=None, confidence="high", sources=(), provisions=(),
        answers={k: Answer(k, Status(v)) for k, v in statuses.items()},
    )  # fmt: skip


def xyz_with_history(root: Path) -> Path:
    """A corpus at `root` holding XYZ now (as of 2024-01-01) and as of 2015-06-30, when
    covers_express_kidnapping was unclear instead of absent."""
    countries = root / "countries"
    (countries / "history" / "XYZ").mkdir(parents=True)
    (countries / "XYZ.yaml").write_text(XYZ, encoding="utf-8")
    old = XYZ.replace("as_of: 2024-01-01", "as_of: 2015-06-30").replace(
        "    status: absent\n    searched: [code]\n", "    status: unclear\n", 1
    )
    (countries / "history" / "XYZ" / "2015-06-30.yaml").write_text(
        old.replace("$schema=../../../elements", "$schema=../../../../elements"), encoding="utf-8"
    )
    return root
