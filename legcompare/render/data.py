"""Results as plain data: the JSON contract, and the rows the tabular formats share.

`to_data` gives the documented JSON structure of each result; `tables` gives the same result as
named tables (headers and rows) for CSV, Markdown, HTML and the terminal.
"""

from __future__ import annotations

import math
from functools import singledispatch
from typing import Any

from legcompare.model import (
    Agreement,
    Answer,
    Catalogue,
    CheckResult,
    Diff,
    Element,
    ElementListing,
    ElementScore,
    Encoding,
    Gap,
    GapReport,
    History,
    IccsProvision,
    IccsReport,
    Jurisdiction,
    Listing,
    Matrix,
    MatrixRow,
    Penalty,
    Score,
    ScoreReport,
    Sensitivity,
    Spread,
    Status,
    Trends,
    ValidationReport,
    Value,
)

Cell = str | int | float | bool | None


class Table(Value):
    """A named table: the unit CSV, Markdown and HTML output is built from."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def ceiling(value: float | None) -> float | str | None:
    """A penalty ceiling for JSON: years, or the string 'life' for life or death."""
    if value is None:
        return None
    return "life" if math.isinf(value) else value


def score_data(s: Score, *, explain: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": s.code,
        "definition": s.definition,
        "definition_high": s.definition_high,
        "framework": s.framework,
        "framework_high": s.framework_high,
        "completeness": s.completeness,
        "incomplete": s.incomplete,
        "iccs_mappable": s.iccs_mappable,
        "profile": s.profile,
    }
    if explain:
        data["elements"] = [
            {
                "element": d.element,
                "core": d.core,
                "weight": d.weight,
                "status": d.status.value,
                "credit": d.credit,
                "contribution": d.contribution,
            }
            for d in s.details
        ]
    return data


def answer_data(a: Answer, j: Jurisdiction | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "status": a.status.value,
        **({"inherited_from": j.amends} if j is not None and a.element in j.inherited else {}),
        "provisions": list(a.provisions),
        "quote": a.quote,
        "translation": a.translation,
        "note": a.note,
        "since": a.since,
        "searched": list(a.searched),
    }
    if j is not None:
        data["cites"] = j.cites(a)
    return data


def penalty_data(p: Penalty | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "min_years": p.min_years,
        "max_years": p.max_years,
        "life": p.life,
        "death": p.death,
        "aggravated": None
        if p.aggravated is None
        else {
            "max_years": p.aggravated.max_years,
            "life": p.aggravated.life,
            "death": p.aggravated.death,
            "when": p.aggravated.when,
        },
        "note": p.note,
    }


def jurisdiction_head(j: Jurisdiction) -> dict[str, Any]:
    return {
        "code": j.code,
        "name": j.name,
        "region": j.region,
        "subregion": j.subregion,
        "legal_system": j.legal_system,
        "parent": j.parent,
        "kind": j.kind,
        "as_of": j.as_of.isoformat() if j.as_of else None,
        "confidence": j.confidence,
    }


def versions_data(corpus_version: str | None, catalogue: Catalogue) -> dict[str, Any]:
    """The versions a research result names at the top of its JSON."""
    return {"corpus_version": corpus_version, "catalogue_version": catalogue.version}


GUIDED = ("present", "partial", "absent")  # the statuses the catalogue's guidance describes


def element_data(e: Element) -> dict[str, Any]:
    return {
        "id": e.id,
        "label": e.label,
        "question": e.question,
        "category": e.category,
        "core": e.core,
        "weight": e.weight,
        "contested": e.contested,
        "basis": list(e.basis),
        "guidance": dict(e.guidance),
        "drafting_note": e.drafting_note,
    }


def gap_data(g: Gap) -> dict[str, Any]:
    return {
        "element": g.element.id,
        "label": g.element.label,
        "question": g.element.question,
        "core": g.element.core,
        "weight": g.element.weight,
        "status": g.answer.status.value,
        "note": g.answer.note,
        "guidance": dict(g.element.guidance),
        "drafting_note": g.element.drafting_note,
        "peers": [
            {
                "code": p.code,
                "name": p.name,
                "status": p.status.value,
                "cite": p.cite,
                "quote": p.quote,
                "translation": p.translation,
            }
            for p in g.peers
        ],
    }


@singledispatch
def to_data(result: object, catalogue: Catalogue) -> Any:
    """The JSON-ready structure of a result (the documented contract)."""
    raise TypeError(f"no data view for {type(result).__name__}")


@to_data.register
def _(result: ScoreReport, catalogue: Catalogue) -> Any:
    return {"scores": [score_data(s, explain=result.explain) for s in result.scores]}


@to_data.register
def _(result: GapReport, catalogue: Catalogue) -> Any:
    return {
        "code": result.code,
        "name": result.name,
        "score": score_data(result.score),
        "gaps": [gap_data(g) for g in result.gaps],
    }


@to_data.register
def _(result: Diff, catalogue: Catalogue) -> Any:
    p = result.penalty
    return {
        "a": result.a,
        "b": result.b,
        "counts": dict(result.counts),
        "penalty": {
            "a_max_years": ceiling(p.a_ceiling),
            "b_max_years": ceiling(p.b_ceiling),
            "a_aggravated_max_years": ceiling(p.a_aggravated),
            "b_aggravated_max_years": ceiling(p.b_aggravated),
            "a_provision": p.a_label,
            "b_provision": p.b_label,
        },
        "elements": [
            {
                "element": r.element,
                "differs": r.differs,
                "a": answer_data(r.a),
                "b": answer_data(r.b),
            }
            for r in result.rows
        ],
    }


@to_data.register
def _(result: Matrix, catalogue: Catalogue) -> Any:
    return {
        **versions_data(result.corpus_version, catalogue),
        "elements": list(result.element_ids),
        "jurisdictions": [
            {
                **jurisdiction_head(row.jurisdiction),
                "score": score_data(row.score),
                "max_years": ceiling(row.max_penalty),
                "aggravated_max_years": ceiling(row.aggravated_penalty),
                "statuses": {e: row.status(e).value for e in result.element_ids},
            }
            for row in result.rows
        ],
    }


@to_data.register
def _(result: CheckResult, catalogue: Catalogue) -> Any:
    return {
        "passed": result.passed,
        "verdict": result.verdict,
        "gates": list(result.gates),
        "failures": list(result.failures),
        "bill": to_data(result.report, catalogue),
        "against": score_data(result.against) if result.against else None,
        "gains": [
            {"element": c.element, "before": c.before.value, "after": c.after.value}
            for c in result.gains
        ],
        "losses": [
            {"element": c.element, "before": c.before.value, "after": c.after.value}
            for c in result.losses
        ],
    }


@to_data.register
def _(result: Agreement, catalogue: Catalogue) -> Any:
    return {
        "a": result.a,
        "b": result.b,
        "elements": len(result.rows),
        "percent_agreement": result.percent,
        "kappa": result.kappa,
        "covered_vs_absent": {
            "elements": result.covered_n,
            "percent_agreement": result.covered_percent,
            "kappa": result.kappa_covered,
        },
        "disagreements": [r.element for r in result.disagreements],
        "rows": [
            {"element": r.element, "a": r.a.value, "b": r.b.value, "agrees": r.agrees}
            for r in result.rows
        ],
    }


@to_data.register
def _(result: ValidationReport, catalogue: Catalogue) -> Any:
    return {
        "errors": result.errors,
        "warnings": result.warnings,
        "files": [
            {
                "path": f.path,
                "valid": f.errors == 0,
                "findings": [
                    {
                        "path": x.path,
                        "line": x.line,
                        "column": x.column,
                        "pointer": x.pointer,
                        "rule": x.rule,
                        "severity": x.severity.value,
                        "message": x.message,
                    }
                    for x in f.findings
                ],
            }
            for f in result.files
        ],
    }


@to_data.register
def _(result: Listing, catalogue: Catalogue) -> Any:
    answers = sum(len(j.answers) for j, _ in result.rows)
    unclear = sum(j.status_counts()["unclear"] for j, _ in result.rows)
    return {
        "corpus": {
            "version": result.corpus_version,
            "catalogue_version": catalogue.version,
            "jurisdictions": len(result.rows),
            "answers": answers,
            "unclear": unclear,
            "unclear_share": round(100 * unclear / answers, 1) if answers else 0.0,
        },
        "jurisdictions": [
            {
                **jurisdiction_head(j),
                "score": score_data(s),
                "statuses": j.status_counts(),
                "unclear_share": j.unclear_share,
                "sources_complete": sum(src.complete for src in j.sources),
                "sources": len(j.sources),
            }
            for j, s in result.rows
        ],
    }


@to_data.register
def _(result: ElementListing, catalogue: Catalogue) -> Any:
    return {"version": result.version, "elements": [element_data(e) for e in result.elements]}


@to_data.register
def _(result: Encoding, catalogue: Catalogue) -> Any:
    j = result.jurisdiction
    return {
        **jurisdiction_head(j),
        "score": score_data(result.score),
        "notes": j.notes,
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "url": s.url,
                "language": s.language,
                "retrieved": s.retrieved.isoformat() if s.retrieved else None,
                "version": s.version,
                "complete": s.complete,
                "library": s.library,
                "sha256": s.sha256,
            }
            for s in j.sources
        ],
        "provisions": [
            {
                "id": p.id,
                "source": p.source,
                "cite": p.cite,
                "heading": p.heading,
                "iccs": p.iccs,
                "penalty": penalty_data(p.penalty),
            }
            for p in j.provisions
        ],
        "elements": {e.id: answer_data(j.answer(e.id), j) for e in catalogue.elements},
    }


@to_data.register
def _(result: History, catalogue: Catalogue) -> Any:
    return {
        "code": result.code,
        "name": result.name,
        "versions": [
            {
                "as_of": v.as_of.isoformat(),
                "path": v.path,
                "current": v.current,
                "score": score_data(v.score),
                "changes": [
                    {
                        "element": c.element,
                        "kind": c.kind,
                        "before": c.before.status.value,
                        "after": c.after.status.value,
                        "before_provisions": list(c.before_cites),
                        "after_provisions": list(c.after_cites),
                    }
                    for c in v.changes
                ],
            }
            for v in result.versions
        ],
    }


# A spread's measures by their public names (JSON keys, CSV measure suffixes) and attributes.
SPREAD_MEASURES = {
    "median": "median",
    "q1": "q1",
    "q3": "q3",
    "min": "low",
    "max": "high",
    "median_high": "median_high",
}


def spread_data(s: Spread | None) -> dict[str, float] | None:
    if s is None:
        return None
    return {name: getattr(s, attribute) for name, attribute in SPREAD_MEASURES.items()}


@to_data.register
def _(result: Trends, catalogue: Catalogue) -> Any:
    return {
        "region": result.region,
        "min_completeness": result.min_completeness,
        "years": [
            {
                "year": y.year,
                "jurisdictions": len(y.codes),
                "codes": list(y.codes),
                "definition": spread_data(y.definition),
                "framework": spread_data(y.framework),
                "present_share": y.present,
            }
            for y in result.years
        ],
        "left_out": [{"year": year, "code": code} for year, code in result.left_out],
    }


# --- tables ---------------------------------------------------------------------------------


def _score_cells(s: Score) -> tuple[Cell, ...]:
    return (
        s.definition,
        s.definition_high,
        s.framework,
        s.framework_high,
        s.completeness,
        s.incomplete,
        s.iccs_mappable,
    )


SCORE_HEADERS = (
    "definition",
    "definition_high",
    "framework",
    "framework_high",
    "completeness",
    "incomplete",
    "iccs_mappable",
)


# What identifies the law a score is of: the header of `show`, in a table's columns.
HEAD_HEADERS = ("name", "region", "legal_system", "kind", "as_of", "confidence")


def _head_cells(j: Jurisdiction | None) -> tuple[Cell, ...]:
    if j is None:
        return (None,) * len(HEAD_HEADERS)
    return (
        j.name,
        j.region,
        j.legal_system,
        j.kind,
        j.as_of.isoformat() if j.as_of else None,
        j.confidence,
    )


@singledispatch
def tables(result: object, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    """A result as tables; the first one is the main (tidy) table."""
    raise TypeError(f"no tables for {type(result).__name__}")


@tables.register
def _(result: ScoreReport, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    main = Table(
        "scores",
        ("code", *HEAD_HEADERS, *SCORE_HEADERS, "profile"),
        tuple((s.code, *_head_cells(j), *_score_cells(s), s.profile) for j, s in result.laws),
    )
    if not result.explain:
        return [main]
    detail = Table(  # with --explain, the main (tidy) table: one row per law and element
        "contributions",
        ("code", *CONTRIBUTION_HEADERS),
        tuple((s.code, *_contribution_cells(d)) for s in result.scores for d in s.details),
    )
    return [detail, main]


CONTRIBUTION_HEADERS = ("element", "core", "weight", "status", "credit", "contribution")


def _contribution_cells(d: ElementScore) -> tuple[Cell, ...]:
    return (d.element, d.core, d.weight, d.status.value, d.credit, d.contribution)


def contributions(s: Score) -> Table:
    """What each element of one score contributes (`score --explain`)."""
    return Table(
        f"contributions to {s.code}",
        CONTRIBUTION_HEADERS,
        tuple(_contribution_cells(d) for d in s.details),
    )


@tables.register
def _(result: Listing, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    return [
        Table(
            "jurisdictions",
            ("code", *HEAD_HEADERS, *SCORE_HEADERS, "unclear_share"),
            tuple(
                (j.code, *_head_cells(j), *_score_cells(s), j.unclear_share) for j, s in result.rows
            ),
        )
    ]


@tables.register
def _(result: ElementListing, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    return [
        Table(
            "elements",
            (
                "id",
                "category",
                "core",
                "weight",
                "contested",
                "label",
                "question",
                *(f"guidance_{s}" for s in GUIDED),
                "basis",
                "drafting_note",
            ),
            tuple(
                (
                    e.id,
                    e.category,
                    e.core,
                    e.weight,
                    e.contested,
                    e.label,
                    e.question,
                    *(e.guidance.get(s) for s in GUIDED),
                    "; ".join(e.basis),
                    e.drafting_note,
                )
                for e in result.elements
            ),
        )
    ]


@tables.register
def _(result: Matrix, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    if wide:
        return [
            Table(
                "matrix",
                (
                    "code",
                    "name",
                    "region",
                    *SCORE_HEADERS,
                    "max_years",
                    "aggravated_max_years",
                    *result.element_ids,
                ),
                tuple(
                    (
                        row.jurisdiction.code,
                        row.jurisdiction.name,
                        row.jurisdiction.region,
                        *_score_cells(row.score),
                        ceiling(row.max_penalty),
                        ceiling(row.aggravated_penalty),
                        *(row.status(e).value for e in result.element_ids),
                    )
                    for row in result.rows
                ),
            )
        ]
    return [
        Table(
            "matrix",
            TIDY_HEADERS,
            tuple(
                cell
                for row in result.rows
                for cell in tidy_rows(row, result.element_ids, catalogue)
            ),
        )
    ]


TIDY_HEADERS = (
    "code",
    "name",
    "region",
    "legal_system",
    "element",
    "label",
    "core",
    "status",
    "credit",
    "weight",
    "provisions",
    "quote",
    "translation",
    "note",
    "confidence",
    "as_of",
)


def tidy_rows(
    row: MatrixRow, element_ids: tuple[str, ...], catalogue: Catalogue
) -> tuple[tuple[Cell, ...], ...]:
    """One tidy row per element of one jurisdiction (in catalogue order, as the score's details),
    carrying what a researcher filters by: the jurisdiction's name, region and legal system, the
    element's label and core flag."""
    j, wanted = row.jurisdiction, set(element_ids)
    as_of = j.as_of.isoformat() if j.as_of else None
    labels = {e.id: e.label for e in catalogue.elements}
    return tuple(
        (
            j.code,
            j.name,
            j.region,
            j.legal_system,
            detail.element,
            labels.get(detail.element),
            detail.core,
            _STATUS_TEXT[detail.status],
            detail.credit,
            detail.weight,
            "; ".join(j.cites(answer)) if answer else "",
            answer.quote if answer else None,
            answer.translation if answer else None,
            answer.note if answer else None,
            j.confidence,
            as_of,
        )
        for detail in row.score.details
        if detail.element in wanted
        for answer in (j.answers.get(detail.element),)
    )


_STATUS_TEXT = {status: status.value for status in Status}


@tables.register
def _(result: Diff, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    return [
        Table(
            "diff",
            (
                "element",
                "differs",
                f"{result.a}_status",
                f"{result.b}_status",
                f"{result.a}_quote",
                f"{result.b}_quote",
            ),
            tuple(
                (r.element, r.differs, r.a.status.value, r.b.status.value, r.a.quote, r.b.quote)
                for r in result.rows
            ),
        )
    ]


@tables.register
def _(result: GapReport, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    return [
        Table(
            "gaps",
            ("code", "element", "core", "weight", "status", "note", "peers"),
            tuple(
                (
                    result.code,
                    g.element.id,
                    g.element.core,
                    g.element.weight,
                    g.answer.status.value,
                    g.answer.note,
                    "; ".join(p.code for p in g.peers),
                )
                for g in result.gaps
            ),
        )
    ]


@tables.register
def _(result: CheckResult, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    changes = Table(
        "changes",
        ("element", "change", "law", "bill"),
        tuple(
            (c.element, kind, c.before.value, c.after.value)
            for kind, group in (("gain", result.gains), ("loss", result.losses))
            for c in group
        ),
    )
    return [*tables(result.report, catalogue), changes]


@tables.register
def _(result: Agreement, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    summary = Table(
        "agreement",
        ("a", "b", "elements", "percent_agreement", "kappa", "covered_elements",
         "covered_percent_agreement", "covered_kappa"),
        ((result.a, result.b, len(result.rows), result.percent, result.kappa, result.covered_n,
          result.covered_percent, result.kappa_covered),),
    )  # fmt: skip
    shown = result.rows if wide else result.disagreements
    rows = Table(
        "elements" if wide else "disagreements",
        ("element", "label", "a", "b", "agrees"),
        tuple(
            (r.element, catalogue.get(r.element).label, r.a.value, r.b.value, r.agrees)
            for r in shown
        ),
    )
    return [rows, summary]


@tables.register
def _(result: ValidationReport, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    return [
        Table(
            "findings",
            ("path", "line", "column", "severity", "rule", "message"),
            tuple(
                (x.path, x.line, x.column, x.severity.value, x.rule, x.message)
                for f in result.files
                for x in f.findings
            ),
        )
    ]


@tables.register
def _(result: Encoding, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    j = result.jurisdiction
    as_of = j.as_of.isoformat() if j.as_of else None
    return [
        Table(
            "elements",
            (
                "code",
                "as_of",
                "element",
                "status",
                "provisions",
                "sources",
                "quote",
                "translation",
                "note",
            ),
            tuple(
                (
                    j.code,
                    as_of,
                    e.id,
                    a.status.value,
                    "; ".join(j.cites(a)),
                    "; ".join(_source_refs(j, a)),
                    a.quote,
                    a.translation,
                    a.note,
                )
                for e in catalogue.elements
                for a in (j.answer(e.id),)
            ),
        )
    ]


def _source_refs(j: Jurisdiction, a: Answer) -> list[str]:
    """The sources an answer's provisions are read from, each once: its URL, else its title."""
    sources = {s.id: s for s in j.sources}
    cited = (j.provision(ref) for ref in a.provisions)
    found = (sources.get(p.source) for p in cited if p is not None)
    return list(dict.fromkeys(s.url or s.title for s in found if s is not None))


@tables.register
def _(result: History, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    timeline: list[tuple[Cell, ...]] = []
    for v in result.versions:
        s = v.score
        timeline.append(
            (v.as_of.isoformat(), "version", v.path, None, None, None, None, None,
             s.definition, s.definition_high, s.framework, s.framework_high, s.completeness)
        )  # fmt: skip
        for c in v.changes:
            timeline.append(
                (v.as_of.isoformat(), f"{c.kind} change", v.path, c.element, c.before.status.value,
                 c.after.status.value, "; ".join(c.before_cites), "; ".join(c.after_cites),
                 None, None, None, None, None)
            )  # fmt: skip
    headers = (
        *("as_of", "row", "file", "element", "before", "after"),
        *("before_provisions", "after_provisions", *SCORE_HEADERS[:5]),
    )
    return [Table(f"history of {result.code}", headers, tuple(timeline))]


@tables.register
def _(result: Trends, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    rows: list[tuple[Cell, ...]] = []
    for y in result.years:
        rows.append((y.year, "jurisdictions", None, len(y.codes)))
        for name, spread in (("definition", y.definition), ("framework", y.framework)):
            data = spread_data(spread) or {}
            rows += [(y.year, f"{name}_{m}", None, data.get(m)) for m in SPREAD_MEASURES]
        rows += [(y.year, "present_share", e, y.present[e]) for e in result.element_ids]
    return [Table("trends", ("year", "measure", "element", "value"), tuple(rows))]


# --- research views ---------------------------------------------------------------------------


@to_data.register
def _(result: Sensitivity, catalogue: Catalogue) -> Any:
    baseline = result.profiles[0]
    return {
        **versions_data(result.corpus_version, catalogue),
        "measure": result.measure,
        "bound": result.bound,
        "baseline": baseline,
        "profiles": list(result.profiles),
        "jurisdictions": [
            {
                "code": row.code,
                "name": row.name,
                "scores": dict(zip(result.profiles, row.scores, strict=True)),
                "ranks": dict(zip(result.profiles, row.ranks, strict=True)),
                "shifts": dict(zip(result.profiles[1:], row.shifts[1:], strict=True)),
            }
            for row in result.rows
        ],
        "spearman": [{"a": c.a, "b": c.b, "rho": c.rho} for c in result.correlations],
    }


@tables.register
def _(result: Sensitivity, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    ranks = Table(
        "ranks",
        ("code", "name", "profile", result.measure, "rank", "shift"),
        tuple(
            (row.code, row.name, profile, score, rank, shift)
            for row in result.rows
            for profile, score, rank, shift in zip(
                result.profiles, row.scores, row.ranks, row.shifts, strict=True
            )
        ),
    )
    rho = Table(
        "spearman",
        ("a", "b", "rho"),
        tuple((c.a, c.b, c.rho) for c in result.correlations),
    )
    return [ranks, rho]


@to_data.register
def _(result: IccsReport, catalogue: Catalogue) -> Any:
    from legcompare.iccs import ICCS_LABELS

    return {
        **versions_data(result.corpus_version, catalogue),
        "iccs_codes": dict(ICCS_LABELS),
        "jurisdictions": [
            {
                "code": row.code,
                "name": row.name,
                "iccs_mappable": row.mappable,
                "reasons": list(row.reasons),
                "provisions": [
                    {"id": p.id, "cite": p.cite, "heading": p.heading, "iccs": p.iccs,
                     "label": p.label}
                    for p in row.provisions
                ],
                "beyond_iccs": [
                    {"key": x.key, "code": x.code, "label": x.label, "verdict": x.verdict,
                     "element": x.element, "status": x.status.value if x.status else None,
                     "provisions": list(x.provisions), "note": x.note}
                    for x in row.exclusions
                ],
            }
            for row in result.rows
        ],
    }  # fmt: skip


@tables.register
def _(result: IccsReport, catalogue: Catalogue, *, wide: bool = False) -> list[Table]:
    if wide:
        keys = tuple(x.key for x in result.rows[0].exclusions) if result.rows else ()
        return [
            Table(
                "iccs",
                ("code", "name", "iccs_mappable", "reasons", "iccs_codes", "uncoded", *keys),
                tuple(
                    (row.code, row.name, row.mappable, "; ".join(row.reasons),
                     "; ".join(sorted({p.iccs for p in row.provisions if p.iccs})),
                     "; ".join(p.id for p in row.provisions if not p.iccs),
                     *(x.verdict for x in row.exclusions))
                    for row in result.rows
                ),
            )
        ]  # fmt: skip
    blank: tuple[IccsProvision | None, ...] = (None,)
    provisions = Table(
        "provisions",
        ("code", "name", "iccs_mappable", "reasons", "provision", "cite", "heading", "iccs",
         "iccs_label"),
        tuple(
            (row.code, row.name, row.mappable, "; ".join(row.reasons),
             p.id if p else None, p.cite if p else None, p.heading if p else None,
             p.iccs if p else None, p.label if p else None)
            for row in result.rows
            for p in (row.provisions or blank)
        ),
    )  # fmt: skip
    beyond = Table(
        "beyond ICCS 020221",
        ("code", "name", "excluded", "iccs_code", "verdict", "element", "status", "provisions",
         "note"),
        tuple(
            (row.code, row.name, x.label, x.code, x.verdict, x.element,
             x.status.value if x.status else None, "; ".join(x.provisions), x.note)
            for row in result.rows
            for x in row.exclusions
        ),
    )  # fmt: skip
    return [provisions, beyond]
