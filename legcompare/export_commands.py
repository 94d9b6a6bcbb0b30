"""The research export: `legcompare export DIR [--sqlite FILE]`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from legcompare.app import DataOpt, RegionOpt, app, data_dir, exit_if_skipped, load_corpus
from legcompare.errors import UsageError


@app.command()
def export(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR", help="Write a data package here (CSV tables + datapackage.json)."
        ),
    ] = None,
    sqlite: Annotated[
        Path | None,
        typer.Option(
            "--sqlite",
            metavar="FILE",
            help="Also write the tables to a SQLite file, with full-text search and a "
            "Datasette metadata.json beside it.",
            dir_okay=False,
        ),
    ] = None,
    region: RegionOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write into a folder that already has files.")
    ] = False,
    data: DataOpt = None,
) -> None:
    """The corpus as tidy tables for pandas, R, DuckDB or Datasette, described by a Frictionless
    data package: jurisdictions, elements, answers, provisions, sources and scores.

    datapackage.json's `version` is the corpus version (legcompare's release + a fingerprint of
    the encodings), beside `catalogue_version`; the SQLite file has them in its table metadata.

    Example: legcompare export out/ --sqlite out/legcompare.db
    """
    from legcompare.export import write_package, write_sqlite
    from legcompare.scoring import Scorer
    from legcompare.versions import versions

    if folder is None and sqlite is None:
        raise UsageError("give a folder for the data package, --sqlite FILE, or both")
    if folder is not None and folder.exists():
        if not folder.is_dir():
            raise UsageError(f"{folder} is not a folder")
        if any(folder.iterdir()) and not force:
            raise UsageError(f"{folder} is not empty; use --force to write into it")
    corpus = data_dir(data)
    jurisdictions, skipped = load_corpus(corpus, region)
    scorer = Scorer(corpus.catalogue)
    laws = [(j, scorer(j)) for j in jurisdictions]
    version = versions(corpus)["corpus_version"]
    written = []
    try:
        if folder is not None:
            written.append(
                write_package(folder, laws, corpus.catalogue, corpus.schema, corpus_version=version)
            )
        if sqlite is not None:
            if sqlite.parent and not sqlite.parent.exists():
                sqlite.parent.mkdir(parents=True)
            write_sqlite(sqlite, laws, corpus.catalogue, corpus.schema, corpus_version=version)
            written.append(sqlite)
    except OSError as exc:
        raise UsageError(f"cannot write the export: {exc.strerror or exc}") from exc
    for path in written:
        typer.echo(f"wrote {path}", err=True)
    exit_if_skipped(skipped)
