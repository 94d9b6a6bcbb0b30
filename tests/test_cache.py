"""The cache of checked encodings: same answers warm as cold, and never trusted blindly."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legcompare import cache as cache_module
from legcompare.cache import DATABASE, KEEP_SCOPES, RACY_NS, Cache, Entry, identity
from legcompare.cli import app
from legcompare.corpus import DataDir, locate
from legcompare.load import MAX_BYTES
from legcompare.model import Finding, Severity
from legcompare.parallel import PARALLEL_MIN, iter_checked_in_parallel, start_method, workers_for

from conftest import DATA, INVALID, ROOT

XYZ = DATA / "valid" / "XYZ.yaml"


@pytest.fixture()
def cached(tmp_path: Path) -> DataDir:
    """The shipped corpus with an empty cache of its own."""
    return locate(None, cache=False).__class__(
        ROOT / "countries", ROOT / "elements", "checkout", tmp_path / "cache"
    )


def database(data: DataDir | Path) -> Path:
    root = data if isinstance(data, Path) else data.cache_root
    assert root is not None
    return root / DATABASE


def entries(data: DataDir | Path) -> list[tuple[str, str]]:
    """The (scope, identity) of every stored entry."""
    if not database(data).exists():
        return []
    with sqlite3.connect(database(data)) as db:
        return sorted(db.execute("SELECT scope, ident FROM entries").fetchall())


def execute(data: DataDir, sql: str, *parameters: object) -> int:
    """Change the cache behind the program's back; the number of rows changed."""
    db = sqlite3.connect(database(data), isolation_level=None)
    try:
        return db.execute(sql, parameters).rowcount
    finally:
        db.close()


def copy_of(path: Path, folder: Path, name: str | None = None) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or path.name)
    shutil.copyfile(path, target)
    return str(target)


def test_a_warm_check_gives_what_a_cold_one_gave(cached: DataDir, tmp_path: Path) -> None:
    big = tmp_path / "BIG.yaml"
    big.write_bytes(b"a" * (MAX_BYTES + 1))
    paths = [
        str(XYZ),
        str(big),
        *map(str, INVALID),
        *map(str, sorted((DATA / "hostile").rglob("*.yaml"))),
        *map(str, sorted((ROOT / "countries").glob("*.yaml"))),
    ]
    cold = [cached.examine(p) for p in paths]
    stored = len(entries(cached))
    warm = [cached.examine(p) for p in paths]
    assert warm == cold
    # One per file but the oversized one, and the catalogue; an amending bill is never cached
    # (it depends on its law too).
    bills = [p for p in paths if "\namends: " in Path(p).read_text(errors="replace")]
    assert bills and stored == len(paths) - len(bills)
    assert len(entries(cached)) == stored  # the warm pass wrote nothing new
    uncached = locate(None, cache=False)
    assert [uncached.examine(p) for p in paths] == cold


def test_invalid_files_keep_their_findings_and_no_data(cached: DataDir) -> None:
    for path in INVALID:
        cached.examine(str(path))
        warm = cached.examine(str(path))
        assert not warm.ok and warm.data is None
        assert [f.format() for f in warm.findings] == [
            f.format() for f in cached.check(str(path))[1]
        ]


def test_a_changed_file_is_checked_again(cached: DataDir, tmp_path: Path) -> None:
    path = copy_of(XYZ, tmp_path / "work")
    assert cached.examine(path).ok
    text = Path(path).read_text(encoding="utf-8")
    Path(path).write_text(text.replace("status: present", "status: maybe", 1), encoding="utf-8")
    changed = cached.examine(path)
    assert not changed.ok
    assert any(f.rule == "bad-value" for f in changed.findings)


def test_the_same_bytes_under_another_name_are_not_confused(
    cached: DataDir, tmp_path: Path
) -> None:
    good = copy_of(XYZ, tmp_path / "a")
    renamed = copy_of(XYZ, tmp_path / "b", "ABC.yaml")
    assert cached.examine(good).ok
    other = cached.examine(renamed)
    assert any(f.rule == "code-matches-file" for f in other.findings)
    assert all(f.path == renamed for f in other.findings)


