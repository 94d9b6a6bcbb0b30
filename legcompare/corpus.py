"""Where the data lives, and turning validated YAML into model objects.

The corpus is found in this order: `--data DIR`, then `LEGCOMPARE_DATA`, then the source checkout
the package runs from, then the copy packaged inside the wheel.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from legcompare.build import to_catalogue, to_jurisdiction
from legcompare.errors import DataError, InputError, UsageError
from legcompare.limits import MAX_BYTES
from legcompare.model import (
    Catalogue,
    Finding,
    Jurisdiction,
    Severity,
    Value,
    has_errors,
    iso_day,
)
from legcompare.parallel import iter_checked_in_parallel, workers_for

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

    from legcompare.cache import Cache, Stamp
    from legcompare.load import Document

ENV_VAR = "LEGCOMPARE_DATA"
CODE_RE = re.compile(r"^([A-Z]{3}|[A-Z]{2}-[A-Z0-9]{1,3})$")
_PACKAGE = Path(__file__).resolve().parent
YAML_SUFFIXES = (".yaml", ".yml")


class Checked(Value):
    """One file after loading and validation: its data (when it validated) and its findings."""

    path: str
    data: Any
    findings: tuple[Finding, ...]
    inherited: tuple[str, ...] = ()  # elements an amending bill takes from its law
    # For the cache: the bytes' stat and digest, and the first future date (legcompare.cache).
    stamp: Stamp | None = field(default=None, compare=False)
    expires: date | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


class DataDir(Value):
    """A corpus: a folder of encodings plus the catalogue and schemas they answer to.

    `cache_root` is where checked encodings are cached (see legcompare.cache); None disables it.
    """

    countries: Path
    elements: Path
    origin: str
    cache_root: Path | None = None

    @cached_property
    def cache(self) -> Cache | None:
        if self.cache_root is None:
            return None
        from legcompare.cache import Cache

        try:
            return Cache.for_scope(
                self.cache_root, self.elements / "elements.yaml", self.schema_path
            )
        except OSError:
            return None

    @property
    def schema_path(self) -> Path:
        return self.elements / "jurisdiction.schema.json"

    @cached_property
    def catalogue(self) -> Catalogue:
        path = self.elements / "elements.yaml"
        cache = self.cache
        ident = f"catalogue\0{path}"  # its bytes are part of the scope
        entry = cache.get(ident, b"", date.today()) if cache is not None else None
        if entry is not None:
            try:
                return to_catalogue(entry.data)
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # a damaged entry: read the file again
        from legcompare.load import load_document

        doc = load_document(str(path))
        if not doc.ok or not isinstance(doc.data, dict):
            first = doc.findings[0].format() if doc.findings else "not a mapping"
            raise DataError(f"the element catalogue cannot be read: {first}")
        catalogue = to_catalogue(doc.data)
        if cache is not None:
            from legcompare.cache import Entry

            cache.put(ident, b"", Entry(doc.data, ()))
            cache.flush()
        return catalogue

    @cached_property
    def schema(self) -> dict[str, Any]:
        return read_json(self.schema_path)

    @cached_property
    def validator(self) -> Validator:
        from legcompare.schema import FastFirst
        from legcompare.validate import make_validator

        full = make_validator(self.schema)
        return cast("Validator", FastFirst(self.schema, full))

    def check(self, path: str, *, today: date | None = None) -> tuple[Document, list[Finding]]:
        """Load and validate one file (or '-'), bypassing the cache: the document and findings."""
        from legcompare.validate import validate_document

        doc = load_raw(path)
        self._complete_bill(doc)
        return doc, validate_document(doc, self.catalogue, self.validator, today=today)

    def examine(self, path: str, *, today: date | None = None) -> Checked:
        """Load and validate one file (or '-'), using the cache when the file is unchanged."""
        stream = self.iter_checked([path], today=today)
        try:
            return next(stream)
        finally:
            stream.close()  # writes what was learnt to the cache

    def check_fresh(
        self, path: str, today: date, fingerprint: Fingerprint | None = None
    ) -> Checked:
        """Check a file the cache could not answer for: parse, validate, and say what to store.
        Runs in worker processes too, so it never writes the cache itself."""
        # The YAML parser (and the rest of checking) is imported only when a file has to be
        # parsed: warm runs never do.
        from legcompare.amend import amends
        from legcompare.cache import Stamp, expiry
        from legcompare.load import parse_bytes
        from legcompare.validate import validate_document

        if fingerprint is None and path != "-" and self.cache is not None:
            fingerprint = _fingerprint(path)
        if fingerprint is not None and fingerprint.raw is not None:
            doc = parse_bytes(fingerprint.raw, path)
        else:
            doc = load_raw(path)
        inherited = self._complete_bill(doc)
        findings = tuple(validate_document(doc, self.catalogue, self.validator, today=today))
        stamp = None
        if fingerprint is not None and fingerprint.raw is not None and not amends(doc.data):
            # An amending bill depends on its law too, so it is never cached (bills are few).
            stamp = Stamp.of(path, fingerprint.info, fingerprint.raw, fingerprint.read_ns)
        ok = not has_errors(findings)
        return Checked(
            path,
            doc.data if ok else None,
            findings,
            inherited if ok else (),
            stamp,
            expiry(doc.data, today),
        )

    def _complete_bill(self, doc: Document) -> tuple[str, ...]:
        """Merge a bill that `amends` a law onto that law (see legcompare.amend)."""
        from legcompare.amend import amends, merge, unknown_law

        code = amends(doc.data)
        if code is None:
            return ()
        try:
            law = self.examine(self.resolve(code))
        except UsageError as exc:
            unknown_law(doc, code, str(exc))
            return ()
        if not law.ok or amends(law.data):
            unknown_law(doc, code, f"{law.path} is not a valid law to amend")
            return ()
        return merge(doc, law.data)

    def iter_checked(
        self, paths: list[str], *, today: date | None = None
    ) -> Generator[Checked, None, None]:
        """Every file checked, yielded in order as it is ready (so a large corpus is never held
        twice in memory). Files the cache lacks are checked in worker processes when there are
        enough of them to repay starting the workers (see `workers_for`); each file is read at
        most once by this process, and not at all when the cache knows it unchanged."""
        from legcompare.cache import identity

        today = today or date.today()
        cache = self.cache
        known: dict[str, bytes] = {}  # digests of the files the cache has an entry for
        read: dict[str, Fingerprint] = {}
        if cache is not None:
            for path in paths:
                # A file never hashed has no entry: whoever checks it reads it, once.
                if path == "-" or path in known or not cache.seen(path):
                    continue
                fingerprint = _fingerprint(path, cache)
                if fingerprint is None:
                    continue
                if fingerprint.raw is not None:
                    cache.remember(fingerprint.stamp(path))
                if cache.has(identity(path), fingerprint.digest):
                    known[path] = fingerprint.digest
                elif fingerprint.raw is not None:
                    read[path] = fingerprint  # changed: checked from the bytes already read
        pending = list(dict.fromkeys(p for p in paths if p not in known))
        waiting = set(pending)  # checked in `fresh`, in the order of `pending`
        workers = workers_for(len(pending)) if "-" not in pending else 1
        fresh: Iterator[Checked]
        if workers > 1:
            fresh = iter_checked_in_parallel(self, pending, today=today, workers=workers)
        else:
            fresh = (self.check_fresh(p, today, read.get(p)) for p in pending)
        wanted = [(identity(p), known[p]) for p in paths if p in known]
        entries = cache.get_many(wanted, today) if cache is not None else iter(())
        try:
            for path in paths:
                entry = next(entries) if path in known else None
                if entry is not None:
                    yield Checked(path, entry.data, entry.findings)
                    continue
                if path in waiting:
                    waiting.discard(path)
                    checked = next(fresh)
                else:  # named twice, or its entry was damaged or expired since it was seen
                    checked = self.check_fresh(path, today, read.get(path))
                self._store(checked)
                yield checked
        finally:
            if cache is not None:
                cache.flush()

    def load(self, ref: str) -> Jurisdiction:
        """One jurisdiction by code or path; InputError (exit 2) when it does not validate."""
        checked = self.examine(self.resolve(ref))
        if not checked.ok:
            raise InputError(f"{checked.path} is not a valid encoding", checked.findings)
        return self._jurisdiction(checked)

    def load_all(
        self,
        *,
        region: str | None = None,
        progress: Callable[[Iterator[Checked], int], Iterator[Checked]] | None = None,
        as_of: date | None = None,
        history: bool = False,
    ) -> tuple[list[Jurisdiction], list[Finding]]:
        """Every valid jurisdiction in the corpus, and the findings of files that failed.

        With `as_of`, each jurisdiction's version in force on that day instead of its current
        law; with `history`, every version of every law (current and earlier). `progress`, when
        given, wraps the stream of checked files (it is told their number).
        """
        if history:
            paths = [str(p) for p in self.encoding_paths()]
        elif as_of is not None:
            paths = self.paths_in_force(as_of)
        else:
            paths = [str(p) for p in self.paths()]
        loaded: list[Jurisdiction] = []
        problems: list[Finding] = []
        stream: Iterator[Checked] = self.iter_checked(paths)
        if progress is not None:
            stream = progress(stream, len(paths))
        for checked in stream:
            if not checked.ok:
                problems.extend(f for f in checked.findings if f.severity is Severity.ERROR)
                continue
            jurisdiction = self._jurisdiction(checked)
            if region is None or (jurisdiction.region or "").casefold() == region.casefold():
                loaded.append(jurisdiction)
        return loaded, problems

    def _jurisdiction(self, checked: Checked) -> Jurisdiction:
        try:
            return to_jurisdiction(checked.data, checked.path, inherited=checked.inherited)
        except (KeyError, TypeError, ValueError, AttributeError):
            # Only a damaged cache entry can get here (checked data passed the schema): check
            # the file itself, and replace the entry.
            fresh = self.check_fresh(checked.path, date.today())
            self._store(fresh)
            if self.cache is not None:
                self.cache.flush()
            if not fresh.ok:
                raise InputError(f"{fresh.path} is not a valid encoding", fresh.findings) from None
            return to_jurisdiction(fresh.data, fresh.path, inherited=fresh.inherited)

    def _store(self, checked: Checked) -> None:
        """Keep a freshly checked file's result for the next run (written at the next flush)."""
        from legcompare.cache import Entry, identity

        cache = self.cache
        if cache is not None and checked.stamp is not None:
            cache.remember(checked.stamp)
            entry = Entry(checked.data, checked.findings, checked.expires)
            cache.put(identity(checked.path), checked.stamp.digest, entry)

    def paths(self) -> list[Path]:
        """Every encoding file in the corpus, sorted by name."""
        if not self.countries.is_dir():
            return []
        return sorted(p for p in self.countries.iterdir() if p.name.endswith(YAML_SUFFIXES))

    def encoding_paths(self) -> list[Path]:
        """The current encodings, then every earlier version: what validate and verify cover."""
        return [*self.paths(), *self.history_paths()]

    def history_paths(self) -> list[Path]:
        """Every earlier version of a law (`history/<CODE>/<YYYY-MM-DD>.yaml`), sorted."""
        root = self.countries / "history"
        if not root.is_dir():
            return []
        return sorted(
            p
            for folder in root.iterdir()
            if folder.is_dir()
            for p in folder.iterdir()
            if p.name.endswith(YAML_SUFFIXES)
        )

    def resolve(self, ref: str) -> str:
        """A corpus code (ITA), a file path, or '-' for stdin, as the path to load."""
        if ref == "-":
            return ref
        looks_like_path = os.sep in ref or "/" in ref or ref.endswith(YAML_SUFFIXES)
        if looks_like_path or os.path.exists(ref):
            if not os.path.exists(ref):
                raise UsageError(f"no such file: {ref}")
            return ref
        code, at, when = ref.partition("@")
        code = code.upper()
        if at:
            return self.version_in_force(code, when)
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

    def version_in_force(self, code: str, when: str) -> str:
        """The file of CODE's version in force on a date: the latest whose as_of is not after it.

        Versions are `history/CODE/<as_of>.yaml` and the current file at its own `as_of`.
        """
        day = iso_day(when)
        if day is None:
            raise UsageError(f"{code}@{when}: the date must be YYYY-MM-DD")
        versions = self.versions(code)
        found = _in_force(versions, day)
        if found is None:
            oldest = min(versions, default=None)
            since = f"; the oldest version is of {oldest}" if oldest else ""
            raise UsageError(f"no version of {code} in force on {day}{since}")
        return found

    def versions(self, code: str) -> dict[date, str]:
        """Every version of CODE's law by the date it describes: the history files, and the
        current file at its own `as_of` (left out when it has none or does not validate)."""
        current = self.resolve(code)
        folder = self.countries / "history" / code.upper()
        dated = ((iso_day(p.stem), str(p)) for p in folder.glob("*.y*ml"))
        versions = {day: path for day, path in dated if day is not None}
        checked = self.examine(current)
        as_of = iso_day((checked.data or {}).get("as_of")) if checked.ok else None
        if as_of is not None:
            versions[as_of] = current
        return dict(sorted(versions.items()))

    def paths_in_force(self, day: date) -> list[str]:
        """For every jurisdiction, the file of its version in force on `day` (none before its
        oldest version)."""
        chosen = (_in_force(self.versions(p.stem), day) for p in self.paths())
        return [path for path in chosen if path is not None]


