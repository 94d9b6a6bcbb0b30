"""The scoring model: weighted coverage of the catalogue, per jurisdiction. Pure functions.

credit: present 1, partial 0.5, absent 0, unclear 0; not_applicable leaves the denominator.
score = 100 * sum(weight * credit) / sum(weight), over the core elements (`definition`) and over
all elements (`framework`); `completeness` is the share of weight not unclear. Each score has a
high bound (`*_high`) that counts every unclear answer as present: the range a reader should see
when much is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from legcompare.limits import BOUNDS, MIN_COMPLETENESS
from legcompare.model import EVIDENCE, Catalogue, Element, ElementScore, Jurisdiction, Score, Status

__all__ = ["BOUNDS", "MIN_COMPLETENESS", "PROFILES", "Scorer", "format_range", "score"]

PROFILES = ("catalogue", "equal", "core")
_PURPOSES = ("purpose_ransom_or_material_benefit", "purpose_compel_act_or_omission")


def profile_weights(catalogue: Catalogue, profile: str) -> dict[str, float]:
    """The weights of a named profile: the catalogue's, all equal, or the core elements only."""
    if profile == "catalogue":
        return {e.id: e.weight for e in catalogue.elements}
    if profile == "equal":
        return {e.id: 1.0 for e in catalogue.elements}
    if profile == "core":
        return {e.id: (e.weight if e.core else 0.0) for e in catalogue.elements}
    raise ValueError(f"unknown weighting profile {profile!r}; choose from {', '.join(PROFILES)}")


def format_range(low: float, high: float) -> str:
    """A score with its bounds for people to read: '62.2', or '62.2-90.5' when some is unknown."""
    return f"{low:g}" if low == high else f"{low:g}\u2013{high:g}"


def _percent(numerator: float, denominator: float) -> float:
    return round(100.0 * numerator / denominator, 1) if denominator else 0.0


def iccs_mappable(jurisdiction: Jurisdiction) -> bool:
    """Whether the law maps onto ICCS 020221 (ELEMENTS.md, 'Derived facts')."""
    return not iccs_shortfalls(jurisdiction)


def iccs_shortfalls(jurisdiction: Jurisdiction) -> list[str]:
    """Why the law does not map onto ICCS 020221: each condition it misses (none: it maps).

    The conditions: deprivation of liberty and lack of consent present or partial, a purpose
    (ransom or benefit, or coercion) present or partial, and a specific kidnapping offence.
    """
    missing = []
    for element_id in ("unlawful_deprivation_of_liberty", "against_victims_will"):
        status = jurisdiction.answer(element_id).status
        if status not in EVIDENCE:
            missing.append(f"{element_id} is {status.value}, not present or partial")
    purposes = [(p, jurisdiction.answer(p).status) for p in _PURPOSES]
    if not any(status in EVIDENCE for _, status in purposes):
        found = ", ".join(f"{p} {status.value}" for p, status in purposes)
        missing.append(f"no purpose is present or partial ({found})")
    status = jurisdiction.answer("kidnapping_specific_offence").status
    if status is not Status.PRESENT:
        missing.append(f"kidnapping_specific_offence is {status.value}, not present")
    return missing


class Scorer:
    """Scores jurisdictions against one catalogue under one weighting.

    Each element's score for each status is worked out once, so that scoring a large corpus is
    a table lookup per element; `score()` is the one-off form.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        weights: Mapping[str, float] | None = None,
        profile: str = "catalogue",
        min_completeness: float = MIN_COMPLETENESS,
    ) -> None:
        chosen = dict(weights) if weights is not None else profile_weights(catalogue, profile)
        self.profile = profile
        self.min_completeness = min_completeness
        self._table = tuple(
            (element.id, {status: _element_score(element, status, chosen.get(element.id, 0.0))
                          for status in Status})
            for element in catalogue.elements
        )  # fmt: skip

    def __call__(self, jurisdiction: Jurisdiction) -> Score:
        unclear = Status.UNCLEAR
        details = tuple(
            table[jurisdiction.answer(element_id).status] for element_id, table in self._table
        )
        completeness = _percent(
            sum(r.weight for r in details if r.credit is not None and r.status is not unclear),
            sum(r.weight for r in details if r.credit is not None),
        )
        return Score(
            code=jurisdiction.code,
            definition=_ratio([r for r in details if r.core]),
            framework=_ratio(details),
            definition_high=_ratio([r for r in details if r.core], unclear_credit=1.0),
            framework_high=_ratio(details, unclear_credit=1.0),
            incomplete=completeness < self.min_completeness,
            completeness=completeness,
            iccs_mappable=iccs_mappable(jurisdiction),
            profile=self.profile,
            details=details,
        )


def score(
    jurisdiction: Jurisdiction,
    catalogue: Catalogue,
    *,
    weights: Mapping[str, float] | None = None,
    profile: str = "catalogue",
    min_completeness: float = MIN_COMPLETENESS,
) -> Score:
    """Score one jurisdiction against the catalogue under a weighting profile."""
    scorer = Scorer(catalogue, weights=weights, profile=profile, min_completeness=min_completeness)
    return scorer(jurisdiction)


def _ratio(rows: Sequence[ElementScore], *, unclear_credit: float = 0.0) -> float:
    """Weighted credit over the weight of the applicable rows, as a percentage; an unclear
    answer earns `unclear_credit` (0 for the low bound, 1 for the high bound)."""
    applicable = [r for r in rows if r.credit is not None]
    earned = sum(
        r.weight * unclear_credit if r.status is Status.UNCLEAR else r.contribution
        for r in applicable
    )
    return _percent(earned, sum(r.weight for r in applicable))


def _element_score(element: Element, status: Status, weight: float) -> ElementScore:
    credit = status.credit
    return ElementScore(
        element=element.id,
        weight=weight,
        status=status,
        credit=credit,
        contribution=weight * credit if credit is not None else 0.0,
        core=element.core,
    )
