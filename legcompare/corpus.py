"""Where the data lives, and turning validated YAML into model objects.

The corpus is found in this order: `--data DIR`, then `LEGCOMPARE_DATA`, then the source checkout
the package runs from, then the copy packaged inside the wheel.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from legcompare.errors import DataError, InputError, UsageError
from legcompare.load import Document, decode_bytes, load_document, parse_document
from legcompare.model import (
    Answer,
    Catalogue,
    Category,
    Element,
    Finding,
    Jurisdiction,
    Penalty,
    Provision,
    Severity,
    Source,
    Status,
)

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

ENV_VAR = "LEGCOMPARE_DATA"
CODE_RE = re.compile(r"^([A-Z]{3}|[A-Z]{2}-[A-Z0-9]{1,3})$")
_PACKAGE = Path(__file__).resolve().parent
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class DataDir:
    """A corpus: a folder of encodings plus the catalogue and schemas they answer to."""

    countries: Path
    elements: Path
    origin: str

    @cached_property
    def catalogue(self) -> Catalogue:
        doc = load_document(str(self.elements / "elements.yaml"))
        if not doc.ok or not isinstance(doc.data, dict):
            first = doc.findings[0].format() if doc.findings else "not a mapping"
            raise DataError(f"the element catalogue cannot be read: {first}")
        return to_catalogue(doc.data)

    @cached_property
    def schema(self) -> dict[str, Any]:
        return read_json(self.elements / "jurisdiction.schema.json")

    @cached_property
    def validator(self) -> Validator:
        from legcompare.validate import make_validator

        return make_validator(self.schema)

    def check(self, path: str, *, today: date | None = None) -> tuple[Document, list[Finding]]:
        """Load and validate one file (or '-'): the document and every finding."""
        from legcompare.validate import validate_document

        doc = load_raw(path)
        return doc, validate_document(doc, self.catalogue, self.validator, today=today)

    def load(self, ref: str) -> Jurisdiction:
        """One jurisdiction by code or path; InputError (exit 2) when it does not validate."""
        from legcompare.validate import has_errors

        doc, findings = self.check(self.resolve(ref))
        if has_errors(findings):
            raise InputError(f"{doc.path} is not a valid encoding", tuple(findings))
        return to_jurisdiction(doc.data, doc.path)

    def load_all(self, *, region: str | None = None) -> tuple[list[Jurisdiction], list[Finding]]:
        """Every valid jurisdiction in the corpus, and the findings of files that failed."""
        from legcompare.validate import has_errors

        loaded: list[Jurisdiction] = []
        problems: list[Finding] = []
        for path in self.paths():
            doc, findings = self.check(str(path))
            if has_errors(findings):
                problems.extend(f for f in findings if f.severity is Severity.ERROR)
                continue
            jurisdiction = to_jurisdiction(doc.data, doc.path)
            if region is None or (jurisdiction.region or "").casefold() == region.casefold():
                loaded.append(jurisdiction)
        return loaded, problems

    def paths(self) -> list[Path]:
        """Every encoding file in the corpus, sorted by name."""
        if not self.countries.is_dir():
            return []
        return sorted(p for p in self.countries.iterdir() if p.name.endswith(YAML_SUFFIXES))

    def resolve(self, ref: str) -> str:
        """A corpus code (ITA), a file path, or '-' for stdin, as the path to load."""
        if ref == "-":
            return ref
        looks_like_path = os.sep in ref or "/" in ref or ref.endswith(YAML_SUFFIXES)
        if looks_like_path or os.path.exists(ref):
            if not os.path.exists(ref):
                raise UsageError(f"no such file: {ref}")
            return ref
        code = ref.upper()
        if not CODE_RE.match(code):
            raise UsageError(
                f"{ref!r} is neither a jurisdiction code (like ITA or US-NY) nor a file"
            )
        for suffix in YAML_SUFFIXES:
            candidate = self.countries / f"{code}{suffix}"
            if candidate.exists():
                return str(candidate)
        known = [p.stem for p in self.paths()]
        hint = difflib.get_close_matches(code, known, n=1)
        suggestion = f"; did you mean {hint[0]}?" if hint else "; see `legcompare list`"
        raise UsageError(f"unknown jurisdiction {ref!r} in {self.countries}{suggestion}")


def read_json(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            value = json.load(handle)
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {path}: {exc}") from exc
    if not isinstance(value, dict):
        raise DataError(f"{path} is not a JSON object")
    return value


def _checkout_root() -> Path | None:
    root = _PACKAGE.parent
    if (root / "elements" / "elements.yaml").is_file() and (root / "pyproject.toml").is_file():
        return root
    return None


def _builtin_elements() -> Path:
    root = _checkout_root()
    return root / "elements" if root else _PACKAGE / "_data" / "elements"


def locate(option: str | None = None) -> DataDir:
    """Find the corpus to work on (option, environment, checkout, packaged data)."""
    for origin, chosen in (("--data", option), (ENV_VAR, os.environ.get(ENV_VAR))):
        if chosen:
            return _user_data(Path(chosen), origin)
    root = _checkout_root()
    if root is not None:
        return DataDir(root / "countries", root / "elements", "checkout")
    packaged = _PACKAGE / "_data"
    return DataDir(packaged / "countries", packaged / "elements", "packaged")


def _user_data(path: Path, origin: str) -> DataDir:
    if not path.is_dir():
        raise UsageError(f"{origin}: {path} is not a directory")
    countries = path / "countries" if (path / "countries").is_dir() else path
    own = path / "elements"
    elements = own if (own / "elements.yaml").is_file() else _builtin_elements()
    return DataDir(countries, elements, origin)


def load_weights(path: str, catalogue: Catalogue) -> dict[str, float]:
    """A weighting profile from a YAML file mapping element ids to weights (0 or more).

    Elements the file does not name keep their catalogue weight.
    """
    doc = load_document(path)
    if doc.findings:
        raise InputError(f"{path}: cannot read the weights file", tuple(doc.findings))
    if not isinstance(doc.data, dict):
        raise InputError(f"{path}: a weights file maps element ids to numbers")
    weights = {e.id: e.weight for e in catalogue.elements}
    problems = []
    for key, value in doc.data.items():
        line, column = doc.mark((key,), key=True) or (None, None)
        where = f"{path}:{line}:{column}"
        if key not in weights:
            hint = difflib.get_close_matches(str(key), list(weights), n=1)
            problems.append(
                f"{where}: unknown element '{key}'"
                + (f" (did you mean '{hint[0]}'?)" if hint else "")
            )
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
            problems.append(f"{where}: weight of '{key}' must be a number of 0 or more")
        else:
            weights[key] = float(value)
    if problems:
        raise InputError("invalid weights file:\n" + "\n".join(problems))
    return weights


# --- building model objects from validated data -------------------------------------------


def to_catalogue(data: dict[str, Any]) -> Catalogue:
    """The catalogue from its (schema-valid) YAML data."""
    elements = tuple(
        Element(
            id=e["id"],
            label=e["label"],
            question=e["question"],
            category=e["category"],
            core=bool(e["core"]),
            weight=float(e["weight"]),
            contested=bool(e.get("contested", False)),
            basis=tuple(e.get("basis") or ()),
            guidance=dict(e.get("guidance") or {}),
            drafting_note=e.get("drafting_note"),
        )
        for e in data["elements"]
    )
    categories = tuple(
        Category(c["id"], c["label"], c.get("description", "")) for c in data.get("categories", ())
    )
    return Catalogue(str(data["version"]), elements, categories)


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _penalty(value: dict[str, Any] | None) -> Penalty | None:
    if not value:
        return None
    return Penalty(
        min_years=value.get("min_years"),
        max_years=value.get("max_years"),
        life=bool(value.get("life", False)),
        death=bool(value.get("death", False)),
        note=value.get("note"),
    )


def to_jurisdiction(data: dict[str, Any], path: str | None = None) -> Jurisdiction:
    """A Jurisdiction from an encoding's data; the data must have passed validation."""
    info = data["jurisdiction"]
    answers = {
        element_id: Answer(
            element=element_id,
            status=Status(raw["status"]),
            provisions=tuple(raw.get("provisions") or ()),
            quote=raw.get("quote"),
            translation=raw.get("translation"),
            note=raw.get("note"),
            since=raw.get("since"),
        )
        for element_id, raw in data["elements"].items()
    }
    return Jurisdiction(
        code=info["code"],
        name=info["name"],
        region=info.get("region"),
        subregion=info.get("subregion"),
        legal_system=info.get("legal_system"),
        parent=info.get("parent"),
        kind=data["kind"],
        amends=data.get("amends"),
        as_of=_date(data.get("as_of")),
        confidence=data["confidence"],
        notes=data.get("notes"),
        sources=tuple(
            Source(
                id=s["id"],
                title=s["title"],
                url=s.get("url"),
                language=s.get("language"),
                retrieved=_date(s.get("retrieved")),
                note=s.get("note"),
            )
            for s in data["sources"]
        ),
        provisions=tuple(
            Provision(
                id=p["id"],
                source=p["source"],
                cite=p["cite"],
                heading=p.get("heading"),
                iccs=p.get("iccs"),
                penalty=_penalty(p.get("penalty")),
                text=p.get("text"),
                note=p.get("note"),
            )
            for p in data["provisions"]
        ),
        answers=answers,
        path=path,
    )


def load_raw(path: str) -> Document:
    """Load a path or '-' (stdin) as a Document."""
    if path == "-":
        text, problem = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
        if problem or text is None:
            return Document("<stdin>", findings=[problem] if problem else [])
        return parse_document(text, "<stdin>")
    return load_document(path)