GOOD = (
    {"jurisdiction": {"code": "XYZ"}},
    [["p", 1, 2, "rule", "message", "error", ""]],
)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("payload", b""),
        ("payload", marshal.dumps(GOOD)[:20]),
        ("payload", b"\x00\xff garbage"),
        ("payload", marshal.dumps([1, 2])),
        ("payload", marshal.dumps((GOOD[0], [[1, 2, 3]]))),
        ("payload", marshal.dumps((GOOD[0], [["p", "x", 1, "r", "m", "error", ""]]))),
        ("payload", marshal.dumps((GOOD[0], [["p", 1, 2, "r", "m", "fatal", ""]]))),
        ("payload", marshal.dumps(({"jurisdiction": 3}, []))),
        ("digest", b"\x00" * 20),
        ("expires", "tomorrow"),
    ],
    ids=["empty", "truncated", "binary", "not-a-pair", "bad-finding", "bad-line",
         "bad-severity", "bad-data", "foreign-digest", "bad-expiry"],
)  # fmt: skip
def test_a_damaged_entry_is_ignored_and_rebuilt(
    cached: DataDir, tmp_path: Path, column: str, value: object
) -> None:
    path = copy_of(XYZ, tmp_path / "work")
    expected = cached.examine(path)
    jurisdiction = cached.load(path)
    changed = execute(
        cached, f"UPDATE entries SET {column} = ? WHERE ident = ?", value, identity(path)
    )
    assert changed == 1
    fresh = DataDir(cached.countries, cached.elements, cached.origin, cached.cache_root)
    assert fresh.load(path) == jurisdiction
    assert fresh.examine(path) == expected


def test_a_damaged_catalogue_entry_is_ignored(cached: DataDir) -> None:
    catalogue = cached.catalogue
    changed = execute(cached, "UPDATE entries SET payload = x'00' WHERE ident LIKE 'catalogue%'")
    assert changed == 1
    fresh = DataDir(cached.countries, cached.elements, cached.origin, cached.cache_root)
    assert fresh.catalogue == catalogue


def test_a_damaged_database_is_no_error(cached: DataDir, tmp_path: Path) -> None:
    path = copy_of(XYZ, tmp_path / "work")
    expected = cached.examine(path)
    database(cached).write_bytes(b"not a database at all" * 100)
    fresh = DataDir(cached.countries, cached.elements, cached.origin, cached.cache_root)
    assert fresh.examine(path) == expected


def test_a_future_date_is_checked_again_once_it_has_passed(cached: DataDir, tmp_path: Path) -> None:
    path = copy_of(XYZ, tmp_path / "work")
    text = Path(path).read_text(encoding="utf-8")
    Path(path).write_text(text.replace("as_of: 2024-01-01", "as_of: 2024-03-01"), encoding="utf-8")
    before = cached.examine(path, today=date(2024, 2, 1))
    assert any(f.rule == "dates" and "future" in f.message for f in before.findings)
    assert cached.examine(path, today=date(2024, 2, 2)) == before  # still in the future
    after = cached.examine(path, today=date(2024, 3, 2))
    messages = [f.message for f in after.findings]
    assert not any(m.startswith("as_of 2024-03-01 is in the future") for m in messages)
    assert any(m.startswith("retrieved 2024-06-01 is in the future") for m in messages)


