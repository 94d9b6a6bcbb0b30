"""The command line's entry point: the app, with every command module registered on it."""

from __future__ import annotations

import gc

from legcompare import (
    commands,
    evidence_commands,
    export_commands,
    research_commands,
    time_commands,
)
from legcompare.app import app

COMMAND_MODULES = (
    commands,
    evidence_commands,
    export_commands,
    research_commands,
    time_commands,
)  # each registers on `app`

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    # A command is a short batch run that builds a large, acyclic corpus: the cyclic garbage
    # collector's full passes would rescan it again and again (10,000 encodings load 1.5x
    # slower). Young objects are still collected; full passes become rare.
    gc.set_threshold(100_000, 50, 100)
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
