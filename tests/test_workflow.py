"""The drafter's everyday workflow through the CLI: init, check, diff labels, -o, bad filters."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legcompare.corpus import DataDir
from legcompare.model import Status

from conftest import ROOT, XYZ, run

BILL = ROOT / "examples" / "COL-bill.yaml"


# --- init -------------------------------------------------------------------------------------


def test_init_writes_in_the_current_folder_and_never_into_the_corpus(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = (ROOT / "countries" / "PER.yaml").read_bytes()
    code, _, err = run(runner, "init", "PER", "--name", "Peru", "--data", str(ROOT))
    assert code == 0, err
    assert (tmp_path / "PER.yaml").exists()
    assert "already in the corpus" in err and "--from PER" in err and "--force" not in err
    assert (ROOT / "countries" / "PER.yaml").read_bytes() == before
    written = run(runner, "validate", "PER.yaml", "--data", str(ROOT))
    assert written[0] == 0, written


def test_init_never_replaces_without_force_and_names_files_by_code(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "XYZ.yaml").write_text("mine\n", encoding="utf-8")
    code, _, err = run(runner, "init", "XYZ", "--name", "Testland")
    assert code == 2 and "exists" in err
    assert (tmp_path / "XYZ.yaml").read_text(encoding="utf-8") == "mine\n"
    code, _, err = run(runner, "init", "XYZ", "--name", "Testland", "-o", "q.yaml")
    assert code == 2 and "XYZ.yaml" in err and not (tmp_path / "q.yaml").exists()
    package = Path(__import__("legcompare").__file__).parent
    code, _, err = run(runner, "init", "XYZ", "--name", "T", "-o", str(package / "XYZ.yaml"))
    assert code == 2 and "own files" in err and not (package / "XYZ.yaml").exists()


def test_init_from_a_corpus_encoding(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(runner, "init", "COL", "--from", "COL", "--data", str(ROOT))
    assert code == 0, err
    copied = (tmp_path / "COL.yaml").read_text(encoding="utf-8")
    assert copied == (ROOT / "countries" / "COL.yaml").read_text(encoding="utf-8")
    code, _, err = run(runner, "init", "PER", "--from", "COL", "--data", str(ROOT))
    assert code == 2 and "another jurisdiction" in err


# --- check ------------------------------------------------------------------------------------


def _weaker_bill(tmp_path: Path) -> Path:
    """The example bill, also weakening the specific kidnapping offence to partial."""
    text = BILL.read_text(encoding="utf-8") + (
        "  kidnapping_specific_offence:\n"
        "    status: partial\n"
        "    provisions: [cp-169]\n"
        '    quote: "con el propósito de exigir por su libertad un provecho"\n'
        "    note: Weakened for the test.\n"
    )
    path = tmp_path / "COL-weaker-bill.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_without_a_gate_says_so_and_uses_amends(runner: CliRunner) -> None:
    code, out, err = run(runner, "check", str(BILL), "--data", str(ROOT))
    assert code == 0
    assert out.startswith("NO GATE")
    assert "no gate set" in err
    assert "against COL" in out  # `amends: COL` is the law in force by default
    assert "gain: agg_group_or_organized_crime" in out


def test_check_fails_on_a_loss_and_puts_the_verdict_first(
    runner: CliRunner, tmp_path: Path
) -> None:
    weaker = str(_weaker_bill(tmp_path))
    code, out, err = run(runner, "check", weaker, "--fail-on-loss", "--data", str(ROOT))
    assert code == 1, out
    assert out.startswith("FAIL") and "check failed: weaker than the law in force" in err
    assert "loss: kidnapping_specific_offence present → partial" in out
    assert "losse" not in out
    code, out, _ = run(runner, "check", str(BILL), "--fail-on-loss", "--data", str(ROOT))
    assert code == 0 and out.startswith("PASS")
    data = json.loads(
        run(runner, "check", weaker, "--fail-on-loss", "-f", "json", "--data", str(ROOT))[1]
    )
    assert data["verdict"] == "FAIL" and data["gates"] == ["no element weaker than in COL"]
    assert [c["element"] for c in data["losses"]] == ["kidnapping_specific_offence"]


def test_fail_on_loss_needs_a_law(runner: CliRunner, tmp_path: Path) -> None:
    law = (ROOT / "countries" / "COL.yaml").read_text(encoding="utf-8")
    text = law.replace("kind: law\n", "kind: bill\n", 1)
    bill = tmp_path / "bill.yaml"
    bill.write_text(text, encoding="utf-8")
    code, _, err = run(runner, "check", str(bill), "--fail-on-loss", "--data", str(ROOT))
    assert code == 2 and "--against" in err


def test_diff_names_a_law_and_its_bill_apart(runner: CliRunner) -> None:
    code, out, _ = run(runner, "diff", "COL", str(BILL), "-f", "json", "--data", str(ROOT))
    assert code == 0
    data = json.loads(out)
    assert (data["a"], data["b"]) == ("COL law", "COL bill")


# --- -o ---------------------------------------------------------------------------------------


def test_output_files_follow_the_umask_and_keep_a_replaced_files_mode(
    runner: CliRunner, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "scores.csv"
        assert run(runner, "score", "DEU", "-o", str(target), "--data", str(ROOT))[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        assert target.read_text(encoding="utf-8").startswith("code,name,")  # from .csv
        target.chmod(0o640)
        assert run(runner, "score", "DEU", "-o", str(target), "--data", str(ROOT))[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(old)


@pytest.mark.parametrize(
    ("name", "start"),
    [("m.json", "{"), ("m.md", "# Scores\n\n## Germany (DEU)"), ("m.html", "<!DOCTYPE html>")],
)
def test_the_extension_chooses_the_format(
    runner: CliRunner, tmp_path: Path, name: str, start: str
) -> None:
    target = tmp_path / name
    assert run(runner, "score", "DEU", "-o", str(target), "--data", str(ROOT))[0] == 0
    assert target.read_text(encoding="utf-8").startswith(start)
    forced = tmp_path / f"forced-{name}"
    assert run(runner, "score", "DEU", "-f", "csv", "-o", str(forced), "--data", str(ROOT))[0] == 0
    assert forced.read_text(encoding="utf-8").startswith("code,")


def test_dash_is_stdout(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(runner, "score", "DEU", "-f", "json", "-o", "-", "--data", str(ROOT))
    assert code == 0 and json.loads(out)["scores"][0]["code"] == "DEU"
    assert not (tmp_path / "-").exists()


# --- filters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--region", "Mars"], "unknown region 'Mars'"),
        (["matrix", "--region", "europ"], "did you mean 'Europe'?"),
        (["trends", "--region", "Asai"], "did you mean 'Asia'?"),
        (["matrix", "--weights", "equl"], "unknown profile 'equl'"),
        (["matrix", "--weights", "nowhere/w.yaml"], "no such file"),
    ],
)
def test_unknown_filters_are_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = run(runner, *args, "--data", str(ROOT))
    assert code == 2 and message in err and out == ""


# --- pipes --------------------------------------------------------------------------------------


def test_a_pipe_gets_whole_cells(runner: CliRunner, corpus: DataDir) -> None:
    jurisdictions, _ = corpus.load_all()
    code, out, _ = run(runner, "list", "--data", str(ROOT))
    assert code == 0
    lines = out.splitlines()
    for j in jurisdictions:  # `legcompare list | grep Argentina` finds the row
        assert any(j.code in line and j.name in line for line in lines), j.name
    code, out, _ = run(runner, "show", "ITA", "--data", str(ROOT))
    assert code == 0
    for source in corpus.load("ITA").sources:
        assert source.url and source.url in out  # never broken across lines
    code, out, _ = run(runner, "score", "COL", "--explain", "--data", str(ROOT))
    assert all(e.id in out for e in corpus.catalogue.elements)


# --- syntax errors in plain words -------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where", "words"),
    [
        ("  name: Testland", "\tname: Testland", ":5:1:", "a tab character"),
        ("  name: Testland", "   name: Testland", ":5:8:", "indented more than the keys around"),
        (
            '    quote: "in order to obtain a ransom or to compel"',
            "    quote: in order: to obtain",
            ":43:20:",
            "put the whole value in quotes",
        ),
        (
            "    title: Testland Penal Code",
            "   title: Testland Penal Code",
            ":14:4:",
            "indentation",
        ),
        ("as_of: 2024-01-01", "as_of: 2024-13-01", ":10:8:", "is not a real date written"),
        ("  code: XYZ", "  code: NO", ":4:9:", 'write it in quotes, like "NO"'),
        ('iccs: "020222"', "iccs: 020222", ":25:11:", "drops leading zeros"),
    ],
)
def test_common_slips_are_explained_at_their_line(
    runner: CliRunner, tmp_path: Path, old: str, new: str, where: str, words: str
) -> None:
    path = tmp_path / "XYZ.yaml"
    path.write_text(XYZ.replace(old, new, 1), encoding="utf-8")
    code, out, _ = run(runner, "validate", str(path), "--data", str(ROOT))
    assert code == 1
    found = [line for line in out.splitlines() if where in line]
    assert found and words in found[0], out
    assert "\\\\d" not in out  # no regex with doubled backslashes


def test_a_syntax_error_shows_its_line_and_a_caret(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "XYZ.yaml"
    path.write_text(
        XYZ.replace('    quote: "in order to obtain a ransom or to compel"', "    quote: a: b", 1),
        encoding="utf-8",
    )
    out = run(runner, "validate", str(path), "--data", str(ROOT))[1].splitlines()
    at = next(i for i, line in enumerate(out) if "(yaml-syntax)" in line)
    assert out[at + 1] == "        quote: a: b"
    assert out[at + 2] == "    " + " " * 12 + "^"


def test_color_always_wins_over_no_color(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = run(runner, "score", "DEU", "--color", "always", "--data", str(ROOT))
    assert code == 0 and "\x1b[" in out
    code, out, _ = run(runner, "score", "DEU", "--data", str(ROOT))
    assert code == 0 and "\x1b[" not in out


# --- HTML and Markdown views --------------------------------------------------------------------


def test_show_in_markdown_and_html_keeps_head_sources_provisions_and_elements(
    runner: CliRunner, corpus: DataDir
) -> None:
    ita = corpus.load("ITA")
    for fmt in ("markdown", "html"):
        code, out, _ = run(runner, "show", "ITA", "-f", fmt, "--data", str(ROOT))
        assert code == 0
        assert ita.name in out and str(ita.as_of) in out
        assert all(s.title.replace("'", "&#39;") in out or s.title in out for s in ita.sources)
        assert all(p.cite in out for p in ita.provisions)
        assert all(f"{e.id}" in out for e in corpus.catalogue.elements)


def test_diff_in_html_and_markdown_carries_the_evidence(runner: CliRunner, corpus: DataDir) -> None:
    col = corpus.load("COL")
    cited = next(a for a in col.answers.values() if a.provisions and a.translation)
    for fmt in ("markdown", "html"):
        out = run(runner, "diff", "COL", "PER", "--all", "-f", fmt, "--data", str(ROOT))[1]
        assert col.cites(cited)[0] in out, fmt
        assert cited.translation is not None and cited.translation[:30] in out.replace("&#39;", "'")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_status_colours_have_enough_contrast() -> None:
    import re

    css = (ROOT / "legcompare" / "templates" / "status.css").read_text(encoding="utf-8")
    pairs = re.findall(
        r"\.(present|partial|absent|unclear|not_applicable) \{ background: (#[0-9a-f]{6}); "
        r"color: (#[0-9a-f]{6}); \}",
        css,
    )
    assert {name for name, _, _ in pairs} == {s.value for s in Status}
    for name, background, text in pairs:
        light, dark = sorted((_luminance(background), _luminance(text)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, name


def test_the_html_matrix_shows_completeness_and_keeps_its_first_column(runner: CliRunner) -> None:
    out = run(runner, "matrix", "-f", "html", "--data", str(ROOT))[1]
    assert "<th>completeness</th>" in out and "position: sticky" in out
    assert out.count('<th class="e"') == 36


# --- bills as amendments ------------------------------------------------------------------------


def test_a_bill_lists_only_what_it_changes(runner: CliRunner, corpus: DataDir) -> None:
    bill, law = corpus.load(str(BILL)), corpus.load("COL")
    assert len(bill.answers) == 36 and bill.inherited == frozenset(law.answers) - {
        "agg_group_or_organized_crime"
    }
    assert {p.id for p in law.provisions} < {p.id for p in bill.provisions}
    data = json.loads(run(runner, "show", str(BILL), "-f", "json", "--data", str(ROOT))[1])
    assert data["elements"]["kidnapping_specific_offence"]["inherited_from"] == "COL"
    assert "inherited_from" not in data["elements"]["agg_group_or_organized_crime"]
    assert len(BILL.read_text(encoding="utf-8").splitlines()) < 60


def test_a_bill_is_checked_after_merging_and_follows_its_law(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "countries").mkdir()
    law = tmp_path / "countries" / "COL.yaml"
    law.write_text((ROOT / "countries" / "COL.yaml").read_text(encoding="utf-8"))
    text = BILL.read_text(encoding="utf-8")
    # Replacing art. 169 with other words breaks the inherited answers that quote it.
    replaced = text.replace(
        "- id: bill-3\n  source: bill",
        "- id: cp-169\n  source: bill\n  cite: art. 169\n  text: Otro texto.\n"
        "- id: bill-3\n  source: bill",
    )
    bill = tmp_path / "bill.yaml"
    bill.write_text(replaced, encoding="utf-8")
    code, out, _ = run(runner, "validate", str(bill), "--data", str(tmp_path))
    assert code == 1 and "does not occur in the text of cp-169" in out
    # The bill follows its law: a change to the law shows in the next run (never a stale cache).
    bill.write_text(text, encoding="utf-8")
    assert run(runner, "validate", str(bill), "--data", str(tmp_path))[0] == 0
    law.write_text(law.read_text(encoding="utf-8").replace("confidence: medium", "confidence: x"))
    code, out, _ = run(runner, "validate", str(bill), "--data", str(tmp_path))
    assert code == 1 and "amends-unknown" in out
