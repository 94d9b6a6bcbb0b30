"""Renderers on hand-built results: HTML escaping, CSV guarding, JSON contract, Markdown."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from legcompare.app import UNBOUNDED
from legcompare.compare import diff, matrix
from legcompare.errors import UsageError
from legcompare.gaps import check_bill, gaps
from legcompare.iccs import concordance
from legcompare.model import (
    Answer,
    Catalogue,
    Element,
    ElementListing,
    Encoding,
    FileResult,
    Finding,
    Jurisdiction,
    Listing,
    Provision,
    ScoreReport,
    Status,
    ValidationReport,
)
from legcompare.render import FORMATS, Options, render
from legcompare.scoring import score
from legcompare.sensitivity import sensitivity

from conftest import tiny_catalogue

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def hostile(code: str, payload: str) -> Jurisdiction:
    provision = Provision("p1", "s", f"art. 1 {payload}", heading=payload, text=payload)
    answers = {
        "a": Answer("a", Status.PRESENT, ("p1",), quote=payload, translation=payload),
        "b": Answer("b", Status.ABSENT, note=payload),
    }
    return Jurisdiction(
        code=code, name=f"Name {payload}", region="Europe", subregion=payload,
        legal_system="civil_law", kind="law", as_of=None, confidence="high", sources=(),
        provisions=(provision,), answers=answers,
    )  # fmt: skip


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_escapes_every_field(payload: str) -> None:
    cat = tiny_catalogue()
    a, b = hostile("AAA", payload), hostile("BBB", payload)
    for result in (matrix([a, b], cat), diff(a, b, cat), gaps(b, cat, peers=[a])):
        page = render(result, "html", Options(cat, wide=True))
        assert payload not in page
        assert "<script>alert" not in page and "<img" not in page


def test_html_is_self_contained() -> None:
    cat = tiny_catalogue()
    page = render(matrix([hostile("AAA", "x")], cat), "html", Options(cat))
    assert page.startswith("<!DOCTYPE html>")
    assert "http://" not in page and "https://" not in page and "<link" not in page
    assert "present" in page and "@media print" in page


def test_csv_neutralises_formula_cells() -> None:
    cat = tiny_catalogue()
    text = render(matrix([hostile("AAA", "=HYPERLINK(1)")], cat), "csv", Options(cat))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["quote"] == "'=HYPERLINK(1)"
    assert [r["element"] for r in rows] == ["a", "b", "c"]


def test_csv_wide_has_one_row_per_jurisdiction() -> None:
    cat = tiny_catalogue()
    text = render(
        matrix([hostile("AAA", "q"), hostile("BBB", "q")], cat), "csv", Options(cat, wide=True)
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["code"], r["a"], r["b"], r["c"]) for r in rows] == [
        ("AAA", "present", "absent", "unclear"),
        ("BBB", "present", "absent", "unclear"),
    ]


def test_json_is_sorted_and_stable() -> None:
    cat = tiny_catalogue()
    text = render(diff(hostile("AAA", "q"), hostile("BBB", "r"), cat), "json", Options(cat))
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert data["counts"] == {"a_stronger": 0, "b_stronger": 0, "other": 0, "same": 3}
    assert render(diff(hostile("AAA", "q"), hostile("BBB", "r"), cat), "json", Options(cat)) == text


def test_markdown_gap_report_shows_peer_wording() -> None:
    cat = tiny_catalogue()
    report = gaps(hostile("BBB", "x"), cat, peers=[hostile("AAA", "the words | of law")])
    text = render(report, "markdown", Options(cat))
    assert text.startswith("# Gap report: Name x (BBB)")
    assert "## B (`b`)" in text and "## C (`c`)" in text and "## A (`a`)" not in text


def test_every_format_is_registered() -> None:
    assert FORMATS == ("table", "json", "csv", "markdown", "html")
    with pytest.raises(UsageError, match="unknown format 'xml'"):
        render(object(), "xml", Options(tiny_catalogue()))


def poisoned_catalogue(payload: str) -> Catalogue:
    """The tiny catalogue with the payload in every text of every element."""
    return Catalogue(
        "0.0.1",
        tuple(
            Element(
                e.id, payload, payload, e.category, core=e.core, weight=e.weight,
                guidance={"present": payload, "partial": payload}, drafting_note=payload,
            )
            for e in tiny_catalogue().elements
        ),
    )  # fmt: skip


def every_result(payload: str) -> list[object]:
    """One result of every kind, each carrying the payload in its text fields."""
    cat = poisoned_catalogue(payload)
    a, b = hostile("AAA", payload), hostile("BBB", payload)
    finding = Finding(f"{payload}.yaml", 3, 1, "unknown-key", f"unknown key '{payload}'")
    return [
        matrix([a, b], cat),
        diff(a, b, cat),
        gaps(b, cat, peers=[a]),
        check_bill(b, cat, against=a, min_score=90, peers=[a]),
        Encoding(a, score(a, cat)),
        Listing(((a, score(a, cat)), (b, score(b, cat)))),
        ElementListing(cat.elements, cat.version),
        ScoreReport((score(a, cat),), explain=True),
        ValidationReport((FileResult(finding.path, (finding,)),)),
        sensitivity([a, b], cat, [("catalogue", None), ("equal", None)]),
        concordance([a, b]),
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_escapes_every_field_of_every_result(payload: str) -> None:
    cat = poisoned_catalogue(payload)
    for result in every_result(payload):
        page = render(result, "html", Options(cat, wide=True))
        assert payload not in page, type(result).__name__
        assert "<script" not in page and "<img" not in page, type(result).__name__


@pytest.mark.parametrize("payload", [*PAYLOADS, "[click](javascript:alert(1))"])
def test_markdown_shows_data_as_text_never_as_markup(payload: str) -> None:
    """Markdown is often turned into HTML without a sanitiser: no tag or link may survive."""
    cat = poisoned_catalogue(payload)
    for result in every_result(payload):
        text = render(result, "markdown", Options(cat, wide=True))
        assert payload not in text, type(result).__name__
        assert "<script" not in text and "<img" not in text, type(result).__name__
        assert not re.search(r"(?<!\\)\]\(javascript:", text), type(result).__name__  # a live link


@pytest.mark.parametrize("formula", ["=1+2", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_neutralises_formulas_in_every_result(formula: str) -> None:
    cat = poisoned_catalogue(formula)
    for result in every_result(formula):
        text = render(result, "csv", Options(cat))
        # csv.reader refuses a carriage return outside quotes: a spreadsheet would start a
        # new row there, and the rest of the cell would run as a formula.
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        live = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert live == [], (type(result).__name__, live)


def record_ends(text: str) -> int:
    """Line breaks outside quotes: where a spreadsheet ends a row (a bare CR included)."""
    quoted, ends = False, 0
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            ends += 1
    return ends


@pytest.mark.parametrize("text", ["line one\r=1+2", "a\rb", "\r", "x\r\n=1", 'q"\r'])
def test_csv_quotes_a_carriage_return_inside_a_cell(text: str) -> None:
    cat = tiny_catalogue()
    out = render(matrix([hostile("AAA", text), hostile("BBB", "plain")], cat), "csv", Options(cat))
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert record_ends(out) == 1 + len(rows) == 7
    quotes = [r["quote"] for r in rows if r["element"] == "a"]
    assert quotes == ["'" + text if text.startswith("\r") else text, "plain"]


def _printed_by_rich(result: object, cat: Catalogue) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, no_color=True, color_system=None, width=UNBOUNDED)
    console.print(render(result, "table", Options(cat)))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("label", "laid_out_plain"),
    [("[bold]not markup[/bold] :smile:", True), ("Überführung", False), ("x\tt", False)],
)
def test_a_plain_matrix_is_what_rich_prints_without_colour(
    label: str, laid_out_plain: bool
) -> None:
    """Labels are text, never markup; one whose width rich might count otherwise is left to rich."""
    elements = tuple(
        Element(f"e{n}", label if n == 7 else f"Element {n}", "?", "c", core=n < 5, weight=1)
        for n in range(12)
    )
    cat = Catalogue("1", elements)
    a, b = hostile("AAA", "x"), hostile("US-NY", "y")
    result = matrix([a, b], cat, min_completeness=50)  # both incomplete: starred, and keyed
    text = render(result, "table", Options(cat, plain=True))
    assert isinstance(text, str) == laid_out_plain
    printed = text if isinstance(text, str) else _printed_by_rich(result, cat)
    assert printed == _printed_by_rich(result, cat)
    assert "AAA*" in printed and "completeness below the threshold" in printed
    assert "[bold]not markup[/bold] :smile:" in printed or not laid_out_plain
