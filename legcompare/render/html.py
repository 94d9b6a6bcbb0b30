"""HTML output: one self-contained, autoescaped page (no external assets), readable in print."""

from __future__ import annotations

from typing import Any

from legcompare import __version__
from legcompare.model import (
    CheckResult,
    Diff,
    Encoding,
    GapReport,
    History,
    IccsReport,
    Listing,
    Matrix,
    ScoreReport,
    Sensitivity,
    Status,
    Trends,
    format_ceiling,
)
from legcompare.render import Options
from legcompare.render.data import tables, to_data
from legcompare.scoring import format_range

# The status symbols and words of every HTML view (reports and the site); their colours are
# in templates/status.css.
STATUS_SYMBOLS = {status.value: status.symbol for status in Status}
STATUS_WORDS = {status.value: status.value.replace("_", " ") for status in Status}


def _title(result: object) -> str:
    if isinstance(result, GapReport):
        return f"Gap report: {result.name} ({result.code})"
    if isinstance(result, Diff):
        return f"{result.a} compared with {result.b}"
    if isinstance(result, Matrix):
        return "Kidnapping law coverage matrix"
    if isinstance(result, CheckResult):
        return f"Bill check: {result.report.name}"
    if isinstance(result, Encoding):
        j = result.jurisdiction
        return f"{j.name} ({j.code})"
    if isinstance(result, Listing):
        return "The jurisdictions in the corpus"
    if isinstance(result, ScoreReport):
        return "Scores: " + ", ".join(
            f"{j.name} ({s.code})" if j else s.code for j, s in result.laws
        )
    if isinstance(result, History):
        return f"History of {result.name} ({result.code})"
    if isinstance(result, IccsReport):
        return "ICCS concordance"
    if isinstance(result, Sensitivity):
        return "How the ranking depends on the weights"
    if isinstance(result, Trends):
        where = f" in {result.region}" if result.region else ""
        return f"Coverage of the minimum elements over time{where}"
    return "legcompare report"


def environment() -> Any:
    """The template environment of every HTML view: autoescaping, with the shared filters and
    the status symbols and words as globals (templates/macros.html.j2 uses them)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("legcompare", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["ceiling"] = format_ceiling
    env.globals["score_range"] = format_range
    env.globals["symbols"] = STATUS_SYMBOLS
    env.globals["words"] = STATUS_WORDS
    return env


def trends_chart(result: object) -> Any:
    """The SVG chart of a trends report (built here, so the template only places it); None for
    any other result, or when no year counts a law."""
    if not isinstance(result, Trends):
        return None
    from markupsafe import Markup

    from legcompare.render.chart import line_chart

    years = [y for y in result.years if y.codes]
    if not years:
        return None
    svg = line_chart(
        "Median scores of the laws in force at each year end",
        [y.year for y in years],
        [
            ("definition", [y.definition.median if y.definition else None for y in years]),
            ("framework", [y.framework.median if y.framework else None for y in years]),
            ("laws counted (% of most)", _counts(years)),
        ],
    )
    return Markup(svg)  # built by line_chart, which escapes every label


def _counts(years: list[Any]) -> list[float | None]:
    most = max(len(y.codes) for y in years)
    return [round(100 * len(y.codes) / most, 1) for y in years]


def render(result: object, options: Options) -> str:
    template = environment().get_template("report.html.j2")
    return template.render(
        chart=trends_chart(result),
        title=_title(result),
        kind=type(result).__name__,
        result=result,
        data=to_data(result, options.catalogue),
        tables=tables(result, options.catalogue, wide=options.wide),
        catalogue=options.catalogue,
        wide=options.wide,
        version=__version__,
    )
