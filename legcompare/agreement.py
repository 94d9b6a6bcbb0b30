"""Inter-coder agreement: two codings of one law compared element by element (Cohen's kappa)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from legcompare.model import Agreement, AgreementRow, Catalogue, Jurisdiction, Status

_COVERED = {Status.PRESENT: "covered", Status.PARTIAL: "covered", Status.ABSENT: "absent"}


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa for paired labels: (observed - chance) / (1 - chance); None if undefined."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(left[k] * right[k] for k in left) / (n * n)
    if chance == 1:  # one category used by both throughout: agreement is total but kappa is 0/0
        return None
    return (observed - chance) / (1 - chance)


def agree(a: Jurisdiction, b: Jurisdiction, catalogue: Catalogue) -> Agreement:
    """Compare two codings of the same law over every catalogue element."""
    rows = tuple(
        AgreementRow(e.id, a.answer(e.id).status, b.answer(e.id).status) for e in catalogue.elements
    )
    pairs = [(r.a.value, r.b.value) for r in rows]
    binary = [(_COVERED[r.a], _COVERED[r.b]) for r in rows if r.a in _COVERED and r.b in _COVERED]
    return Agreement(
        a=_label(a),
        b=_label(b),
        rows=rows,
        percent=round(100 * sum(r.agrees for r in rows) / len(rows), 1) if rows else 0.0,
        kappa=_round(cohen_kappa(pairs)),
        covered_n=len(binary),
        covered_percent=round(100 * sum(x == y for x, y in binary) / len(binary), 1)
        if binary
        else None,
        kappa_covered=_round(cohen_kappa(binary)),
    )


def _label(j: Jurisdiction) -> str:
    return j.path or j.code


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
