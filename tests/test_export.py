"""The research export: a valid Frictionless data package and a searchable SQLite file."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
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


# --- the versions every export names ----------------------------------------------------------


def test_the_corpus_version_is_the_release_and_a_fingerprint_of_the_encodings(
    tmp_path: Path,
) -> None:
    from legcompare import __version__
    from legcompare.corpus import locate
    from legcompare.versions import versions

    countries = tmp_path / "countries"
    (countries / "history" / "AAA").mkdir(parents=True)
    (countries / "AAA.yaml").write_bytes(b"a: 1\n")
    (countries / "history" / "AAA" / "2000-01-01.yaml").write_bytes(b"b: 2\r\n")
    (countries / "README.md").write_text("notes are not data\n", encoding="utf-8")
    # The recipe of versions.corpus_version, by hand: path, tab, sha256 of the LF bytes.
    lines = "".join(
        f"{name}\t{hashlib.sha256(data).hexdigest()}\n"
        for name, data in (("AAA.yaml", b"a: 1\n"), ("history/AAA/2000-01-01.yaml", b"b: 2\n"))
    )
    fingerprint = hashlib.sha256(lines.encode()).hexdigest()[:12]
    found = versions(locate(str(tmp_path), cache=False))
    assert found == {
        "corpus_version": f"{__version__}+{fingerprint}",
        "catalogue_version": "1.0.0",
    }
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{12}", found["corpus_version"])  # SemVer
    (countries / "AAA.yaml").write_bytes(b"a: 1\r\n")  # a Windows checkout: the same data
    assert versions(locate(str(tmp_path), cache=False)) == found
    (countries / "AAA.yaml").write_bytes(b"a: 2\n")  # any change to the data: a new version
    changed = versions(locate(str(tmp_path), cache=False))["corpus_version"]
    assert changed != found["corpus_version"]
    os.mkfifo(countries / "BBB.yaml")  # never written: counted as "-", never waited for
    assert versions(locate(str(tmp_path), cache=False))["corpus_version"] != changed


def test_every_export_names_the_corpus_and_catalogue_versions(
    runner: CliRunner, tmp_path: Path, corpus: DataDir
) -> None:
    from legcompare import __version__
    from legcompare.versions import versions

    expected = versions(corpus)
    assert expected["catalogue_version"] == corpus.catalogue.version == "1.0.0"
    folder, db = _export(runner, tmp_path)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert (descriptor["version"], descriptor["corpus_version"]) == (
        expected["corpus_version"],
    ) * 2
    assert descriptor["catalogue_version"] == "1.0.0"
    with sqlite3.connect(db) as connection:
        about = dict(connection.execute("SELECT key, value FROM metadata").fetchall())
    assert about == {**expected, "legcompare_version": __version__, "licence": "CC-BY-4.0"}
    metadata = json.loads((db.parent / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["source"] == (
        f"legcompare corpus {expected['corpus_version']}, catalogue 1.0.0"
    )
    code, out, _ = run(runner, "list", "--format", "json", "--data", str(ROOT))
    assert code == 0, out
    head = json.loads(out)["corpus"]
    assert (head["version"], head["catalogue_version"]) == (expected["corpus_version"], "1.0.0")
    code, _, err = run(runner, "matrix", "--core", "-o", str(tmp_path / "m.json"))
    assert code == 0, err
    top = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert (top["corpus_version"], top["catalogue_version"]) == (
        expected["corpus_version"],
        "1.0.0",
    )
