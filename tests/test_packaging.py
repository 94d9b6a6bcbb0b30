"""The wheel carries the corpus: installed in a fresh venv, it works from outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_repository(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(dist), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = dist.glob("legcompare-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    # The new environment borrows the test environment's dependencies (not legcompare itself:
    # the wheel's copy comes first on sys.path) so that the test needs no network.
    purelib = Path(sysconfig.get_paths()["purelib"])
    (site_packages(python) / "deps.pth").write_text(f"{purelib}\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "LEGCOMPARE_DATA"}
    env["PYTHONPATH"] = ""
    exe = env_dir / "bin" / "legcompare"
    listed = subprocess.run(
        [str(exe), "list", "--format", "csv"], cwd=outside, env=env, capture_output=True, text=True
    )
    assert listed.returncode == 0, listed.stderr
    assert "ITA" in listed.stdout and "COL" in listed.stdout and "USA" in listed.stdout
    checked = subprocess.run(
        [str(exe), "validate"], cwd=outside, env=env, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    where = subprocess.run(
        [str(python), "-c", "import legcompare.corpus as c; print(c.locate().origin)"],
        cwd=outside, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert where.stdout.strip() == "packaged"


def site_packages(python: Path) -> Path:
    out = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(out.stdout.strip())
