"""Markdown output: gap, comparison and check reports ready to paste; other results as tables."""

from __future__ import annotations

from functools import singledispatch

from legcompare.model import Catalogue, CheckResult, Diff, GapReport, Score, format_ceiling
from legcompare.render import Options
from legcompare.render.data import Cell, Table, tables
from legcompare.scoring import format_range

# Data is shown as text, never as markup: raw HTML (a <script>, an <img onerror>) would run
# wherever the Markdown is turned into HTML without a sanitiser (pandoc, many static sites), and
# [text](url) would become a link. Rendered, the escaped text reads exactly as written.
_INERT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]"})


def _quote(text: str | None) -> str:
    """Data text for prose: line breaks folded, markup made inert."""
    return " ".join((text or "").split()).translate(_INERT)


def escape(value: Cell) -> str:
    """A table cell: markup made inert, pipes escaped, line breaks folded, None shown as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _quote(str(value)).replace("|", "\\|")


def table(t: Table) -> str:
    lines = [
        "| " + " | ".join(t.headers) + " |",
        "|" + "|".join("---" for _ in t.headers) + "|",
        *("| " + " | ".join(escape(c) for c in row) + " |" for row in t.rows),
    ]
    return "\n".join(lines) + "\n"


def _scores(s: Score) -> str:
    mappable = "yes" if s.iccs_mappable else "no"
    return (
        f"**Definition** {format_range(s.definition, s.definition_high)} · "
        f"**Framework** {format_range(s.framework, s.framework_high)} · "
        f"**Completeness** {s.completeness:g}{' (incomplete)' if s.incomplete else ''} · "
        f"**ICCS 020221 mappable** {mappable}"
    )


@singledispatch
def report(result: object, catalogue: Catalogue, wide: bool) -> str:
    return "\n".join(f"## {t.name}\n\n{table(t)}" for t in tables(result, catalogue, wide=wide))


@report.register
def _(result: GapReport, catalogue: Catalogue, wide: bool) -> str:
    out = [f"# Gap report: {_quote(result.name)} ({result.code})", "", _scores(result.score), ""]
    if not result.gaps:
        out.append("Every element of the common definition is present.")
    for gap in result.gaps:
        e, a = gap.element, gap.answer
        kind = "core element" if e.core else e.category.replace("_", " ")
        out += [
            f"## {_quote(e.label)} (`{e.id}`)",
            "",
            f"*{kind}, weight {e.weight:g}; status: **{a.status.value}***",
            "",
            f"> {_quote(e.question)}",
            "",
        ]
        if a.note:
            out += [f"**Note on the current law:** {_quote(a.note)}", ""]
        if e.guidance.get("present"):
            out += [f"**What counts as present:** {_quote(e.guidance['present'])}", ""]
        if e.drafting_note:
            out += [f"**Drafting note:** {_quote(e.drafting_note)}", ""]
        for peer in gap.peers:
            who = f"**{_quote(peer.name)}** ({peer.code}), {_quote(peer.cite)}"
            out.append(f"- {who}: “{_quote(peer.quote)}”")
            if peer.translation and peer.translation != peer.quote:
                out.append(f"  — *{_quote(peer.translation)}*")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


@report.register
def _(result: Diff, catalogue: Catalogue, wide: bool) -> str:
    p, c = result.penalty, result.counts
    out = [
        f"# {result.a} compared with {result.b}",
        "",
        f"{c['same']} elements the same; {result.a} covers {c['a_stronger']} better, "
        f"{result.b} covers {c['b_stronger']} better, {c['other']} differ otherwise.",
        "",
        f"**Maximum kidnapping penalty:** {result.a} {format_ceiling(p.a_ceiling)} "
        f"({_quote(p.a_label)}); {result.b} {format_ceiling(p.b_ceiling)} ({_quote(p.b_label)}).",
        "",
        f"| element | {result.a} | {result.b} | {result.a} quote | {result.b} quote |",
        "|---|---|---|---|---|",
    ]
    for row in result.rows:
        if row.differs or wide:
            label = catalogue.get(row.element).label
            out.append(
                f"| {escape(label)} | {row.a.status.value} | {row.b.status.value} | "
                f"{escape(row.a.quote)} | {escape(row.b.quote)} |"
            )
    return "\n".join(out) + "\n"


@report.register
def _(result: CheckResult, catalogue: Catalogue, wide: bool) -> str:
    verdict = {"PASS": "passes", "FAIL": "falls short", "NO GATE": "was not gated"}[result.verdict]
    out = [f"# Bill check: {_quote(result.report.name)} {verdict}", ""]
    if not result.gates:
        out += [
            "No gate was set (--min-score, --require-core, --fail-on-loss): nothing was checked.",
            "",
        ]
    out += [f"- {_quote(reason)}" for reason in result.failures]
    if result.failures:
        out.append("")
    if result.against:
        out += [f"Law in force ({result.against.code}): {_scores(result.against)}", ""]
        for title, group in (("Gains", result.gains), ("Losses", result.losses)):
            if group:
                out.append(
                    f"**{title}:** "
                    + ", ".join(
                        f"`{c.element}` ({c.before.value} → {c.after.value})" for c in group
                    )
                )
                out.append("")
    return "\n".join(out) + report(result.report, catalogue, wide)


def render(result: object, options: Options) -> str:
    return report(result, options.catalogue, options.wide)
