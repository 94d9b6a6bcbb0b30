"""Comparisons across jurisdictions: element-by-element diffs and the coverage matrix."""

from __future__ import annotations

import os
from collections import Counter

from legcompare.model import (
    Catalogue,
    Diff,
    ElementDiff,
    Jurisdiction,
    Matrix,
    MatrixRow,
    PenaltyComparison,
)
from legcompare.scoring import BOUNDS, MIN_COMPLETENESS, Scorer


def diff(a: Jurisdiction, b: Jurisdiction, catalogue: Catalogue) -> Diff:
    """Every element as answered by A and by B, with the penalties and summary counts."""
    rows = tuple(
        ElementDiff(e.id, x, y, tuple(a.cites(x)), tuple(b.cites(y)))
        for e in catalogue.elements
        for x, y in ((a.answer(e.id), b.answer(e.id)),)
    )
    a_ceiling, a_label = a.kidnapping_penalty()
    b_ceiling, b_label = b.kidnapping_penalty()
    counts = Counter(_direction(row) for row in rows)
    return Diff(
        a=label(a, b),
        b=label(b, a),
        rows=rows,
        penalty=PenaltyComparison(
            a_ceiling, b_ceiling, a_label, b_label, a.aggravated_ceiling(), b.aggravated_ceiling()
        ),
        counts={key: counts.get(key, 0) for key in ("same", "a_stronger", "b_stronger", "other")},
    )


def label(j: Jurisdiction, other: Jurisdiction) -> str:
    """How to name a side of a comparison: its code, and when both sides share the code (a law
    and a bill amending it, or two versions), also what tells them apart."""
    if j.code != other.code:
        return j.code
    if j.kind != other.kind:
        return f"{j.code} {j.kind}"
    if j.as_of != other.as_of and j.as_of is not None:
        return f"{j.code}@{j.as_of.isoformat()}"
    return f"{j.code} ({os.path.basename(j.path)})" if j.path else j.code


def _direction(row: ElementDiff) -> str:
    """Which side covers the element better: credit decides, not the status name."""
    if not row.differs:
        return "same"
    a, b = row.a.status.credit, row.b.status.credit
    if a is None or b is None or a == b:
        return "other"
    return "a_stronger" if a > b else "b_stronger"


def mirror(d: Diff) -> Diff:
    """The same diff seen from the other side (diff(B, A))."""
    swap = {"a_stronger": "b_stronger", "b_stronger": "a_stronger"}
    p = d.penalty
    return Diff(
        a=d.b,
        b=d.a,
        rows=tuple(ElementDiff(r.element, r.b, r.a, r.b_cites, r.a_cites) for r in d.rows),
        penalty=PenaltyComparison(
            p.b_ceiling, p.a_ceiling, p.b_label, p.a_label, p.b_aggravated, p.a_aggravated
        ),
        counts={swap.get(k, k): v for k, v in d.counts.items()},
    )


def matrix(
    jurisdictions: list[Jurisdiction],
    catalogue: Catalogue,
    *,
    core_only: bool = False,
    weights: dict[str, float] | None = None,
    profile: str = "catalogue",
    bound: str = "low",
    min_completeness: float = MIN_COMPLETENESS,
) -> Matrix:
    """Score every jurisdiction and sort by framework score (definition for --core), then code.

    `bound` chooses which end of each score's range sorts: `low` (unclear counts nothing) or
    `high` (unclear counts as present).
    """
    if bound not in BOUNDS:
        raise ValueError(f"unknown bound {bound!r}; choose from {', '.join(BOUNDS)}")
    ids = tuple(e.id for e in catalogue.elements if e.core or not core_only)
    scorer = Scorer(catalogue, weights=weights, profile=profile, min_completeness=min_completeness)
    rows = [MatrixRow(j, scorer(j)) for j in jurisdictions]
    high = bound == "high"

    def key(row: MatrixRow) -> tuple[float, float, str]:
        s = row.score
        definition = s.definition_high if high else s.definition
        main = definition if core_only else (s.framework_high if high else s.framework)
        return (-main, -definition, row.jurisdiction.code)

    return Matrix(ids, tuple(sorted(rows, key=key)), scoring=scorer.signature)
