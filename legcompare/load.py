"""The only module that reads YAML: safe parsing with a position for every node, and hard limits.

The parser consumes libyaml's event stream (C when available) and builds plain Python values
iteratively, so that depth, alias expansion and duplicate keys are checked while building, and no
recursion is involved however deep the input. Problems become Findings, never exceptions.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from legcompare.limits import MAX_BYTES, MAX_DEPTH, MAX_NODES
from legcompare.model import Finding
from legcompare.registry import declare

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


Path = tuple[str | int, ...]
Mark = tuple[int, int]

_SAFE_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_SAFE_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
FILE_UNREADABLE = declare(
    "file-unreadable", "load", "The path names a readable file (not a folder, not missing)."
)
FILE_TOO_LARGE = declare("file-too-large", "load", f"The file is at most {MAX_BYTES:,} bytes.")
ENCODING = declare(
    "encoding", "load", "The file is UTF-8 text (a byte-order mark is accepted) without NUL bytes."
)
YAML_SYNTAX = declare(
    "yaml-syntax",
    "load",
    "The file is well-formed YAML (the message names the line and what to fix).",
)
YAML_MULTIPLE_DOCUMENTS = declare(
    "yaml-multiple-documents", "load", "The file holds one YAML document."
)
YAML_TOO_MANY_NODES = declare(
    "yaml-too-many-nodes",
    "load",
    f"The document expands to at most {MAX_NODES:,} values, aliases included.",
)
YAML_TOO_DEEP = declare("yaml-too-deep", "load", f"Nesting goes at most {MAX_DEPTH} levels deep.")
YAML_COMPLEX_KEY = declare("yaml-complex-key", "load", "Every mapping key is a plain scalar.")
DUPLICATE_KEY = declare(
    "duplicate-key",
    "load",
    "No mapping repeats a key or has two keys YAML reads as one value (both lines are named).",
)
YAML_TAG = declare("yaml-tag", "load", "Values are plain YAML: no tags that would build objects.")
YAML_VALUE = declare(
    "yaml-value",
    "load",
    "Every scalar reads as its type: finite numbers, well-formed booleans and numbers.",
)

_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = f"{_SAFE_TAG}str"
_DISCARD = object()  # the key under which a duplicate key's value is dropped
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass
class Document:
    """A parsed YAML file: its data, where every node sits, and what went wrong."""

    path: str
    data: Any = None
    positions: dict[Path, Mark] = field(default_factory=dict)
    key_positions: dict[Path, Mark] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def mark(self, path: Path, *, key: bool = False) -> Mark | None:
        """The (line, column) of the node at `path`, or of its nearest ancestor."""
        table = self.key_positions if key else self.positions
        for cut in range(len(path), -1, -1):
            found = table.get(path[:cut]) or self.positions.get(path[:cut])
            if found:
                return found
        return None

    def finding(self, path: Path, rule: str, message: str, *, key: bool = False) -> Finding:
        line, column = self.mark(path, key=key) or (None, None)
        return Finding(self.path, line, column, rule, message, pointer=pointer(path))

    @property
    def ok(self) -> bool:
        return not self.findings


def pointer(path: Path) -> str:
    """A JSON Pointer for a path, e.g. ('elements', 'x', 'status') -> '/elements/x/status'."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


