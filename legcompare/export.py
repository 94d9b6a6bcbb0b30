"""Research exports: the corpus as a Frictionless data package (CSV tables with a Table Schema
each) and as a SQLite database with full-text search, from one description of the tables.

Every table is described once (`TABLES`): its fields with their types and allowed values, its
primary key and foreign keys. The CSV files, `datapackage.json` and the SQLite tables are all
made from that description, so they cannot disagree. Booleans are written `true`/`false` and
numbers with a decimal point (`4.0`), everywhere.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from legcompare import __version__
from legcompare.model import Catalogue, Jurisdiction, Score, Status
from legcompare.render.csv import spell_boolean
from legcompare.schema import schema_choices

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string, number, integer, boolean, date
    description: str = ""
    enum: tuple[str, ...] = ()
    required: bool = False

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.description:
            out["description"] = self.description
        constraints: dict[str, Any] = {}
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.required:
            constraints["required"] = True
        if constraints:
            out["constraints"] = constraints
        if self.type == "boolean":
            out["trueValues"], out["falseValues"] = ["true"], ["false"]
        return out


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, table, field)

    def schema(self) -> dict[str, Any]:
        return {
            "fields": [f.schema() for f in self.fields],
            "primaryKey": list(self.primary_key),
            "foreignKeys": [
                {"fields": field, "reference": {"resource": table, "fields": target}}
                for field, table, target in self.foreign_keys
            ],
        }


STATUSES = tuple(s.value for s in Status)
_J = (("jurisdiction", "jurisdictions", "code"),)


def tables(schema: dict[str, Any]) -> tuple[Table, ...]:
    """The tables of an export; enums are the encoding schema's own."""

    S, N, B = "string", "number", "boolean"
    return (
        Table(
            "jurisdictions",
            "One row per jurisdiction: what its encoding describes.",
            (
                Field("code", S, "ISO 3166 code (3166-2 for states)", required=True),
                Field("name", S, required=True),
                Field("region", S, "UN M49 region", schema_choices(schema, "region")),
                Field("subregion", S),
                Field("legal_system", S, enum=schema_choices(schema, "legal_system")),
                Field("parent", S, "the State of a subnational jurisdiction"),
                Field("kind", S, enum=schema_choices(schema, "kind")),
                Field("as_of", "date", "the version date the text read states"),
                Field("confidence", S, enum=schema_choices(schema, "confidence")),
                Field("unclear_share", N, "percent of answers unclear"),
            ),
            ("code",),
        ),
        Table(
            "elements",
            "The catalogue: the minimum elements every encoding answers (see CODEBOOK.md).",
            (
                Field("id", S, required=True),
                Field("category", S),
                Field("core", B, "one of the ten elements of the common definition"),
                Field("weight", N),
                Field("contested", B),
                Field("label", S),
                Field("question", S),
                Field("guidance_present", S),
                Field("guidance_partial", S),
                Field("guidance_absent", S),
                Field("basis", S),
                Field("drafting_note", S),
            ),
            ("id",),
        ),
        Table(
            "answers",
            "Tidy: one row per jurisdiction and element, with the evidence.",
            (
                Field("jurisdiction", S, required=True),
                Field("element", S, required=True),
                Field("status", S, enum=STATUSES, required=True),
                Field("credit", N, "present 1, partial 0.5, absent and unclear 0"),
                Field("weight", N),
                Field("core", B),
                Field("provisions", S, "provision ids, separated by '; '"),
                Field("citations", S, "the provisions' citations, separated by '; '"),
                Field("quote", S, "the operative words, in the original language"),
                Field("translation", S),
                Field("note", S),
                Field("since", "integer", "year the element entered the law"),
                Field("searched", S, "sources searched for an absent answer"),
            ),
            ("jurisdiction", "element"),
            (*_J, ("element", "elements", "id")),
        ),
        Table(
            "provisions",
            "The provisions cited, with their penalties and texts as read.",
            (
                Field("jurisdiction", S, required=True),
                Field("id", S, required=True),
                Field("source", S),
                Field("cite", S),
                Field("heading", S),
                Field("iccs", S, "ICCS code the offence maps to"),
                Field("min_years", N),
                Field("max_years", N),
                Field("life", B),
                Field("death", B),
                Field("aggravated_max_years", N),
                Field("aggravated_life", B),
                Field("aggravated_death", B),
                Field("aggravated_when", S),
                Field("text", S),
            ),
            ("jurisdiction", "id"),
            _J,
        ),
        Table(
            "sources",
            "The texts each encoding was read from, pinned, with the version they state.",
            (
                Field("jurisdiction", S, required=True),
                Field("id", S, required=True),
                Field("title", S),
                Field("url", S),
                Field("language", S),
                Field("retrieved", "date"),
                Field("version", S),
                Field("complete", B, "the whole law was there to read"),
                Field("library", S),
                Field("sha256", S),
                Field("note", S),
            ),
            ("jurisdiction", "id"),
            _J,
        ),
        Table(
            "scores",
            "Coverage scores under the catalogue's weights, with their bounds.",
            (
                Field("jurisdiction", S, required=True),
                Field("definition", N),
                Field("definition_high", N),
                Field("framework", N),
                Field("framework_high", N),
                Field("completeness", N),
                Field("incomplete", B),
                Field("iccs_mappable", B),
            ),
            ("jurisdiction",),
            _J,
        ),
    )


