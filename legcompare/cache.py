"""A cache of checked encodings, so that an unchanged file is parsed and validated only once.

The cache is one SQLite database under the user's cache directory, with two tables:

- `files`, like git's index: for each file read, its (size, mtime, inode, ctime) and the digest of
  its bytes. A later run trusts the digest without reading the file while its stat is the same,
  unless the file changed too close to the moment it was hashed for its timestamps to tell (the
  "racy" case: timestamps can be coarse, so a file written again in the same tick with the same
  size would look unchanged). Such a file is hashed again.
- `entries`: what checking a file produced, its data (only when it validated) and its findings,
  stored under the scope (the catalogue and schema bytes, the legcompare version and source files,
  the cache format, the Python version), the file's identity (its absolute path and the path as
  given, which findings name) and the digest of its bytes. An entry is used only when all three
  match; one entry per file and scope is kept, so an edited file replaces its old entry.
- `derived`: output made from one file's data, such as its rows of the tidy matrix CSV, under a
  `variant` (a digest of everything else the output depends on: the kind of output, the scoring,
  the elements shown). It is stored with the digest of the file's bytes and used only while the
  file still has them, so rendering 10,000 unchanged files does not format 360,000 rows again.
  The variants written most recently are kept (`KEEP_VARIANTS`); older ones are removed.

Results are written in one transaction at the end of a run, so processes running at once, or one
killed while writing, leave either the old state or the new one. An entry that cannot be decoded
is ignored and rewritten. The cache is an optimisation only: it can be switched off
(`--no-cache`, LEGCOMPARE_NO_CACHE=1), moved (LEGCOMPARE_CACHE_DIR) or deleted at any time, and a
failure to read or write it is not an error.

Only the `dates` rule depends on the day a file is checked, and only through dates that were
still in the future then; an entry records the first such date and stops being used once it
arrives.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from legcompare import __version__
from legcompare.model import Finding, Severity, Value, iso_day

FORMAT = 2
ENV_DIR = "LEGCOMPARE_CACHE_DIR"
ENV_OFF = "LEGCOMPARE_NO_CACHE"
KEEP_SCOPES = 3  # scopes kept; entries of older ones (other versions, catalogues) are removed
KEEP_VARIANTS = 4  # kinds of derived output kept per scope (e.g. tidy CSV under a weighting)
DATABASE = f"checked-v{FORMAT}.sqlite"
# A file whose mtime or ctime is this close to the moment it was hashed is hashed again: the
# stat cannot show a change made within the same timestamp tick (2 s covers FAT's granularity).
RACY_NS = 2_000_000_000
BATCH = 500  # files whose rows one query reads (below SQLite's oldest limit, 999 parameters)
BUSY_MS = 5_000  # how long a writer waits for another process's transaction before giving up
_PACKAGE = Path(__file__).resolve().parent
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, inode INTEGER, ctime_ns INTEGER,
    digest BLOB, hashed_ns INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entries (
    scope TEXT, ident TEXT, digest BLOB, expires TEXT, payload BLOB, PRIMARY KEY (scope, ident)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS scopes (scope TEXT PRIMARY KEY, used_ns INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS scope_stats (
    stats TEXT PRIMARY KEY, scope TEXT, hashed_ns INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS derived (
    scope TEXT, ident TEXT, variant TEXT, digest BLOB, payload TEXT,
    PRIMARY KEY (scope, ident, variant)
);
CREATE TABLE IF NOT EXISTS variants (
    scope TEXT, variant TEXT, used_ns INTEGER, PRIMARY KEY (scope, variant)
) WITHOUT ROWID;
"""


class Entry(Value):
    """The result of checking one file: its data when it validated, and every finding."""

    data: Any
    findings: tuple[Finding, ...]
    expires: date | None = None  # the first future date in the file when it was checked


class Stamp(Value):
    """What identifies a file's bytes without reading them: its stat and the digest they had."""

    path: str  # absolute
    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int
    digest: bytes
    hashed_ns: int  # when the bytes were read, for the racy check

    @classmethod
    def of(cls, path: str, info: os.stat_result, raw: bytes, hashed_ns: int) -> Stamp:
        return cls(
            os.path.abspath(path),
            info.st_size,
            info.st_mtime_ns,
            info.st_ino,
            info.st_ctime_ns,
            digest(raw),
            hashed_ns,
        )


def digest(raw: bytes) -> bytes:
    import hashlib  # only when bytes are hashed: a warm run hashes nothing (OpenSSL, 2 ms)

    return hashlib.blake2b(raw, digest_size=20).digest()


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


