"""The Makefile and the documentation as a new user meets them: `make run` installs the package
only and ends with the matrix, both pytest passes of `make test` print their count, and the
README links only to files in the repository."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(target: str, venv: Path) -> list[str]:
    """The commands `make TARGET` runs from scratch (-n: printed, not run) with `venv` as .venv."""
    done = subprocess.run(
        ["make", "-n", "-B", target, f"VENV={venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()


@needs_make
def test_make_run_installs_the_package_only_and_ends_with_the_matrix(tmp_path: Path) -> None:
    commands = dry_run("run", tmp_path / "v")
    installs = [c for c in commands if " pip install " in c and "--upgrade pip" not in c]
    assert installs == [f"{tmp_path}/v/bin/python -m pip install --quiet -e ."]
    shown = [c for c in commands if "/bin/legcompare " in c and not c.startswith("echo")]
    assert shown[-1] == f"{tmp_path}/v/bin/legcompare matrix"
    assert not any(" gaps " in c for c in shown), "a gap report scrolls the matrix away"


@needs_make
def test_both_pytest_passes_of_make_test_print_their_count(tmp_path: Path) -> None:
    """pytest prints 'N passed' at -q but not at -qq: addopts already holds one -q."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    addopts = re.search(r'^addopts = "(.*)"$', pyproject, re.MULTILINE)
    assert addopts, "pyproject.toml has no pytest addopts line"
    passes = [c for c in dry_run("test", tmp_path / "v") if re.search(r"/bin/pytest\b", c)]
    assert len(passes) == 2, passes
    for command in passes:
        quiet = sum(
            word.count("q")
            for word in f"{addopts[1]} {command}".split()
            if re.fullmatch(r"-q+", word)
        )
        assert quiet <= 1, command


# A Markdown link's target, or a file named in code with a path (`../shared/DESIGN.md`).
LINK = re.compile(r"\]\(([^)\s]+)\)|`(\.\./[^`\s]+\.[a-z]+)`")


def test_the_documentation_links_only_inside_the_repository() -> None:
    pages = [ROOT / "README.md", ROOT / "CODEBOOK.md", *sorted(ROOT.glob("*/README.md"))]
    pages += sorted((ROOT / "docs").glob("*.md"))
    for page in pages:
        for match in LINK.finditer(page.read_text(encoding="utf-8")):
            target = match[1] or match[2]
            if re.match(r"[a-z]+:|#", target):
                continue  # a web address or an anchor
            path = (page.parent / target.split("#")[0]).resolve()
            where = f"{page.relative_to(ROOT)} links to {target}"
            assert path.is_relative_to(ROOT.resolve()), f"{where}: outside the repository"
            assert path.exists(), f"{where}: no such file"
