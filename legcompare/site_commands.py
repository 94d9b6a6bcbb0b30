"""The static website: `legcompare site DIR`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from legcompare.app import DataOpt, MinCompletenessOpt, app, data_dir, exit_if_skipped, load_corpus
from legcompare.errors import UsageError
from legcompare.limits import MIN_COMPLETENESS


@app.command()
def site(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="Write the site here (created when missing).")
    ],
    min_completeness: MinCompletenessOpt = MIN_COMPLETENESS,
    force: Annotated[
        bool, typer.Option("--force", help="Write into a folder that holds other files.")
    ] = False,
    data: DataOpt = None,
) -> None:
    """A static website of the corpus: the coverage heatmap with filters, a page per law (and
    per earlier version) and per element, a compare page, trends and search.

    Self-contained (no request leaves the page): open DIR/index.html, or copy DIR to any
    static host. A rebuild into the same folder replaces the previous site; a folder with
    other files needs --force.

    Example: legcompare site out/

    Example: legcompare site public/ --data ../my-corpus
    """
    from legcompare.site import build_site, check_folder, write_site

    check_folder(folder, force=force)
    corpus = data_dir(data)
    versions, skipped = load_corpus(corpus, history=True)
    current = {str(path) for path in corpus.paths()}
    pages = build_site(
        versions, corpus.catalogue, current=current, min_completeness=min_completeness
    )
    try:
        write_site(folder, pages, force=force)
    except OSError as exc:
        raise UsageError(f"cannot write the site into {folder}: {exc.strerror or exc}") from exc
    typer.echo(f"wrote {len(pages)} files; open {folder / 'index.html'}", err=True)
    exit_if_skipped(skipped)
