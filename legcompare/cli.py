"""The command line's entry point: the app, whose group imports each command module when one of
its commands is needed (`legcompare.app.COMMANDS`)."""

from __future__ import annotations

import gc

from legcompare.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    # A command is a short batch run that builds a large corpus with no reference cycles, then
    # exits. The cyclic garbage collector would only rescan it again and again while it is
    # loaded and rendered (a fifth of a warm 10,000-file matrix); reference counting still frees
    # everything else at once, and what few cycles a command makes are freed at exit.
    gc.disable()
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
