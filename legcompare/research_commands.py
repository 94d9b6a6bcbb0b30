"""Research views of the corpus: `iccs`, the concordance with the ICCS classification."""

from __future__ import annotations

from typing import Annotated

import typer

from legcompare.app import (
    AsOfOpt,
    Color,
    ColorOpt,
    DataOpt,
    FormatOpt,
    OutputOpt,
    RegionOpt,
    app,
    corpus_version_shown,
    data_dir,
    emit,
    exit_if_skipped,
    load_corpus,
)
from legcompare.errors import UsageError


@app.command()
def iccs(
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[CODE...]",
            help="Corpus codes or YAML files (default: every jurisdiction in the corpus).",
            show_default=False,
        ),
    ] = None,
    region: RegionOpt = None,
    as_of: AsOfOpt = None,
    wide: Annotated[
        bool,
        typer.Option("--wide", help="CSV: one row per jurisdiction, a column per exclusion."),
    ] = False,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Each jurisdiction's offence provisions mapped to ICCS codes, whether its law maps onto
    ICCS 020221 kidnapping (and why not), and what its offence takes in that ICCS 020221
    excludes (abduction of a minor, detention without movement, hostage taking; trafficking and
    illegal adoption are not recorded in the encodings, and are reported so).

    Codes are the provisions' `iccs` fields; each exclusion is read from one element's answer.

    Example: legcompare iccs --format csv -o iccs.csv

    Example: legcompare iccs COL ITA --format json
    """
    from dataclasses import replace

    from legcompare.iccs import concordance

    corpus = data_dir(data)
    if refs and (region or as_of):
        raise UsageError("--region and --as-of select from the corpus; give them without codes")
    if refs:
        jurisdictions, skipped = [corpus.load(ref) for ref in refs], 0
    else:
        jurisdictions, skipped = load_corpus(corpus, region, as_of)
    version = corpus_version_shown(corpus, fmt, output)
    report = replace(concordance(jurisdictions), corpus_version=version)
    emit(report, fmt, output, color, corpus, wide=wide)
    exit_if_skipped(skipped)
