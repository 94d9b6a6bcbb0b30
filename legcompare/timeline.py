"""Laws over time: one jurisdiction's versions (`history`) and the corpus year by year (`trends`).

Which law counts for a year: the version in force on 31 December of that year, that is the
latest version whose `as_of` is not after that day. A jurisdiction has no data for the years
before its oldest version; it is not guessed backwards.

How `since` fills in between versions: when the next version answers an element with a `since`
year later than the year of the version in force and not after the year counted, the element
entered the law in between, so the next version's answer stands for it from that year on.

Who counts: national jurisdictions (a subnational law would count its country twice), in the
region asked for, whose score for that year is complete enough (`min_completeness`, the share
of weight not unclear); the ones left out are listed. Scores are the low bounds (unclear counts
nothing); `median_high` gives the median of the high bounds beside them.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from legcompare.model import (
    Catalogue,
    History,
    Jurisdiction,
    LawVersion,
    Spread,
    Status,
    Trends,
    TrendYear,
    VersionChange,
)
from legcompare.scoring import MIN_COMPLETENESS, Scorer


def by_date(versions: Iterable[Jurisdiction]) -> list[Jurisdiction]:
    """Versions with a date, oldest first (a version without `as_of` cannot be placed)."""
    return sorted((v for v in versions if v.as_of is not None), key=lambda v: v.as_of or date.min)


def history(
    versions: Sequence[Jurisdiction],
    catalogue: Catalogue,
    *,
    current: str | None = None,
    min_completeness: float = MIN_COMPLETENESS,
) -> History:
    """Every version of one law with its score and the elements changed since the one before.

    `current` is the path of the current encoding, so that its version can be marked.
    """
    ordered = by_date(versions)
    if not ordered:
        raise ValueError("no dated version to show")
    scorer = Scorer(catalogue, min_completeness=min_completeness)
    out: list[LawVersion] = []
    previous: Jurisdiction | None = None
    for version in ordered:
        changes = () if previous is None else _changes(previous, version, catalogue)
        out.append(
            LawVersion(
                as_of=version.as_of or date.min,
                path=version.path,
                current=current is not None and version.path == current,
                score=scorer(version),
                changes=changes,
            )
        )
        previous = version
    newest = ordered[-1]
    return History(code=newest.code, name=newest.name, versions=tuple(out))


def _changes(
    before: Jurisdiction, after: Jurisdiction, catalogue: Catalogue
) -> tuple[VersionChange, ...]:
    """The elements whose status or provisions differ between two versions, in catalogue order."""
    out = []
    for element in catalogue.elements:
        a, b = before.answer(element.id), after.answer(element.id)
        a_cites, b_cites = _cited(before, a.provisions), _cited(after, b.provisions)
        if a.status != b.status or a_cites != b_cites:
            out.append(VersionChange(element.id, a, b, a_cites, b_cites))
    return tuple(out)


def _cited(law: Jurisdiction, refs: tuple[str, ...]) -> tuple[str, ...]:
    """The citations of provision ids (an id the law does not define stands for itself)."""
    found = (law.provision(ref) for ref in refs)
    return tuple(p.cite if p is not None else ref for p, ref in zip(found, refs, strict=True))


def law_in_year(versions: Sequence[Jurisdiction], year: int) -> Jurisdiction | None:
    """The law counted for a year (see the module's method), or None before the oldest version.

    `versions` are one jurisdiction's versions, oldest first.
    """
    end = date(year, 12, 31)
    in_force = [v for v in versions if v.as_of is not None and v.as_of <= end]
    if not in_force:
        return None
    law = in_force[-1]
    if len(in_force) == len(versions) or law.as_of is None:
        return law
    following = versions[len(in_force)]
    entered = {
        element_id: answer
        for element_id, answer in following.answers.items()
        if answer.since is not None
        and law.as_of.year < answer.since <= year
        and answer.status != law.answer(element_id).status
    }
    return replace(law, answers={**law.answers, **entered}) if entered else law


def trends(
    versions: Iterable[Jurisdiction],
    catalogue: Catalogue,
    *,
    region: str | None = None,
    first: int | None = None,
    last: int | None = None,
    min_completeness: float = MIN_COMPLETENESS,
    include_incomplete: bool = False,
) -> Trends:
    """The corpus year by year, from `first` to `last` (default: the oldest version's year to
    the newest's): who counts, the spread of their scores, each element's share present."""
    laws: dict[str, list[Jurisdiction]] = {}
    for version in by_date(versions):
        if version.is_subnational or version.kind != "law":
            continue
        if region is not None and (version.region or "").casefold() != region.casefold():
            continue
        laws.setdefault(version.code, []).append(version)
    years = [v.as_of.year for vs in laws.values() for v in vs if v.as_of is not None]
    start = first if first is not None else min(years, default=date.today().year)
    end = last if last is not None else max(years, default=start)
    if start > end:
        raise ValueError(f"the first year {start} is after the last year {end}")
    scorer = Scorer(catalogue, min_completeness=min_completeness)
    element_ids = tuple(e.id for e in catalogue.elements)
    rows: list[TrendYear] = []
    left_out: list[tuple[int, str]] = []
    for year in range(start, end + 1):
        counted = []
        for code in sorted(laws):
            law = law_in_year(laws[code], year)
            if law is None:
                continue
            score = scorer(law)
            if score.incomplete and not include_incomplete:
                left_out.append((year, code))
                continue
            counted.append((law, score))
        rows.append(
            TrendYear(
                year=year,
                codes=tuple(law.code for law, _ in counted),
                definition=_spread(
                    [s.definition for _, s in counted], [s.definition_high for _, s in counted]
                ),
                framework=_spread(
                    [s.framework for _, s in counted], [s.framework_high for _, s in counted]
                ),
                present={
                    e: _share(law.answer(e).status is Status.PRESENT for law, _ in counted)
                    for e in element_ids
                },
            )
        )
    return Trends(
        years=tuple(rows),
        element_ids=element_ids,
        region=region,
        min_completeness=min_completeness,
        left_out=tuple(left_out),
    )


def _spread(values: Sequence[float], highs: Sequence[float]) -> Spread | None:
    if not values:
        return None
    if len(values) == 1:
        q1 = q3 = values[0]
    else:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Spread(
        median=round(statistics.median(values), 1),
        q1=round(q1, 1),
        q3=round(q3, 1),
        low=min(values),
        high=max(values),
        median_high=round(statistics.median(highs), 1),
    )


def _share(flags: Iterable[bool]) -> float:
    marks = list(flags)
    return round(100 * sum(marks) / len(marks), 1) if marks else 0.0
