"""Validation of an encoding: the JSON Schema, then the named rules, as a list of Findings."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from legcompare.load import Document, Path
from legcompare.model import Catalogue, Finding, has_errors
from legcompare.registry import declare
from legcompare.rules import RULES, Context

__all__ = ["has_errors", "make_validator", "schema_findings", "validate_document"]

NOT_A_MAPPING = declare("not-a-mapping", "schema", "The document is a mapping of keys to values.")
SCHEMA = declare(
    "schema",
    "schema",
    "The document matches elements/jurisdiction.schema.json (the ids below name the failure).",
)
UNKNOWN_KEY = declare("unknown-key", "schema", "Every key is one the schema defines.")
UNKNOWN_ELEMENT = declare(
    "unknown-element", "schema", "Every answered element is in the catalogue."
)
REQUIRED = declare("required", "schema", "Every required key is present.")
WRONG_TYPE = declare("wrong-type", "schema", "Every value has the type the schema asks for.")
BAD_VALUE = declare(
    "bad-value",
    "schema",
    "Every value is one the schema allows (an enum choice, an ISO date, a number in range).",
)

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

_SCHEMA_TYPES = {
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "object": "a mapping",
    "array": "a list",
    "boolean": "true or false",
    "null": "empty",
}
_TYPE_NAMES = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "true/false",
    "NoneType": "empty (null)",
    "dict": "a mapping",
    "list": "a list",
}


def make_validator(schema: dict[str, Any]) -> Validator:
    """A draft 2020-12 validator with format checking (dates)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate_document(
    doc: Document,
    catalogue: Catalogue,
    validator: Validator,
    *,
    today: date | None = None,
) -> list[Finding]:
    """Every problem of one parsed document: parse findings, schema findings, rule findings."""
    findings = list(doc.findings)
    if doc.data is None and findings:
        return findings
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"{_type_name(doc.data)}, not a mapping"
        findings.append(doc.finding((), NOT_A_MAPPING, f"the document is {what}"))
        return findings
    findings.extend(schema_findings(doc, validator, catalogue))
    ctx = Context(doc, catalogue, today or date.today())
    for check in RULES.values():
        findings.extend(check(ctx))
    return sorted(findings, key=_order)


def _order(finding: Finding) -> tuple[int, int, str]:
    return (finding.line or 0, finding.column or 0, finding.rule)


def schema_findings(doc: Document, validator: Validator, catalogue: Catalogue) -> list[Finding]:
    """Schema errors as Findings with positions and readable messages."""
    errors = sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path)))
    found = (_schema_finding(doc, error, catalogue) for error in _leaves(errors))
    return list(dict.fromkeys(found))  # two checks of one value (a date's format and pattern)


def _leaves(errors: list[ValidationError]) -> Iterable[ValidationError]:
    """For oneOf/anyOf failures report the most specific cause rather than the umbrella."""
    for error in errors:
        yield from (_leaves(list(error.context)) if error.context else [error])


def _schema_finding(doc: Document, error: ValidationError, catalogue: Catalogue) -> Finding:
    path: Path = tuple(error.absolute_path)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    expected: Any = error.validator_value
    rule, message, at_key = SCHEMA, error.message, False
    if error.validator == "additionalProperties":
        rule, at_key = UNKNOWN_KEY, True
        extra = _extra_keys(error)
        if path == ("elements",):
            rule = UNKNOWN_ELEMENT
            known: Iterable[str] = catalogue.ids
        else:
            known = schema.get("properties", {}).keys()
        hints = [_with_hint(k, known) for k in extra]
        noun = "element id" if rule == UNKNOWN_ELEMENT else "key"
        message = "; ".join(f"unknown {noun} '{k}'{h}" for k, h in hints)
        path = (*path, extra[0]) if extra else path
    elif error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        rule, message = REQUIRED, f"missing required key '{missing}'"
        at_key = bool(path)
    elif error.validator == "type":
        names = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_SCHEMA_TYPES.get(str(n), str(n)) for n in names)
        message = f"{_where(path)} should be {wanted}, not {_type_name(error.instance)}"
        if "string" in names and isinstance(error.instance, (bool, int, float)):
            message += _quote_hint(error.instance)
        rule = WRONG_TYPE
    elif error.validator == "enum":
        choices = ", ".join(map(str, expected))
        hint = _with_hint(str(error.instance), map(str, expected))[1]
        message = f"{_where(path)}: {error.instance!r} is not one of {choices}{hint}"
        rule = BAD_VALUE
    elif error.validator in {"pattern", "format"} and _is_date(error):
        message = f"{_where(path)}: {error.instance!r} is not a real date written YYYY-MM-DD"
        rule = BAD_VALUE
    elif error.validator in {"pattern", "format", "minimum", "maximum", "maxLength", "minLength"}:
        message = f"{_where(path)}: {error.message}"
        rule = BAD_VALUE
    return doc.finding(path, rule, message, key=at_key)


def _is_date(error: ValidationError) -> bool:
    """Whether a failed pattern or format check is the one for an ISO date."""
    if error.validator == "format":
        return error.validator_value == "date"
    return str(error.validator_value) == r"^\d{4}-\d{2}-\d{2}$"


def _quote_hint(value: Any) -> str:
    """Why YAML made a number or true/false of text, and how to keep it text."""
    if isinstance(value, bool):
        return (
            " (YAML reads an unquoted yes, no, on, off, true or false as true/false: "
            'write it in quotes, like "NO")'
        )
    return (
        " (YAML reads an unquoted number as a number and drops leading zeros: write it in quotes)"
    )


def _extra_keys(error: ValidationError) -> list[str]:
    allowed = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [str(k) for k in instance if k not in allowed]


def _with_hint(key: str, known: Iterable[str]) -> tuple[str, str]:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return key, f" (did you mean '{close[0]}'?)" if close else ""


def _where(path: Path) -> str:
    return ".".join(str(p) for p in path) or "the document"


def _type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value).__name__, type(value).__name__)
