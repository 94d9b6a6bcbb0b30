"""HTML output: one self-contained, autoescaped page (no external assets), readable in print."""

from __future__ import annotations

from typing import Any

from legcompare import __version__
from legcompare.compare import Matrix, format_ceiling
from legcompare.gaps import CheckResult
from legcompare.model import Diff, GapReport
from legcompare.render import Options
from legcompare.render.data import tables, to_data

STATUS_SYMBOLS = {
    "present": "●",
    "partial": "◐",
    "absent": "○",
    "unclear": "?",
    "not_applicable": "–",
}


def _title(result: object) -> str:
    if isinstance(result, GapReport):
        return f"Gap report: {result.name} ({result.code})"
    if isinstance(result, Diff):
        return f"{result.a} compared with {result.b}"
    if isinstance(result, Matrix):
        return "Kidnapping law coverage matrix"
    if isinstance(result, CheckResult):
        return f"Bill check: {result.report.name}"
    return "legcompare report"


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("legcompare", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["ceiling"] = format_ceiling
    return env


def render(result: object, options: Options) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=_title(result),
        kind=type(result).__name__,
        result=result,
        data=to_data(result, options.catalogue),
        tables=tables(result, options.catalogue, wide=options.wide),
        catalogue=options.catalogue,
        symbols=STATUS_SYMBOLS,
        wide=options.wide,
        version=__version__,
    )
