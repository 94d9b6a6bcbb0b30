"""The exception family: raised only when the tool cannot continue; bad data becomes Findings."""

from __future__ import annotations

from collections.abc import Iterable


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """'; did you mean X?' for the choice closest to `value` in any case, or nothing: the hint
    of every usage error about an unknown name."""
    import difflib

    by_key = {choice.casefold(): choice for choice in choices}
    close = difflib.get_close_matches(value.casefold(), list(by_key), n=1, cutoff=0.6)
    return f"; did you mean {by_key[close[0]]!r}?" if close else ""


class LegcompareError(Exception):
    """Base class. `exit_code` is what the CLI exits with when this reaches it."""

    exit_code = 2


class UsageError(LegcompareError):
    """The command was given something it cannot use (unknown code, bad option value)."""


class InputError(LegcompareError):
    """A file outside `validate` could not be read or is not a valid encoding."""

    def __init__(self, message: str, findings: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.findings = findings


class DataError(LegcompareError):
    """The catalogue or schema shipped with the tool is missing or broken."""
