"""Commands over time: `history` (one law's versions) and `trends` (the corpus year by year)."""

from __future__ import annotations

from typing import Annotated

import typer

from legcompare.app import (
    Color,
    ColorOpt,
    DataOpt,
    FormatOpt,
    MinCompletenessOpt,
    OutputOpt,
    RegionOpt,
    app,
    data_dir,
    emit,
    exit_if_skipped,
    load_corpus,
)
from legcompare.errors import UsageError
from legcompare.limits import MIN_COMPLETENESS


@app.command("history")
def history_(
    code: Annotated[str, typer.Argument(metavar="CODE", help="A corpus code (IDN, DEU, US-NY).")],
    min_completeness: MinCompletenessOpt = MIN_COMPLETENESS,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """A law over time: every version with its scores, and what changed from one to the next.

    Versions are countries/history/CODE/YYYY-MM-DD.yaml and the current countries/CODE.yaml.

    Example: legcompare history IDN

    Example: legcompare history DEU --format csv -o DEU-history.csv
    """
    from legcompare.corpus import CODE_RE
    from legcompare.timeline import history

    if not CODE_RE.match(code.upper()):
        raise UsageError(f"history takes a corpus code (like DEU), not {code!r}")
    corpus = data_dir(data)
    current = corpus.resolve(code)
    versions = [corpus.load(path) for path in corpus.versions(code).values()]
    if not versions:
        raise UsageError(f"{code.upper()} has no dated version (its file has no valid as_of)")
    result = history(versions, corpus.catalogue, current=current, min_completeness=min_completeness)
    emit(result, fmt, output, color, corpus)


@app.command()
def trends(
    region: RegionOpt = None,
    first: Annotated[
        int | None,
        typer.Option("--from", metavar="YEAR", help="First year (default: the oldest version)."),
    ] = None,
    last: Annotated[
        int | None,
        typer.Option("--to", metavar="YEAR", help="Last year (default: the newest version)."),
    ] = None,
    min_completeness: MinCompletenessOpt = MIN_COMPLETENESS,
    include_incomplete: Annotated[
        bool,
        typer.Option("--include-incomplete", help="Count laws below --min-completeness too."),
    ] = False,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Coverage year by year: how many laws, the spread of their scores, each element's share.

    A year counts each national law as in force on 31 December (with `since` years filling in
    between versions); laws below --min-completeness are left out unless asked for. CSV is
    tidy: one row per year and measure.

    Example: legcompare trends --from 2000

    Example: legcompare trends --region Americas --format html -o trends.html
    """
    from legcompare.timeline import trends as build

    if first is not None and last is not None and first > last:
        raise UsageError(f"--from {first} is after --to {last}")
    corpus = data_dir(data)
    versions, skipped = load_corpus(corpus, region, history=True)
    result = build(
        versions,
        corpus.catalogue,
        region=region,
        first=first,
        last=last,
        min_completeness=min_completeness,
        include_incomplete=include_incomplete,
    )
    emit(result, fmt, output, color, corpus)
    exit_if_skipped(skipped)
