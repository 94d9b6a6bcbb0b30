"""The element catalogue and the two schemas stay consistent with each other and ELEMENTS.md."""

from __future__ import annotations

import csv
import io
import json

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from legcompare.cli import app
from legcompare.load import load_document
from legcompare.model import Catalogue

from conftest import ROOT

SCHEMAS = ["elements.schema.json", "jurisdiction.schema.json"]


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_passes_the_2020_12_metaschema(name: str) -> None:
    schema = json.loads((ROOT / "elements" / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_catalogue_matches_its_schema() -> None:
    schema = json.loads((ROOT / "elements" / "elements.schema.json").read_text(encoding="utf-8"))
    doc = load_document(str(ROOT / "elements" / "elements.yaml"))
    assert doc.findings == []
    assert list(Draft202012Validator(schema).iter_errors(doc.data)) == []


def test_enumerated_element_ids_equal_the_catalogue(catalogue: Catalogue) -> None:
    schema = json.loads((ROOT / "elements" / "jurisdiction.schema.json").read_text("utf-8"))
    assert list(schema["properties"]["elements"]["properties"]) == list(catalogue.ids)


def test_catalogue_shape_follows_the_specification(catalogue: Catalogue) -> None:
    assert len(catalogue.elements) == 36
    assert len(catalogue.core) == 10
    assert sum(e.weight for e in catalogue.core) == 37
    assert sum(e.weight for e in catalogue.elements if not e.core) == 47
    contested = {e.id for e in catalogue.elements if e.contested}
    assert contested == {
        "movement_not_required",
        "ransom_intermediation_offence",
        "ransom_payment_prevention_measures",
        "simulated_or_virtual_kidnapping_offence",
    }
    assert all(set(e.guidance) == {"present", "partial", "absent"} for e in catalogue.elements)


def _descriptions_missing(node: object, path: str = "") -> list[str]:
    missing: list[str] = []
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            if "description" not in value:
                missing.append(f"{path}/{key}")
        for key, value in node.items():
            missing += _descriptions_missing(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            missing += _descriptions_missing(value, f"{path}/{index}")
    return missing


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_property_is_described_and_closed(name: str) -> None:
    schema = json.loads((ROOT / "elements" / name).read_text(encoding="utf-8"))
    assert _descriptions_missing(schema) == []
    text = json.dumps(schema)
    assert text.count('"type": "object"') == text.count('"additionalProperties": false')


def test_the_codebook_is_generated_from_the_catalogue(runner: CliRunner) -> None:
    result = runner.invoke(app, ["elements", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    codebook = (ROOT / "CODEBOOK.md").read_text(encoding="utf-8")
    assert codebook == result.stdout, "CODEBOOK.md is stale: legcompare elements -f markdown"


def test_the_codebook_and_the_csv_carry_every_guidance(
    runner: CliRunner, catalogue: Catalogue
) -> None:
    codebook = runner.invoke(app, ["elements", "--format", "markdown"]).stdout
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["elements", "-f", "csv"]).stdout)))
    assert [r["id"] for r in rows] == [e.id for e in catalogue.elements]
    for element, row in zip(catalogue.elements, rows, strict=True):
        assert f"(`{element.id}`)" in codebook
        for status, text in element.guidance.items():
            assert row[f"guidance_{status}"] == text
        assert row["drafting_note"] == (element.drafting_note or "")
