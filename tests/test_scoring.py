"""The scoring model on a tiny catalogue, with numbers checked by hand."""

from __future__ import annotations

import pytest

from legcompare.compare import diff, matrix, mirror
from legcompare.model import Jurisdiction, Status
from legcompare.scoring import score

from conftest import law, tiny_catalogue


def test_scores_by_hand() -> None:
    # a present (3), b partial (1 x 0.5), c unclear (4): definition 3.5/4, framework 3.5/8.
    s = score(law("X", a="present", b="partial", c="unclear"), tiny_catalogue())
    assert (s.definition, s.framework, s.completeness) == (87.5, 43.8, 50.0)


def test_not_applicable_leaves_the_denominator() -> None:
    s = score(law("X", a="present", b="not_applicable", c="absent"), tiny_catalogue())
    assert (s.definition, s.framework, s.completeness) == (100.0, 42.9, 100.0)


def test_unanswered_counts_as_unclear() -> None:
    s = score(law("X"), tiny_catalogue())
    assert (s.definition, s.framework, s.completeness) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(("profile", "expected"), [("equal", (75.0, 50.0)), ("core", (87.5, 87.5))])
def test_weighting_profiles(profile: str, expected: tuple[float, float]) -> None:
    s = score(law("X", a="present", b="partial", c="absent"), tiny_catalogue(), profile=profile)
    assert (s.definition, s.framework) == expected


def test_explicit_weights_override_the_catalogue() -> None:
    s = score(
        law("X", a="absent", b="present", c="present"),
        tiny_catalogue(),
        weights={"a": 0, "b": 1, "c": 1},
    )
    assert (s.definition, s.framework) == (100.0, 100.0)


def test_diff_counts_and_mirror() -> None:
    a = law("A", a="present", b="absent", c="unclear")
    b = law("B", a="partial", b="present", c="unclear")
    d = diff(a, b, tiny_catalogue())
    assert d.counts == {"same": 1, "a_stronger": 1, "b_stronger": 1, "other": 0}
    assert [r.element for r in d.rows if r.differs] == ["a", "b"]
    assert mirror(d) == diff(b, a, tiny_catalogue())


def test_matrix_sorts_by_score_then_code() -> None:
    rows = matrix(
        [law("B", a="present"), law("A", a="present"), law("C", c="present")], tiny_catalogue()
    ).rows
    assert [r.jurisdiction.code for r in rows] == ["C", "A", "B"]


def test_bounds_count_unclear_as_nothing_then_as_present() -> None:
    # a present (3), b partial (0.5 x 1), c unclear (4): low 3.5/8, high (3.5 + 4)/8.
    s = score(law("X", a="present", b="partial", c="unclear"), tiny_catalogue())
    assert (s.framework, s.framework_high) == (43.8, 93.8)
    assert (s.definition, s.definition_high) == (87.5, 87.5)
    nothing_known = score(law("X"), tiny_catalogue())
    assert (nothing_known.definition, nothing_known.definition_high) == (0.0, 100.0)
    assert (nothing_known.framework, nothing_known.framework_high) == (0.0, 100.0)


def test_bounds_leave_not_applicable_out() -> None:
    s = score(law("X", a="unclear", b="not_applicable", c="absent"), tiny_catalogue())
    assert (s.definition, s.definition_high) == (0.0, 100.0)
    assert (s.framework, s.framework_high) == (0.0, 42.9)


@pytest.mark.parametrize(("threshold", "incomplete"), [(70.0, True), (50.0, False), (0.0, False)])
def test_incomplete_below_the_threshold(threshold: float, incomplete: bool) -> None:
    # completeness 50: weight 4 of 8 unclear.
    j = law("X", a="present", b="partial", c="unclear")
    s = score(j, tiny_catalogue(), min_completeness=threshold)
    assert (s.completeness, s.incomplete) == (50.0, incomplete)


def test_matrix_sorts_by_the_chosen_bound() -> None:
    known = law("K", a="present", b="absent", c="absent")  # 37.5 to 37.5
    unknown = law("U", a="partial")  # 18.8 to 93.8
    low = matrix([known, unknown], tiny_catalogue())
    high = matrix([known, unknown], tiny_catalogue(), bound="high")
    assert [r.jurisdiction.code for r in low.rows] == ["K", "U"]
    assert [r.jurisdiction.code for r in high.rows] == ["U", "K"]
    with pytest.raises(ValueError, match="unknown bound"):
        matrix([known], tiny_catalogue(), bound="middle")


def test_equality_sees_the_answers_and_the_counts() -> None:
    present, absent = law("X", a="present"), law("X", a="absent")
    assert present != absent and present == law("X", a="present")
    other = law("Y", a="present", b="absent")
    assert diff(present, other, tiny_catalogue()) != diff(absent, other, tiny_catalogue())
    assert hash(present) == hash(absent)  # the answers stay out of the hash, not out of ==


def _formula(j: Jurisdiction, weights: dict[str, float], core: set[str]) -> tuple[float, ...]:
    """The module's formula written out plainly, for every bound and element set."""

    def percent(elements: list[str], unclear_credit: float) -> float:
        applicable = [e for e in elements if j.answer(e).status.credit is not None]
        total = sum(weights[e] for e in applicable)
        earned = sum(
            weights[e] * (unclear_credit if s is Status.UNCLEAR else (s.credit or 0.0))
            for e in applicable
            for s in (j.answer(e).status,)
        )
        return round(100.0 * earned / total, 1) if total else 0.0

    every = list(weights)
    known = [e for e in every if j.answer(e).status is not Status.UNCLEAR]
    applicable = [e for e in every if j.answer(e).status.credit is not None]
    total = sum(weights[e] for e in applicable)
    completeness = round(100 * sum(weights[e] for e in known if e in applicable) / total, 1)
    chosen = [e for e in every if e in core]
    return (
        percent(chosen, 0.0),
        percent(every, 0.0),
        percent(chosen, 1.0),
        percent(every, 1.0),
        completeness if total else 0.0,
    )


@pytest.mark.parametrize("profile", ["catalogue", "equal", "core"])
def test_every_shipped_score_follows_the_formula(profile: str) -> None:
    from legcompare.corpus import locate
    from legcompare.scoring import Scorer, profile_weights

    data = locate(None, cache=False)
    weights = profile_weights(data.catalogue, profile)
    core = {e.id for e in data.catalogue.elements if e.core}
    scorer = Scorer(data.catalogue, profile=profile)
    jurisdictions, problems = data.load_all()
    assert jurisdictions and not problems
    for j in jurisdictions:
        s = scorer(j)
        got = (s.definition, s.framework, s.definition_high, s.framework_high, s.completeness)
        assert got == _formula(j, weights, core), j.code
