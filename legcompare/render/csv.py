"""CSV output: the result's main table in UTF-8, with spreadsheet formula injection neutralised."""

from __future__ import annotations

import csv
import io

from legcompare.render import Options
from legcompare.render.data import Cell, tables

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FIRST = frozenset(_FORMULA_STARTS)


def neutralise(cell: Cell) -> Cell:
    """Prefix a formula-like text cell with an apostrophe so it is shown, never evaluated."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def _safe_row(row: tuple[Cell, ...]) -> tuple[Cell, ...] | list[Cell]:
    """The row with every formula-like cell neutralised and booleans spelled true/false, as in
    JSON and the data package (the row itself when there is nothing to change)."""
    for cell in row:
        if (cell.__class__ is str and cell[:1] in _FIRST) or cell.__class__ is bool:
            return [spell_boolean(c) if c.__class__ is bool else neutralise(c) for c in row]
    return row


def spell_boolean(value: object) -> str:
    """The one CSV spelling of a boolean, as in JSON: true or false."""
    return "true" if value else "false"


def render(result: object, options: Options) -> str:
    main = tables(result, options.catalogue, wide=options.wide)[0]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(main.headers)
    writer.writerows(map(_safe_row, main.rows))
    text = buffer.getvalue()
    if "\r" not in text:
        return text
    # The writer quotes a field only for the characters of its own line terminator, but a
    # spreadsheet also ends a row at a bare carriage return, and the text after it, starting a
    # row of its own, may run as a formula. Rows holding one are written fully quoted.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(main.headers)
    for row in map(_safe_row, main.rows):
        has_cr = any(cell.__class__ is str and "\r" in cell for cell in row)
        (quoted if has_cr else writer).writerow(row)
    return buffer.getvalue()
