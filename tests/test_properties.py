"""Property tests (issue 4): mutated encodings never crash load, validate or score; scores lie in
[0, 100] and never fall when a status rises; diff(A, B) mirrors diff(B, A); a YAML round trip
keeps an encoding's data, findings and score.

The seeds are the shipped encodings and the test fixture. No pytest fixtures are used, so every
example starts from the same module-level corpus.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legcompare.build import to_jurisdiction
from legcompare.compare import diff, mirror
from legcompare.corpus import locate
from legcompare.load import Document, decode_bytes, parse_document
from legcompare.model import Answer, Jurisdiction, Penalty, Provision, Score, Status
from legcompare.scoring import PROFILES, score
from legcompare.validate import has_errors, validate_document

from conftest import DATA, ROOT

CORPUS = locate(None)
CATALOGUE = CORPUS.catalogue
VALIDATOR = CORPUS.validator
IDS = CATALOGUE.ids
SEEDS = {p.name: p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("countries/*.yaml"))}
SEEDS["XYZ.yaml"] = (DATA / "valid" / "XYZ.yaml").read_text(encoding="utf-8")
PARSED = {name: parse_document(text, name) for name, text in SEEDS.items()}
NAMES = sorted(SEEDS)
EXAMPLES = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
try:
    DUMPER: type = yaml.CSafeDumper  # the C emitter: the Python one would dominate the run
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    DUMPER = yaml.SafeDumper

# Text that YAML, the loader's limits or the rules treat specially.
TOKENS = [
    "\n", " ", "\t", ":", ": ", "- ", "[", "]", "{", "}", ",", "#", "&a ", "*a", "? ", "|", ">",
    "---\n", "...\n", "%YAML 1.1\n", '"', "'", "\\", "~", "null", "yes", "on", ".nan", "-.inf",
    "-1", "1e400", "1.0e+400", "0x1F", "0o17", "1:2:3", "1:" * 200 + "1.5", "9" * 5000,
    "2024-02-30", "2999-01-01", "!!python/object/apply:os.system [ls] ", "!!binary ", "!!set ",
    "!!bool ", "!!int ", "!!float ", "!x ", "<<: {a: 1}\n", "\ufeff", "\x00", "\x07", "\x85",
    "\u2028", "é", "present", "partial", "absent", "unclear", "not_applicable", "pc-11",
]  # fmt: skip
KEYS = [
    "jurisdiction", "code", "kind", "as_of", "confidence", "sources", "provisions", "elements",
    "id", "source", "cite", "text", "penalty", "min_years", "max_years", "life", "death", "iccs",
    "status", "quote", "translation", "note", "since", "retrieved", *IDS[:4],
]  # fmt: skip
RAISES = [
    (low, high)
    for low in Status
    for high in Status
    if low.credit is not None and high.credit is not None and low.credit < high.credit
]


def check(doc: Document) -> list[Any]:
    """Validate; when the document validates, build and score it. Nothing may raise."""
    findings = validate_document(doc, CATALOGUE, VALIDATOR)
    for finding in findings:
        assert finding.rule and finding.message
        assert finding.line is None or finding.line >= 1
        assert finding.format().startswith(doc.path)
    if not has_errors(findings):
        for profile in PROFILES:
            assert_in_range(score(to_jurisdiction(doc.data, doc.path), CATALOGUE, profile=profile))
    return findings


def assert_in_range(s: Score) -> None:
    for value in (s.definition, s.framework, s.completeness):
        assert 0.0 <= value <= 100.0, s


# --- random mutations never raise -----------------------------------------------------------


@st.composite
def mutated_text(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(NAMES))
    text = SEEDS[name]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        end = min(len(text), at + draw(st.integers(0, 40)))
        lines = text.split("\n")
        line = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["insert", "delete", "replace", "copy", "drop", "indent"]))
        if edit == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS) | st.text(max_size=5)) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[end:]
        elif edit == "replace":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[end:]
        elif edit == "copy":  # a line again elsewhere: duplicate keys, stray items
            lines.insert(draw(st.integers(0, len(lines))), lines[line])
            text = "\n".join(lines)
        elif edit == "drop":
            del lines[line]
            text = "\n".join(lines)
        else:
            lines[line] = draw(st.sampled_from(["", " ", "  ", "\t"])) + lines[line]
            text = "\n".join(lines)
    return name, text


@EXAMPLES
@given(mutated_text())
def test_text_mutations_never_raise(case: tuple[str, str]) -> None:
    name, text = case
    check(parse_document(text, name))


@st.composite
def mutated_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(NAMES))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1"]))
    raw = bytearray(SEEDS[name].encode(encoding, errors="replace"))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(raw)))
        edit = draw(st.sampled_from(["set", "insert", "truncate"]))
        if edit == "set" and at < len(raw):
            raw[at] = draw(st.integers(0, 255))
        elif edit == "insert":
            raw[at:at] = draw(st.binary(max_size=8) | st.sampled_from([b"\xef\xbb\xbf", b"\xff"]))
        else:
            del raw[at:]
    return name, bytes(raw)


@EXAMPLES
@given(mutated_bytes())
def test_byte_mutations_never_raise(case: tuple[str, bytes]) -> None:
    name, raw = case
    text, problem = decode_bytes(raw, name)
    assert (text is None) != (problem is None)
    if text is not None:
        check(parse_document(text, name))


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**30), 2**63])
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(TOKENS)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(KEYS) | st.text(max_size=6) | st.integers(), inner, max_size=3
        )
    ),
    max_leaves=6,
)


def containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths of every mapping and list in a value."""
    if isinstance(value, dict):
        children = list(value.items())
    elif isinstance(value, list):
        children = list(enumerate(value))
    else:
        return []
    return [path, *(found for key, child in children for found in containers(child, (*path, key)))]


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