@dataclass
class Cache:
    """Checked encodings for one scope (catalogue, schema, code) in the database under `root`."""

    root: Path
    scope: str
    _db: sqlite3.Connection | None = field(default=None, repr=False)
    _broken: bool = False
    _files: dict[str, tuple[int, int, int, int, bytes, int]] | None = None
    _digests: dict[str, bytes] | None = None
    _stamps: dict[str, Stamp] = field(default_factory=dict)
    _entries: dict[str, tuple[bytes, str | None, bytes]] = field(default_factory=dict)
    _current: dict[str, bytes] = field(default_factory=dict)  # identity -> digest, this run
    _derived: dict[tuple[str, str], tuple[bytes, str]] = field(default_factory=dict)
    _scope_stats: tuple[str, int] | None = None  # a scope hashed in this run, to record

    @classmethod
    def for_scope(cls, root: Path, *scope_files: Path) -> Cache:
        """The cache for the code and these files (the catalogue, the schema): a digest of the
        code's fingerprint and the files' bytes. Like a file's digest, it is taken from the
        database without reading or hashing the files while their stat is the one recorded
        and old enough to be trusted (see RACY_NS)."""
        infos = [os.stat(path) for path in scope_files]
        code = _code_fingerprint()
        stats = "\n".join(
            [code]
            + [
                f"{os.path.abspath(p)}:{i.st_size}:{i.st_mtime_ns}:{i.st_ino}:{i.st_ctime_ns}"
                for p, i in zip(scope_files, infos, strict=True)
            ]
        )
        cache = cls(root, "")
        known = cache._known_scope(stats, infos)
        if known is not None:
            cache.scope = known
            return cache
        import hashlib

        hashed_ns = time.time_ns()  # before reading: a write after it is caught as racy
        hasher = hashlib.blake2b(code.encode(), digest_size=16)
        for path in scope_files:
            hasher.update(b"\0" + path.read_bytes())
        cache.scope = hasher.hexdigest()
        cache._scope_stats = (stats, hashed_ns)
        return cache

    def _known_scope(self, stats: str, infos: list[os.stat_result]) -> str | None:
        """The scope recorded for these stats, when they can be trusted."""
        db = self._connect(create=False)
        if db is None:
            return None
        try:
            row = db.execute(
                "SELECT scope, hashed_ns FROM scope_stats WHERE stats = ?", (stats,)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or not isinstance(row[0], str) or not isinstance(row[1], int):
            return None
        return row[0] if _trusted(row[1], *infos) else None

    @property
    def file(self) -> Path:
        return self.root / DATABASE

    def _connect(self, *, create: bool) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        try:
            if not self.file.exists():
                if not create:
                    return None
                self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
                _remove_legacy(self.root)
                # Created private; SQLite gives its journal files the database's permissions.
                os.close(os.open(self.file, os.O_CREAT | os.O_WRONLY, 0o600))
            db = sqlite3.connect(self.file, timeout=BUSY_MS / 1000, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error):
            self._broken = True
            return None
        self._db = db
        return db

    # Reading -------------------------------------------------------------------------------

    def _index(self) -> dict[str, tuple[int, int, int, int, bytes, int]]:
        """The `files` table, read once per run."""
        if self._files is None:
            self._files = {}
            db = self._connect(create=False)
            if db is not None:
                try:
                    rows = db.execute("SELECT * FROM files").fetchall()
                except sqlite3.Error:
                    rows = []
                self._files = {row[0]: row[1:] for row in rows}
        return self._files

    def seen(self, path: str) -> bool:
        """Whether the file was ever hashed: a file never seen can have no entry, so it need not
        be read before it is checked."""
        return os.path.abspath(path) in self._index()

    def known_digest(self, path: str, info: os.stat_result) -> bytes | None:
        """The digest of a file's bytes when its stat says they are the ones hashed before."""
        row = self._index().get(os.path.abspath(path))
        if row is None:
            return None
        size, mtime_ns, inode, ctime_ns, known, hashed_ns = row
        if (size, mtime_ns, inode, ctime_ns) != (
            info.st_size,
            info.st_mtime_ns,
            info.st_ino,
            info.st_ctime_ns,
        ):
            return None
        if not _trusted(hashed_ns, info):
            return None  # changed too close to its hashing for the stat to be trusted
        return known if isinstance(known, bytes) else None

    def has(self, ident: str, key: bytes) -> bool:
        """Whether an entry for the file (its identity and digest) is stored, without reading it."""
        if self._digests is None:
            self._digests = {}
            db = self._connect(create=False)
            if db is not None:
                try:
                    query = "SELECT ident, digest FROM entries WHERE scope = ?"
                    self._digests = dict(db.execute(query, (self.scope,)).fetchall())
                except sqlite3.Error:
                    pass
        return self._digests.get(ident) == key

    def get(self, ident: str, key: bytes, today: date) -> Entry | None:
        """The entry for a file (its identity and digest), or None: absent, damaged or expired."""
        return next(self.get_many([(ident, key)], today))

    def get_many(self, wanted: Sequence[tuple[str, bytes]], today: date) -> Iterator[Entry | None]:
        """`get` for each (identity, digest) in turn, read from the database in batches."""
        rows = self._rows("entries", "digest, expires, payload", [i for i, _ in wanted])
        for (ident, key), row in zip(wanted, rows, strict=True):
            entry = None if row is None or row[0] != key else _entry(row[1], row[2], today)
            if entry is not None:
                self._current[ident] = key
            yield entry

    def recall(self, paths: Sequence[str], variant: str) -> Iterator[str | None]:
        """For each file in turn, the output derived earlier from its bytes as this run read
        them, under `variant`; None when there is none, or the file was not read through the
        cache in this run."""
        idents = [identity(path) for path in paths]
        rows = self._rows("derived", "digest, payload", idents, variant)
        for ident, row in zip(idents, rows, strict=True):
            key = self._current.get(ident)
            if row is None or key is None or row[0] != key or not isinstance(row[1], str):
                yield None
            else:
                yield row[1]

    def _rows(
        self, table: str, columns: str, idents: list[str], variant: str | None = None
    ) -> Iterator[tuple[Any, ...] | None]:
        """The columns of this scope's row in `table` (of `variant`, for derived output) for
        each identity in turn, None where there is none. Read a batch at a time: one query per
        file would cost more than reading its row."""
        db = self._connect(create=False)
        where = "scope = ?" + (" AND variant = ?" if variant is not None else "")
        fixed = (self.scope,) if variant is None else (self.scope, variant)
        for start in range(0, len(idents), BATCH):
            batch = idents[start : start + BATCH]
            found: dict[str, tuple[Any, ...]] = {}
            if db is not None:
                marks = ", ".join("?" * len(batch))
                query = f"SELECT ident, {columns} FROM {table} WHERE {where} AND ident IN ({marks})"
                with contextlib.suppress(sqlite3.Error):
                    found = {row[0]: row[1:] for row in db.execute(query, (*fixed, *batch))}
            yield from (found.get(ident) for ident in batch)

    # Writing (buffered until flush) ---------------------------------------------------------

    def remember(self, stamp: Stamp) -> None:
        """Record a file's stat and digest, so an unchanged file is not read next time."""
        self._stamps[stamp.path] = stamp

    def put(self, ident: str, key: bytes, entry: Entry) -> None:
        """Store an entry at the next flush; data marshal cannot hold just stays uncached."""
        records = [_record(f) for f in entry.findings]
        try:
            payload = marshal.dumps((_interned(entry.data), records))
        except ValueError:
            return
        expires = entry.expires.isoformat() if entry.expires else None
        self._entries[ident] = (key, expires, payload)
        self._current[ident] = key

    def keep(self, path: str, variant: str, text: str) -> None:
        """Store output derived from a file's data (see `recall`) at the next flush."""
        ident = identity(path)
        key = self._current.get(ident)
        if key is not None:
            self._derived[ident, variant] = (key, text)

    def flush(self) -> None:
        """Write what this run learnt in one transaction; a busy or read-only cache is skipped."""
        if not (self._stamps or self._entries or self._derived or self._scope_stats):
            return
        stamps, entries, derived = list(self._stamps.values()), self._entries, self._derived
        self._stamps, self._entries, self._derived = {}, {}, {}
        scope_stats, self._scope_stats = self._scope_stats, None
        db = self._connect(create=True)
        if db is None:
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (s.path, s.size, s.mtime_ns, s.inode, s.ctime_ns, s.digest, s.hashed_ns)
                        for s in stamps
                    ],
                )
                db.executemany(
                    "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?)",
                    [(self.scope, ident, *row) for ident, row in entries.items()],
                )
                db.executemany(
                    "INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?, ?)",
                    [(self.scope, *key, *row) for key, row in derived.items()],
                )
                if derived:
                    self._prune_variants(db, {variant for _, variant in derived})
                if scope_stats is not None:
                    db.execute(
                        "INSERT OR REPLACE INTO scope_stats VALUES (?, ?, ?)",
                        (scope_stats[0], self.scope, scope_stats[1]),
                    )
                    db.execute(  # the stats of the few most recent checkouts and edits
                        "DELETE FROM scope_stats WHERE stats NOT IN (SELECT stats FROM scope_stats"
                        " ORDER BY hashed_ns DESC LIMIT ?)",
                        (2 * KEEP_SCOPES,),
                    )
                if entries or derived:
                    self._prune(db)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            self._broken = True  # e.g. locked by another process for longer than BUSY_MS
        if self._digests is not None:
            self._digests.update((ident, row[0]) for ident, row in entries.items())
        for stamp in stamps:
            if self._files is not None:
                self._files[stamp.path] = (
                    stamp.size,
                    stamp.mtime_ns,
                    stamp.inode,
                    stamp.ctime_ns,
                    stamp.digest,
                    stamp.hashed_ns,
                )

    def _prune(self, db: sqlite3.Connection) -> None:
        """Keep the most recent scopes only, and forget files that no longer exist."""
        db.execute("INSERT OR REPLACE INTO scopes VALUES (?, ?)", (self.scope, time.time_ns()))
        stale = db.execute(
            "SELECT scope FROM scopes ORDER BY used_ns DESC LIMIT -1 OFFSET ?", (KEEP_SCOPES,)
        ).fetchall()
        for (scope,) in stale:
            for table in ("entries", "derived", "variants", "scope_stats", "scopes"):
                db.execute(f"DELETE FROM {table} WHERE scope = ?", (scope,))
        gone = [p for (p,) in db.execute("SELECT path FROM files") if not os.path.exists(p)]
        for path in gone:
            db.execute("DELETE FROM files WHERE path = ?", (path,))
            for table in ("entries", "derived"):
                db.execute(
                    f"DELETE FROM {table} WHERE ident >= ? AND ident < ?",
                    (path + "\0", path + "\1"),
                )

    def _prune_variants(self, db: sqlite3.Connection, used: set[str]) -> None:
        """Mark the variants this run wrote as the newest, and drop those past KEEP_VARIANTS."""
        now = time.time_ns()
        db.executemany(
            "INSERT OR REPLACE INTO variants VALUES (?, ?, ?)",
            [(self.scope, variant, now) for variant in used],
        )
        stale = db.execute(
            "SELECT variant FROM variants WHERE scope = ? ORDER BY used_ns DESC LIMIT -1 OFFSET ?",
            (self.scope, KEEP_VARIANTS),
        ).fetchall()
        for (variant,) in stale:
            for table in ("derived", "variants"):
                db.execute(
                    f"DELETE FROM {table} WHERE scope = ? AND variant = ?",
                    (self.scope, variant),
                )


