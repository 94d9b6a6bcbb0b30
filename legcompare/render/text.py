"""Terminal output: rich tables and panels (colour is decided by the console that prints them)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatch
from typing import Any

from rich import box
from rich.console import Group
from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text

from legcompare.iccs import INCLUDED, PARTLY, UNCLEAR
from legcompare.model import (
    Catalogue,
    CheckResult,
    Diff,
    Encoding,
    Finding,
    GapReport,
    History,
    IccsReport,
    Listing,
    Matrix,
    Score,
    ScoreReport,
    Sensitivity,
    Source,
    Status,
    Trends,
    ValidationReport,
    format_ceiling,
)
from legcompare.render import Options
from legcompare.render.data import Table, tables
from legcompare.render.plain import (
    KEY_TITLE,
    MATRIX_HEADERS,
    MATRIX_TITLE,
    incomplete_key,
    key_rows,
    matrix_cells,
    ruler,
    status_label,
)
from legcompare.scoring import format_range

STYLE = {
    Status.PRESENT: "bold green",
    Status.PARTIAL: "yellow",
    Status.ABSENT: "red",
    Status.UNCLEAR: "dim",
    Status.NOT_APPLICABLE: "dim",
}


def status_text(status: Status, *, word: bool = True) -> Text:
    return Text(status_label(status, word=word), style=STYLE[status])


def legend() -> Text:
    return Text("  ").join(status_text(s) for s in Status)


def plain_table(t: Table) -> RichTable:
    out = RichTable(title=t.name, title_justify="left", show_lines=False)
    for header in t.headers:
        out.add_column(header, overflow="fold")
    for row in t.rows:
        out.add_row(*("" if c is None else escape(str(c)) for c in row))
    return out


def score_line(s: Score) -> Text:
    mappable = "yes" if s.iccs_mappable else "no"
    return Text.assemble(
        ("definition ", "bold"), f"{format_range(s.definition, s.definition_high)}  ",
        ("framework ", "bold"), f"{format_range(s.framework, s.framework_high)}  ",
        ("completeness ", "bold"), f"{s.completeness:g}", _incomplete_mark(s), "  ",
        ("ICCS 020221 mappable ", "bold"), mappable,
    )  # fmt: skip


def _incomplete_mark(s: Score) -> Text:
    return Text(" (incomplete)", style="bold yellow") if s.incomplete else Text("")


def _incomplete_key(scores: Iterable[Score]) -> list[Text]:
    """The key line under a table, when a score in it is marked incomplete."""
    return [Text(line, style="yellow") for line in incomplete_key(scores)]


@singledispatch
def view(result: object, catalogue: Catalogue, wide: bool) -> Any:
    return Group(*(plain_table(t) for t in tables(result, catalogue, wide=wide)))


@view.register
def _(result: Matrix, catalogue: Catalogue, wide: bool) -> Any:
    # One glyph per element in a single column, so 36 elements fit in 80 columns and stay aligned;
    # the ruler heading counts them and the key below names them. Without colour or width limit
    # (a pipe, a file), legcompare.render.plain prints the same text without rich.
    grid = RichTable(title=MATRIX_TITLE, title_justify="left", box=box.SIMPLE_HEAD)
    code, low, high = MATRIX_HEADERS
    grid.add_column(code, no_wrap=True)
    grid.add_column(low, justify="right", no_wrap=True)
    grid.add_column(high, justify="right", no_wrap=True)
    grid.add_column(ruler(result.element_ids), no_wrap=True)
    for row in result.rows:
        glyphs = Text().join(status_text(row.status(e), word=False) for e in result.element_ids)
        grid.add_row(*matrix_cells(row), glyphs)
    key = RichTable.grid(padding=(0, 1))
    key.add_column(justify="right", style="dim")
    key.add_column()
    for number, label in key_rows(result, catalogue):
        key.add_row(number, Text(label))  # a label is text, never markup
    parts: list[Any] = [grid, legend(), *_incomplete_key(row.score for row in result.rows)]
    return Group(*parts, Text(KEY_TITLE, style="bold"), key)


@view.register
def _(result: ScoreReport, catalogue: Catalogue, wide: bool) -> Any:
    t = RichTable(title="scores", title_justify="left", box=box.SIMPLE_HEAD)
    t.add_column("code", no_wrap=True)
    for column in ("definition", "framework", "completeness"):
        t.add_column(column, justify="right", no_wrap=True)
    t.add_column("ICCS 020221", no_wrap=True)
    t.add_column("profile", no_wrap=True)
    for s in result.scores:
        t.add_row(
            s.code,
            format_range(s.definition, s.definition_high),
            format_range(s.framework, s.framework_high),
            f"{s.completeness:g}{'*' if s.incomplete else ''}",
            "yes" if s.iccs_mappable else "no",
            s.profile,
        )
    parts: list[Any] = [t, *_incomplete_key(result.scores)]
    if result.explain:
        parts.append(plain_table(tables(result, catalogue, wide=wide)[0]))  # the contributions
    return Group(*parts)


@view.register
def _(result: Listing, catalogue: Catalogue, wide: bool) -> Any:
    t = RichTable(
        title="jurisdictions", title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0)
    )
    for column in ("code", "name", "region", "system", "as_of", "conf."):
        wraps = column == "name"
        t.add_column(column, no_wrap=not wraps, ratio=1 if wraps else None)
    for column in ("def", "fw", "compl.", "ICCS"):
        t.add_column(column, justify="right", no_wrap=True)
    for j, s in result.rows:
        t.add_row(
            j.code, j.name, j.region or "", (j.legal_system or "").replace("_law", ""),
            str(j.as_of or ""), j.confidence, format_range(s.definition, s.definition_high),
            format_range(s.framework, s.framework_high),
            f"{s.completeness:g}{'*' if s.incomplete else ''}", "yes" if s.iccs_mappable else "no",
        )  # fmt: skip
    keys = _incomplete_key(s for _, s in result.rows)
    return Group(t, *keys) if keys else t


@view.register
def _(result: GapReport, catalogue: Catalogue, wide: bool) -> Any:
    parts: list[Any] = [
        Text(f"Gaps of {result.name} ({result.code})", style="bold"),
        score_line(result.score),
        Text(""),
    ]
    for gap in result.gaps:
        e = gap.element
        head = Text.assemble(
            status_text(gap.answer.status),
            "  ",
            (e.label, "bold"),
            (f"  [{e.id}; {'core' if e.core else e.category}; w{e.weight:g}]", "dim"),
        )
        parts += [head, Text(f"  {e.question}", style="italic")]
        if gap.answer.note:
            parts.append(Text(f"  now: {gap.answer.note}"))
        if e.drafting_note:
            parts.append(Text(f"  drafting: {e.drafting_note}", style="cyan"))
        for peer in gap.peers:
            parts.append(Text(f"  {peer.code} {peer.cite}: “{peer.quote}”", style="green"))
            if peer.translation and peer.translation != peer.quote:
                parts.append(Text(f"      {peer.translation}", style="dim"))
        parts.append(Text(""))
    if not result.gaps:
        parts.append(Text("Every element is present.", style="green"))
    return Group(*parts)


@view.register
def _(result: Diff, catalogue: Catalogue, wide: bool) -> Any:
    t = RichTable(title=f"{result.a} vs {result.b}", title_justify="left", show_lines=True)
    t.add_column("element")
    t.add_column(result.a, ratio=1, overflow="fold")
    t.add_column(result.b, ratio=1, overflow="fold")
    for row in result.rows:
        if row.differs or wide:
            cells = [
                Text.assemble(status_text(a.status), "\n", (a.quote or a.note or "", "dim"))
                for a in (row.a, row.b)
            ]
            t.add_row(catalogue.get(row.element).label, *cells)
    p, c = result.penalty, result.counts
    summary = Text(
        f"same {c['same']} · {result.a} better {c['a_stronger']} · "
        f"{result.b} better {c['b_stronger']} · other {c['other']}\n"
        f"maximum penalty: {result.a} {format_ceiling(p.a_ceiling)} ({p.a_label}); "
        f"{result.b} {format_ceiling(p.b_ceiling)} ({p.b_label})"
    )
    return Group(t, summary)


@view.register
def _(result: CheckResult, catalogue: Catalogue, wide: bool) -> Any:
    style = {"PASS": "bold green", "FAIL": "bold red", "NO GATE": "bold yellow"}[result.verdict]
    reasons = "; ".join(result.failures) if result.failures else "; ".join(result.gates)
    if not result.gates:
        reasons = "no gate set (--min-score, --require-core, --fail-on-loss): nothing was checked"
    parts: list[Any] = [Text.assemble((result.verdict, style), "  ", reasons)]
    if result.against:
        parts.append(
            Text(f"against {result.against.code}: ", style="bold") + score_line(result.against)
        )
        for label, group in (("gain", result.gains), ("loss", result.losses)):
            for c in group:
                parts.append(Text(f"  {label}: {c.element} {c.before.value} → {c.after.value}"))
    parts += [Text(""), view(result.report, catalogue, wide)]
    return Group(*parts)


@view.register
def _(result: ValidationReport, catalogue: Catalogue, wide: bool) -> Any:
    # Plain lines, never wrapped, so editors and CI logs can jump to file:line:col; a syntax
    # error also shows its source line with a caret under the place.
    lines = []
    for file in result.files:
        for finding in file.findings:
            lines.append(finding.format())
            lines += _source_excerpt(finding)
    valid = sum(f.errors == 0 for f in result.files)
    lines.append(
        f"{len(result.files)} file(s): {valid} valid, {result.errors} error(s), "
        f"{result.warnings} warning(s)"
    )
    return "\n".join(lines) + "\n"


@view.register
def _(result: Encoding, catalogue: Catalogue, wide: bool) -> Any:
    j = result.jurisdiction
    head = Text(
        f"{j.name} ({j.code}) · {j.region} · {j.legal_system} · {j.kind} as of "
        f"{j.as_of} · confidence {j.confidence}",
        style="bold",
    )
    provisions = RichTable(title="provisions", title_justify="left")
    for column in ("id", "cite", "heading", "iccs", "penalty"):
        provisions.add_column(column)
    for p in j.provisions:
        penalty = p.penalty.describe() if p.penalty else ""
        if p.penalty and p.penalty.aggravated:
            penalty += f" ({p.penalty.aggravated.when})"
        provisions.add_row(p.id, p.cite, p.heading or "", p.iccs or "", penalty)
    answers = RichTable(title="elements", title_justify="left", show_lines=True)
    answers.add_column("element")
    answers.add_column("status", no_wrap=True)
    answers.add_column("evidence", overflow="fold")
    for e in catalogue.elements:
        a = j.answer(e.id)
        cites = ", ".join(j.cites(a))
        evidence = Text.assemble(
            (cites + "\n" if cites else "", "bold"),
            a.quote or "",
            (
                "\n" + a.translation
                if a.translation and a.quote and a.translation != a.quote
                else "",
                "italic",
            ),
            ("\n" + a.note if a.note else "", "dim"),
            ("\nsearched: " + ", ".join(a.searched) if a.searched else "", "dim"),
            (f"\ninherited from {j.amends}" if e.id in j.inherited else "", "cyan"),
        )
        answers.add_row(e.label, status_text(a.status), evidence)
    sources = Text("\n".join(_source_line(s) for s in j.sources), style="dim")
    return Group(head, score_line(result.score), provisions, answers, Text("sources:"), sources)


@view.register
def _(result: History, catalogue: Catalogue, wide: bool) -> Any:
    parts: list[Any] = [Text(f"History of {result.name} ({result.code})", style="bold")]
    for v in result.versions:
        head = Text.assemble(
            (v.as_of.isoformat(), "bold cyan"), ("  (current)" if v.current else "", "cyan"), "  "
        )
        parts += [Text(""), head + score_line(v.score), Text(f"  {v.path}", style="dim")]
        if v is not result.versions[0]:
            moved = sum(c.kind == "status" for c in v.changes)
            parts.append(
                Text(
                    f"  since the version before: {moved} status change(s), "
                    f"{len(v.changes) - moved} change(s) of the provisions cited only"
                )
            )
        for c in v.changes:
            line = Text.assemble(
                "  ", status_text(c.before.status), " → ", status_text(c.after.status), "  ",
                (catalogue.get(c.element).label, "bold"), (f"  [{c.element}]", "dim"),
            )  # fmt: skip
            parts.append(line)
            if c.before_cites != c.after_cites:
                before = "; ".join(c.before_cites) or "none"
                after = "; ".join(c.after_cites) or "none"
                parts.append(Text(f"      {before} → {after}", style="dim"))
    return Group(*parts)


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None], top: float = 100.0) -> str:
    """One block character per value on a 0-`top` scale; a space where there is no value."""
    marks = []
    for value in values:
        if value is None:
            marks.append(" ")
        else:
            marks.append(SPARKS[min(len(SPARKS) - 1, int(value / top * len(SPARKS)))])
    return "".join(marks)


@view.register
def _(result: Trends, catalogue: Catalogue, wide: bool) -> Any:
    t = RichTable(
        title=f"trends{f' in {result.region}' if result.region else ''}, law in force at year end",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    t.add_column("year", no_wrap=True)
    t.add_column("laws", justify="right", no_wrap=True)
    for column in ("definition median (q1-q3)", "framework median (q1-q3)"):
        t.add_column(column, justify="right", no_wrap=True)
    for y in result.years:
        cells = [
            f"{s.median:g} ({s.q1:g}-{s.q3:g})" if s else "–" for s in (y.definition, y.framework)
        ]
        t.add_row(str(y.year), str(len(y.codes)), *cells)
    years = [y for y in result.years if y.codes]
    parts: list[Any] = [t]
    if years:
        span = f"{years[0].year}-{years[-1].year}"
        for label, pick in (
            ("laws counted     ", lambda y: float(len(y.codes))),
            ("definition median", lambda y: y.definition.median if y.definition else None),
            ("framework median ", lambda y: y.framework.median if y.framework else None),
        ):
            values = [pick(y) for y in years]
            top = max((v for v in values if v is not None), default=1.0) if "laws" in label else 100
            parts.append(Text(f"{label} {span} {sparkline(values, top or 1.0)}"))
    if result.left_out:
        codes = sorted({code for _, code in result.left_out})
        parts.append(
            Text(
                f"left out below {result.min_completeness:g}% completeness"
                f" (--include-incomplete counts them): {', '.join(codes)}",
                style="yellow",
            )
        )
    return Group(*parts)


def _source_excerpt(finding: Finding) -> list[str]:
    """The line a YAML syntax error is on, and a caret under its column (files only)."""
    from legcompare.load import YAML_SYNTAX

    if finding.rule != YAML_SYNTAX or finding.line is None or finding.path == "-":
        return []
    try:
        with open(finding.path, encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, start=1):
                if number == finding.line:
                    shown = text.rstrip("\n").replace("\t", "→")
                    return [f"    {shown}", "    " + " " * ((finding.column or 1) - 1) + "^"]
    except OSError:
        return []
    return []


@view.register
def _(result: Sensitivity, catalogue: Catalogue, wide: bool) -> Any:
    baseline = result.profiles[0]
    end = "high end (unclear counts as present)" if result.bound == "high" else "low end"
    ranks = RichTable(
        title=f"ranks by {result.measure} score ({end}); shift: places gained against {baseline}",
        title_justify="left",
    )
    ranks.add_column("code")
    ranks.add_column("name")
    for i, profile in enumerate(result.profiles):
        ranks.add_column(profile, justify="right")
        ranks.add_column("rank", justify="right")
        if i:
            ranks.add_column("shift", justify="right")
    for row in result.rows:
        cells = [row.code, escape(row.name)]
        for i, (score, rank, shift) in enumerate(
            zip(row.scores, row.ranks, row.shifts, strict=True)
        ):
            cells += [f"{score:g}", f"{rank:g}"] + ([f"{shift:+g}" if shift else "0"] if i else [])
        ranks.add_row(*cells)
    rho = RichTable(title="Spearman's rho between the rankings", title_justify="left")
    for column in ("profile", "profile ", "rho"):
        rho.add_column(column, justify="right" if column == "rho" else "left")
    for c in result.correlations:
        rho.add_row(c.a, c.b, "undefined" if c.rho is None else f"{c.rho:.4f}")
    return Group(ranks, Text(""), rho)


@view.register
def _(result: IccsReport, catalogue: Catalogue, wide: bool) -> Any:
    out = RichTable(
        title="ICCS concordance: provisions by ICCS code; beyond 020221: what the national "
        "offence takes in that ICCS 020221 excludes",
        title_justify="left",
        show_lines=True,
    )
    for column in ("code", "020221 mappable", "provisions (ICCS code)", "beyond 020221"):
        out.add_column(column, overflow="fold")
    for row in result.rows:
        mappable = "yes" if row.mappable else "no: " + "; ".join(row.reasons)
        coded = ", ".join(f"{p.cite} ({p.iccs or 'not coded'})" for p in row.provisions)
        beyond = "; ".join(
            f"{x.label}: {x.verdict}" for x in row.exclusions if x.verdict in BEYOND_SHOWN
        )
        out.add_row(row.code, escape(mappable), escape(coded or "none coded"), escape(beyond))
    return out


BEYOND_SHOWN = (INCLUDED, PARTLY, UNCLEAR)  # the other verdicts: --format json or csv


def _source_line(s: Source) -> str:
    """A source with what was read: its version, whether whole, where in the library."""
    facts = [f"retrieved {s.retrieved}"]
    if s.version:
        facts.append(f"version: {s.version}")
    facts.append("complete" if s.complete else "not complete")
    if s.library:
        facts.append(f"library {s.library} sha256 {(s.sha256 or '')[:12]}")
    return f"[{s.id}] {s.title} {s.url or ''} ({'; '.join(facts)})"


def render(result: object, options: Options) -> Any:
    return view(result, options.catalogue, options.wide)