def _in_force(versions: dict[date, str], day: date) -> str | None:
    """The file of the latest version whose date is not after `day`."""
    in_force = [d for d in versions if d <= day]
    return versions[max(in_force)] if in_force else None


class Fingerprint(Value):
    """How the cache knows a file: its stat and the digest of its bytes, and the bytes themselves
    when they had to be read (so that checking the file does not read it again)."""

    info: os.stat_result
    digest: bytes
    raw: bytes | None
    read_ns: int

    def stamp(self, path: str) -> Stamp:
        from legcompare.cache import Stamp

        assert self.raw is not None
        return Stamp.of(path, self.info, self.raw, self.read_ns)


def _fingerprint(path: str, cache: Cache | None = None) -> Fingerprint | None:
    """A regular file's fingerprint: from the cache's record of its stat when that can be
    trusted, else by reading it. None for anything else (a directory, a pipe that might never be
    written, an unreadable or oversized file), which checking itself then explains, with or
    without the cache in the same words."""
    from legcompare.cache import digest

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        known = cache.known_digest(path, info) if cache is not None else None
        if known is not None:
            return Fingerprint(info, known, None, 0)
        read_ns = time.time_ns()  # before reading: a write after it is caught as racy
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(raw) > MAX_BYTES:
        return None
    return Fingerprint(info, digest(raw), raw, read_ns)


