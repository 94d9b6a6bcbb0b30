"""Evidence checks: provenance rules, `verify` against a statute library, and `agree` (kappa)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legcompare.agreement import agree, cohen_kappa
from legcompare.cli import app
from legcompare.corpus import DataDir
from legcompare.model import Aggravated, Catalogue, Jurisdiction, Penalty, Status
from legcompare.verify import CHECKS, fold

from conftest import DATA, XYZ, xyz_with_history

LAW = """\
Art. 10. Whoever unlawfully detains or confines another person, by force, threat or deceit,
whether or not the person is moved, shall be imprisoned for one to five years.

Art. 11. Whoever detains a person against their will in order to obtain a ransom or to compel
any person or authority to do or omit an act shall be imprisoned for ten to twenty years.
"""


# --- Cohen's kappa, against values computed by hand -------------------------------------------


def test_kappa_two_by_two_textbook_case() -> None:
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15. Observed 35/50 = 0.7; A says yes 25
    # times, B 30 times: chance = (25*30 + 25*20) / 50^2 = 0.5; kappa = (0.7-0.5)/(1-0.5) = 0.4.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)


def test_kappa_three_categories() -> None:
    # A: p p p a a u; B: p p a a a u. Observed 5/6; chance (3*2 + 2*3 + 1*1)/36 = 13/36;
    # kappa = (30/36 - 13/36) / (23/36) = 17/23.
    a = ["present", "present", "present", "absent", "absent", "unclear"]
    b = ["present", "present", "absent", "absent", "absent", "unclear"]
    assert cohen_kappa(list(zip(a, b, strict=True))) == pytest.approx(17 / 23)


def test_kappa_is_undefined_when_both_use_one_category_and_zero_on_chance_agreement() -> None:
    assert cohen_kappa([("x", "x")] * 4) is None
    assert cohen_kappa([]) is None
    # Agreement exactly at chance level: kappa 0.
    assert cohen_kappa([("y", "y"), ("y", "n"), ("n", "y"), ("n", "n")]) == pytest.approx(0.0)


def _with(statuses: dict[str, Status], base: Jurisdiction) -> Jurisdiction:
    answers = {k: v._replace(status=statuses.get(k, v.status)) for k, v in base.answers.items()}
    return Jurisdiction(**{**base.__dict__, "answers": answers})


def test_agree_counts_every_element(fixture_law: Jurisdiction, catalogue: Catalogue) -> None:
    changed = {"covers_express_kidnapping": Status.PRESENT, "hostage_taking_offence": Status.ABSENT}
    other = _with(changed, fixture_law)
    result = agree(fixture_law, other, catalogue)
    total = len(catalogue.elements)
    assert result.percent == round(100 * (total - 2) / total, 1)
    assert {r.element for r in result.disagreements} == set(changed)
    assert result.kappa is not None and 0 < result.kappa < 1
    same = agree(fixture_law, fixture_law, catalogue)
    assert same.percent == 100.0 and same.kappa == 1.0 and not same.disagreements


def test_agree_cli_json(tmp_path: Path, runner: CliRunner) -> None:
    second = tmp_path / "XYZ.yaml"
    second.write_text(
        XYZ.replace("    status: absent\n    searched: [code]\n", "    status: unclear\n", 1),
        encoding="utf-8",
    )
    r = runner.invoke(
        app, ["agree", str(DATA / "valid" / "XYZ.yaml"), str(second), "--format", "json"]
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["disagreements"] == ["covers_express_kidnapping"]
    assert data["percent_agreement"] == round(100 * 35 / 36, 1)
    row = next(x for x in data["rows"] if x["element"] == "covers_express_kidnapping")
    assert (row["a"], row["b"], row["agrees"]) == ("absent", "unclear", False)
    csv = runner.invoke(
        app, ["agree", str(DATA / "valid" / "XYZ.yaml"), str(second), "-f", "csv", "--all"]
    )
    assert csv.exit_code == 0, csv.output
    lines = csv.stdout.splitlines()
    assert lines[0] == "element,label,a,b,agrees" and len(lines) == 37
    assert any(line.startswith("covers_express_kidnapping,") for line in lines)


# --- verify --------------------------------------------------------------------------------------


@pytest.fixture()
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library" / "XYZ"
    folder.mkdir(parents=True)
    (folder / "penal-code.md").write_text(LAW, encoding="utf-8")
    return tmp_path / "library"


def _encoding(tmp_path: Path, library: Path, *, sha: str | None = None, text: str = XYZ) -> Path:
    digest = sha or hashlib.sha256((library / "XYZ" / "penal-code.md").read_bytes()).hexdigest()
    body = text.replace(
        "    complete: true\n",
        f"    complete: true\n    library: XYZ/penal-code.md\n    sha256: {digest}\n",
        1,
    )
    path = tmp_path / "XYZ.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def _verify(runner: CliRunner, library: Path, *paths: Path) -> tuple[int, str]:
    args = ["--no-cache", "verify", "--library", str(library), *map(str, paths)]
    r = runner.invoke(app, args)
    return r.exit_code, r.stdout + r.stderr


def test_verify_passes_when_texts_and_hash_hold(
    tmp_path: Path, library: Path, runner: CliRunner
) -> None:
    code, out = _verify(runner, library, _encoding(tmp_path, library))
    assert code == 0, out
    assert "0 error(s)" in out


def test_verify_reports_a_changed_library_file(
    tmp_path: Path, library: Path, runner: CliRunner
) -> None:
    path = _encoding(tmp_path, library, sha="0" * 64)
    code, out = _verify(runner, library, path)
    assert code == 1, out
    assert re.search(
        r"XYZ\.yaml:\d+:\d+: \[error\] .*text changed since it was read \(library-file\)", out
    )


def test_verify_reports_a_missing_file_and_a_drifted_text(
    tmp_path: Path, library: Path, runner: CliRunner
) -> None:
    drifted = XYZ.replace("shall be imprisoned for one to five years", "shall be fined", 1)
    path = _encoding(tmp_path, library, text=drifted)
    code, out = _verify(runner, library, path)
    assert code == 1, out
    assert "provision 'pc-10': its text does not occur in XYZ/penal-code.md" in out
    assert out.rstrip().splitlines()[0].endswith("(text-in-library)")
    (library / "XYZ" / "penal-code.md").unlink()
    code, out = _verify(runner, library, path)
    assert code == 1 and "is not in the library" in out, out


def test_verify_without_a_library_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    r = runner.invoke(
        app, ["verify", str(DATA / "valid" / "XYZ.yaml")], env={"LEGCOMPARE_LIBRARY": ""}
    )
    assert r.exit_code == 2, r.output
    r = runner.invoke(app, ["verify", "--library", str(tmp_path / "nowhere")])
    assert r.exit_code == 2, r.output


def test_fold_ignores_layout_typography_and_markdown() -> None:
    assert fold("**Art. 11** – “ransom”\n  or\u00a0 ") == fold('art. 11 - "RANSOM" or')
    assert fold("# § 239a") == fold("§ 239a")
    assert fold("detains") != fold("retains")


def test_verify_checks_are_listed_from_the_registry(runner: CliRunner) -> None:
    r = runner.invoke(app, ["verify", "--checks"])
    assert r.exit_code == 0, r.output
    assert [line.split()[0] for line in r.stdout.splitlines()] == list(CHECKS)


# --- provenance in the model and in comparisons ---------------------------------------------------


def test_penalty_reports_base_range_and_aggravated_ceiling() -> None:
    penalty = Penalty(min_years=5, max_years=15, aggravated=Aggravated("death caused", life=True))
    assert penalty.describe() == "5-15 years, aggravated life"
    assert penalty.ceiling == 15 and penalty.top == float("inf")
    assert Penalty(max_years=5).top == 5


def test_diff_json_carries_the_aggravated_ceiling(tmp_path: Path, runner: CliRunner) -> None:
    raised = tmp_path / "XYZ.yaml"
    raised.write_text(
        XYZ.replace(
            "penalty: {min_years: 10, max_years: 20}",
            'penalty: {min_years: 10, max_years: 20, aggravated: {life: true, when: "death"}}',
        ),
        encoding="utf-8",
    )
    r = runner.invoke(app, ["diff", str(DATA / "valid" / "XYZ.yaml"), str(raised), "-f", "json"])
    assert r.exit_code == 0, r.output
    penalty = json.loads(r.stdout)["penalty"]
    assert penalty["a_max_years"] == 20 and penalty["a_aggravated_max_years"] == 20
    assert penalty["b_max_years"] == 20 and penalty["b_aggravated_max_years"] == "life"


def test_a_history_version_is_named_by_its_folder_and_date(tmp_path: Path, corpus: DataDir) -> None:
    folder = tmp_path / "history" / "XYZ"
    folder.mkdir(parents=True)
    good = folder / "2024-01-01.yaml"
    good.write_text(XYZ, encoding="utf-8")
    assert [f.rule for f in corpus.check(str(good))[1]] == []
    wrong = folder / "2020-01-01.yaml"
    wrong.write_text(XYZ, encoding="utf-8")
    assert [f.rule for f in corpus.check(str(wrong))[1]] == ["code-matches-file"]


def test_code_at_date_names_the_version_in_force(tmp_path: Path, runner: CliRunner) -> None:
    xyz_with_history(tmp_path)

    def status_on(day: str) -> object:
        r = runner.invoke(app, ["show", f"XYZ@{day}", "-f", "json", "--data", str(tmp_path)])
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)["elements"]["covers_express_kidnapping"]["status"]

    assert status_on("2015-06-30") == "unclear"
    assert status_on("2023-12-31") == "unclear"
    assert status_on("2024-01-01") == "absent"
    assert status_on("2030-01-01") == "absent"
    before = runner.invoke(app, ["show", "XYZ@2015-06-29", "--data", str(tmp_path)])
    assert before.exit_code == 2 and "the oldest version is of 2015-06-30" in before.output
    bad = runner.invoke(app, ["show", "XYZ@soon", "--data", str(tmp_path)])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
