"""How much the ranking of jurisdictions depends on the weights: ranks under several weighting
profiles, each jurisdiction's shift from the first (the catalogue's), and Spearman's rank
correlation between every two profiles. Pure functions."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import combinations

from legcompare.limits import MIN_COMPLETENESS
from legcompare.model import Catalogue, Jurisdiction, RankCorrelation, Sensitivity, SensitivityRow
from legcompare.scoring import Scorer


def average_ranks(values: Sequence[float]) -> list[float]:
    """The rank of each value, 1 for the highest; tied values share the mean of the ranks they
    span (two tied for second and third both rank 2.5)."""
    order = sorted(range(len(values)), key=lambda i: -values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for i in order[start : end + 1]:
            ranks[i] = (start + end) / 2 + 1  # the mean of ranks start+1 .. end+1
        start = end + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rho: Pearson's correlation of the average ranks (so ties are handled).

    None when it is undefined: fewer than two values, or every value of one side tied.
    """
    if len(x) != len(y):
        raise ValueError("spearman: the two sequences differ in length")
    if len(x) < 2:
        return None
    rx, ry = average_ranks(x), average_ranks(y)
    mean = (len(x) + 1) / 2  # the mean of any set of average ranks of n values
    dx = [r - mean for r in rx]
    dy = [r - mean for r in ry]
    spread = math.sqrt(sum(d * d for d in dx) * sum(d * d for d in dy))
    if spread == 0:
        return None
    return sum(a * b for a, b in zip(dx, dy, strict=True)) / spread


def sensitivity(
    jurisdictions: Sequence[Jurisdiction],
    catalogue: Catalogue,
    profiles: Sequence[tuple[str, Mapping[str, float] | None]],
    *,
    core_only: bool = False,
    bound: str = "low",
    min_completeness: float = MIN_COMPLETENESS,
) -> Sensitivity:
    """Rank the jurisdictions under each profile (name, weights or None for a named profile)
    by the score the matrix sorts by: framework, or definition with `core_only`; the low end of
    its range, or the high end with `bound="high"`. The first profile is the baseline."""
    measure = "definition" if core_only else "framework"
    attribute = f"{measure}_high" if bound == "high" else measure
    columns = []
    for name, weights in profiles:
        scorer = Scorer(catalogue, weights=weights, profile=name, min_completeness=min_completeness)
        columns.append([float(getattr(scorer(j), attribute)) for j in jurisdictions])
    ranks = [average_ranks(scores) for scores in columns]
    rows = [
        SensitivityRow(
            j.code,
            j.name,
            tuple(scores[i] for scores in columns),
            tuple(r[i] for r in ranks),
        )
        for i, j in enumerate(jurisdictions)
    ]
    rows.sort(key=lambda row: (row.ranks[0], row.code))
    names = tuple(name for name, _ in profiles)
    correlations = tuple(
        RankCorrelation(names[a], names[b], _rounded(spearman(columns[a], columns[b])))
        for a, b in combinations(range(len(names)), 2)
    )
    return Sensitivity(names, measure, bound, tuple(rows), correlations)


def _rounded(rho: float | None) -> float | None:
    return None if rho is None else round(rho, 4)
