"""Weighting sensitivity: average ranks, Spearman's rho, `matrix --sensitivity`; checked by hand."""

from __future__ import annotations

import csv
import io
import json
import math
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legcompare.corpus import DataDir
from legcompare.render import Options, render
from legcompare.sensitivity import average_ranks, sensitivity, spearman

from conftest import ROOT, law, run, tiny_catalogue

# --- ranks and rank correlation -------------------------------------------------------------


def test_average_ranks_share_ties() -> None:
    assert average_ranks([10.0, 20.0, 20.0, 5.0]) == [3.0, 1.5, 1.5, 4.0]
    assert average_ranks([7.0, 7.0, 7.0]) == [2.0, 2.0, 2.0]
    assert average_ranks([]) == []


def test_spearman_with_ties_by_hand() -> None:
    # x ranks (1 = highest) 5 4 3 2 1; y = 5 6 7 8 7 ranks 5 4 2.5 1 2.5. Around the mean 3:
    # dx = 2 1 0 -1 -2, dy = 2 1 -0.5 -2 -0.5; sum dx*dy = 8, sum dx^2 = 10, sum dy^2 = 9.5;
    # rho = 8 / sqrt(95).
    assert spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) == pytest.approx(8 / math.sqrt(95))


def test_spearman_without_ties_is_the_textbook_formula() -> None:
    # Rank differences 1 -1 1 -1 0: rho = 1 - 6 * 4 / (5 * 24) = 0.8.
    assert spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) == pytest.approx(0.8)
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)


def test_spearman_is_undefined_without_variation() -> None:
    assert spearman([1, 2, 3], [4, 4, 4]) is None
    assert spearman([1], [2]) is None
    with pytest.raises(ValueError, match="differ in length"):
        spearman([1, 2], [1])


# --- the report, on the tiny catalogue (a core w3, b core w1, c framework w4) -------------------

LAWS = [
    law("A", a="present", b="absent", c="absent"),  # catalogue 3/8, equal 1/3, core 3/4
    law("B", a="absent", b="present", c="present"),  # catalogue 5/8, equal 2/3, core 1/4
    law("C", a="present", b="present", c="absent"),  # catalogue 4/8, equal 2/3, core 4/4
]
PROFILES = [("catalogue", None), ("equal", None), ("core", None)]


def test_ranks_shifts_and_rho_by_hand() -> None:
    result = sensitivity(LAWS, tiny_catalogue(), PROFILES)
    assert result.profiles == ("catalogue", "equal", "core")
    got = [(r.code, r.scores, r.ranks, r.shifts) for r in result.rows]
    assert got == [
        ("B", (62.5, 66.7, 25.0), (1.0, 1.5, 3.0), (0.0, -0.5, -2.0)),
        ("C", (50.0, 66.7, 100.0), (2.0, 1.5, 1.0), (0.0, 0.5, 1.0)),
        ("A", (37.5, 33.3, 75.0), (3.0, 3.0, 2.0), (0.0, 0.0, 1.0)),
    ]
    # catalogue/equal: dx -1 0 1, dy -0.5 -0.5 1: 1.5 / sqrt(2 * 1.5) = 0.8660;
    # catalogue/core: dx -1 0 1, dy 1 -1 0: -1 / 2; equal/core: dy -0.5 -0.5 1 vs 1 -1 0: 0.
    assert [(c.a, c.b, c.rho) for c in result.correlations] == [
        ("catalogue", "equal", 0.866),
        ("catalogue", "core", -0.5),
        ("equal", "core", 0.0),
    ]


def test_the_core_flag_ranks_by_definition_and_a_weights_profile_joins() -> None:
    profiles = [*PROFILES, ("file:w.yaml", {"a": 1.0, "b": 3.0, "c": 0.0})]
    result = sensitivity(LAWS, tiny_catalogue(), profiles, core_only=True)
    assert result.measure == "definition"
    # definition: catalogue A 3/4, B 1/4, C 1; file A 1/4, B 3/4, C 1.
    assert {r.code: r.ranks for r in result.rows} == {
        "C": (1.0, 1.0, 1.0, 1.0),
        "A": (2.0, 2.5, 2.0, 3.0),
        "B": (3.0, 2.5, 3.0, 2.0),
    }


