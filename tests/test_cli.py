"""Every command through CliRunner on the shipped corpus and the sample bill; exit code first."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legcompare.cli import app

from conftest import DATA, ROOT, run

BILL = str(ROOT / "examples" / "COL-bill.yaml")


def test_version(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--version")
    assert code == 0, out
    assert out.startswith("legcompare ")


@pytest.mark.parametrize(
    "command",
    [
        *("elements", "list", "show", "validate", "score", "gaps", "diff", "matrix", "check"),
        *("init", "iccs"),
    ],
)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    code, out, _ = run(runner, command, "--help")
    assert code == 0, out
    assert "Example: legcompare" in out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"legcompare {command}" in readme, f"README does not document `{command}`"


def test_elements_core_json(runner: CliRunner) -> None:
    code, out, _ = run(runner, "elements", "--core", "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert len(data["elements"]) == 10 and all(e["core"] for e in data["elements"])


def test_elements_unknown_category_is_a_usage_error(runner: CliRunner) -> None:
    code, _, err = run(runner, "elements", "--category", "nope")
    assert code == 2
    assert "no category 'nope'" in err


def test_list_json_has_every_shipped_file(runner: CliRunner) -> None:
    code, out, _ = run(runner, "list", "--format", "json")
    assert code == 0, out
    codes = {j["code"] for j in json.loads(out)["jurisdictions"]}
    assert codes == {p.stem for p in (ROOT / "countries").glob("*.yaml")}


def test_show_reads_a_code(runner: CliRunner) -> None:
    code, out, _ = run(runner, "show", "ITA", "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["code"] == "ITA" and len(data["elements"]) == 36


def test_validate_corpus_is_clean(runner: CliRunner) -> None:
    code, out, _ = run(runner, "validate")
    assert code == 0, out


def test_validate_reports_every_problem_as_json(runner: CliRunner) -> None:
    bad = str(DATA / "invalid" / "duplicate-key.yaml")
    wrong = str(DATA / "invalid" / "wrong-type.yaml")
    code, out, _ = run(runner, "validate", bad, wrong, "--format", "json")
    assert code == 1, out
    data = json.loads(out)
    rules = {(f["rule"], f["line"]) for file in data["files"] for f in file["findings"]}
    assert ("duplicate-key", 13) in rules and ("wrong-type", 6) in rules


def test_validate_text_lines_point_at_file_line_col(runner: CliRunner) -> None:
    code, out, _ = run(runner, "validate", str(DATA / "invalid" / "duplicate-key.yaml"))
    assert code == 1, out
    assert "duplicate-key.yaml:13:1: [error] duplicate key 'confidence'" in out


def test_validate_missing_path_is_a_finding(runner: CliRunner, tmp_path: Path) -> None:
    code, out, _ = run(runner, "validate", str(tmp_path / "nope.yaml"))
    assert code == 1, out
    assert "file-unreadable" in out


def test_score_json_field_by_field(runner: CliRunner) -> None:
    code, out, _ = run(
        runner, "score", str(DATA / "valid" / "XYZ.yaml"), "--format", "json", "--explain"
    )
    assert code == 0, out
    (s,) = json.loads(out)["scores"]
    assert (s["code"], s["definition"], s["framework"], s["completeness"]) == (
        "XYZ",
        79.7,
        42.3,
        47.6,
    )
    assert s["iccs_mappable"] is True and s["profile"] == "catalogue"
    assert len(s["elements"]) == 36


def test_score_with_a_weights_file(runner: CliRunner, tmp_path: Path) -> None:
    weights = tmp_path / "w.yaml"
    weights.write_text("covers_express_kidnapping: 0\nmeans_fraud_or_enticement: 0\n")
    code, out, _ = run(
        runner, "score", str(DATA / "valid" / "XYZ.yaml"), "-w", str(weights), "--format", "json"
    )
    assert code == 0, out
    assert json.loads(out)["scores"][0]["definition"] == pytest.approx(round(2800 / 31, 1))


def test_weights_file_with_unknown_element(runner: CliRunner, tmp_path: Path) -> None:
    weights = tmp_path / "w.yaml"
    weights.write_text("covers_expres_kidnapping: 1\n")
    code, _, err = run(runner, "score", "ITA", "-w", str(weights))
    assert code == 2
    assert "w.yaml:1:1: unknown element 'covers_expres_kidnapping'" in err
    assert "did you mean 'covers_express_kidnapping'" in err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e308", "w.yaml:2:1: weight of 'covers_express_kidnapping' must be a number from 0 to"),
        ("-1", "w.yaml:2:1: weight of 'covers_express_kidnapping' must be a number from 0 to"),
        ("yes", "w.yaml:2:1: weight of 'covers_express_kidnapping' must be a number from 0 to"),
        ("'3'", "w.yaml:2:1: weight of 'covers_express_kidnapping' must be a number from 0 to"),
        (".inf", "w.yaml:2:28: [error] '.inf' is not a finite number"),
    ],
)
def test_weights_that_would_break_a_score_are_refused(
    value: str, message: str, runner: CliRunner, tmp_path: Path
) -> None:
    """Huge or infinite weights would overflow the sums and print a NaN score."""
    weights = tmp_path / "w.yaml"
    weights.write_text(f"hostage_taking_offence: 1\ncovers_express_kidnapping: {value}\n")
    code, out, err = run(runner, "score", "ITA", "-w", str(weights), "--format", "json")
    assert code == 2 and out == ""
    assert message in err


def test_unknown_code_suggests(runner: CliRunner) -> None:
    code, _, err = run(runner, "score", "ITY")
    assert code == 2
    assert "unknown jurisdiction 'ITY'" in err and "Traceback" not in err


@pytest.mark.parametrize("ref", ["../etc/passwd", "a/b", ".."])
def test_paths_in_codes_are_refused(runner: CliRunner, ref: str) -> None:
    code, _, err = run(runner, "show", ref)
    assert code == 2
    assert "legcompare: error:" in err


def test_invalid_file_outside_validate_is_exit_2(runner: CliRunner) -> None:
    code, _, err = run(runner, "show", str(DATA / "invalid" / "duplicate-key.yaml"))
    assert code == 2
    assert "duplicate key 'confidence'" in err and "Traceback" not in err


def test_gaps_markdown_orders_core_first(runner: CliRunner) -> None:
    code, out, _ = run(runner, "gaps", "COL", "--format", "markdown", "--peers", "2")
    assert code == 0, out
    assert out.startswith("# Gap report: Colombia (COL)")
    data = json.loads(run(runner, "gaps", "COL", "--format", "json")[1])
    cores = [g["core"] for g in data["gaps"]]
    assert cores == sorted(cores, reverse=True)
    assert all(g["status"] != "present" for g in data["gaps"])
    assert all(len(g["peers"]) <= 2 for g in data["gaps"])


def test_diff_json_is_a_mirror(runner: CliRunner) -> None:
    code, out, _ = run(runner, "diff", "ITA", "COL", "--format", "json")
    assert code == 0, out
    ab = json.loads(out)
    ba = json.loads(run(runner, "diff", "COL", "ITA", "--format", "json")[1])
    assert ab["counts"]["a_stronger"] == ba["counts"]["b_stronger"]
    assert ab["penalty"]["a_max_years"] == ba["penalty"]["b_max_years"]
    assert sum(ab["counts"].values()) == 36


def test_matrix_csv_is_tidy(runner: CliRunner) -> None:
    code, out, _ = run(runner, "matrix", "--format", "csv")
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(out)))
    files = list((ROOT / "countries").glob("*.yaml"))
    assert len(rows) == 36 * len(files)
    assert set(rows[0]) == {
        "code",
        "name",
        "region",
        "legal_system",
        "element",
        "label",
        "core",
        "note",
        "status",
        "credit",
        "weight",
        "provisions",
        "quote",
        "translation",
        "confidence",
        "as_of",
    }
    assert {r["core"] for r in rows} == {"true", "false"}  # one spelling, as in JSON
    assert {r["name"] for r in rows if r["code"] == "DEU"} == {"Germany"}


def test_matrix_html_to_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "matrix.html"
    code, out, _ = run(runner, "matrix", "--format", "html", "-o", str(target))
    assert code == 0, out
    assert out == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("options", [[], ["--core"], ["--min-completeness", "0"]])
def test_matrix_to_a_pipe_or_file_is_the_same_text_with_or_without_rich(
    runner: CliRunner, tmp_path: Path, options: list[str]
) -> None:
    """--color never and -o FILE lay the matrix out without rich; --color auto to a pipe prints
    it with rich: the text is the same."""
    code, by_rich, _ = run(runner, "matrix", *options)
    assert code == 0
    assert run(runner, "matrix", *options, "--color", "never")[1] == by_rich
    assert run(runner, "matrix", *options, "-o", str(tmp_path / "m.txt"))[0] == 0
    assert (tmp_path / "m.txt").read_text(encoding="utf-8") == by_rich
    lines = by_rich.splitlines()
    assert lines[0].startswith("coverage matrix, best covered first") and "columns:" in lines


def test_matrix_region_filter(runner: CliRunner) -> None:
    code, out, _ = run(runner, "matrix", "--region", "Europe", "--format", "json")
    assert code == 0, out
    assert {j["region"] for j in json.loads(out)["jurisdictions"]} == {"Europe"}


def test_check_passes_above_the_bar(runner: CliRunner) -> None:
    code, out, _ = run(
        runner, "check", BILL, "--against", "COL", "--min-score", "80", "--format", "json"
    )
    assert code == 0, out
    data = json.loads(out)
    assert data["passed"] is True
    assert {g["element"] for g in data["gains"]} >= {"agg_group_or_organized_crime"}
    assert data["losses"] == []


def test_check_fails_below_the_bar_with_a_reason(runner: CliRunner) -> None:
    code, _, err = run(runner, "check", BILL, "--against", "COL", "--min-score", "95")
    assert code == 1
    assert "check failed: framework score" in err
    code, _, err = run(runner, "check", BILL, "--require-core")
    assert code == 1
    assert "core elements not present: against_victims_will" in err


def test_init_writes_a_valid_file_and_never_overwrites(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "PER.yaml"
    code, out, _ = run(
        runner, "init", "PER", "--name", "Peru", "--region", "americas", "-o", str(target)
    )
    assert code == 0, out
    text = target.read_text(encoding="utf-8")
    assert "# Does the law" in text and text.count("status: unclear") == 36
    assert run(runner, "validate", str(target))[0] == 0
    code, _, err = run(runner, "init", "PER", "--name", "Peru", "-o", str(target))
    assert code == 2 and "--force" in err
    assert run(runner, "init", "PER", "--name", "Peru", "-o", str(target), "--force")[0] == 0


def test_data_option_and_environment(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "XYZ.yaml").write_bytes((DATA / "valid" / "XYZ.yaml").read_bytes())
    code, out, _ = run(runner, "list", "--data", str(tmp_path), "--format", "json")
    assert code == 0, out
    assert [j["code"] for j in json.loads(out)["jurisdictions"]] == ["XYZ"]
    result = runner.invoke(
        app, ["list", "--format", "json"], env={"LEGCOMPARE_DATA": str(tmp_path)}
    )
    assert result.exit_code == 0, result.output
    assert [j["code"] for j in json.loads(result.stdout)["jurisdictions"]] == ["XYZ"]


def test_a_broken_file_does_not_hide_the_good_ones(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "XYZ.yaml").write_bytes((DATA / "valid" / "XYZ.yaml").read_bytes())
    (tmp_path / "BAD.yaml").write_text("jurisdiction: [\n")
    code, out, err = run(runner, "matrix", "--data", str(tmp_path), "--format", "json")
    assert code == 1
    assert [j["code"] for j in json.loads(out)["jurisdictions"]] == ["XYZ"]
    assert "BAD.yaml:2:1: [error]" in err


def test_format_choices_are_the_renderer_registry(runner: CliRunner) -> None:
    from legcompare.render import FORMATS

    r = runner.invoke(app, ["list", "--format", "yaml"])
    assert r.exit_code == 2
    named = r.output[r.output.index("yaml") :]
    assert all(f"'{name}'" in named or name in named for name in FORMATS), r.output
    help_text = runner.invoke(app, ["matrix", "--help"]).output
    assert "<" + "|".join(FORMATS) + ">" in help_text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_and_passes_every_item() -> None:
    from legcompare.app import PROGRESS_MIN, iter_with_progress

    items = list(range(PROGRESS_MIN))
    terminal = _Terminal()
    assert list(iter_with_progress(iter(items), len(items), terminal=terminal)) == items
    assert "checking encodings" in terminal.getvalue()
    quiet = _Terminal()
    assert list(iter_with_progress(iter(items[:10]), 10, terminal=quiet)) == items[:10]
    assert quiet.getvalue() == ""  # a small corpus loads too fast to need a bar
    piped = io.StringIO()  # not a terminal: a log file or a pipe gets no bar
    assert list(iter_with_progress(iter(items), len(items), terminal=piped)) == items
    assert piped.getvalue() == ""


def broken_corpus(tmp_path: Path) -> Path:
    """A data folder with two good encodings and one broken file."""
    folder = tmp_path / "data"
    folder.mkdir()
    for code in ("COL", "ITA"):
        (folder / f"{code}.yaml").write_bytes((ROOT / "countries" / f"{code}.yaml").read_bytes())
    (folder / "BAD.yaml").write_text("jurisdiction: [unclosed\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "args",
    [["gaps", "COL", "--format", "json"], ["check", BILL, "--against", "COL", "--format", "json"]],
    ids=["gaps", "check"],
)
def test_a_skipped_corpus_file_still_gives_the_report_and_exit_1(
    args: list[str], runner: CliRunner, tmp_path: Path
) -> None:
    folder = broken_corpus(tmp_path)
    code, out, err = run(runner, *args, "--data", str(folder))
    assert code == 1, err
    assert json.loads(out)  # the report is complete on stdout
    assert "BAD.yaml:2:1: [error]" in err and "skipped 1 invalid file" in err


def test_validate_a_folder_without_encodings_is_a_usage_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("not an encoding", encoding="utf-8")
    code, _, err = run(runner, "validate", str(tmp_path))
    assert code == 2
    assert "holds no .yaml or .yml files" in err
