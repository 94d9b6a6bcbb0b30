"""CSV output: the result's main table in UTF-8, with spreadsheet formula injection neutralised."""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Iterable, Iterator

from legcompare.model import Matrix
from legcompare.render import Options
from legcompare.render.data import TIDY_HEADERS, Cell, tables, tidy_rows

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Cell) -> Cell:
    """Prefix a formula-like text cell with an apostrophe so it is shown, never evaluated."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def _safe_rows(rows: tuple[tuple[Cell, ...], ...]) -> Iterable[tuple[Cell, ...]]:
    """The rows with every formula-like cell neutralised and booleans spelled true/false, as in
    JSON and the data package.

    A tidy matrix has hundreds of thousands of rows, so the work is done a column at a time with
    built-in functions: a column is looked at cell by cell only when its types or the first
    characters of its texts say that something in it must change."""
    if not rows:
        return rows
    columns = list(zip(*rows, strict=True))
    changed = False
    for index, column in enumerate(columns):
        kinds = set(map(type, column))
        kinds.discard(type(None))
        if kinds == {float}:  # credits and weights: a few values, each spelt once, as csv would
            spelt = {value: repr(value) for value in set(column)}
            columns[index] = tuple(map(spelt.get, column, column))
        elif kinds <= _PLAIN:
            continue
        elif kinds == {bool}:
            columns[index] = tuple(map(_BOOLEAN_TEXT.get, column, column))
        elif kinds == {str} and _FIRST.isdisjoint(map(_first, filter(None, column))):
            continue
        else:
            columns[index] = tuple(
                spell_boolean(c) if c.__class__ is bool else neutralise(c) for c in column
            )
        changed = True
    return zip(*columns, strict=True) if changed else rows


_PLAIN = frozenset({int, float})
_BOOLEAN_TEXT: dict[object, str] = {True: "true", False: "false"}  # only for bool-only columns
_FIRST = frozenset(_FORMULA_STARTS)
_first = operator.itemgetter(0)  # a text's first character (empty texts are filtered out first)


def spell_boolean(value: object) -> str:
    """The one CSV spelling of a boolean, as in JSON: true or false."""
    return "true" if value else "false"


def render(result: object, options: Options) -> str:
    return "".join(pieces(result, options))


def pieces(result: object, options: Options) -> Iterator[str]:
    """The CSV text in pieces, in order, for output too large to hold twice."""
    if isinstance(result, Matrix) and not options.wide:
        return _tidy_matrix(result, options)
    main = tables(result, options.catalogue, wide=options.wide)[0]
    return iter((_text(main.headers, main.rows),))


def _tidy_matrix(result: Matrix, options: Options) -> Iterator[str]:
    """The tidy matrix, one jurisdiction's rows at a time: 10,000 files make 360,000 rows, and
    the rows of an unchanged file are taken from the cache instead of being formatted again."""
    catalogue, ids = options.catalogue, result.element_ids
    memo = options.memo if result.scoring is not None else None  # rows depend on the scoring
    paths = [row.jurisdiction.path or "" for row in result.rows]
    variant = _variant("csv-tidy-matrix", result.scoring or "", *ids) if memo else ""
    recalled = memo.recall(paths, variant) if memo else iter([None] * len(paths))
    yield _text(TIDY_HEADERS, ())
    for row, path, text in zip(result.rows, paths, recalled, strict=True):
        if text is None:
            text = _text(None, tidy_rows(row, ids, catalogue))
            if memo and path:
                memo.keep(path, variant, text)
        yield text


def _variant(*parts: str) -> str:
    """A short name for everything a piece of output depends on besides its file."""
    import hashlib

    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def _text(headers: tuple[str, ...] | None, rows: tuple[tuple[Cell, ...], ...]) -> str:
    """CSV text of the headers (when given) and the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if headers is not None:
        writer.writerow(headers)
    writer.writerows(_safe_rows(rows))
    text = buffer.getvalue()
    if "\r" not in text:
        return text
    # The writer quotes a field only for the characters of its own line terminator, but a
    # spreadsheet also ends a row at a bare carriage return, and the text after it, starting a
    # row of its own, may run as a formula. Rows holding one are written fully quoted.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    if headers is not None:
        writer.writerow(headers)
    for row in _safe_rows(rows):
        has_cr = any(cell.__class__ is str and "\r" in cell for cell in row)
        (quoted if has_cr else writer).writerow(row)
    return buffer.getvalue()