def test_csv_is_tidy_and_exact() -> None:
    text = render(sensitivity(LAWS, tiny_catalogue(), PROFILES), "csv", Options(tiny_catalogue()))
    assert text == textwrap.dedent(
        """\
        code,name,profile,framework,rank,shift
        B,B,catalogue,62.5,1.0,0.0
        B,B,equal,66.7,1.5,-0.5
        B,B,core,25.0,3.0,-2.0
        C,C,catalogue,50.0,2.0,0.0
        C,C,equal,66.7,1.5,0.5
        C,C,core,100.0,1.0,1.0
        A,A,catalogue,37.5,3.0,0.0
        A,A,equal,33.3,3.0,0.0
        A,A,core,75.0,2.0,1.0
        """
    )


# --- through the CLI --------------------------------------------------------------------------


def test_matrix_sensitivity_json(runner: CliRunner, corpus: DataDir, tmp_path: Path) -> None:
    from legcompare.versions import versions

    weights = tmp_path / "w.yaml"
    weights.write_text("kidnapping_specific_offence: 10\n", encoding="utf-8")
    code, out, err = run(
        runner, "matrix", "--sensitivity", "--weights", str(weights), "--format", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["profiles"] == ["catalogue", "equal", "core", "file:w.yaml"]
    assert (data["baseline"], data["measure"], data["bound"]) == ("catalogue", "framework", "low")
    assert data["corpus_version"] == versions(corpus)["corpus_version"]
    assert data["catalogue_version"] == corpus.catalogue.version
    rows = data["jurisdictions"]
    assert len(rows) == len(corpus.paths())
    n = len(rows)
    for profile in data["profiles"]:
        ranks = [r["ranks"][profile] for r in rows]
        assert sum(ranks) == n * (n + 1) / 2  # average ranks keep the total of 1..n
        by_score = sorted(rows, key=lambda r: -r["scores"][profile])
        assert [r["ranks"][profile] for r in by_score] == sorted(ranks)
    for row in rows:
        assert row["shifts"] == {
            p: row["ranks"]["catalogue"] - row["ranks"][p] for p in data["profiles"][1:]
        }
    assert [r["ranks"]["catalogue"] for r in rows] == sorted(r["ranks"]["catalogue"] for r in rows)
    pairs = [(c["a"], c["b"]) for c in data["spearman"]]
    assert len(pairs) == 6 and ("catalogue", "equal") in pairs
    assert all(-1 <= c["rho"] <= 1 for c in data["spearman"])


def test_matrix_sensitivity_table_and_csv(runner: CliRunner) -> None:
    code, out, err = run(runner, "matrix", "--sensitivity", "--region", "Oceania")
    assert code == 0, err
    assert "places gained against catalogue" in out and "Spearman's rho" in out
    code, out, err = run(runner, "matrix", "--sensitivity", "--core", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["code", "name", "profile", "definition", "rank", "shift"]
    assert {r["profile"] for r in rows} == {"catalogue", "equal", "core"}
    assert len(rows) == 3 * len(list((ROOT / "countries").glob("*.yaml")))


def test_matrix_sensitivity_refuses_wide(runner: CliRunner) -> None:
    code, _, err = run(runner, "matrix", "--sensitivity", "--wide")
    assert code == 2
    assert "--wide does not apply to --sensitivity" in err


def test_matrix_sensitivity_with_a_bad_weights_file(runner: CliRunner, tmp_path: Path) -> None:
    weights = tmp_path / "w.yaml"
    weights.write_text("kidnapping_specific_offence: 1\nnot_an_element: 2\n", encoding="utf-8")
    code, out, err = run(runner, "matrix", "--sensitivity", "--weights", str(weights))
    assert code == 2
    assert out == ""
    assert f"{weights}:2:1: unknown element 'not_an_element'" in err
