"""Bills as amendments: a bill that `amends: CODE` lists only what it changes.

The bill is merged onto the law it amends before it is validated: the law's sources and
provisions stay unless the bill gives one with the same id, and every element the bill does not
answer keeps the law's answer. The bill's own keys (jurisdiction, kind, as_of, confidence, notes,
amends) are its own. The merged document is what the rules check and what the tools compare;
`inherited` names the elements taken from the law.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from legcompare.registry import declare

if TYPE_CHECKING:  # the YAML parser is imported only when a file is parsed: warm runs never are
    from legcompare.load import Document

AMENDS_UNKNOWN = declare(
    "amends-unknown",
    "rule",
    "A bill's `amends` names a valid law of the corpus: the bill inherits every provision and "
    "answer it does not change from that law.",
)


def amends(data: Any) -> str | None:
    """The code a bill amends, if this document is such a bill."""
    if isinstance(data, dict) and data.get("kind") == "bill":
        target = data.get("amends")
        return target if isinstance(target, str) and target else None
    return None


def merge(doc: Document, law: dict[str, Any]) -> tuple[str, ...]:
    """Complete the bill in `doc` with the law's data, in place; the element ids inherited."""
    bill = doc.data
    assert isinstance(bill, dict)
    for key in ("sources", "provisions"):
        own = bill.get(key, [])
        if not isinstance(own, list):
            continue  # the schema reports it
        ids = {item.get("id") for item in own if isinstance(item, dict)}
        inherited = [item for item in law.get(key, []) if item.get("id") not in ids]
        bill[key] = [*inherited, *own]
    answers = bill.get("elements", {})
    if not isinstance(answers, dict):
        return ()
    taken = tuple(e for e in law.get("elements", {}) if e not in answers)
    bill["elements"] = {**{e: law["elements"][e] for e in taken}, **answers}
    return taken


def unknown_law(doc: Document, code: str, why: str) -> None:
    """Record that the amended law cannot be used."""
    doc.findings.append(doc.finding(("amends",), AMENDS_UNKNOWN, f"amends {code!r}: {why}"))
