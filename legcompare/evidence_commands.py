"""Commands that check the evidence behind the answers: `verify` and `agree`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from legcompare.app import (
    Color,
    ColorOpt,
    DataOpt,
    FindingsFormatOpt,
    FormatOpt,
    OutputOpt,
    app,
    data_dir,
    emit,
    iter_with_progress,
)
from legcompare.errors import UsageError

LIBRARY_ENV = "LEGCOMPARE_LIBRARY"


@app.command()
def verify(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH...",
            help="Encodings to verify (default: the corpus and its history).",
            readable=False,
        ),
    ] = None,
    library: Annotated[
        Path | None,
        typer.Option(
            "--library",
            "-L",
            metavar="DIR",
            help=f"The statute library folder (default: ${LIBRARY_ENV}).",
            file_okay=False,
        ),
    ] = None,
    checks: Annotated[bool, typer.Option("--checks", help="List the checks and exit.")] = False,
    data: DataOpt = None,
    fmt: FindingsFormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Re-check quotes and provision texts against the statute library they were read from.

    For every source with `library` and `sha256`: the file still has that hash, every cited
    provision's text occurs in it, and every quote occurs in its provision's text (whitespace,
    case, typography and Markdown folded). Exit 0 when all hold, 1 on any drift, 2 on a usage
    error.

    Example: legcompare verify --library ../shared/sources countries/DEU.yaml
    """
    from legcompare.commands import _expand
    from legcompare.corpus import load_raw
    from legcompare.model import FileResult, ValidationReport
    from legcompare.registry import listed
    from legcompare.verify import Library, verify_document

    if checks:
        for info in listed("verify"):
            typer.echo(info.line())
        return
    root = library or (Path(os.environ[LIBRARY_ENV]) if os.environ.get(LIBRARY_ENV) else None)
    if root is None:
        raise UsageError(f"no statute library: give --library DIR or set {LIBRARY_ENV}")
    if not root.is_dir():
        raise UsageError(f"the statute library {root} is not a folder")
    corpus = data_dir(data)
    files = _expand(paths) if paths else [str(p) for p in corpus.encoding_paths()]
    shelf = Library(root)
    results = (FileResult(f, tuple(verify_document(load_raw(f), shelf))) for f in files)
    report = ValidationReport(tuple(iter_with_progress(results, len(files))), stages=("verify",))
    emit(report, fmt, output, color, corpus)
    if report.errors:
        raise typer.Exit(1)


@app.command()
def agree(
    a: Annotated[
        str, typer.Argument(metavar="A", help="The first coding: a corpus code or a YAML file.")
    ],
    b: Annotated[
        str, typer.Argument(metavar="B", help="The second coding: a corpus code or a YAML file.")
    ],
    all_: Annotated[
        bool, typer.Option("--all", help="List every element, not only the disagreements.")
    ] = False,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Agreement between two codings of the same law: percent, Cohen's kappa, disagreements.

    Kappa is computed over the five statuses, and again over covered (present or partial)
    versus absent for the elements both coders answered with one of those.

    Example: legcompare agree DEU reliability/DEU.yaml
    """
    from legcompare.agreement import agree as compare_codings

    corpus = data_dir(data)
    first, second = corpus.load(a), corpus.load(b)
    if first.code != second.code:
        typer.echo(
            f"legcompare: note: comparing codings of different jurisdictions"
            f" ({first.code}, {second.code})",
            err=True,
        )
    emit(compare_codings(first, second, corpus.catalogue), fmt, output, color, corpus, wide=all_)
