"""The named validation rules applied after the JSON Schema, each a small registered generator.

Every rule reads the raw document defensively (the schema may have failed on the same file), so
that one run reports every problem of a file rather than the first. A rule yields `Hit`s (where
and what); its registration stamps its id and severity on each, and its docstring is its user
documentation (`legcompare validate --rules` prints them).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from legcompare.load import Document, Path
from legcompare.model import (
    EVIDENCE,
    KIDNAPPING_ICCS,
    Catalogue,
    Finding,
    Severity,
    iso_day,
    penalty_from_data,
)
from legcompare.model import NEEDS_NOTE as NEEDS_NOTE_STATUSES
from legcompare.registry import REGISTRY, RuleInfo, declare

MAX_QUOTE_CHARS = 500
SERIOUS_CRIME_YEARS = 4.0
NEEDS_EVIDENCE = {status.value for status in EVIDENCE}
NEEDS_NOTE = {status.value for status in NEEDS_NOTE_STATUSES}


@dataclass(frozen=True)
class Context:
    """What a rule sees: the parsed document, the catalogue and today's date."""

    doc: Document
    catalogue: Catalogue
    today: date

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data if isinstance(self.doc.data, dict) else {}

    def items(self, key: str) -> Iterator[tuple[Path, dict[str, Any]]]:
        """The mapping entries of a top-level list (sources, provisions) with their paths."""
        return iter_items(self.data, key)

    def answers(self) -> Iterator[tuple[str, Path, dict[str, Any]]]:
        value = self.data.get("elements")
        for element_id, answer in (value if isinstance(value, dict) else {}).items():
            if isinstance(answer, dict):
                yield element_id, ("elements", element_id), answer

    def provisions_by_id(self) -> dict[str, dict[str, Any]]:
        return {str(p.get("id")): p for _, p in self.items("provisions")}


def iter_items(data: Any, key: str) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The mapping entries of a document's top-level list (sources, provisions), with paths."""
    value = data.get(key) if isinstance(data, dict) else None
    for index, item in enumerate(value if isinstance(value, list) else []):
        if isinstance(item, dict):
            yield (key, index), item


def _text(value: Any) -> str | None:
    """A value that should be text, or None: a list or mapping there must not break set lookups."""
    return value if isinstance(value, str) else None


class Hit(NamedTuple):
    """What a rule found: where (a path into the document) and what. The rule's registration
    adds its id and severity, so a rule never writes its own id again."""

    path: Path
    message: str
    key: bool = False  # point at the key rather than its value