class _Abort(Exception):
    """Stops parsing a document; carries the finding that explains why."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding


def read_text(path: str) -> tuple[str | None, Finding | None]:
    """Read a file as UTF-8 text, with a Finding instead of an exception for anything unusable."""
    try:
        if os.path.isdir(path):
            return None, Finding(path, None, None, FILE_UNREADABLE, "is a directory, not a file")
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            return None, Finding(
                path,
                None,
                None,
                FILE_TOO_LARGE,
                f"file is {size:,} bytes; the limit is {MAX_BYTES:,}",
            )
        with open(open_for_reading(path), "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return None, Finding(path, None, None, FILE_UNREADABLE, f"cannot read file: {reason}")
    return decode_bytes(raw, path)


def open_for_reading(path: str) -> int:
    """A file descriptor to read `path`, opened without waiting: opening a named pipe nobody
    writes to would otherwise block forever (a FIFO named ABC.yaml in a data folder).

    Once open, reads block again, so a pipe that has a writer (`<(...)` in a shell) is read in
    full, and one without a writer reads as empty.
    """
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | nonblocking | getattr(os, "O_BINARY", 0))
    if nonblocking:
        os.set_blocking(fd, True)
    return fd


def decode_bytes(raw: bytes, path: str) -> tuple[str | None, Finding | None]:
    """Decode UTF-8 (a byte-order mark is accepted); anything else is a Finding."""
    if len(raw) > MAX_BYTES:
        message = f"file is over the size limit of {MAX_BYTES:,} bytes"
        return None, Finding(path, None, None, FILE_TOO_LARGE, message)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = "file is UTF-16; save it as UTF-8"
        return None, Finding(path, 1, 1, ENCODING, message)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        return None, Finding(path, line, column, ENCODING, message)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, Finding(path, line, 1, ENCODING, "file holds NUL bytes: not a text file")
    return text, None


def load_document(path: str) -> Document:
    """Read and parse one YAML file."""
    text, problem = read_text(path)
    if problem is not None or text is None:
        return Document(path, findings=[problem] if problem else [])
    return parse_document(text, path)


def parse_bytes(raw: bytes, path: str) -> Document:
    """Decode (UTF-8 only, within the size limit) and parse bytes already read: stdin, or a
    file read for its cache key."""
    text, problem = decode_bytes(raw, path)
    if problem is not None or text is None:
        return Document(path, findings=[problem] if problem else [])
    return parse_document(text, path)


def parse_document(text: str, path: str) -> Document:
    """Parse YAML text into a Document; never raises for bad input."""
    doc = Document(path)
    try:
        doc.data = _Builder(doc).build(yaml.parse(text, Loader=_Loader))
    except _Abort as stop:
        doc.findings.append(stop.finding)
        doc.data = None
    except yaml.MarkedYAMLError as exc:
        doc.findings.append(_syntax_finding(text, path, exc))
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        line, column = _reader_position(text, exc)
        problem = str(exc).splitlines()[0]
        doc.findings.append(Finding(path, line, column, YAML_SYNTAX, problem))
    return doc


def _syntax_finding(text: str, path: str, exc: yaml.MarkedYAMLError) -> Finding:
    """A YAML syntax error, placed where the user can fix it.

    An unclosed quote is the usual culprit and libyaml notices it late: at the end of the file
    (then its context mark is the opening quote, the place to report), or where the next quote
    closes it and the text after no longer parses (then the scanner shows a quoted scalar that
    runs over several lines and ends exactly there, which the message points out).
    """
    problem = ": ".join(str(p) for p in (exc.context, exc.problem) if p) or "malformed YAML"
    mark = exc.problem_mark or exc.context_mark
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        mark = exc.context_mark
        problem = "a quoted value opened here is never closed"
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    if line is not None and exc.context_mark is not mark:
        opened = _runaway_quote(text, line)
        if opened is not None:
            problem += f" (the quoted value opened on line {opened} ends here: a missing quote?)"
            return Finding(path, line, column, YAML_SYNTAX, problem)
    if line is not None and column is not None:
        source = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
        plain = _plain_words(problem, source, column)
        if plain:
            problem = f"{plain} (the parser says: {problem})"
    return Finding(path, line, column, YAML_SYNTAX, problem)


def _plain_words(problem: str, source: str, column: int) -> str | None:
    """What a parser message means for the person fixing the file, for the usual slips."""
    if "tab" in problem or "\t" in problem:
        return "a tab character: YAML indents with spaces only; replace the tab with spaces"
    if "mapping values are not allowed" in problem:
        first_colon = source.find(": ")
        if 0 <= first_colon < column - 1:
            return (
                "a colon and a space inside an unquoted value: put the whole value in "
                'quotes, like quote: "..."'
            )
        return (
            "this key is indented more than the keys around it: line it up with its "
            "neighbours (same number of spaces)"
        )
    if "expected key" in problem or "expected '-' indicator" in problem or "block end" in problem:
        return (
            "the indentation of this line does not fit the lines above it: keys at one level "
            "need the same number of spaces, and a list item the same as its siblings"
        )
    return None


def _runaway_quote(text: str, line: int) -> int | None:
    """The line where a quoted scalar ending on `line` began, if it spans several lines."""
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                start, end = token.start_mark.line + 1, token.end_mark.line + 1
                if end == line and start < end:
                    return start
                if start > line:
                    break
    except yaml.YAMLError:
        pass
    return None


def _reader_position(text: str, exc: yaml.YAMLError) -> tuple[int | None, int | None]:
    """Where a reader error's character first occurs (libyaml reports a byte offset only)."""
    character = getattr(exc, "character", None)
    index = text.find(chr(character)) if isinstance(character, int) else -1
    if index < 0:
        return None, None
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


