"""The scoring model: weighted coverage of the catalogue, per jurisdiction. Pure functions.

credit: present 1, partial 0.5, absent 0, unclear 0; not_applicable leaves the denominator.
score = 100 * sum(weight * credit) / sum(weight), over the core elements (`definition`) and over
all elements (`framework`); `completeness` is the share of weight not unclear. Each score has a
high bound (`*_high`) that counts every unclear answer as present: the range a reader should see
when much is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping

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
        # For each element and status: its details row and what it adds to each sum a score
        # takes, so that scoring is a lookup per element and seven sums.
        self._table = tuple(
            (element.id, {status: _row(_element_score(element, status, chosen.get(element.id, 0.0)))
                          for status in Status})
            for element in catalogue.elements
        )  # fmt: skip

    @property
    def signature(self) -> str:
        """What the scores' element details depend on besides the answers and the catalogue:
        the weight each element was given. Two scorers of one catalogue with equal signatures
        give every jurisdiction the same details, so output derived from them can be reused."""
        return ";".join(f"{element_id}={table[Status.PRESENT][0].weight!r}"
                        for element_id, table in self._table)  # fmt: skip

    def __call__(self, jurisdiction: Jurisdiction) -> Score:
        answers = jurisdiction.answers
        unclear = Status.UNCLEAR
        rows = [
            table[answer.status if answer else unclear]
            for element_id, table in self._table
            for answer in (answers.get(element_id),)
        ]
        core_weight, core_low, core_high, weight, low, high, known = map(
            sum, zip(*(sums for _, sums in rows), strict=True)
        )
        completeness = _percent(known, weight)
        return Score(
            code=jurisdiction.code,
            definition=_percent(core_low, core_weight),
            framework=_percent(low, weight),
            definition_high=_percent(core_high, core_weight),
            framework_high=_percent(high, weight),
            incomplete=completeness < self.min_completeness,
            completeness=completeness,
            iccs_mappable=iccs_mappable(jurisdiction),
            profile=self.profile,
            details=tuple(details for details, _ in rows),
        )


def _row(details: ElementScore) -> tuple[ElementScore, tuple[float, ...]]:
    """An element's details with its share of a score's sums: the weight, low and high credit
    of the core elements, the same of all elements, and the weight of what is known (not
    unclear). An element that does not apply adds nothing; an unclear one earns nothing at the
    low bound and its whole weight at the high bound."""
    if details.credit is None:
        return details, (0.0,) * 7
    weight, earned = details.weight, details.contribution
    high = weight if details.status is Status.UNCLEAR else earned
    known = 0.0 if details.status is Status.UNCLEAR else weight
    core = (weight, earned, high) if details.core else (0.0, 0.0, 0.0)
    return details, (*core, weight, earned, high, known)


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