RuleFunc = Callable[[Context], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: its declaration and the generator that finds its problems."""

    info: RuleInfo
    func: RuleFunc

    def __call__(self, ctx: Context) -> Iterator[Finding]:
        for hit in self.func(ctx):
            found = ctx.doc.finding(hit.path, self.info.id, hit.message, key=hit.key)
            if self.info.severity is not found.severity:
                found = dataclasses.replace(found, severity=self.info.severity)
            yield found


RULES: dict[str, Rule] = {}


def rule(rule_id: str, *, severity: Severity = Severity.ERROR) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule: its id and severity here, its description is its docstring."""

    def register(func: RuleFunc) -> RuleFunc:
        declare(rule_id, "rule", func.__doc__, severity=severity)
        RULES[rule_id] = Rule(REGISTRY[rule_id], func)
        return func

    return register


@rule("element-missing")
def check_all_answered(ctx: Context) -> Iterator[Hit]:
    """Every catalogue element is answered: missing is an error, never silently unclear."""
    if "elements" not in ctx.data or not isinstance(ctx.data["elements"], dict):
        return
    answered = ctx.data["elements"]
    missing = [element_id for element_id in ctx.catalogue.ids if element_id not in answered]
    if len(missing) > 3:  # one finding, not dozens, for a file that is mostly unanswered
        listed = ", ".join(missing)
        message = f"{len(missing)} elements are not answered: {listed}"
        yield Hit(("elements",), message, key=True)
        return
    for element_id in missing:
        yield Hit(("elements",), f"element '{element_id}' is not answered", key=True)


@rule("evidence-required")
def check_evidence(ctx: Context) -> Iterator[Hit]:
    """A `present` or `partial` answer cites at least one provision and quotes the law."""
    for element_id, path, answer in ctx.answers():
        if _text(answer.get("status")) not in NEEDS_EVIDENCE:
            continue
        if not answer.get("provisions"):
            yield Hit(
                path, f"'{element_id}' is {answer['status']} but cites no provision", key=True
            )
        if not answer.get("quote"):
            yield Hit(path, f"'{element_id}' is {answer['status']} but has no quote", key=True)


@rule("note-required")
def check_note(ctx: Context) -> Iterator[Hit]:
    """A `partial`, `absent` or `not_applicable` answer explains itself in a note."""
    for element_id, path, answer in ctx.answers():
        status = _text(answer.get("status"))
        note = answer.get("note")
        if status in NEEDS_NOTE and not (isinstance(note, str) and note.strip()):
            yield Hit(path, f"'{element_id}' is {status} and needs a note saying why", key=True)


def _duplicates(ctx: Context, key: str) -> Iterator[tuple[Path, str]]:
    seen: set[str] = set()
    for path, item in ctx.items(key):
        item_id = item.get("id")
        if isinstance(item_id, str):
            if item_id in seen:
                yield (*path, "id"), item_id
            seen.add(item_id)


@rule("provision-id-unique")
def check_provision_ids(ctx: Context) -> Iterator[Hit]:
    """Provision ids are unique within a file."""
    for path, item_id in _duplicates(ctx, "provisions"):
        yield Hit(path, f"provision id '{item_id}' is used twice")


@rule("source-id-unique")
def check_source_ids(ctx: Context) -> Iterator[Hit]:
    """Source ids are unique within a file."""
    for path, item_id in _duplicates(ctx, "sources"):
        yield Hit(path, f"source id '{item_id}' is used twice")


@rule("provision-ref")
def check_provision_refs(ctx: Context) -> Iterator[Hit]:
    """Every provision an answer cites exists in `provisions`."""
    known = ctx.provisions_by_id()
    for element_id, path, answer in ctx.answers():
        cited = answer.get("provisions")
        for index, ref in enumerate(cited if isinstance(cited, list) else []):
            if isinstance(ref, str) and ref not in known:
                yield Hit(
                    (*path, "provisions", index),
                    f"'{element_id}' cites provision '{ref}', which is not defined",
                )


@rule("source-ref")
def check_source_refs(ctx: Context) -> Iterator[Hit]:
    """Every provision names a source that exists in `sources`."""
    known = {_text(s.get("id")) for _, s in ctx.items("sources")}
    for path, provision in ctx.items("provisions"):
        ref = provision.get("source")
        if isinstance(ref, str) and ref not in known:
            yield Hit(
                (*path, "source"),
                f"provision '{provision.get('id')}' names source '{ref}', which is not defined",
            )


_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‹": "'",
        "›": "'",
        "`": "'",
    }
)


