"""The table format laid out without rich, for a console with neither colour nor a width limit (a
pipe, a file): the very text rich prints there, at a fraction of the cost.

rich is the table format's renderer (legcompare.render.text); importing it and laying out the
88-row matrix took ~70 of a warm `legcompare matrix | less`'s ~200 ms. A result with a plain
layout here skips it; `plain` gives None for any other result, or for text whose width rich might
count differently (anything but printable ASCII and the status glyphs), and rich prints it.

The matrix's words live here, for both layouts: its title, cells, legend and column key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from legcompare.model import Catalogue, Matrix, MatrixRow, Score, Status
from legcompare.scoring import format_range

MATRIX_TITLE = "coverage matrix, best covered first"
MATRIX_HEADERS = ("code", "def", "fw")  # then the ruler, one digit per element
KEY_TITLE = "columns:"
INCOMPLETE_KEY = (
    "* completeness below the threshold (--min-completeness): read the range, not the low bound"
)


def status_label(status: Status, *, word: bool = True) -> str:
    """A status as every view shows it: its glyph, and its word unless asked not to."""
    return f"{status.symbol} {status.value}" if word else status.symbol


def ruler(element_ids: Sequence[str]) -> str:
    """The glyph column's heading: the units digit of each element's number in the key."""
    return "".join(str(n % 10) for n in range(1, len(element_ids) + 1))


def matrix_cells(row: MatrixRow) -> tuple[str, str, str]:
    """A matrix row's code (starred when incomplete), definition and framework scores."""
    s = row.score
    return (
        row.jurisdiction.code + ("*" if s.incomplete else ""),
        format_range(s.definition, s.definition_high),
        format_range(s.framework, s.framework_high),
    )


def key_rows(result: Matrix, catalogue: Catalogue) -> list[tuple[str, str]]:
    """The column key: each element's number and label."""
    rows = []
    for index, element_id in enumerate(result.element_ids, start=1):
        element = catalogue.get(element_id)
        rows.append((str(index), f"{element.label}{' (core)' if element.core else ''}"))
    return rows


def incomplete_key(scores: Iterable[Score]) -> list[str]:
    """The key line under a table, when a score in it is marked incomplete."""
    return [INCOMPLETE_KEY] if any(s.incomplete for s in scores) else []


def plain(result: object, catalogue: Catalogue) -> str | None:
    """The result as rich would print it without colour or width limit; None: leave it to rich."""
    if isinstance(result, Matrix):
        return _matrix(result, catalogue)
    return None


def _matrix(result: Matrix, catalogue: Catalogue) -> str | None:
    rows = [
        (*matrix_cells(row), "".join(row.status(e).symbol for e in result.element_ids))
        for row in result.rows
    ]
    key = key_rows(result, catalogue)
    texts = [text for row in rows for text in row[:3]] + [label for _, label in key]
    if not key or not all(_narrow(text) for text in texts):
        return None
    # rich's box.SIMPLE_HEAD with padding (0, 1): a space at each edge and between cells, each
    # cell padded by a space on either side; the edges above and below the rows are blank.
    headers = (*MATRIX_HEADERS, ruler(result.element_ids))
    widths = [max(len(text) for text in column) for column in zip(headers, *rows, strict=True)]
    table_width = sum(widths) + 3 * len(widths) + 1
    if len(MATRIX_TITLE) > table_width:
        return None  # rich would wrap the title
    code_w, low_w, high_w, glyphs_w = widths
    body = [
        f"  {code.ljust(code_w)}   {low.rjust(low_w)}   {high.rjust(high_w)}   "
        f"{glyphs.ljust(glyphs_w)}  "
        for code, low, high, glyphs in (headers, *rows)
    ]
    blank = " " * table_width
    rule = " " + "─" * (table_width - 2) + " "
    lines = [MATRIX_TITLE.ljust(table_width), blank, body[0], rule, *body[1:], blank]
    lines.append("  ".join(status_label(s) for s in Status))
    lines += incomplete_key(row.score for row in result.rows)
    lines.append(KEY_TITLE)
    number_width = max(len(n) for n, _ in key)
    label_width = max(len(label) for _, label in key)
    lines += [f"{n.rjust(number_width)} {label.ljust(label_width)}" for n, label in key]
    return "\n".join(lines) + "\n"


def _narrow(text: str) -> bool:
    """Whether each character of the text takes one column, as rich counts them (printable
    ASCII, the en dash of a score's range)."""
    return text.replace("–", "-").isascii() and text.isprintable()