Row = tuple[Any, ...]


def rows(name: str, laws: list[tuple[Jurisdiction, Score]], catalogue: Catalogue) -> Iterator[Row]:
    """The rows of one table, in the order of its fields."""
    yield from _ROWS[name](laws, catalogue)


def _jurisdictions(laws: list[tuple[Jurisdiction, Score]], catalogue: Catalogue) -> Iterator[Row]:
    for j, _ in laws:
        yield (j.code, j.name, j.region, j.subregion, j.legal_system, j.parent, j.kind,
               j.as_of, j.confidence, j.unclear_share)  # fmt: skip


def _elements(laws: list[tuple[Jurisdiction, Score]], catalogue: Catalogue) -> Iterator[Row]:
    for e in catalogue.elements:
        g = e.guidance
        yield (e.id, e.category, e.core, e.weight, e.contested, e.label, e.question,
               g.get("present"), g.get("partial"), g.get("absent"), "; ".join(e.basis),
               e.drafting_note)  # fmt: skip


def _answers(laws: list[tuple[Jurisdiction, Score]], catalogue: Catalogue) -> Iterator[Row]:
    for j, score in laws:
        for detail in score.details:
            a = j.answer(detail.element)
            yield (j.code, detail.element, a.status.value, detail.credit, detail.weight,
                   detail.core, "; ".join(a.provisions), "; ".join(j.cites(a)), a.quote,
                   a.translation, a.note, a.since, "; ".join(a.searched))  # fmt: skip


def _provisions(laws: list[tuple[Jurisdiction, Score]], catalogue: Catalogue) -> Iterator[Row]:
    for j, _ in laws:
        for p in j.provisions:
            pen, agg = p.penalty, (p.penalty.aggravated if p.penalty else None)
            yield (j.code, p.id, p.source, p.cite, p.heading, p.iccs,
                   pen.min_years if pen else None, pen.max_years if pen else None,
                   pen.life if pen else None, pen.death if pen else None,
                   agg.max_years if agg else None, agg.life if agg else None,
                   agg.death if agg else None, agg.when if agg else None, p.text)  # fmt: skip


def _sources(laws: list[tuple[Jurisdiction, Score]], catalogue: Catalogue) -> Iterator[Row]:
    for j, _ in laws:
        for s in j.sources:
            yield (j.code, s.id, s.title, s.url, s.language, s.retrieved, s.version,
                   s.complete, s.library, s.sha256, s.note)  # fmt: skip


def _scores(laws: list[tuple[Jurisdiction, Score]], catalogue: Catalogue) -> Iterator[Row]:
    for j, s in laws:
        yield (j.code, s.definition, s.definition_high, s.framework, s.framework_high,
               s.completeness, s.incomplete, s.iccs_mappable)  # fmt: skip


_ROWS: dict[str, Callable[[list[tuple[Jurisdiction, Score]], Catalogue], Iterable[Row]]] = {
    "jurisdictions": _jurisdictions,
    "elements": _elements,
    "answers": _answers,
    "provisions": _provisions,
    "sources": _sources,
    "scores": _scores,
}


