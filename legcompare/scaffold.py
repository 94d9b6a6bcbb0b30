"""A new, valid encoding to fill in: every element `unclear`, with its question as a comment."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from typing import Any

from legcompare.corpus import CODE_RE
from legcompare.errors import UsageError, did_you_mean
from legcompare.model import Catalogue
from legcompare.schema import schema_choices

__all__ = ["scaffold", "schema_choices"]


def _choice(value: str | None, choices: tuple[str, ...], what: str) -> str:
    if value is None:
        return "null"
    for choice in choices:
        if choice.casefold() == value.casefold():
            return choice
    raise UsageError(
        f"{what} {value!r} is not one of {', '.join(choices)}{did_you_mean(value, choices)}"
    )


def scaffold(
    code: str,
    name: str,
    catalogue: Catalogue,
    schema: dict[str, Any],
    *,
    region: str | None = None,
    legal_system: str | None = None,
    today: date | None = None,
) -> str:
    """The YAML text of a new encoding that validates as it is."""
    code = code.upper()
    if not CODE_RE.match(code):
        raise UsageError(f"{code!r} is not an ISO 3166 code like PER or US-NY")
    if not name.strip():
        raise UsageError("--name must not be empty")
    parent = f"\n  parent: {code.split('-')[0]}" if "-" in code else ""
    regions = schema_choices(schema, "region")
    systems = schema_choices(schema, "legal_system")
    lines = [
        "# yaml-language-server: $schema=../elements/jurisdiction.schema.json",
        f"# {name}: kidnapping law encoded against legcompare catalogue {catalogue.version}.",
        "# Answer every element from the statute text you read: cite the provision, copy a short",
        "# quote from its `text`, translate it in your own words. Run `legcompare validate`.",
        "jurisdiction:",
        f"  code: {code}",
        f"  name: {json.dumps(name.strip(), ensure_ascii=False)}",
        f"  region: {_choice(region, regions, 'region')}  # " + " | ".join(regions),
        "  subregion: null",
        f"  legal_system: {_choice(legal_system, systems, 'legal system')}"
        "  # " + " | ".join(systems) + parent,
        "kind: law",
        f"as_of: {(today or date.today()).isoformat()}  # the law as in force on this date",
        "confidence: low  # high once coded from primary text",
        "sources: []",
        "provisions: []",
        "elements:",
    ]
    for element in catalogue.elements:
        lines += ["  # " + q for q in textwrap.wrap(element.question, 94)]
        lines += [f"  {element.id}:", "    status: unclear", "    note: not yet researched"]
    return "\n".join(lines) + "\n"
