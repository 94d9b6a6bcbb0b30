"""The research export: a valid Frictionless data package and a searchable SQLite file."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from legcompare.corpus import DataDir

from conftest import ROOT, run


def _export(runner: CliRunner, tmp_path: Path) -> tuple[Path, Path]:
    folder, db = tmp_path / "package", tmp_path / "db" / "legcompare.db"
    code, _, err = run(runner, "export", str(folder), "--sqlite", str(db), "--data", str(ROOT))
    assert code == 0, err
    return folder, db


def test_the_package_validates_with_frictionless(runner: CliRunner, tmp_path: Path) -> None:
    from frictionless import validate

    folder, _ = _export(runner, tmp_path)
    report = validate(str(folder / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors]
    assert report.valid, errors[:5]
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names == ["jurisdictions", "elements", "answers", "provisions", "sources", "scores"]
    assert descriptor["catalogue_version"] and descriptor["licenses"][0]["name"] == "CC-BY-4.0"


def test_the_tables_hold_the_corpus_in_one_spelling(
    runner: CliRunner, tmp_path: Path, corpus: DataDir
) -> None:
    folder, _ = _export(runner, tmp_path)
    laws, _ = corpus.load_all()
    with open(folder / "answers.csv", encoding="utf-8") as handle:
        answers = list(csv.DictReader(handle))
    assert len(answers) == len(laws) * len(corpus.catalogue.elements)
    assert {a["core"] for a in answers} == {"true", "false"}
    assert all(a["weight"].endswith(".0") or "." in a["weight"] for a in answers)
    deu = {a["element"]: a for a in answers if a["jurisdiction"] == "DEU"}
    law = corpus.load("DEU")
    for element, answer in law.answers.items():
        assert deu[element]["status"] == answer.status.value
        assert deu[element]["quote"] == (answer.quote or "")
    with open(folder / "sources.csv", encoding="utf-8") as handle:
        sources = list(csv.DictReader(handle))
    assert sum(len(j.sources) for j in laws) == len(sources)
    assert {s["complete"] for s in sources} <= {"true", "false"}


def test_the_sqlite_file_answers_queries_and_searches(runner: CliRunner, tmp_path: Path) -> None:
    _, db = _export(runner, tmp_path)
    metadata = json.loads((db.parent / "metadata.json").read_text(encoding="utf-8"))
    assert "answers" in metadata["databases"]["legcompare"]["tables"]
    with sqlite3.connect(db) as connection:
        present = connection.execute(
            "SELECT count(*) FROM answers WHERE element = 'kidnapping_specific_offence' "
            "AND status = 'present'"
        ).fetchone()[0]
        assert present > 20
        hits = connection.execute(
            "SELECT jurisdiction FROM search WHERE search MATCH 'erpressung'"
        ).fetchall()
        assert ("DEU",) in hits
        orphans = connection.execute(
            "SELECT count(*) FROM answers a LEFT JOIN jurisdictions j ON a.jurisdiction = j.code"
            " WHERE j.code IS NULL"
        ).fetchone()[0]
        assert orphans == 0


def test_export_refuses_to_mix_with_other_files(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep", encoding="utf-8")
    code, _, err = run(runner, "export", str(tmp_path), "--data", str(ROOT))
    assert code == 2 and "not empty" in err
    assert run(runner, "export", "--data", str(ROOT))[0] == 2