def _trusted(hashed_ns: int, *infos: os.stat_result) -> bool:
    """Whether files hashed at `hashed_ns` and stat'ed as `infos` now were last changed long
    enough before that for an unchanged stat to mean unchanged bytes (the racy rule)."""
    changed_ns = max((max(i.st_mtime_ns, i.st_ctime_ns) for i in infos), default=0)
    return changed_ns + RACY_NS <= hashed_ns


def identity(path: str) -> str:
    """A file's identity in the cache: its absolute path and the path as given (which findings
    name), so the same bytes under another name or folder are never confused."""
    return f"{os.path.abspath(path)}\0{path}"


def _remove_legacy(root: Path) -> None:
    """Drop the folders of JSON entries that earlier versions kept (one file per entry)."""
    for folder in root.iterdir():
        if folder.is_dir() and folder.name.startswith("v1-"):
            shutil.rmtree(folder, ignore_errors=True)


def usage(root: Path) -> tuple[int, int]:
    """How many entries the cache under root holds, and its size in bytes."""
    database = root / DATABASE
    if not database.is_file():
        return 0, 0
    size = sum(p.stat().st_size for p in root.glob(DATABASE + "*") if p.is_file())
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            (count,) = db.execute("SELECT count(*) FROM entries").fetchone()
    except sqlite3.Error:
        count = 0
    return int(count), size


def clear(root: Path) -> int:
    """Delete every entry of every scope under root; the number of entries removed."""
    if not root.is_dir():
        return 0
    removed = usage(root)[0]
    for path in root.glob(DATABASE + "*"):
        path.unlink(missing_ok=True)
    _remove_legacy(root)
    return removed


def _interned(value: Any) -> Any:
    """The data with its mapping keys interned: marshal then stores each key once per entry, and
    the data read back shares them, which makes both the entry and reading it faster."""
    if isinstance(value, dict):
        return {
            (sys.intern(k) if isinstance(k, str) else k): _interned(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_interned(item) for item in value]
    return value


def _entry(expires: Any, payload: Any, today: date) -> Entry | None:
    """An entry from its stored expiry and payload; None when it has expired or is damaged."""
    try:
        day = iso_day(expires)
        if day is not None and today >= day:
            return None
        data, findings = marshal.loads(payload)
        return Entry(data, tuple(_finding(item) for item in findings), day)
    except (ValueError, EOFError, TypeError, AttributeError):
        return None


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
