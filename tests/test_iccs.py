"""The ICCS concordance: codes from the provisions, mappability with its reasons, and what the
national offence takes in beyond ICCS 020221, read from the answers; core, then CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from legcompare.iccs import EXCLUSIONS, iccs_row
from legcompare.model import Answer, Jurisdiction, Provision, Status

from conftest import DATA, ROOT, run

PROVISIONS = (
    Provision("p1", "cc", "art. 1", heading="Detention", iccs="020222"),
    Provision("p2", "cc", "art. 2", heading="Kidnapping", iccs="020221"),
    Provision("p3", "cc", "art. 3", heading="Hostages", iccs="020222"),
    Provision("p4", "cc", "art. 4", heading="Ransom (no code)"),
    Provision("p5", "cc", "art. 5", heading="Theft"),  # no code, not the kidnapping offence
)


def law(**answers: tuple[str, tuple[str, ...]]) -> Jurisdiction:
    return Jurisdiction(
        code="XYZ", name="Testland", region="Europe", subregion=None, legal_system="civil_law",
        kind="law", as_of=None, confidence="high", sources=(), provisions=PROVISIONS,
        answers={k: Answer(k, Status(s), p) for k, (s, p) in answers.items()},
    )  # fmt: skip


MAPPABLE = {
    "unlawful_deprivation_of_liberty": ("present", ("p1",)),
    "against_victims_will": ("partial", ("p1",)),
    "purpose_compel_act_or_omission": ("present", ("p2",)),
    "kidnapping_specific_offence": ("present", ("p2", "p4")),
}


def verdicts(j: Jurisdiction) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {x.key: (x.verdict, x.provisions) for x in iccs_row(j).exclusions}


def test_codes_come_from_the_provisions_and_an_uncoded_offence_is_shown() -> None:
    row = iccs_row(law(**MAPPABLE))
    assert [(p.id, p.iccs, p.label) for p in row.provisions] == [
        ("p1", "020222", "Illegal restraint"),
        ("p2", "020221", "Kidnapping"),
        ("p3", "020222", "Illegal restraint"),
        ("p4", None, None),  # cited for the kidnapping offence, but its encoding gives no code
    ]
    assert (row.mappable, row.reasons) == (True, ())


def test_reasons_name_every_condition_missed() -> None:
    row = iccs_row(
        law(
            unlawful_deprivation_of_liberty=("present", ("p1",)),
            against_victims_will=("absent", ()),
            purpose_ransom_or_material_benefit=("absent", ()),
            kidnapping_specific_offence=("partial", ("p2",)),
        )
    )
    assert row.mappable is False
    assert row.reasons == (
        "against_victims_will is absent, not present or partial",
        "no purpose is present or partial (purpose_ransom_or_material_benefit absent,"
        " purpose_compel_act_or_omission unclear)",
        "kidnapping_specific_offence is partial, not present",
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("present", "separate offence"),
        ("partial", "partly included"),
        ("absent", "included"),  # guidance: "dealt with only under the general kidnapping ..."
        ("unclear", "unclear"),
    ],
)
def test_abduction_of_a_minor_follows_the_answer(status: str, expected: str) -> None:
    j = law(
        **MAPPABLE, child_abduction_distinguished=(status, ("p1",) if status != "absent" else ())
    )
    assert verdicts(j)["abduction_of_a_minor"][0] == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [("present", "included"), ("partial", "partly included"), ("absent", "not included"),
     ("not_applicable", "not applicable")],
)  # fmt: skip
def test_detention_without_movement_follows_the_answer(status: str, expected: str) -> None:
    j = law(**MAPPABLE, movement_not_required=(status, ()))
    assert verdicts(j)["detention_without_movement"] == (expected, ())


def test_hostage_taking_is_included_only_where_the_kidnapping_provision_covers_it() -> None:
    inside = law(**MAPPABLE, hostage_taking_offence=("present", ("p2", "p3")))
    assert verdicts(inside)["hostage_taking"] == ("included", ("p2",))
    uncoded = law(**MAPPABLE, hostage_taking_offence=("partial", ("p4",)))  # cited for 020221
    assert verdicts(uncoded)["hostage_taking"] == ("partly included", ("p4",))
    apart = law(**MAPPABLE, hostage_taking_offence=("present", ("p3",)))
    assert verdicts(apart)["hostage_taking"] == ("separate offence", ("p3",))
    none = law(**MAPPABLE, hostage_taking_offence=("absent", ()))
    assert verdicts(none)["hostage_taking"] == ("not included", ())


def test_what_no_element_records_is_reported_as_not_recorded() -> None:
    row = iccs_row(law(**MAPPABLE))
    missing = {x.key: (x.code, x.verdict, x.element) for x in row.exclusions if x.element is None}
    assert missing == {
        "trafficking_in_persons": ("0204", "not recorded", None),
        "illegal_adoption": ("020291", "not recorded", None),
    }


# --- through the CLI --------------------------------------------------------------------------


def test_iccs_json_for_a_file(runner: CliRunner) -> None:
    from legcompare.corpus import locate
    from legcompare.versions import versions

    code, out, err = run(runner, "iccs", str(DATA / "valid" / "XYZ.yaml"), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["corpus_version"] == versions(locate(None))["corpus_version"]
    assert data["catalogue_version"] == "1.0.0"
    assert data["iccs_codes"]["020221"] == "Kidnapping"
    (xyz,) = data["jurisdictions"]
    assert (xyz["code"], xyz["iccs_mappable"], xyz["reasons"]) == ("XYZ", True, [])
    assert xyz["provisions"] == [
        {"id": "pc-10", "cite": "art. 10", "heading": "Unlawful detention", "iccs": "020222",
         "label": "Illegal restraint"},
        {"id": "pc-11", "cite": "art. 11", "heading": "Kidnapping", "iccs": "020221",
         "label": "Kidnapping"},
    ]  # fmt: skip
    assert [(x["key"], x["verdict"], x["status"], x["provisions"]) for x in xyz["beyond_iccs"]] == [
        ("abduction_of_a_minor", "unclear", "unclear", []),
        ("detention_without_movement", "included", "present", ["pc-10"]),
        ("hostage_taking", "unclear", "unclear", []),
        ("trafficking_in_persons", "not recorded", None, []),
        ("illegal_adoption", "not recorded", None, []),
    ]


def test_iccs_csv_covers_the_corpus(runner: CliRunner) -> None:
    codes = {p.stem for p in (ROOT / "countries").glob("*.yaml")}
    code, out, err = run(runner, "iccs", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "code", "name", "iccs_mappable", "reasons", "provision", "cite", "heading", "iccs",
        "iccs_label",
    ]  # fmt: skip
    assert {r["code"] for r in rows} == codes  # a law without coded provisions keeps its row
    assert {r["iccs_mappable"] for r in rows} == {"true", "false"}
    assert all(r["reasons"] for r in rows if r["iccs_mappable"] == "false")
    code, out, err = run(runner, "iccs", "--format", "csv", "--wide")
    assert code == 0, err
    wide = list(csv.DictReader(io.StringIO(out)))
    assert list(wide[0])[6:] == [x.key for x in EXCLUSIONS]
    assert sorted(r["code"] for r in wide) == sorted(codes)
    assert {r["trafficking_in_persons"] for r in wide} == {"not recorded"}


def test_iccs_table_and_bad_input(runner: CliRunner) -> None:
    code, out, err = run(runner, "iccs", "COL")
    assert code == 0, err
    assert "COL" in out and "020221 mappable" in out
    code, _, err = run(runner, "iccs", "COL", "--region", "Europe")
    assert code == 2
    assert "--region and --as-of select from the corpus" in err
    code, _, err = run(runner, "iccs", "NOP")
    assert code == 2
    assert "unknown jurisdiction 'NOP'" in err


def test_iccs_of_an_invalid_file_points_at_the_problem(runner: CliRunner) -> None:
    bad = DATA / "invalid" / "duplicate-key.yaml"
    code, out, err = run(runner, "iccs", str(bad))
    assert code == 2
    assert out == ""
    assert f"{bad}:13:1: [error] duplicate key 'confidence'" in err
    assert "Traceback" not in err