@dataclass
class _Frame:
    value: dict[Any, Any] | list[Any]
    path: Path
    anchor: str | None
    nodes: int = 1
    key: Any = None
    key_mark: Mark | None = None
    has_key: bool = False
    seen: dict[Any, tuple[int, str]] = field(default_factory=dict)


class _Builder:
    """Turns a YAML event stream into Python values, recording positions and enforcing limits."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.documents = 0
        self.result: Any = None

    def abort(self, mark: Any, rule: str, message: str) -> _Abort:
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return _Abort(Finding(self.doc.path, line, column, rule, message))

    def build(self, events: Iterator[yaml.Event]) -> Any:
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise self.abort(
                        event.start_mark,
                        YAML_MULTIPLE_DOCUMENTS,
                        "file holds more than one YAML document; an encoding is one document",
                    )
            elif isinstance(event, yaml.AliasEvent):
                self.on_alias(event)
            elif isinstance(event, yaml.ScalarEvent):
                self.on_scalar(event)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self.on_start(event)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = self.stack.pop()
                if frame.anchor:
                    self.anchors[frame.anchor] = (frame.value, frame.nodes)
                self.add(frame.value, frame.nodes, event.start_mark, placed=True)
        return self.result

    def count(self, nodes: int, mark: Any) -> None:
        self.nodes += nodes
        if self.nodes > MAX_NODES:
            raise self.abort(
                mark,
                YAML_TOO_MANY_NODES,
                f"document expands to more than {MAX_NODES:,} nodes (alias expansion bomb?)",
            )

    def child_path(self) -> Path:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        return (*top.path, top.key) if top.has_key else top.path

    def on_start(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> None:
        self.check_tag(event.tag, event.start_mark, "map" if _is_map(event) else "seq")
        if len(self.stack) >= MAX_DEPTH:
            raise self.abort(
                event.start_mark, YAML_TOO_DEEP, f"nesting deeper than {MAX_DEPTH} levels"
            )
        if self.stack and isinstance(self.stack[-1].value, dict) and not self.stack[-1].has_key:
            raise self.abort(
                event.start_mark, YAML_COMPLEX_KEY, "a mapping key must be a plain scalar"
            )
        path = self.child_path()
        self.record(path, event.start_mark)
        value: dict[Any, Any] | list[Any] = {} if _is_map(event) else []
        self.stack.append(_Frame(value, path, event.anchor))

    def on_scalar(self, event: yaml.ScalarEvent) -> None:
        value = self.construct(event)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self.add(value, 1, event.start_mark, written=event.value)

    def on_alias(self, event: yaml.AliasEvent) -> None:
        if event.anchor not in self.anchors:
            raise self.abort(event.start_mark, YAML_SYNTAX, f"unknown alias *{event.anchor}")
        value, nodes = self.anchors[event.anchor]
        self.add(value, nodes, event.start_mark)

    def record(self, path: Path, mark: Any) -> None:
        self.doc.positions.setdefault(path, (mark.line + 1, mark.column + 1))

    def add(
        self, value: Any, nodes: int, mark: Any, *, placed: bool = False, written: str | None = None
    ) -> None:
        """Attach a finished value to its parent (or make it the document's root)."""
        self.count(0 if placed else nodes, mark)
        if not self.stack:
            self.result = value
            if not placed:
                self.record((), mark)
            return
        top = self.stack[-1]
        top.nodes += nodes
        if isinstance(top.value, list):
            if not placed:
                self.record((*top.path, len(top.value)), mark)
            top.value.append(value)
        elif not top.has_key:
            self.take_key(top, value, mark, written)
        else:
            if top.key is not _DISCARD:
                if not placed:
                    self.record((*top.path, top.key), mark)
                top.value[top.key] = value
            top.has_key = False

    def take_key(self, top: _Frame, key: Any, mark: Any, written: str | None) -> None:
        """Start a mapping entry; `written` is the key as it stands in the file (a scalar's
        text), so that keys YAML reads as the same value are named as the user wrote them."""
        if isinstance(key, (dict, list)):
            raise self.abort(mark, YAML_COMPLEX_KEY, "a mapping key must be a plain scalar")
        here = (mark.line + 1, mark.column + 1)
        written = written if written is not None else str(key)
        if key in top.seen:
            # Keep the first value, report the second, and go on to find the file's other problems.
            first, first_written = top.seen[key]
            if first_written == written:
                message = f"duplicate key '{key}' (first on line {first}, again on line {here[0]})"
            else:  # yes and true, or 1 and 1.0: YAML reads both as the same value
                message = (
                    f"key '{written}' collides with key '{first_written}' on line {first} "
                    "(YAML reads both as the same value); quote keys that must stay apart"
                )
            self.doc.findings.append(Finding(self.doc.path, *here, DUPLICATE_KEY, message))
            top.key, top.has_key = _DISCARD, True
            return
        top.seen[key] = (here[0], written)
        top.key, top.has_key = key, True
        key_path = (*top.path, key)
        self.doc.key_positions[key_path] = here

    def check_tag(self, tag: str | None, mark: Any, kind: str) -> None:
        if tag in (None, "!", f"{_SAFE_TAG}{kind}"):
            return
        raise self.abort(
            mark, YAML_TAG, f"tag {tag!r} is not allowed; encodings use plain YAML values only"
        )

    def construct(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag not in _SCALAR_TAGS:
            self.check_tag(tag, event.start_mark, "str")
        if tag == _STR_TAG:
            return event.value  # most scalars: no node or constructor needed
        if tag.endswith(":timestamp"):
            # Keep dates as written: the schema checks them as ISO dates (2024-02-30 included).
            return event.value
        node = yaml.ScalarNode(tag, event.value)
        try:
            value = _CONSTRUCTOR.construct_object(node)
        except (ArithmeticError, LookupError, ValueError, yaml.constructor.ConstructorError) as exc:
            # The constructors fail in varied ways on odd text: `!!bool maybe` is a KeyError,
            # `!!int ""` an IndexError, a long sexagesimal float an OverflowError.
            kind = tag.rsplit(":", 1)[-1]
            raise self.abort(
                event.start_mark, YAML_VALUE, f"cannot read {_excerpt(event.value)} as !!{kind}"
            ) from exc
        if isinstance(value, int) and not isinstance(value, bool) and not _fits_float(value):
            # Such a number cannot be compared with floats, nor even printed (4,300 digits).
            raise self.abort(event.start_mark, YAML_VALUE, f"{_excerpt(event.value)} is too large")
        if isinstance(value, float) and not math.isfinite(value):
            line, column = event.start_mark.line + 1, event.start_mark.column + 1
            message = f"{event.value!r} is not a finite number"
            self.doc.findings.append(Finding(self.doc.path, line, column, YAML_VALUE, message))
        return value


def _is_map(event: yaml.Event) -> bool:
    return isinstance(event, yaml.MappingStartEvent)


def _fits_float(value: int) -> bool:
    try:
        float(value)
    except OverflowError:
        return False
    return True


def _excerpt(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
