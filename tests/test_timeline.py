"""Laws over time: the law counted for a year, `since` between versions, history and trends."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legcompare.cli import app
from legcompare.model import Answer, Jurisdiction, Status
from legcompare.timeline import history, law_in_year, trends

from conftest import tiny_catalogue, xyz_with_history


def law(
    code: str, as_of: str, region: str = "Europe", **answers: str | tuple[str, int]
) -> Jurisdiction:
    def answer(element: str, given: str | tuple[str, int]) -> Answer:
        status, since = (given, None) if isinstance(given, str) else given
        return Answer(element, Status(status), provisions=(f"p-{element}",), since=since)

    return Jurisdiction(
        code=code, name=code, region=region, subregion=None, legal_system="civil_law",
        kind="law", as_of=date.fromisoformat(as_of), confidence="high", sources=(),
        provisions=(), answers={k: answer(k, v) for k, v in answers.items()},
        path=f"{code}-{as_of}.yaml",
    )  # fmt: skip


def test_the_law_counted_for_a_year_is_the_one_in_force_at_its_end() -> None:
    old = law("A", "2010-06-30", a="absent", b="absent", c="present")
    new = law("A", "2020-03-01", a=("present", 2015), b="present", c="present")
    versions = [old, new]
    assert law_in_year(versions, 2009) is None
    assert law_in_year(versions, 2010) is old
    assert law_in_year(versions, 2014) is old
    # a entered the law in 2015 (its `since` in the next version); b has no since: it waits.
    filled = law_in_year(versions, 2015)
    assert filled is not None
    assert filled.answer("a").status is Status.PRESENT
    assert filled.answer("b").status is Status.ABSENT
    assert law_in_year(versions, 2019) == filled
    assert law_in_year(versions, 2020) is new
    assert law_in_year(versions, 2031) is new


def test_history_lists_versions_scores_and_changes() -> None:
    old = law("A", "2010-06-30", a="absent", b="partial", c="unclear")
    new = law("A", "2020-03-01", a="present", b="partial", c="unclear")
    moved = replace(new, answers={**new.answers, "b": Answer("b", Status.PARTIAL, ("other",))})
    result = history([moved, old], tiny_catalogue(), current=moved.path)
    assert [v.as_of.isoformat() for v in result.versions] == ["2010-06-30", "2020-03-01"]
    assert [v.current for v in result.versions] == [False, True]
    first, second = result.versions
    assert first.changes == ()
    # a: absent -> present (weight 3); b keeps partial but now rests on another provision.
    assert [(c.element, c.kind) for c in second.changes] == [("a", "status"), ("b", "provisions")]
    assert (first.score.definition, second.score.definition) == (12.5, 87.5)
    assert (first.score.framework_high, second.score.framework_high) == (56.2, 93.8)


def test_trends_by_hand() -> None:
    catalogue = tiny_catalogue()
    corpus = [
        law("A", "2000-01-01", a="present", b="present", c="present"),  # def 100, fw 100
        law("B", "2001-05-01", a="absent", b="present", c="absent"),  # def 25, fw 12.5
        law("B", "2003-05-01", a="present", b="present", c="absent"),  # def 100, fw 50
        law("C", "2002-01-01", a="unclear", b="unclear", c="present"),  # completeness 50
        law("US-NY", "2000-01-01", "Americas", a="present"),  # subnational: never counted
    ]
    result = trends(corpus, catalogue)
    assert [y.year for y in result.years] == [2000, 2001, 2002, 2003]
    assert [y.codes for y in result.years] == [("A",), ("A", "B"), ("A", "B"), ("A", "B")]
    assert result.left_out == ((2002, "C"), (2003, "C"))
    y2001, y2003 = result.years[1], result.years[3]
    assert y2001.definition is not None and y2001.framework is not None
    assert (y2001.definition.median, y2001.definition.q1, y2001.definition.q3) == (62.5, 43.8, 81.2)
    assert (y2001.framework.low, y2001.framework.high) == (12.5, 100.0)
    assert y2001.present == {"a": 50.0, "b": 100.0, "c": 50.0}
    assert y2003.definition is not None and y2003.definition.median == 100.0
    assert y2003.present == {"a": 100.0, "b": 100.0, "c": 50.0}
    counted = trends(corpus, catalogue, include_incomplete=True, first=2002, last=2002)
    assert [y.codes for y in counted.years] == [("A", "B", "C")]
    assert counted.years[0].definition is not None
    assert counted.years[0].definition.median_high == 100.0
    americas = trends(corpus, catalogue, region="Americas", first=2000, last=2000)
    assert americas.years[0].codes == () and americas.years[0].definition is None
    with pytest.raises(ValueError, match="after the last year"):
        trends(corpus, catalogue, first=2005, last=2001)


def test_history_command(tmp_path: Path, runner: CliRunner) -> None:
    data = str(xyz_with_history(tmp_path))
    r = runner.invoke(app, ["history", "xyz", "-f", "json", "--data", data])
    assert r.exit_code == 0, r.output
    versions = json.loads(r.stdout)["versions"]
    assert [(v["as_of"], v["current"]) for v in versions] == [
        ("2015-06-30", False),
        ("2024-01-01", True),
    ]
    assert versions[1]["changes"] == [
        {
            "element": "covers_express_kidnapping",
            "kind": "status",
            "before": "unclear",
            "after": "absent",
            "before_provisions": [],
            "after_provisions": [],
        }
    ]
    assert "definition_high" in versions[0]["score"]
    table = runner.invoke(app, ["history", "XYZ", "--data", data])
    assert table.exit_code == 0 and "1 status change(s)" in table.output
    for wrong in ("XYZ@2020-01-01", "nowhere/XYZ.yaml", "QQQ"):
        bad = runner.invoke(app, ["history", wrong, "--data", data])
        assert bad.exit_code == 2, (wrong, bad.output)


def test_trends_command_gives_every_year(tmp_path: Path, runner: CliRunner) -> None:
    data = str(xyz_with_history(tmp_path))
    r = runner.invoke(app, ["trends", "-f", "csv", "--min-completeness", "0", "--data", data])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert sorted({int(row["year"]) for row in rows}) == list(range(2015, 2025))
    laws = {row["year"]: row["value"] for row in rows if row["measure"] == "jurisdictions"}
    assert set(laws.values()) == {"1"}
    html = runner.invoke(app, ["trends", "-f", "html", "--include-incomplete", "--data", data])
    assert html.exit_code == 0 and "<svg" in html.stdout and "polyline" in html.stdout
    default = runner.invoke(app, ["trends", "-f", "json", "--data", data])
    assert default.exit_code == 0, default.output
    assert {y["jurisdictions"] for y in json.loads(default.stdout)["years"]} == {0}
    backwards = runner.invoke(app, ["trends", "--from", "2020", "--to", "2010", "--data", data])
    assert backwards.exit_code == 2 and "after" in backwards.output


def test_list_and_matrix_as_of(tmp_path: Path, runner: CliRunner) -> None:
    data = str(xyz_with_history(tmp_path))

    def as_of(args: list[str]) -> list[str]:
        r = runner.invoke(app, [*args, "-f", "json", "--data", data])
        assert r.exit_code == 0, r.output
        return [j["as_of"] for j in json.loads(r.stdout)["jurisdictions"]]

    assert as_of(["list"]) == ["2024-01-01"]
    assert as_of(["list", "--as-of", "2020-01-01"]) == ["2015-06-30"]
    assert as_of(["list", "--as-of", "2010-01-01"]) == []
    assert as_of(["matrix", "--as-of", "2016-01-01"]) == ["2015-06-30"]
    bad = runner.invoke(app, ["list", "--as-of", "soon", "--data", data])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_scores_are_marked_below_the_completeness_threshold(
    tmp_path: Path, runner: CliRunner
) -> None:
    data = str(xyz_with_history(tmp_path))
    for threshold, marked in (("70", True), ("10", False)):
        r = runner.invoke(
            app, ["score", "XYZ", "--min-completeness", threshold, "-f", "json", "--data", data]
        )
        assert r.exit_code == 0, r.output
        (s,) = json.loads(r.stdout)["scores"]
        assert s["incomplete"] is marked
        assert s["definition"] <= s["definition_high"] and s["framework"] <= s["framework_high"]
