"""Model objects from checked data: the catalogue and jurisdictions (the data has passed the
schema and the rules, so it is read without defensive checks)."""

from __future__ import annotations

from typing import Any

from legcompare.model import (
    Answer,
    Catalogue,
    Category,
    Element,
    Jurisdiction,
    Provision,
    Source,
    Status,
    iso_day,
    penalty_from_data,
)


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


_STATUS = {status.value: status for status in Status}  # a dict lookup is 10x an Enum call


def _answer(element_id: str, raw: dict[str, Any]) -> Answer:
    # 360,000 calls for 10,000 files: one bound method, and the tuple made directly (a named
    # tuple's own constructor is Python code that would only check the number of fields again).
    get = raw.get
    provisions = get("provisions")
    searched = get("searched")
    return _new_answer(
        Answer,
        (
            element_id,
            _STATUS[raw["status"]],
            tuple(provisions) if provisions else (),
            get("quote"),
            get("translation"),
            get("note"),
            get("since"),
            tuple(searched) if searched else (),
        ),
    )


_new_answer = tuple.__new__


def to_jurisdiction(
    data: dict[str, Any], path: str | None = None, *, inherited: tuple[str, ...] = ()
) -> Jurisdiction:
    """A Jurisdiction from an encoding's data; the data must have passed validation.

    `inherited` names the elements an amending bill took from the law it amends."""
    info = data["jurisdiction"]
    answers = {element_id: _answer(element_id, raw) for element_id, raw in data["elements"].items()}
    return Jurisdiction(
        code=info["code"],
        name=info["name"],
        region=info.get("region"),
        subregion=info.get("subregion"),
        legal_system=info.get("legal_system"),
        parent=info.get("parent"),
        kind=data["kind"],
        amends=data.get("amends"),
        inherited=frozenset(inherited),
        as_of=iso_day(data.get("as_of")),
        confidence=data["confidence"],
        notes=data.get("notes"),
        sources=tuple(_source(s) for s in data["sources"]),
        provisions=tuple(_provision(p) for p in data["provisions"]),
        answers=answers,
        path=path,
    )


def _source(raw: dict[str, Any]) -> Source:
    get = raw.get  # positional arguments and one bound method, as for answers
    return Source(
        raw["id"],
        raw["title"],
        get("url"),
        get("language"),
        iso_day(get("retrieved")),
        get("version"),
        bool(get("complete", False)),
        get("library"),
        get("sha256"),
        get("note"),
    )


def _provision(raw: dict[str, Any]) -> Provision:
    get = raw.get
    return Provision(
        raw["id"],
        raw["source"],
        raw["cite"],
        get("heading"),
        get("iccs"),
        penalty_from_data(get("penalty")),
        get("text"),
        get("note"),
    )
