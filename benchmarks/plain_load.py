"""Baseline for the large-corpus rows: parse every YAML file in DIR with PyYAML's C loader.

This is the least any tool must do to read the corpus (no positions, limits, validation or
output), so legcompare's cold run is measured against it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def main(directory: str) -> None:
    for path in sorted(Path(directory).glob("*.yaml")):
        with open(path, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)


if __name__ == "__main__":
    main(sys.argv[1])