def test_no_cache_reads_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    runner = CliRunner(env={"LEGCOMPARE_CACHE_DIR": str(folder), "LEGCOMPARE_NO_CACHE": ""})
    result = runner.invoke(app, ["--no-cache", "matrix", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert not folder.exists()
    result = runner.invoke(app, ["matrix", "--format", "csv"], env={"LEGCOMPARE_NO_CACHE": "1"})
    assert result.exit_code == 0, result.output
    assert not folder.exists()
    result = runner.invoke(app, ["matrix", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert len(entries(folder)) > 30


def test_an_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    runner = CliRunner(env={"LEGCOMPARE_CACHE_DIR": str(blocker), "LEGCOMPARE_NO_CACHE": ""})
    outcome = runner.invoke(app, ["score", "ITA", "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    assert json.loads(outcome.stdout)
    assert blocker.read_text(encoding="utf-8").startswith("a file")


def test_old_scopes_are_pruned_and_so_are_deleted_files(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    kept = tmp_path / "kept.yaml"
    kept.write_text("x", encoding="utf-8")
    for age in range(5):  # five older scopes: other catalogues or versions of the program
        old = Cache(root, f"old{age}")
        old.put(identity(str(kept)), b"d", Entry({"x": age}, ()))
        old.put(identity(str(tmp_path / "gone.yaml")), b"d", Entry({"x": age}, ()))
        old.flush()
    now = Cache.for_scope(root, ROOT / "elements" / "elements.yaml")
    now.put(identity(str(kept)), b"d", Entry({"x": 1}, ()))
    now.flush()
    scopes = {scope for scope, _ in entries(root)}
    assert scopes == {now.scope, "old4", "old3"} and len(scopes) == KEEP_SCOPES
    # Entries of files that no longer exist go too (a stamp says the file was seen).
    now.remember(cache_module.Stamp(str(tmp_path / "gone.yaml"), 1, 1, 1, 1, b"d", 0))
    now.put(identity(str(kept)), b"e", Entry({"x": 2}, ()))
    now.flush()
    assert all(ident.startswith(str(kept)) for _, ident in entries(root))


def test_an_edited_file_replaces_its_entry(cached: DataDir, tmp_path: Path) -> None:
    path = copy_of(XYZ, tmp_path / "work")
    cached.examine(path)
    before = len(entries(cached))
    text = Path(path).read_text(encoding="utf-8")
    for n in range(3):
        Path(path).write_text(text.replace("Xyzland", f"Xyzland {n}"), encoding="utf-8")
        cached.examine(path)
    assert len(entries(cached)) == before


def test_entries_round_trip_findings_exactly(tmp_path: Path) -> None:
    cache = Cache.for_scope(tmp_path, ROOT / "elements" / "elements.yaml")
    finding = Finding("a b.yaml", 3, 7, "rule-x", 'it\'s "wrong"', Severity.WARNING, "/x/0")
    cache.put("f", b"k", Entry(None, (finding,), date(2030, 1, 1)))
    cache.flush()
    again = Cache.for_scope(tmp_path, ROOT / "elements" / "elements.yaml")
    assert again.get("f", b"k", date(2029, 1, 1)) == Entry(None, (finding,), date(2030, 1, 1))
    assert again.get("f", b"k", date(2030, 1, 1)) is None  # expired
    assert again.get("f", b"other bytes", date(2029, 1, 1)) is None


def test_an_unchanged_file_is_not_read_again(cached: DataDir, tmp_path: Path) -> None:
    """Like git's index: a file whose stat is unchanged, and old enough for the stat to be
    trusted, is known by its recorded digest without being read."""
    from legcompare.corpus import _fingerprint

    path = copy_of(XYZ, tmp_path / "work")
    first = cached.examine(path)
    assert first.ok
    cache = cached.cache
    assert cache is not None
    racy = _fingerprint(path, cache)
    assert racy is not None and racy.raw is not None  # just written and hashed: read again
    # As if it had been hashed long after its last change:
    execute(cached, "UPDATE files SET hashed_ns = hashed_ns + ?", 10 * RACY_NS)
    fresh = DataDir(cached.countries, cached.elements, cached.origin, cached.cache_root)
    assert fresh.cache is not None
    fingerprint = _fingerprint(path, fresh.cache)
    assert fingerprint is not None and fingerprint.raw is None
    assert fresh.examine(path) == first


def test_a_same_size_edit_in_the_same_tick_is_seen(cached: DataDir, tmp_path: Path) -> None:
    """The racy case: an edit that keeps the size and lands in the timestamp tick in which the
    file was hashed. Even where the clock is too coarse to show it, the next run sees it."""
    path = copy_of(XYZ, tmp_path / "work")
    assert cached.examine(path).ok
    stat = os.stat(path)
    text = Path(path).read_text(encoding="utf-8")
    edited = text.replace("status: present", "status: xxxxxxx", 1)
    assert len(edited) == len(text)
    Path(path).write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same mtime, as in one tick
    # Make the stored stat match the new one exactly (the filesystem could not tell them apart):
    now = os.stat(path)
    execute(
        cached,
        "UPDATE files SET size = ?, mtime_ns = ?, inode = ?, ctime_ns = ?",
        now.st_size, now.st_mtime_ns, now.st_ino, now.st_ctime_ns,
    )  # fmt: skip
    fresh = DataDir(cached.countries, cached.elements, cached.origin, cached.cache_root)
    changed = fresh.examine(path)
    assert not changed.ok and any(f.rule == "bad-value" for f in changed.findings)


def matrix_command(corpus: Path, *options: str) -> list[str]:
    data = ["--data", str(corpus), "--format", "csv"]
    return [sys.executable, "-m", "legcompare", *options, "matrix", *data]


def test_processes_sharing_a_cold_cache_agree_with_no_cache(
    corpus_of_221: Path, tmp_path: Path
) -> None:
    """Four processes fill one cold cache at once; each, and the warm run after, gives the
    answer --no-cache gives."""
    env = {**os.environ, "LEGCOMPARE_CACHE_DIR": str(tmp_path / "cache"), "LEGCOMPARE_JOBS": "1"}
    env.pop("LEGCOMPARE_NO_CACHE", None)
    expected = subprocess.run(
        matrix_command(corpus_of_221, "--no-cache"), env=env, capture_output=True, check=False
    ).stdout
    assert expected.count(b"\n") > 200
    runs = [
        subprocess.Popen(matrix_command(corpus_of_221), env=env, stdout=subprocess.PIPE)
        for _ in range(4)
    ]
    outputs = [run.communicate()[0] for run in runs]
    assert outputs == [expected] * 4
    assert len(entries(tmp_path / "cache")) >= 220
    warm = subprocess.run(matrix_command(corpus_of_221), env=env, capture_output=True, check=False)
    assert warm.stdout == expected


def test_a_process_killed_while_writing_leaves_a_sound_cache(
    corpus_of_221: Path, tmp_path: Path
) -> None:
    """Killed in the middle of its transaction, a run leaves the cache as it was before."""
    root = tmp_path / "cache"
    env = {**os.environ, "LEGCOMPARE_CACHE_DIR": str(root), "LEGCOMPARE_JOBS": "1"}
    env.pop("LEGCOMPARE_NO_CACHE", None)
    expected = subprocess.run(
        matrix_command(corpus_of_221, "--no-cache"), env=env, capture_output=True, check=False
    ).stdout
    # A run that kills itself (SIGKILL) after writing half its entries, inside the transaction.
    probe = (
        "import os, signal, sqlite3, sys\n"
        "class Dying(sqlite3.Connection):\n"
        "    def executemany(self, sql, rows):\n"
        "        if 'entries' not in sql:\n"
        "            return super().executemany(sql, rows)\n"
        "        def rows_then_death():\n"
        "            for n, row in enumerate(rows):\n"
        "                if n == 100:\n"
        "                    os.kill(os.getpid(), signal.SIGKILL)\n"
        "                yield row\n"
        "        return super().executemany(sql, rows_then_death())\n"
        "real = sqlite3.connect\n"
        "sqlite3.connect = lambda *a, **k: real(*a, factory=Dying, **k)\n"
        f"sys.argv = {matrix_command(corpus_of_221)[2:]!r}\n"
        "from legcompare.cli import main\n"
        "main()\n"
    )
    killed = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, check=False
    )
    assert killed.returncode == -signal.SIGKILL
    assert len(entries(root)) <= 1  # at most the catalogue, written before
    for _ in range(2):  # the run after it fills the cache, the one after that reads it
        again = subprocess.run(
            matrix_command(corpus_of_221), env=env, capture_output=True, check=False
        )
        assert again.stdout == expected
    assert len(entries(root)) >= 220


def test_the_fast_schema_check_agrees_with_jsonschema(corpus: DataDir) -> None:
    """The compiled check decides what is valid; jsonschema must agree on every example."""
    from legcompare.load import load_document

    validator = corpus.validator
    full = validator.full  # type: ignore[attr-defined]
    folders = [DATA / "invalid", DATA / "valid", ROOT / "countries", DATA / "hostile"]
    checked = 0
    for path in sorted(p for folder in folders for p in folder.glob("*.yaml")):
        data = load_document(str(path)).data
        if data is None:
            continue
        assert validator.is_valid(data) == full.is_valid(data), path.name  # type: ignore[attr-defined]
        checked += 1
    assert checked >= 50


def synthetic(count: int, folder: Path) -> Path:
    script = ROOT / "benchmarks" / "make_corpus.py"
    subprocess.run([sys.executable, str(script), str(count), str(folder)], check=True)
    return folder


def test_the_synthetic_corpus_is_valid_realistic_and_deterministic(tmp_path: Path) -> None:
    first = synthetic(30, tmp_path / "a")
    second = synthetic(30, tmp_path / "b")
    files = sorted(first.glob("*.yaml"))
    assert len(files) == 30
    assert all(10_000 <= f.stat().st_size <= 15_500 for f in files), [
        f.stat().st_size for f in files
    ]
    assert all(f.read_bytes() == (second / f.name).read_bytes() for f in files)
    data = locate(str(first), cache=False)
    statuses = set()
    for path in files:
        checked = data.examine(str(path))
        assert checked.ok, [f.format() for f in checked.findings]
        statuses |= {a["status"] for a in checked.data["elements"].values()}
        assert len(checked.data["elements"]) == len(data.catalogue.elements)
    assert statuses >= {"present", "partial", "absent", "unclear"}


@pytest.fixture(scope="module")
def corpus_of_221(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """220 synthetic encodings and one broken file: enough to be checked in parallel."""
    folder = synthetic(220, tmp_path_factory.mktemp("corpus"))
    (folder / "ZZZ.yaml").write_text("jurisdiction: [\n", encoding="utf-8")
    return folder


def test_a_large_uncached_corpus_is_checked_in_parallel_with_the_serial_answers(
    corpus_of_221: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = sorted(str(p) for p in corpus_of_221.glob("*.yaml"))
    monkeypatch.setenv("LEGCOMPARE_JOBS", "2")
    assert workers_for(len(paths)) == 2
    assert workers_for(PARALLEL_MIN - 1) == 1  # a small job is not worth the workers
    results = list(locate(str(corpus_of_221), cache=False).iter_checked(paths))
    monkeypatch.setenv("LEGCOMPARE_JOBS", "1")
    assert workers_for(len(paths)) == 1
    serial = list(locate(str(corpus_of_221), cache=False).iter_checked(paths))
    assert results == serial
    assert [r.path for r in results] == paths
    assert sum(not r.ok for r in results) == 1


@pytest.mark.parametrize("method", sorted({start_method(), "spawn"}))
def test_workers_give_the_serial_answers_however_they_start(
    method: str, corpus_of_221: Path
) -> None:
    """Workers started by fork (which inherit the prepared corpus) or by spawn (which build
    their own, as on macOS, Windows and Python 3.12+) give the answers one process gives."""
    data = locate(str(corpus_of_221), cache=False)
    paths = sorted(str(p) for p in corpus_of_221.glob("*.yaml"))
    today = date.today()
    parallel = list(iter_checked_in_parallel(data, paths, today=today, workers=2, method=method))
    assert parallel == [data.examine(path, today=today) for path in paths]


def test_the_cache_command_reports_and_clears(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    runner = CliRunner(env={"LEGCOMPARE_CACHE_DIR": str(folder), "LEGCOMPARE_NO_CACHE": ""})
    assert runner.invoke(app, ["matrix", "--format", "csv"]).exit_code == 0
    stored = len(entries(folder))
    shown = runner.invoke(app, ["cache"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith(f"{folder}: {stored} cached result(s), ")
    cleared = runner.invoke(app, ["cache", "--clear"])
    assert cleared.exit_code == 0, cleared.output
    assert cleared.stdout == f"removed {stored} cached result(s) from {folder}\n"
    assert entries(folder) == []
    off = runner.invoke(app, ["--no-cache", "cache", "--clear"])
    assert off.exit_code == 0 and "the cache is off" in off.stdout


def test_a_warm_run_never_imports_the_yaml_parser(tmp_path: Path) -> None:
    """The cache's point: a warm command neither parses nor even imports the parser."""
    env = {**os.environ, "LEGCOMPARE_CACHE_DIR": str(tmp_path)}
    env.pop("LEGCOMPARE_NO_CACHE", None)
    cold = [sys.executable, "-m", "legcompare", "score", "ITA", "--format", "json"]
    assert subprocess.run(cold, env=env, capture_output=True, check=False).returncode == 0
    probe = (
        "import sys\n"
        "sys.argv = ['legcompare', 'score', 'ITA', '--format', 'json']\n"
        "from legcompare.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print('YAML' if 'yaml' in sys.modules else 'NO-YAML', file=sys.stderr)\n"
        "print('HASH' if 'hashlib' in sys.modules else 'NO-HASH', file=sys.stderr)\n"
    )
    time.sleep(RACY_NS / 1e9)  # so that the catalogue's stat, recorded just now, is trusted
    warm = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
    )
    assert warm.stderr.strip().endswith("NO-YAML\nNO-HASH"), warm.stderr


def test_the_scope_is_hashed_again_only_when_its_files_may_have_changed(tmp_path: Path) -> None:
    """The scope (code, catalogue, schema) is known by its files' stat, as an encoding is: an
    unchanged catalogue is not read again, and a same-size edit in the same tick is seen."""
    catalogue = tmp_path / "elements.yaml"
    shutil.copyfile(ROOT / "elements" / "elements.yaml", catalogue)
    root = tmp_path / "cache"
    first = Cache.for_scope(root, catalogue)
    first.put("f", b"k", Entry({"x": 1}, ()))
    first.flush()
    # Just hashed: too close to the catalogue's last change for its stat to be trusted.
    again = Cache.for_scope(root, catalogue)
    assert again.scope == first.scope and again._scope_stats is not None
    with sqlite3.connect(root / DATABASE) as db:  # as if hashed long after its last change
        db.execute("UPDATE scope_stats SET hashed_ns = hashed_ns + ?", (10 * RACY_NS,))
    trusted = Cache.for_scope(root, catalogue)
    assert trusted.scope == first.scope and trusted._scope_stats is None
    # A same-size edit that keeps the mtime (one coarse tick) still changes the scope: the
    # change time moved, so the stat is not the one recorded and the bytes are hashed again.
    info = catalogue.stat()
    text = catalogue.read_text(encoding="utf-8")
    edited = text.replace("weight: 4", "weight: 3", 1)
    assert edited != text and len(edited) == len(text)
    catalogue.write_text(edited, encoding="utf-8")
    os.utime(catalogue, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert Cache.for_scope(root, catalogue).scope != first.scope


# Output derived from one file (the tidy matrix CSV's rows) -----------------------------------


def tidy_csv(corpus: Path, cache: Path | None, *options: str) -> str:
    """`matrix --format csv` over a corpus, with the cache under `cache` (None: --no-cache)."""
    # None unsets a variable: `make test` runs the suite a second time with LEGCOMPARE_NO_CACHE=1.
    env: dict[str, str | None] = {"LEGCOMPARE_NO_CACHE": "1"}
    if cache:
        env = {"LEGCOMPARE_CACHE_DIR": str(cache), "LEGCOMPARE_NO_CACHE": None}
    command = ["matrix", "--data", str(corpus), "--format", "csv", *options]
    result = CliRunner().invoke(app, command, env=env)
    assert result.exit_code in (0, 1), result.output  # 1: the corpus has one broken file
    return result.stdout


def derived(root: Path) -> list[tuple[str, str]]:
    """The (identity, variant) of every stored piece of derived output."""
    with sqlite3.connect(root / DATABASE) as db:
        return sorted(db.execute("SELECT ident, variant FROM derived").fetchall())


def test_a_warm_tidy_csv_takes_each_unchanged_files_rows_from_the_cache(
    corpus_of_221: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from legcompare.render import csv as csv_module

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_of_221, corpus)
    root = tmp_path / "cache"
    expected = tidy_csv(corpus, None)
    assert tidy_csv(corpus, root) == expected
    assert len(derived(root)) == 220  # one piece per valid file, under one variant

    def formatted_again(*args: object) -> object:
        raise AssertionError("an unchanged file's rows were formatted again")

    monkeypatch.setattr(csv_module, "tidy_rows", formatted_again)
    assert tidy_csv(corpus, root) == expected
    monkeypatch.undo()
    # An edited file's rows are made again from its new text; the others still come from the
    # cache, and the output is the one --no-cache gives.
    edited = corpus / "AAB.yaml"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("Synthland", "Editland", 1), encoding="utf-8")
    assert "Editland" in tidy_csv(corpus, root)
    assert tidy_csv(corpus, root) == tidy_csv(corpus, None)


def test_each_weighting_and_element_choice_keeps_its_own_rows(
    corpus_of_221: Path, tmp_path: Path
) -> None:
    root = tmp_path / "cache"
    choices = [(), ("--weights", "equal"), ("--core",), ("--weights", "core", "--core")]
    for options in choices:
        tidy_csv(corpus_of_221, root, *options)
    for options in choices:  # warm now: each from its own rows, as --no-cache makes them
        assert tidy_csv(corpus_of_221, root, *options) == tidy_csv(corpus_of_221, None, *options)
    assert len({variant for _, variant in derived(root)}) == len(choices)


def test_derived_output_is_used_only_for_the_bytes_read_in_this_run(tmp_path: Path) -> None:
    path = str(tmp_path / "a.yaml")
    cache = Cache(tmp_path / "cache", "scope")
    cache.put(identity(path), b"d1", Entry({"x": 1}, ()))
    cache.keep(path, "v", "rows of d1")
    cache.flush()
    again = Cache(tmp_path / "cache", "scope")
    assert list(again.recall([path], "v")) == [None]  # the file was not read in this run
    assert again.get(identity(path), b"d2", date(2026, 1, 1)) is None  # it has other bytes now
    assert list(again.recall([path], "v")) == [None]
    assert again.get(identity(path), b"d1", date(2026, 1, 1)) is not None
    assert list(again.recall([path, path], "v")) == ["rows of d1"] * 2
    assert list(again.recall([path], "other variant")) == [None]


def test_only_the_newest_variants_are_kept(tmp_path: Path) -> None:
    path = str(tmp_path / "a.yaml")
    Path(path).write_text("x", encoding="utf-8")
    cache = Cache(tmp_path / "cache", "scope")
    cache.put(identity(path), b"d", Entry({"x": 1}, ()))
    for n in range(cache_module.KEEP_VARIANTS + 2):
        cache.keep(path, f"v{n}", f"text {n}")
        cache.flush()
    kept = [variant for _, variant in derived(tmp_path / "cache")]
    assert kept == [f"v{n}" for n in range(2, cache_module.KEEP_VARIANTS + 2)]


def test_derived_output_of_deleted_files_and_old_scopes_is_removed(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    kept, gone = tmp_path / "kept.yaml", tmp_path / "gone.yaml"
    for path in (kept, gone):
        path.write_text("x", encoding="utf-8")
    for scope in ("old0", "old1", "old2", "now"):  # KEEP_SCOPES is 3: old0 goes
        cache = Cache(root, scope)
        for path in (kept, gone):
            cache.remember(cache_module.Stamp(str(path), 1, 1, 1, 1, b"d", 0))
            cache.put(identity(str(path)), b"d", Entry({"x": 1}, ()))
            cache.keep(str(path), "v", "text")
        cache.flush()
    gone.unlink()
    cache = Cache(root, "now")
    cache.put(identity(str(kept)), b"e", Entry({"x": 2}, ()))
    cache.flush()
    with sqlite3.connect(root / DATABASE) as db:
        rows = db.execute("SELECT scope, ident FROM derived").fetchall()
    assert sorted(scope for scope, _ in rows) == ["now", "old1", "old2"]
    assert all(ident.startswith(str(kept)) for _, ident in rows)