@st.composite
def mutated_data(draw: st.DrawFn) -> tuple[str, Any]:
    name = draw(st.sampled_from(NAMES))
    data = copy.deepcopy(PARSED[name].data)
    for _ in range(draw(st.integers(1, 3))):
        paths = containers(data)
        if not paths:
            break
        target = at(data, draw(st.sampled_from(paths)))
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        edit = draw(st.sampled_from(["replace", "delete", "add", "rename", "copy"]))
        if not keys or edit == "add":
            if isinstance(target, dict):
                target[draw(st.sampled_from(KEYS))] = draw(VALUES)
            else:
                target.insert(draw(st.integers(0, len(target))), draw(VALUES))
            continue
        key = draw(st.sampled_from(keys))
        if edit == "replace":
            target[key] = draw(VALUES)
        elif edit == "delete":
            del target[key]
        elif edit == "rename" and isinstance(target, dict):
            target[draw(st.sampled_from(KEYS) | st.text(max_size=6))] = target.pop(key)
        else:
            duplicate = copy.deepcopy(target[key])
            if isinstance(target, list):
                target.append(duplicate)
            else:
                target[draw(st.sampled_from(KEYS))] = duplicate
    return name, data


@EXAMPLES
@given(mutated_data())
def test_structural_mutations_never_raise(case: tuple[str, Any]) -> None:
    name, data = case
    seed = PARSED[name]
    # As built in memory (positions of the seed, so findings point into the original file) ...
    check(Document(name, data, seed.positions, seed.key_positions))
    # ... and written out as YAML and read back by the loader.
    check(parse_document(yaml.dump(data, Dumper=DUMPER, allow_unicode=True), name))


# --- scores -----------------------------------------------------------------------------------

STATUSES = st.sampled_from(list(Status))
WEIGHTS = st.none() | st.dictionaries(
    st.sampled_from(IDS), st.floats(0, 1e6, allow_nan=False), max_size=len(IDS)
)


@st.composite
def penalties(draw: st.DrawFn) -> Penalty | None:
    years = st.none() | st.floats(0, 200, allow_nan=False) | st.integers(0, 200)
    if draw(st.booleans()):
        return None
    return Penalty(draw(years), draw(years), life=draw(st.booleans()), death=draw(st.booleans()))


@st.composite
def jurisdictions(draw: st.DrawFn, code: str = "AAA") -> Jurisdiction:
    """A jurisdiction with any status on any element (some left unanswered) and any penalties."""
    statuses = draw(st.dictionaries(st.sampled_from(IDS), STATUSES))
    provisions = tuple(
        Provision(f"p{i}", "s", f"art. {i}", iccs=draw(st.sampled_from(["020221", "020222", None])))
        for i in range(draw(st.integers(0, 3)))
    )
    provisions = tuple(
        Provision(p.id, p.source, p.cite, iccs=p.iccs, penalty=draw(penalties()))
        for p in provisions
    )
    refs = tuple(p.id for p in provisions)
    answers = {
        e: Answer(e, s, refs[:1], quote=draw(st.none() | st.text(max_size=5)))
        for e, s in statuses.items()
    }
    return Jurisdiction(
        code=code, name=code, region=None, subregion=None, legal_system=None, kind="law",
        as_of=None, confidence="low", sources=(), provisions=provisions, answers=answers,
    )  # fmt: skip


