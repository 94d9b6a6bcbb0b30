"""Re-check an encoding's evidence against the statute library it was read from.

A source read in the library names its file (`library: DEU/stgb.md`) and that file's sha256.
`verify` checks that the file is still there with that hash, that every cited provision's `text`
occurs in it, and that every quote occurs in the text of a provision it cites. Texts are compared
after folding: Unicode compatibility forms, case, whitespace, typographic quotes and dashes, and
Markdown markup, so a provision copied from a Markdown file matches its words, not its mark-up.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from legcompare.load import Document
from legcompare.model import Finding
from legcompare.registry import declare
from legcompare.rules import Hit, iter_items
from legcompare.rules import fold as fold_quote

# What a library file adds to the validator's folding: compatibility forms, dashes, Markdown
# mark-up (emphasis, headings, quotes, tables, escapes) and soft hyphens.
_MARKUP = str.maketrans(
    {
        "´": "'",
        **dict.fromkeys("‐‑‒–—―−", "-"),
        **dict.fromkeys("*#>|\\_", " "),
        "\u00ad": None,
    }
)


def fold(text: str) -> str:
    """The text as compared: NFKC, dashes and Markdown folded, then the validator's fold."""
    return fold_quote(unicodedata.normalize("NFKC", text).translate(_MARKUP))


@dataclass
class Library:
    """A statute library folder: files read, hashed and folded once, on first use."""

    root: Path
    _hashes: dict[str, str | None] = field(default_factory=dict)
    _folded: dict[str, str] = field(default_factory=dict)

    def file(self, name: str) -> Path | None:
        path = (self.root / name).resolve()
        root = self.root.resolve()
        inside = path == root or root in path.parents
        return path if inside and path.is_file() else None

    def sha256(self, name: str) -> str | None:
        if name not in self._hashes:
            path = self.file(name)
            self._hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path else None
        return self._hashes[name]

    def folded(self, name: str) -> str:
        if name not in self._folded:
            path = self.file(name)
            raw = path.read_bytes().decode("utf-8", errors="replace") if path else ""
            self._folded[name] = fold(raw)
        return self._folded[name]


CheckFunc = Callable[[Document, Library], Iterator[Hit]]
Check = Callable[[Document, Library], Iterator[Finding]]
CHECKS: dict[str, Check] = {}


def check(check_id: str) -> Callable[[CheckFunc], CheckFunc]:
    """Register a verify check: its id (stamped on every finding it makes) and, as its
    description, its docstring."""

    def register(func: CheckFunc) -> CheckFunc:
        declare(check_id, "verify", func.__doc__)

        def stamped(doc: Document, library: Library) -> Iterator[Finding]:
            for hit in func(doc, library):
                yield doc.finding(hit.path, check_id, hit.message, key=hit.key)

        CHECKS[check_id] = stamped
        return func

    return register


def _library_sources(doc: Document) -> dict[str, dict[str, Any]]:
    return {
        s["id"]: s
        for _, s in iter_items(doc.data, "sources")
        if isinstance(s.get("id"), str) and isinstance(s.get("library"), str)
    }


@check("library-file")
def check_file(doc: Document, library: Library) -> Iterator[Hit]:
    """The library file a source names exists and still has the recorded sha256."""
    for path, source in iter_items(doc.data, "sources"):
        name = source.get("library")
        if not isinstance(name, str):
            continue
        actual = library.sha256(name)
        if actual is None:
            message = f"source '{source.get('id')}': {name} is not in the library {library.root}"
            yield Hit((*path, "library"), message)
        elif actual != source.get("sha256"):
            message = (
                f"source '{source.get('id')}': {name} has sha256 {actual[:12]}…, the encoding"
                f" records {str(source.get('sha256'))[:12]}…: the text changed since it was read"
            )
            yield Hit((*path, "sha256"), message)


@check("text-in-library")
def check_texts(doc: Document, library: Library) -> Iterator[Hit]:
    """A cited provision read in the library stores its text, and that text occurs in the file."""
    sources = _library_sources(doc)
    for path, provision in iter_items(doc.data, "provisions"):
        source = sources.get(str(provision.get("source")))
        if source is None or library.file(source["library"]) is None:
            continue
        text = provision.get("text")
        if not isinstance(text, str) or not text.strip():
            message = f"provision '{provision.get('id')}' has no text to check against the library"
            yield Hit(path, message)
            continue
        if fold(text) not in library.folded(source["library"]):
            message = (
                f"provision '{provision.get('id')}': its text does not occur in "
                f"{source['library']} (copy one contiguous passage as it reads there)"
            )
            yield Hit((*path, "text"), message)


@check("quote-in-provision")
def check_quotes(doc: Document, library: Library) -> Iterator[Hit]:
    """Every quote occurs in the text of at least one provision its answer cites."""
    provisions = (
        p for _, p in iter_items(doc.data, "provisions") if isinstance(p.get("text"), str)
    )
    texts = {p.get("id"): fold(p["text"]) for p in provisions}
    data = doc.data if isinstance(doc.data, dict) else {}
    answers = data.get("elements")
    for element_id, answer in (answers if isinstance(answers, dict) else {}).items():
        if not isinstance(answer, dict) or not isinstance(answer.get("quote"), str):
            continue
        cited = answer.get("provisions")
        cited = cited if isinstance(cited, list) else []
        quote = fold(answer["quote"])
        if not any(quote in texts.get(p, "") for p in cited):
            message = f"'{element_id}': the quote occurs in no cited provision's text"
            yield Hit(("elements", element_id, "quote"), message)


def verify_document(doc: Document, library: Library) -> list[Finding]:
    """Every verify finding for one parsed encoding (parse findings first)."""
    if doc.findings:
        return list(doc.findings)
    return [found for run in CHECKS.values() for found in run(doc, library)]