def spell(value: Any, kind: str) -> str:
    """One spelling per type for CSV: true/false, numbers with a decimal point, ISO dates."""
    if value is None:
        return ""
    if kind == "boolean":
        return spell_boolean(value)
    if kind == "number":
        return repr(float(value))
    if kind == "integer":
        return str(int(value))
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def write_package(
    folder: Path,
    laws: list[tuple[Jurisdiction, Score]],
    catalogue: Catalogue,
    schema: dict[str, Any],
    *,
    corpus_version: str,
) -> Path:
    """CSV files and datapackage.json in `folder`; the descriptor's path. The package's
    `version` is the corpus version (`versions.corpus_version`)."""
    from legcompare.files import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for table in tables(schema):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([f.name for f in table.fields])
        kinds = [f.type for f in table.fields]
        for row in rows(table.name, laws, catalogue):
            writer.writerow([spell(v, k) for v, k in zip(row, kinds, strict=True)])
        write_atomic(folder / f"{table.name}.csv", buffer.getvalue())
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table.schema(),
            }
        )
    descriptor = {
        "name": "legcompare-kidnapping-laws",
        "title": "Minimum elements of the crime of kidnapping, law by law",
        "description": (
            "Which of the minimum elements of kidnapping (ICCS 020221 and the framework around "
            "it) each jurisdiction's law covers, with the provision, a short quote and the pinned "
            "source it was read from. Generated by legcompare; see CODEBOOK.md."
        ),
        "version": corpus_version,
        "corpus_version": corpus_version,
        "catalogue_version": catalogue.version,
        "legcompare_version": __version__,
        "licenses": [LICENCE],
        "resources": resources,
    }
    target = folder / "datapackage.json"
    write_atomic(target, json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    return target


_SQL_TYPES = {"string": "TEXT", "date": "TEXT", "number": "REAL", "integer": "INTEGER",
              "boolean": "INTEGER"}  # fmt: skip


def write_sqlite(
    path: Path,
    laws: list[tuple[Jurisdiction, Score]],
    catalogue: Catalogue,
    schema: dict[str, Any],
    *,
    corpus_version: str,
) -> Path:
    """The same tables in SQLite, a full-text index `search` over quotes, translations and
    provision texts, a table `metadata` (key, value) naming the corpus, catalogue and
    legcompare versions and the licence, and a Datasette `metadata.json` beside the file; the
    metadata's path."""
    from legcompare.files import write_atomic

    partial = path.with_name(f".{path.name}.tmp")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    try:
        for table in tables(schema):
            columns = ", ".join(f'"{f.name}" {_SQL_TYPES[f.type]}' for f in table.fields)
            keys = ", ".join(f'"{k}"' for k in table.primary_key)
            refs = "".join(
                f', FOREIGN KEY ("{field}") REFERENCES "{target}" ("{to}")'
                for field, target, to in table.foreign_keys
            )
            db.execute(f'CREATE TABLE "{table.name}" ({columns}, PRIMARY KEY ({keys}){refs})')
            marks = ", ".join("?" for _ in table.fields)
            kinds = [f.type for f in table.fields]
            db.executemany(
                f'INSERT INTO "{table.name}" VALUES ({marks})',
                (
                    tuple(_sql_value(v, k) for v, k in zip(row, kinds, strict=True))
                    for row in rows(table.name, laws, catalogue)
                ),
            )
        db.execute(
            "CREATE VIRTUAL TABLE search USING fts5(jurisdiction, kind, ref, text, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        db.executemany("INSERT INTO search VALUES (?, ?, ?, ?)", _searchable(laws))
        about = _about(catalogue, corpus_version)
        db.execute("CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.executemany("INSERT INTO metadata VALUES (?, ?)", about.items())
        db.commit()
    finally:
        db.close()
    partial.replace(path)
    metadata = {
        "title": "legcompare: kidnapping laws against the minimum elements",
        "license": "CC BY 4.0",
        "license_url": LICENCE["path"],
        "source": f"legcompare corpus {corpus_version}, catalogue {catalogue.version}",
        "about": "; ".join(f"{key} {value}" for key, value in about.items()),
        "databases": {
            path.stem: {
                "tables": {
                    t.name: {
                        "description": t.description,
                        "columns": {f.name: f.description for f in t.fields if f.description},
                    }
                    for t in tables(schema)
                }
                | {"search": {"description": "Full-text search over quotes and provisions."}}
                | {"metadata": {"description": "The versions this export was made from."}}
            }
        },
    }
    target = path.with_name("metadata.json")
    write_atomic(target, json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")
    return target


def _about(catalogue: Catalogue, corpus_version: str) -> dict[str, str]:
    return {
        "corpus_version": corpus_version,
        "catalogue_version": catalogue.version,
        "legcompare_version": __version__,
        "licence": LICENCE["name"],
    }


def _sql_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "boolean":
        return int(bool(value))
    if kind == "date":
        return value.isoformat()
    return value


def _searchable(laws: list[tuple[Jurisdiction, Score]]) -> Iterator[Row]:
    for j, _ in laws:
        for element, a in j.answers.items():
            for kind, text in (("quote", a.quote), ("translation", a.translation)):
                if text:
                    yield (j.code, kind, element, text)
        for p in j.provisions:
            if p.text:
                yield (j.code, "provision", p.id, p.text)