def fold(text: str) -> str:
    """Fold whitespace, case and typographic quotes so a quote can be found in its provision."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().casefold()


@rule("quote-in-text")
def check_quotes(ctx: Context) -> Iterator[Hit]:
    """A quote occurs in the text of a provision it cites (where the provision carries its text)."""
    provisions = ctx.provisions_by_id()
    for element_id, path, answer in ctx.answers():
        quote, cited = answer.get("quote"), answer.get("provisions")
        if not isinstance(quote, str) or not isinstance(cited, list):
            continue
        texts = [
            provisions[ref]["text"]
            for ref in cited
            if isinstance(ref, str) and isinstance(provisions.get(ref, {}).get("text"), str)
        ]
        if texts and not any(fold(quote) in fold(text) for text in texts):
            names = ", ".join(str(r) for r in cited)
            yield Hit(
                (*path, "quote"),
                f"the quote for '{element_id}' does not occur in the text of {names}",
            )


@rule("provision-text", severity=Severity.WARNING)
def check_provision_text(ctx: Context) -> Iterator[Hit]:
    """A provision cited as evidence carries its text, so its quotes can be checked."""
    cited = {
        ref
        for _, _, answer in ctx.answers()
        if _text(answer.get("status")) in NEEDS_EVIDENCE
        and isinstance(answer.get("provisions"), list)
        for ref in answer["provisions"]
        if isinstance(ref, str)
    }
    for path, provision in ctx.items("provisions"):
        if _text(provision.get("id")) in cited and not provision.get("text"):
            yield Hit(
                path, f"provision '{provision['id']}' is cited as evidence but carries no text"
            )


@rule("quote-length")
def check_quote_length(ctx: Context) -> Iterator[Hit]:
    """A quote holds the operative words only: at most 500 characters."""
    for element_id, path, answer in ctx.answers():
        quote = answer.get("quote")
        if isinstance(quote, str) and len(quote) > MAX_QUOTE_CHARS:
            yield Hit(
                (*path, "quote"),
                f"the quote for '{element_id}' is {len(quote)} characters; "
                f"keep it to the operative words (at most {MAX_QUOTE_CHARS})",
            )


@rule("code-matches-file")
def check_code(ctx: Context) -> Iterator[Hit]:
    """`jurisdiction.code` of a law equals the file name (ITA.yaml holds ITA); bills are exempt.
    An earlier version, `history/<CODE>/<YYYY-MM-DD>.yaml`, holds CODE as of that date."""
    info = ctx.data.get("jurisdiction")
    code = info.get("code") if isinstance(info, dict) else None
    parts = ctx.doc.path.replace("\\", "/").split("/")
    name, stem = parts[-1], parts[-1].rsplit(".", 1)[0]
    is_law = ctx.data.get("kind", "law") == "law"  # a bill may be named freely
    if not isinstance(code, str) or not is_law or name.startswith("<"):
        return
    if len(parts) >= 3 and parts[-3] == "history":
        if code != parts[-2]:
            message = f"code '{code}' does not match its history folder '{parts[-2]}'"
            yield Hit(("jurisdiction", "code"), message)
        as_of = ctx.data.get("as_of")
        if str(as_of) != stem:
            message = f"a version's file name is its as_of date: '{as_of}.yaml', not '{name}'"
            yield Hit(("as_of",), message)
    elif code != stem:
        yield Hit(("jurisdiction", "code"), f"code '{code}' does not match the file name '{name}'")


@rule("dates")
def check_dates(ctx: Context) -> Iterator[Hit]:
    """`as_of` and `retrieved` are not in the future; `as_of` is not after the latest retrieval."""
    as_of = iso_day(ctx.data.get("as_of"))
    retrieved = [(path, iso_day(s.get("retrieved"))) for path, s in ctx.items("sources")]
    for path, day in retrieved:
        if day and day > ctx.today:
            yield Hit((*path, "retrieved"), f"retrieved {day} is in the future")
    if as_of and as_of > ctx.today:
        yield Hit(("as_of",), f"as_of {as_of} is in the future")
    latest = max((day for _, day in retrieved if day), default=None)
    if as_of and latest and as_of > latest:
        yield Hit(
            ("as_of",),
            f"as_of {as_of} is after the latest retrieval ({latest}): "
            "the law cannot have been read as in force on that date",
        )


@rule("penalty-range")
def check_penalty_range(ctx: Context) -> Iterator[Hit]:
    """A penalty's `min_years` is not above its `max_years`."""
    for path, provision in ctx.items("provisions"):
        penalty = provision.get("penalty")
        if not isinstance(penalty, dict):
            continue
        low: Any = penalty.get("min_years")
        high: Any = penalty.get("max_years")
        if _number(low) and _number(high) and low > high:
            yield Hit(
                (*path, "penalty"),
                f"provision '{provision.get('id')}': min_years {low} is above max_years {high}",
            )


def _number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def kidnapping_ceiling(provisions: list[dict[str, Any]]) -> float | None:
    """The highest maximum penalty among provisions coded ICCS 020221 (life/death = infinity)."""
    penalties = (
        penalty_from_data(p.get("penalty")) for p in provisions if p.get("iccs") == KIDNAPPING_ICCS
    )
    return max((p.ceiling for p in penalties if p and p.ceiling is not None), default=None)


@rule("serious-crime-threshold")
def check_threshold(ctx: Context) -> Iterator[Hit]:
    """`penalty_serious_crime_threshold` agrees with the maximum penalty recorded on the
    kidnapping provisions (ICCS 020221): present needs at least 4 years, absent less."""
    answers = ctx.data.get("elements")
    answer = answers.get("penalty_serious_crime_threshold") if isinstance(answers, dict) else None
    if not isinstance(answer, dict):
        return
    ceiling = kidnapping_ceiling([p for _, p in ctx.items("provisions")])
    status = answer.get("status")
    if ceiling is None:
        return
    shown = "life" if math.isinf(ceiling) else f"{ceiling:g} years"
    path = ("elements", "penalty_serious_crime_threshold", "status")
    if status == "present" and ceiling < SERIOUS_CRIME_YEARS:
        yield Hit(
            path,
            f"coded present, but the kidnapping provisions' maximum is {shown} (under 4 years)",
        )
    if status == "absent" and ceiling >= SERIOUS_CRIME_YEARS:
        yield Hit(
            path,
            f"coded absent, but the kidnapping provisions' maximum is {shown} (4 years or more)",
        )


@rule("jurisdiction-metadata", severity=Severity.WARNING)
def check_metadata(ctx: Context) -> Iterator[Hit]:
    """`region` and `legal_system` are filled in, so the encoding joins comparisons."""
    info = ctx.data.get("jurisdiction")
    if not isinstance(info, dict):
        return
    for key in ("region", "legal_system"):
        if info.get(key) is None:
            yield Hit(("jurisdiction",), f"jurisdiction.{key} is not set", key=True)


def _sources_by_id(ctx: Context) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for _, s in ctx.items("sources") if isinstance(s.get("id"), str)}


