"""Output formats: one module per format, all with the signature `render(result, options)`; a
module whose text can be made a piece at a time also has `pieces(result, options)`.

The registry maps a format name to its module; modules are imported only when used, so that
`--help` and `--version` stay fast. Adding a format is one module and one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from legcompare.errors import UsageError

if TYPE_CHECKING:  # the model is imported by the renderers, not by `--help` or `--version`
    from legcompare.model import Catalogue

RENDERERS: dict[str, str] = {
    "table": "legcompare.render.text",
    "json": "legcompare.render.json",
    "csv": "legcompare.render.csv",
    "markdown": "legcompare.render.markdown",
    "html": "legcompare.render.html",
}
FORMATS = tuple(RENDERERS)
# Formats for findings only (`validate`, `verify`), read by CI systems: GitHub workflow
# annotations and SARIF 2.1.0 (code scanning). Only those commands offer them.
FINDINGS_RENDERERS: dict[str, str] = {
    "github": "legcompare.render.github",
    "sarif": "legcompare.render.sarif",
}
FINDINGS_FORMATS = FORMATS + tuple(FINDINGS_RENDERERS)


class Memo(Protocol):
    """Where a renderer may keep what it made from one encoding file, for the next run to reuse
    while the file is unchanged (the cache, `legcompare.cache.Cache`). `variant` names everything
    else the text depends on."""

    def recall(self, paths: Sequence[str], variant: str) -> Iterator[str | None]: ...

    def keep(self, path: str, variant: str, text: str) -> None: ...


@dataclass(frozen=True)
class Options:
    """What a renderer may need beyond the result itself."""

    catalogue: Catalogue
    wide: bool = (
        False  # matrix CSV: one row per jurisdiction; diff: every element, not only changes
    )
    color: bool = False
    # `table` for a console with neither colour nor a width limit: laid out without rich when
    # the result has a plain layout (legcompare.render.plain), else by rich as ever.
    plain: bool = False
    memo: Memo | None = None


def render(result: object, fmt: str, options: Options, *, pieces: bool = False) -> Any:
    """Render a result in a format: a string, or a rich renderable for `table`. With `pieces`,
    a format that can make its text a piece at a time (CSV: a jurisdiction's rows at a time)
    gives an iterator of them instead, so that a large output is written as it is made."""
    if fmt not in RENDERERS and fmt not in FINDINGS_RENDERERS:
        raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "table" and options.plain:
        from legcompare.render.plain import plain

        text = plain(result, options.catalogue)
        if text is not None:
            return text
    module = importlib.import_module({**RENDERERS, **FINDINGS_RENDERERS}[fmt])
    if pieces and hasattr(module, "pieces"):
        return module.pieces(result, options)
    return module.render(result, options)
