"""Output formats: one module per format, all with the signature `render(result, options)`.

The registry maps a format name to its module; modules are imported only when used, so that
`--help` and `--version` stay fast. Adding a format is one module and one line here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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


def render(result: object, fmt: str, options: Options) -> Any:
    """Render a result in a format: a string, or a rich renderable for `table`."""
    if fmt in FINDINGS_RENDERERS:
        module = importlib.import_module(FINDINGS_RENDERERS[fmt])
        return module.render(result, options)
    if fmt not in RENDERERS:
        raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "table" and options.plain:
        from legcompare.render.plain import plain

        text = plain(result, options.catalogue)
        if text is not None:
            return text
    module = importlib.import_module(RENDERERS[fmt])
    return module.render(result, options)
