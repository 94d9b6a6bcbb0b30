"""`show`, `list` and `score` in every format carry their whole content: the header of each law
(name, region, version, confidence, scores), and for `show` its provisions and sources."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA, run

XYZ = str(DATA / "valid" / "XYZ.yaml")


def hostile_xyz(tmp_path: Path) -> str:
    """XYZ with markup in its name and a pipe in its subregion (data, never markup)."""
    text = (DATA / "valid" / "XYZ.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Testland", 'name: "Test<b>land</b> & [x](y)"')
    text = text.replace("subregion: Southern Europe", "subregion: South | West")
    path = tmp_path / "XYZ.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_score_markdown_heads_each_law(runner: CliRunner) -> None:
    code, out, err = run(runner, "score", XYZ, "--format", "markdown")
    assert code == 0, err
    assert out == textwrap.dedent(
        """\
        # Scores

        ## Testland (XYZ)

        *Europe, Southern Europe, civil law; law as of 2024-01-01; confidence high*

        **Definition** 79.7–87.8 · **Framework** 42.3–94.6 · **Completeness** 47.6 (incomplete) · **ICCS 020221 mappable** yes · **Weights** catalogue
        """  # noqa: E501
    )


def test_score_markdown_explains_per_law(runner: CliRunner) -> None:
    code, out, err = run(runner, "score", XYZ, "--explain", "--format", "markdown")
    assert code == 0, err
    head, _, contributions = out.partition("**Weights** catalogue\n\n")
    assert head.startswith("# Scores\n\n## Testland (XYZ)\n")
    assert contributions.startswith(
        "| element | core | weight | status | credit | contribution |\n"
        "|---|---|---|---|---|---|\n"
        "| kidnapping_specific_offence | yes | 4.0 | present | 1.0 | 4.0 |\n"
    )


def test_score_html_heads_each_law(runner: CliRunner) -> None:
    code, out, err = run(runner, "score", XYZ, "--explain", "--format", "html")
    assert code == 0, err
    assert "<title>Scores: Testland (XYZ)</title>" in out
    assert "<h2>Testland (XYZ)</h2>" in out
    assert (
        '<p class="muted">Europe, Southern Europe, civil law; law as of 2024-01-01; '
        "confidence high</p>"
    ) in out
    assert "<span><b>Framework</b> 42.3–94.6</span>" in out
    assert (
        "<tr><td>kidnapping_specific_offence</td><td>yes</td><td>4.0</td>"
        '<td class="present">● present</td><td>1.0</td><td>4.0</td></tr>'
    ) in out


def test_score_csv_names_each_law(runner: CliRunner) -> None:
    code, out, err = run(runner, "score", XYZ, "--format", "csv")
    assert code == 0, err
    assert out == (
        "code,name,region,legal_system,kind,as_of,confidence,definition,definition_high,"
        "framework,framework_high,completeness,incomplete,iccs_mappable,profile\n"
        "XYZ,Testland,Europe,civil_law,law,2024-01-01,high,79.7,87.8,42.3,94.6,47.6,true,true,"
        "catalogue\n"
    )


def test_score_explain_csv_is_the_tidy_contributions(runner: CliRunner) -> None:
    code, out, err = run(runner, "score", XYZ, "--explain", "--format", "csv")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "code,element,core,weight,status,credit,contribution"
    assert lines[1] == "XYZ,kidnapping_specific_offence,true,4.0,present,1.0,4.0"
    assert len(lines) == 1 + 36


def test_show_csv_names_the_version_and_the_sources(runner: CliRunner) -> None:
    code, out, err = run(runner, "show", XYZ, "--format", "csv")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == ("code,as_of,element,status,provisions,sources,quote,translation,note")
    assert lines[2] == (
        "XYZ,2024-01-01,unlawful_deprivation_of_liberty,present,art. 10,"
        "https://example.org/penal-code,unlawfully detains or confines another person,"
        "unlawfully detains or confines another person,"
    )


@pytest.mark.parametrize("command", ["show", "score", "list"])
def test_markdown_and_html_escape_the_data(runner: CliRunner, tmp_path: Path, command: str) -> None:
    path = hostile_xyz(tmp_path)
    args = ["list", "--data", str(tmp_path)] if command == "list" else [command, path]
    if command == "list":
        (tmp_path / "countries").mkdir()
        Path(path).rename(tmp_path / "countries" / "XYZ.yaml")
    code, html, err = run(runner, *args, "--format", "html")
    assert code in (0, 1), err
    assert "Test&lt;b&gt;land&lt;/b&gt; &amp; [x](y)" in html and "<b>land" not in html
    code, markdown, err = run(runner, *args, "--format", "markdown")
    assert code in (0, 1), err
    assert "Test&lt;b&gt;land&lt;/b&gt; &amp; \\[x\\](y)" in markdown
    assert "<b>" not in markdown


def test_list_html_is_titled_and_keeps_every_column(runner: CliRunner) -> None:
    code, out, err = run(runner, "list", "--format", "html")
    assert code == 0, err
    assert "<h1>The jurisdictions in the corpus</h1>" in out
    assert (
        "<tr><th>code</th><th>name</th><th>region</th><th>legal_system</th><th>kind</th>"
        "<th>as_of</th><th>confidence</th><th>definition</th>"
    ) in out
