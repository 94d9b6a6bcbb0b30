"""Schema validation that is fast on valid files and exact on invalid ones.

jsonschema walks the schema afresh for every instance (about 1.6 ms for a 12 KB encoding);
fastjsonschema compiles the schema to Python once (about 40 ms) and then checks an encoding in
about 0.1 ms, but stops at the first error and words it tersely. So a compiled check runs first,
and only a file it rejects is handed to jsonschema, which reports every error with its path.
Both use jsonschema's own format checker, and a test holds the two to the same verdicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator


def schema_choices(schema: dict[str, Any], key: str) -> tuple[str, ...]:
    """The values the encoding schema allows for a key (`region`, `legal_system` under
    `jurisdiction`; `kind`, `confidence` at the top): their one home is the schema."""
    props = schema.get("properties", {})
    found = props.get("jurisdiction", {}).get("properties", {}).get(key) or props.get(key) or {}
    return tuple(str(v) for v in found.get("enum", ()) if v is not None)


# The schema uses only keywords whose meaning draft-07 and draft 2020-12 share (type, enum,
# properties, required, additionalProperties, items, pattern, lengths, bounds, format, $ref into
# $defs); fastjsonschema implements draft-07, so it compiles a copy declared as draft-07.
_DRAFT_07 = "http://json-schema.org/draft-07/schema#"


class FastFirst:
    """A jsonschema-compatible `iter_errors` that asks the compiled check first."""

    def __init__(self, schema: dict[str, Any], full: Validator) -> None:
        import fastjsonschema

        self.full = full
        checker = getattr(full, "format_checker", None)
        formats = {name: _conforms(checker, name) for name in _formats(schema)} if checker else {}
        self._error = fastjsonschema.JsonSchemaException
        self._check: Callable[[Any], Any] = fastjsonschema.compile(
            {**schema, "$schema": _DRAFT_07}, formats=formats
        )

    def is_valid(self, instance: Any) -> bool:
        try:
            self._check(instance)
        except self._error:
            return False
        return True

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        if self.is_valid(instance):
            return iter(())
        return self.full.iter_errors(instance)


def _conforms(checker: Any, name: str) -> Callable[[Any], bool]:
    return lambda value: bool(checker.conforms(value, name))


def _formats(schema: Any) -> set[str]:
    """Every `format` named anywhere in the schema."""
    found: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("format"), str):
                found.add(node["format"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found