def scores(j: Jurisdiction, weights: dict[str, float] | None) -> list[Score]:
    if weights is not None:
        return [score(j, CATALOGUE, weights=weights, profile="file:w.yaml")]
    return [score(j, CATALOGUE, profile=profile) for profile in PROFILES]


@EXAMPLES
@given(jurisdictions(), WEIGHTS)
def test_every_score_lies_between_0_and_100(j: Jurisdiction, weights: dict[str, float]) -> None:
    for s in scores(j, weights):
        assert_in_range(s)


@EXAMPLES
@given(jurisdictions(), WEIGHTS, st.sampled_from(IDS), st.sampled_from(RAISES))
def test_raising_a_status_never_lowers_a_score(
    j: Jurisdiction,
    weights: dict[str, float] | None,
    element: str,
    change: tuple[Status, Status],
) -> None:
    low, high = change
    before = dataclasses.replace(j, answers={**j.answers, element: Answer(element, low)})
    after = dataclasses.replace(j, answers={**j.answers, element: Answer(element, high)})
    for old, new in zip(scores(before, weights), scores(after, weights), strict=True):
        assert new.definition >= old.definition, (old, new)
        assert new.framework >= old.framework, (old, new)
        assert new.completeness >= old.completeness, (old, new)
        assert new.iccs_mappable >= old.iccs_mappable, (old, new)


@EXAMPLES
@given(jurisdictions("AAA"), jurisdictions("BBB"))
def test_diff_is_the_mirror_of_the_reverse_diff(a: Jurisdiction, b: Jurisdiction) -> None:
    ab, ba = diff(a, b, CATALOGUE), diff(b, a, CATALOGUE)
    assert ab == mirror(ba)
    assert ab.counts == mirror(ba).counts  # counts take no part in ==
    assert mirror(mirror(ab)) == ab and mirror(mirror(ab)).counts == ab.counts
    assert sum(ab.counts.values()) == len(IDS)
    assert [r.differs for r in ab.rows] == [r.differs for r in ba.rows]


# --- a YAML round trip ------------------------------------------------------------------------

NOTES = st.text(max_size=30) | st.sampled_from(TOKENS)


@st.composite
def encodings(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A seed with some statuses changed and some notes rewritten (hard-to-quote text)."""
    name = draw(st.sampled_from(NAMES))
    data = copy.deepcopy(PARSED[name].data)
    for element in draw(st.lists(st.sampled_from(IDS), max_size=6)):
        answer = data["elements"][element]
        answer["status"] = draw(STATUSES).value
        answer["note"] = draw(st.none() | NOTES)
    return name, data


@EXAMPLES
@given(
    encodings(),
    st.fixed_dictionaries(
        {
            "default_flow_style": st.sampled_from([False, True, None]),
            "sort_keys": st.booleans(),
            "allow_unicode": st.booleans(),
            "width": st.sampled_from([20, 80, 4096]),
            "indent": st.integers(2, 8),
            "explicit_start": st.booleans(),
        }
    ),
)
def test_a_yaml_round_trip_keeps_data_findings_and_score(
    case: tuple[str, dict[str, Any]], style: dict[str, Any]
) -> None:
    name, data = case
    original = Document(name, data, PARSED[name].positions, PARSED[name].key_positions)
    again = parse_document(yaml.dump(data, Dumper=DUMPER, **style), name)
    assert again.findings == []
    assert again.data == data
    first, second = check(original), check(again)
    assert {(f.rule, f.pointer) for f in first} == {(f.rule, f.pointer) for f in second}
    before = score(to_jurisdiction(data, name), CATALOGUE)
    after = score(to_jurisdiction(again.data, name), CATALOGUE)
    assert after == before


def test_the_seeds_are_valid_encodings() -> None:
    # The mutations start from valid files, so that a crash is the mutation's doing.
    assert len(SEEDS) >= 10
    assert all(not has_errors(check(doc)) for doc in PARSED.values())
