"""A cache of checked encodings, so that an unchanged file is parsed and validated only once.

An entry holds what checking a file produced: its data (only when it validated) and its findings.
It is found by a key hashed from everything the result depends on:

- the file's path (findings name it; the code-matches-file rule reads it) and its exact bytes;
- the scope: the catalogue and schema files' bytes, the legcompare version and source files,
  the cache format, and the Python version.

Entries are JSON files under the user's cache directory, one per key, written atomically. An
entry is used only if it parses, has the expected shape and repeats its own key; anything else
(damaged, truncated, from another version) is ignored and rewritten. The cache is an
optimisation only: it can be switched off (`--no-cache`, LEGCOMPARE_NO_CACHE=1), moved
(LEGCOMPARE_CACHE_DIR) or deleted at any time, and a failure to write it is not an error.

Only the `dates` rule depends on the day a file is checked, and only through dates that were
still in the future then; an entry records the first such date and stops being used once it
arrives.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from legcompare import __version__
from legcompare.files import write_atomic
from legcompare.model import Finding, Severity, iso_day

FORMAT = 1
ENV_DIR = "LEGCOMPARE_CACHE_DIR"
ENV_OFF = "LEGCOMPARE_NO_CACHE"
KEEP_SCOPES = 3  # scope folders kept; older ones (other versions, catalogues) are removed
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Entry:
    """The result of checking one file: its data when it validated, and every finding."""

    data: Any
    findings: tuple[Finding, ...]
    expires: date | None = None  # the first future date in the file when it was checked


def default_root() -> Path | None:
    """Where the cache lives, or None when it is switched off by the environment."""
    if os.environ.get(ENV_OFF, "").strip() not in ("", "0"):
        return None
    chosen = os.environ.get(ENV_DIR)
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("legcompare", appauthor=False))


def _code_fingerprint() -> str:
    """Names, sizes and modification times of the package's source: a changed rule is new code."""
    parts = [__version__, str(FORMAT), sys.version]
    for path in sorted(_PACKAGE.rglob("*.py")):
        stat = path.stat()
        parts.append(f"{path.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


class Cache:
    """Checked encodings for one scope (catalogue, schema, code) under a root folder."""

    def __init__(self, root: Path, *scope_files: Path) -> None:
        digest = hashlib.blake2b(_code_fingerprint().encode(), digest_size=16)
        for path in scope_files:
            digest.update(b"\0" + path.read_bytes())
        self.root = root
        self.scope = digest.hexdigest()
        self.folder = root / f"v{FORMAT}-{self.scope}"
        self._writable = True

    def key(self, path: str, raw: bytes) -> str:
        digest = hashlib.blake2b(self.scope.encode(), digest_size=20)
        digest.update(b"\0" + os.path.abspath(path).encode("utf-8", "surrogateescape"))
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        return self._file(key).is_file()

    def get(self, key: str, today: date) -> Entry | None:
        """The entry stored under key, or None when absent, damaged, foreign or expired."""
        try:
            with open(self._file(key), "rb") as handle:
                stored = json.loads(handle.read())
            if stored["key"] != key:
                return None
            expires = iso_day(stored["expires"])
            if expires is not None and today >= expires:
                return None
            findings = tuple(_finding(item) for item in stored["findings"])
            return Entry(stored["data"], findings, expires)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, entry: Entry) -> None:
        """Store an entry; any failure (read-only disk, odd data) just leaves it uncached."""
        if not self._writable:
            return
        record = {
            "key": key,
            "expires": entry.expires.isoformat() if entry.expires else None,
            "data": entry.data,
            "findings": [_record(f) for f in entry.findings],
        }
        try:
            text = json.dumps(record, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError):
            return
        target = self._file(key)
        try:
            if not self.folder.is_dir():
                self._prune()
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, text, private=True)
        except OSError:
            self._writable = False

    def _prune(self) -> None:
        """Before a new scope folder is made, drop all but the most recent older ones."""
        if not self.root.is_dir():
            return
        scopes = _scopes(self.root)
        scopes.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in scopes[KEEP_SCOPES - 1 :]:
            shutil.rmtree(stale, ignore_errors=True)


def _scopes(root: Path) -> list[Path]:
    return [p for p in root.iterdir() if p.is_dir() and p.name.startswith("v")]


def usage(root: Path) -> tuple[int, int]:
    """How many entries the cache under root holds, and their size in bytes."""
    if not root.is_dir():
        return 0, 0
    sizes = [entry.stat().st_size for scope in _scopes(root) for entry in scope.rglob("*.json")]
    return len(sizes), sum(sizes)


def clear(root: Path) -> int:
    """Delete every entry of every scope under root; the number of entries removed."""
    if not root.is_dir():
        return 0
    removed = usage(root)[0]
    for scope in _scopes(root):
        shutil.rmtree(scope, ignore_errors=True)
    return removed


def _record(finding: Finding) -> list[Any]:
    return [
        finding.path,
        finding.line,
        finding.column,
        finding.rule,
        finding.message,
        finding.severity.value,
        finding.pointer,
    ]


def _finding(item: list[Any]) -> Finding:
    path, line, column, rule, message, severity, pointer = item
    for text in (path, rule, message, pointer):
        if not isinstance(text, str):
            raise TypeError("damaged finding")
    for number in (line, column):
        if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
            raise TypeError("damaged finding")
    return Finding(path, line, column, rule, message, Severity(severity), pointer)


def expiry(data: Any, today: date) -> date | None:
    """The first date in an encoding later than today (its `as_of`, a source's `retrieved`).

    The `dates` rule flags such dates as being in the future, so a result that depends on them
    holds only until that day.
    """
    if not isinstance(data, dict):
        return None
    values = [data.get("as_of")]
    sources = data.get("sources")
    if isinstance(sources, list):
        values.extend(s.get("retrieved") for s in sources if isinstance(s, dict))
    future = []
    for value in values:
        day = iso_day(value)
        if day is not None and day > today:
            future.append(day)
    return min(future, default=None)