# Notes that admit the relevant law was not read: they cannot stand beside `absent`.
_NOT_READ = re.compile(
    r"\b(?:not|never|n't) (?:been )?(?:read|searched|consulted|checked|seen|reached|available|found"
    r" (?:in|among) the (?:sources|texts) read)\b|\bcould not (?:be )?(?:read|reach|find|found)\b"
    r"|\bunread\b|\bnot in the (?:sources|texts) read\b",
    re.IGNORECASE,
)


@rule("absent-unsearched")
def check_absent_searched(ctx: Context) -> Iterator[Hit]:
    """An `absent` answer is a claim about the whole law: it lists `searched` source ids, at
    least one of them `complete: true`, and its note does not say the relevant law went unread.
    Where no complete text was searched, the honest answer is `unclear`."""
    sources = _sources_by_id(ctx)
    for element_id, path, answer in ctx.answers():
        searched = answer.get("searched")
        ids = [s for s in searched if isinstance(s, str)] if isinstance(searched, list) else []
        for source_id in ids:
            if source_id not in sources:
                yield Hit(
                    (*path, "searched"),
                    f"'{element_id}' lists searched source '{source_id}', which is not defined",
                )
        if answer.get("status") != "absent":
            continue
        if not ids:
            message = f"'{element_id}' is absent but lists no `searched` sources (else: unclear)"
            yield Hit(path, message, key=True)
        elif not any(sources.get(s, {}).get("complete") is True for s in ids):
            yield Hit(
                (*path, "searched"),
                f"'{element_id}' is absent but none of its searched sources is `complete: true`;"
                " an incomplete reading supports `unclear`, not `absent`",
            )
        note = _text(answer.get("note"))
        if note and (match := _NOT_READ.search(note)):
            yield Hit(
                (*path, "note"),
                f"'{element_id}' is absent but its note says the law was {match.group(0)!r};"
                " read it, or answer `unclear`",
            )


_GITHUB = re.compile(
    r"^https?://(?:www\.)?github\.com/[^/]+/[^/]+/(?:blob|tree|raw)/(?P<ref>[^/]+)"
)
_RAW_GITHUB = re.compile(r"^https?://raw\.githubusercontent\.com/[^/]+/[^/]+/(?P<ref>[^/]+)")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


@rule("source-unpinned")
def check_pinned(ctx: Context) -> Iterator[Hit]:
    """A GitHub source is pinned to a full commit hash (`/blob/<40 hex>/path`), never to a
    branch, so the text read can always be found again."""
    for path, source in ctx.items("sources"):
        url = _text(source.get("url")) or ""
        match = _GITHUB.match(url) or _RAW_GITHUB.match(url)
        bare = "github.com/" in url and match is None
        if bare or (match and not _COMMIT.match(match["ref"])):
            yield Hit(
                (*path, "url"),
                f"source '{source.get('id')}' points at GitHub without a commit;"
                " use https://github.com/OWNER/REPO/blob/<40-hex commit>/PATH",
            )


@rule("source-provenance")
def check_provenance(ctx: Context) -> Iterator[Hit]:
    """A source of a law states the `version` its text gives and whether it was `complete`;
    `library` and `sha256` come together (verify re-checks the file by its hash)."""
    is_law = ctx.data.get("kind") == "law"
    for path, source in ctx.items("sources"):
        name = source.get("id")
        for key in ("version", "complete"):
            if is_law and key not in source:
                message = (
                    f"source '{name}' does not state `{key}`"
                    " (the version its text gives; whether the whole law was read)"
                )
                yield Hit(path, message, key=True)
        if ("library" in source) != ("sha256" in source):
            have, lack = ("library", "sha256") if "library" in source else ("sha256", "library")
            message = f"source '{name}' has `{have}` without `{lack}`"
            yield Hit(path, message, key=True)


@rule("penalty-aggravated")
def check_aggravated(ctx: Context) -> Iterator[Hit]:
    """An aggravated ceiling is not below the base maximum it aggravates."""
    for path, provision in ctx.items("provisions"):
        penalty = provision.get("penalty")
        raised = penalty.get("aggravated") if isinstance(penalty, dict) else None
        if not isinstance(raised, dict) or raised.get("life") or raised.get("death"):
            continue
        top, base = raised.get("max_years"), penalty.get("max_years")  # type: ignore[union-attr]
        if penalty.get("life") or penalty.get("death"):  # type: ignore[union-attr]
            base = math.inf
        if _number(top) and (base == math.inf or _number(base)) and top < base:
            yield Hit(
                (*path, "penalty", "aggravated", "max_years"),
                f"provision '{provision.get('id')}': aggravated maximum {top:g} is below"
                f" the base maximum {'life' if base == math.inf else f'{base:g}'}",
            )
