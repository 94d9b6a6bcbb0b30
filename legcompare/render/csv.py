"""CSV output: the result's main table in UTF-8, with spreadsheet formula injection neutralised."""

from __future__ import annotations

import csv
import io

from legcompare.render import Options
from legcompare.render.data import Cell, tables

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Cell) -> Cell:
    """Prefix a formula-like text cell with an apostrophe so it is shown, never evaluated."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def render(result: object, options: Options) -> str:
    main = tables(result, options.catalogue, wide=options.wide)[0]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(main.headers)
    writer.writerows([neutralise(c) for c in row] for row in main.rows)
    return buffer.getvalue()