def read_json(path: Path) -> dict[str, Any]:
    import json  # a warm table never reads a schema: the parser is imported when it does

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


def locate(option: str | None = None, *, cache: bool = True) -> DataDir:
    """Find the corpus to work on (option, environment, checkout, packaged data).

    With `cache` (the default) checked encodings are cached where legcompare.cache says.
    """
    from legcompare.cache import default_root

    root = default_root() if cache else None
    for origin, chosen in (("--data", option), (ENV_VAR, os.environ.get(ENV_VAR))):
        if chosen:
            return _user_data(Path(chosen), origin, root)
    checkout = _checkout_root()
    if checkout is not None:
        return DataDir(checkout / "countries", checkout / "elements", "checkout", root)
    packaged = _PACKAGE / "_data"
    return DataDir(packaged / "countries", packaged / "elements", "packaged", root)


def _user_data(path: Path, origin: str, cache_root: Path | None) -> DataDir:
    if not path.is_dir():
        raise UsageError(f"{origin}: {path} is not a directory")
    countries = path / "countries" if (path / "countries").is_dir() else path
    own = path / "elements"
    elements = own if (own / "elements.yaml").is_file() else _builtin_elements()
    return DataDir(countries, elements, origin, cache_root)


def load_raw(path: str) -> Document:
    """Load a path or '-' (stdin) as a Document."""
    from legcompare.load import load_document, parse_bytes

    if path == "-":
        # One byte past the limit is enough to know it is over: never hold more than that.
        return parse_bytes(sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>")
    return load_document(path)
