"""Hostile and malformed input (issue 4): a clear finding, the documented exit code, no traceback.

Each file in tests/data/hostile/ is a case in CASES with the rule, line and column it must be
reported at. Cases that cannot be a checked-in file (a huge file, a directory, a symlink loop, a
named pipe, paths in codes, a corpus with broken files among good ones) are built in tmp_path.
The alias bomb, deep nesting and size limit run in a subprocess that measures time and memory.
Safe outputs: HTML escapes every data field, CSV neutralises formulas, `-o` writes atomically,
and nothing is written anywhere else.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from legcompare.cli import app
from legcompare.load import MAX_BYTES

from conftest import DATA, ROOT

HOSTILE = DATA / "hostile"
XYZ = DATA / "valid" / "XYZ.yaml"
MAX_SECONDS = 2.0
MAX_RSS_KIB = 200 * 1024  # ru_maxrss is in KiB on Linux


@dataclass(frozen=True)
class Case:
    """One hostile file and the finding it must produce; `rule=None` means it is accepted."""

    file: str
    what: str
    rule: str | None
    line: int | None = None
    column: int | None = None  # None with a line: the column is not pinned
    also: tuple[str, ...] = ()  # further error rules that rightly fire on the same file
    instead: tuple[str, ...] = ()  # rules a different YAML parser may report in place of `rule`

    @property
    def path(self) -> Path:
        return HOSTILE / self.file

    @property
    def rules(self) -> set[str]:
        return {self.rule, *self.instead} if self.rule else set()


CASES = [
    # malformed YAML
    Case("unclosed-quote.yaml", "a double quote never closed", "yaml-syntax", 23, 12),
    Case("unclosed-flow-list.yaml", "a flow list never closed", "yaml-syntax", 41, 10),
    Case("bad-indentation.yaml", "a key indented deeper than its siblings", "yaml-syntax", 5, 10),
    Case("tab-indentation.yaml", "a tab used for indentation", "yaml-syntax", 5, 1),
    Case("control-character.yaml", "a BEL character in a value", "yaml-syntax", 5, 13),
    Case("unknown-alias.yaml", "an alias to no anchor", "yaml-syntax", 5, 9),
    Case("complex-key.yaml", "a mapping as a key", "yaml-complex-key", 9, 3),
    Case("merge-key.yaml", "a merge key (<<)", "yaml-tag", 9, 3),
    # nothing usable at the top
    Case("empty.yaml", "an empty file", "not-a-mapping"),
    Case("whitespace-only.yaml", "blank lines only", "not-a-mapping"),
    Case("comments-only.yaml", "comments only", "not-a-mapping"),
    Case("null-document.yaml", "an explicit null", "not-a-mapping", 2, 1),
    Case("top-level-list.yaml", "a list at the top level", "not-a-mapping", 2, 1),
    Case("top-level-scalar.yaml", "a scalar at the top level", "not-a-mapping", 2, 1),
    Case("several-documents.yaml", "two documents", "yaml-multiple-documents", 166, 1),
    Case("document-end-then-more.yaml", "'...' then more", "yaml-multiple-documents", 167, 1),
    # resource exhaustion (also measured in a subprocess below)
    Case("alias-bomb.yaml", "billion laughs", "yaml-too-many-nodes", 7, 11),
    Case("deep-nesting.yaml", "lists 10,000 deep", "yaml-too-deep", 2, instead=("yaml-syntax",)),
    Case("deep-nesting-mappings.yaml", "mappings 10,000 deep", "yaml-too-deep", 2, 263),
    Case("deep-nesting-65.yaml", "one level past the limit", "yaml-too-deep", 2, 74),
    # bytes and encodings
    Case("binary-garbage.yaml", "a PNG header and random bytes", "encoding", 1, 1),
    Case("nul-bytes.yaml", "a NUL byte in UTF-8 text", "encoding", 5, 1),
    Case("invalid-utf8.yaml", "a Latin-1 byte", "encoding", 5, 14),
    Case("truncated-utf8.yaml", "a UTF-8 sequence cut short", "encoding", 166, 3),
    Case("utf16-le.yaml", "UTF-16 LE with a BOM", "encoding", 1, 1),
    Case("utf16-be.yaml", "UTF-16 BE with a BOM", "encoding", 1, 1),
    Case("utf16-no-bom.yaml", "UTF-16 LE without a BOM", "encoding", 1, 1),
    # accepted: in a folder of their own, so that every file in hostile/ has a finding
    Case("accepted/ZZ-BOM.yaml", "a valid file with a UTF-8 BOM", None),
    Case("accepted/ZZ-CRL.yaml", "a valid file with CRLF line ends", None),
    Case("accepted/ZZ-ALI.yaml", "a valid file reusing a note by alias", None),
    # tags
    Case("python-object-tag.yaml", "!!python/object/apply:os.system", "yaml-tag", 5, 9),
    Case("python-name-tag.yaml", "!!python/name:builtins.exit", "yaml-tag", 9, 7),
    Case("python-object-mapping-tag.yaml", "!!python/object on a mapping", "yaml-tag", 3, 15),
    Case("tag-directive.yaml", "a %TAG directive to a Python tag", "yaml-tag", 7, 9),
    Case("custom-tag.yaml", "an application tag (!Date)", "yaml-tag", 10, 8),
    Case("binary-tag.yaml", "!!binary", "yaml-tag", 71, 12),
    Case("set-tag.yaml", "!!set", "yaml-tag", 40, 17),
    Case("ZZ-EXF.yaml", "!!float twenty", "yaml-value", 33, 41),
    Case("ZZ-EXB.yaml", "!!bool maybe", "yaml-value", 33, 51),
    Case("ZZ-EXI.yaml", "!!int ''", "yaml-value", 33, 26),
    # duplicate keys
    Case("ZZ-DKT.yaml", "a top-level key twice", "duplicate-key", 12, 1),
    Case("ZZ-DKN.yaml", "jurisdiction.name twice", "duplicate-key", 6, 3),
    Case("ZZ-DKE.yaml", "status twice in an element", "duplicate-key", 40, 5),
    Case("ZZ-DKP.yaml", "max_years twice in a flow mapping", "duplicate-key", 24, 43),
    # unknown keys and element ids, with did-you-mean
    Case("ZZ-UKT.yaml", "note for notes (top level)", "unknown-key", 12, 1),
    Case("ZZ-UKN.yaml", "haeding in a provision", "unknown-key", 22, 5),
    Case("ZZ-UKE.yaml", "translaton in an element", "unknown-key", 72, 5),
    Case("ZZ-UEL.yaml", "a misspelt element id", "unknown-element", 110, 3, ("element-missing",)),
    Case("ZZ-UEX.yaml", "an element not in the catalogue", "unknown-element", 163, 3),
    Case("ZZ-IKY.yaml", "integer and null keys", "unknown-key", 3, 1),
    Case("ZZ-BKY.yaml", "a boolean key (yes)", "unknown-key", 3, 1),
    Case("ZZ-ZWS.yaml", "a zero-width space in a key", "unknown-key", 11, 1, ("required",)),
    Case("ZZ-REQ.yaml", "confidence missing", "required", 3, 1),
    # wrong types at every level
    Case("ZZ-WTJ.yaml", "jurisdiction: a string", "wrong-type", 3, 15),
    Case("ZZ-WTA.yaml", "as_of: a number", "wrong-type", 10, 8),
    Case("ZZ-WTS.yaml", "sources: a mapping", "wrong-type", 13, 3, ("source-ref",)),
    Case("ZZ-WTX.yaml", "elements: a list", "wrong-type", 38, 1),
    Case("ZZ-WTN.yaml", "jurisdiction.name: a number", "wrong-type", 5, 9),
    Case("ZZ-WTO.yaml", "a source id: a mapping", "wrong-type", 13, 9, ("source-ref",)),
    Case("ZZ-WTI.yaml", "a provision id: a list", "wrong-type", 19, 9, ("provision-ref",)),
    Case("ZZ-WTP.yaml", "penalty: a list", "wrong-type", 24, 14),
    Case("ZZ-WTY.yaml", "min_years: text", "wrong-type", 24, 26),
    Case("ZZ-WTB.yaml", "life: a string", "wrong-type", 33, 51),
    Case("ZZ-WTE.yaml", "an element's answer: a string", "wrong-type", 38, 32),
    Case("ZZ-WTL.yaml", "status: a list", "bad-value", 39, 13),
    Case("ZZ-WTM.yaml", "status: a mapping", "bad-value", 79, 13),
    Case("ZZ-WTR.yaml", "an element's provisions: a string", "wrong-type", 40, 17),
    Case("ZZ-WTQ.yaml", "quote: a number", "wrong-type", 71, 12),
    # dates
    Case("ZZ-FEB.yaml", "as_of 2024-02-30", "bad-value", 10, 8),
    Case("ZZ-DTM.yaml", "a timestamp for a date", "bad-value", 10, 8),
    Case("ZZ-FUT.yaml", "as_of in the future", "dates", 10, 8),
    Case("ZZ-RFU.yaml", "retrieved in the future", "dates", 17, 16),
    # numbers
    Case("ZZ-NAN.yaml", "a NaN penalty", "yaml-value", 33, 41),
    Case("ZZ-INF.yaml", "an infinite penalty", "yaml-value", 33, 41, ("bad-value",)),
    Case("ZZ-NEG.yaml", "a negative penalty", "bad-value", 24, 26),
    Case("ZZ-MIN.yaml", "min_years above max_years", "penalty-range", 33, 14),
    Case("ZZ-HUG.yaml", "a 400-digit penalty", "yaml-value", 33, 41),
    Case("ZZ-DIG.yaml", "a 5,000-digit penalty", "yaml-value", 33, 41),
    Case("ZZ-SXI.yaml", "a sexagesimal integer of 5,000 digits", "yaml-value", 33, 41),
    Case("ZZ-SXF.yaml", "a sexagesimal float beyond a float", "yaml-value", 33, 41),
    Case("ZZ-SIN.yaml", "since: 20245", "bad-value", 72, 12),
    # references, identity, length
    Case("ZZ-DPR.yaml", "a dangling provision reference", "provision-ref", 40, 18),
    Case("ZZ-DSR.yaml", "a dangling source reference", "source-ref", 20, 13),
    Case("ZZ-CMF.yaml", "code XYZ in ZZ-CMF.yaml", "code-matches-file", 4, 9),
    Case("ZZ-QLG.yaml", "a 560-character quote", "quote-length", 71, 12, ("quote-in-text",)),
]
BY_FILE = {case.file: case for case in CASES}
REJECTED = [case for case in CASES if case.rule]
MEASURED = ["alias-bomb.yaml", "deep-nesting.yaml", "deep-nesting-mappings.yaml"]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def private_cache(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hostile files go through the cache (where there is one), but never into $HOME."""
    monkeypatch.setenv("LEGCOMPARE_CACHE_DIR", str(cache_dir))


def invoke(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Result:
    """Run the CLI and check what holds for every case: no traceback, no internal error."""
    result = runner.invoke(app, list(args), env=env)
    both = result.stdout + result.stderr
    assert "Traceback" not in both and "internal error" not in both, both
    assert result.exception is None or isinstance(result.exception, SystemExit), both
    return result


def finding_line(case: Case, rule: str) -> re.Pattern[str]:
    """The text finding for a case: `file:line:col: [error] message (rule)` on one line."""
    where = re.escape(str(case.path))
    if case.line is not None:
        where += f":{case.line}:" + (str(case.column) if case.column else r"\d+")
    return re.compile(rf"^{where}: \[error\] .+ \({re.escape(rule)}\)$", re.MULTILINE)


def test_every_hostile_file_is_a_case() -> None:
    on_disk = {p.relative_to(HOSTILE).as_posix() for p in HOSTILE.rglob("*") if p.is_file()}
    assert on_disk == set(BY_FILE), on_disk ^ set(BY_FILE)
    assert all(name.endswith(".yaml") for name in on_disk)
    assert {c.file for c in REJECTED} == {p.name for p in HOSTILE.glob("*.yaml")}
    assert len(REJECTED) >= 40


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_validate_reports_the_case(case: Case, runner: CliRunner) -> None:
    result = invoke(runner, "validate", str(case.path), "--format", "json")
    assert result.exit_code == (1 if case.rule else 0), result.output
    (report,) = json.loads(result.stdout)["files"]
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    if case.rule is None:
        assert report["valid"] and errors == [], errors
        return
    main = next((f for f in errors if f["rule"] in case.rules), None)
    assert main is not None, errors
    assert main["line"] == case.line, main
    assert case.column is None or main["column"] == case.column, main
    assert {f["rule"] for f in errors} == {main["rule"], *case.also}, errors

    result = invoke(runner, "validate", str(case.path))
    assert result.exit_code == 1, result.output
    assert finding_line(case, main["rule"]).search(result.stdout), result.stdout


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_outside_validate_a_hostile_file_is_an_input_error(case: Case, runner: CliRunner) -> None:
    result = invoke(runner, "show", str(case.path), "--format", "json")
    if case.rule is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert any(finding_line(case, rule).search(result.stderr) for rule in case.rules)
    assert "legcompare: error:" in result.stderr


@pytest.mark.parametrize("file", ["ZZ-BOM.yaml", "ZZ-CRL.yaml", "ZZ-ALI.yaml"])
def test_accepted_variants_score_like_the_plain_file(file: str, runner: CliRunner) -> None:
    def scores(path: Path) -> dict[str, Any]:
        result = invoke(runner, "score", str(path), "--format", "json", "--explain")
        assert result.exit_code == 0, result.output
        (entry,) = json.loads(result.stdout)["scores"]
        return {k: v for k, v in entry.items() if k != "code"}

    assert scores(HOSTILE / "accepted" / file) == scores(XYZ)


@pytest.mark.parametrize(
    ("file", "hint"),
    [
        ("ZZ-UKT.yaml", "unknown key 'note' (did you mean 'notes'?)"),
        ("ZZ-UKN.yaml", "unknown key 'haeding' (did you mean 'heading'?)"),
        ("ZZ-UKE.yaml", "unknown key 'translaton' (did you mean 'translation'?)"),
        ("ZZ-UEL.yaml", "'agg_prolonged_detension' (did you mean 'agg_prolonged_detention'?)"),
        ("ZZ-DKT.yaml", "duplicate key 'confidence' (first on line 11, again on line 12)"),
        ("ZZ-MIN.yaml", "min_years 30 is above max_years 20"),
        ("ZZ-FUT.yaml", "as_of 2999-01-01 is in the future"),
        ("ZZ-CMF.yaml", "code 'XYZ' does not match the file name 'ZZ-CMF.yaml'"),
        ("alias-bomb.yaml", "more than 200,000 nodes"),
        ("utf16-le.yaml", "file is UTF-16; save it as UTF-8"),
    ],
)
def test_messages_say_what_to_fix(file: str, hint: str, runner: CliRunner) -> None:
    result = invoke(runner, "validate", str(HOSTILE / file))
    assert result.exit_code == 1
    assert hint in result.stdout


# --- resource limits, measured in a subprocess -----------------------------------------------


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float
    rss_kib: int


def run_measured(tmp_path: Path, *args: str, stdin: bytes | None = None) -> Run:
    """`python -m legcompare ARGS` with its wall time and peak memory (os.wait4)."""
    out_path, err_path = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    env = {**os.environ, "LEGCOMPARE_NO_CACHE": "1"}
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "legcompare", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        if stdin is not None:
            assert process.stdin is not None
            with process.stdin:
                process.stdin.write(stdin)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
    return Run(
        process.returncode,
        out_path.read_text(encoding="utf-8"),
        err_path.read_text(encoding="utf-8"),
        seconds,
        usage.ru_maxrss,
    )


def assert_cheap_and_clean(run: Run) -> None:
    assert "Traceback" not in run.out + run.err and "internal error" not in run.err, run.err
    assert run.seconds < MAX_SECONDS, f"took {run.seconds:.2f} s"
    assert run.rss_kib < MAX_RSS_KIB, f"peak memory {run.rss_kib / 1024:.0f} MB"


@pytest.mark.slow
@pytest.mark.parametrize("file", MEASURED)
def test_expensive_documents_are_refused_quickly(file: str, tmp_path: Path) -> None:
    case = BY_FILE[file]
    run = run_measured(tmp_path, "validate", str(case.path))
    assert run.code == 1, run.err
    assert any(finding_line(case, rule).search(run.out) for rule in case.rules), run.out
    assert_cheap_and_clean(run)


@pytest.mark.slow
@pytest.mark.parametrize("size", [MAX_BYTES + 1, 1 << 30], ids=["limit+1", "1GiB"])
def test_a_file_over_the_size_limit_is_not_read(size: int, tmp_path: Path) -> None:
    big = tmp_path / "XYZ.yaml"
    with open(big, "wb") as handle:
        handle.write(XYZ.read_bytes())
        handle.truncate(size)  # sparse: the bytes past the text read as NULs
    run = run_measured(tmp_path, "validate", str(big))
    assert run.code == 1, run.err
    assert f"{big}: [error] file is" in run.out and "(file-too-large)" in run.out
    assert_cheap_and_clean(run)


@pytest.mark.slow
def test_stdin_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    run = run_measured(tmp_path, "validate", "-", stdin=b"#" * (MAX_BYTES + 1))
    assert run.code == 1, run.err
    assert "<stdin>: [error]" in run.out and "(file-too-large)" in run.out
    assert_cheap_and_clean(run)


@pytest.mark.slow
def test_validate_the_hostile_folder(tmp_path: Path) -> None:
    run = run_measured(tmp_path, "validate", str(HOSTILE))
    assert run.code == 1, run.err
    assert "Traceback" not in run.out + run.err and "internal error" not in run.err
    lines = run.out.splitlines()
    for case in REJECTED:
        assert any(line.startswith(f"{case.path}:") for line in lines), case.file
    assert lines[-1].startswith(f"{len(REJECTED)} file(s): 0 valid"), lines[-1]


# --- paths that are not what they claim ---------------------------------------------------


def copy_valid(folder: Path, *codes: str) -> None:
    """Valid encodings under the given codes (the fixture with its code replaced)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = XYZ.read_text(encoding="utf-8")
    for code in codes:
        (folder / f"{code}.yaml").write_text(text.replace("code: XYZ", f"code: {code}", 1))


def test_a_directory_where_a_file_is_expected(runner: CliRunner, tmp_path: Path) -> None:
    copy_valid(tmp_path, "XYZ")
    (tmp_path / "ABC.yaml").mkdir()
    result = invoke(runner, "show", str(tmp_path / "ABC.yaml"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'ABC.yaml'}: [error] is a directory, not a file (file-unreadable)" in (
        result.stderr
    )
    result = invoke(runner, "validate", str(tmp_path))
    assert result.exit_code == 1
    assert "ABC.yaml: [error] is a directory" in result.stdout
    assert "2 file(s): 1 valid, 1 error(s)" in result.stdout
    result = invoke(runner, "diff", "XYZ", str(tmp_path), "--data", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.stderr


def readable(path: Path) -> bool:
    try:
        path.read_bytes()
    except OSError:
        return False
    return True


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_an_unreadable_file(runner: CliRunner, tmp_path: Path) -> None:
    copy_valid(tmp_path, "XYZ", "ABC")
    locked = tmp_path / "ABC.yaml"
    locked.chmod(0)
    if readable(locked):
        pytest.skip("this user reads any file (root)")
    result = invoke(runner, "validate", str(tmp_path))
    assert result.exit_code == 1
    expected = f"{locked}: [error] cannot read file: Permission denied (file-unreadable)"
    assert expected in result.stdout
    assert "2 file(s): 1 valid, 1 error(s)" in result.stdout
    result = invoke(runner, "show", str(locked))
    assert result.exit_code == 2 and expected in result.stderr
    result = invoke(runner, "list", "--data", str(tmp_path), "--format", "json")
    assert result.exit_code == 1
    assert [j["code"] for j in json.loads(result.stdout)["jurisdictions"]] == ["XYZ"]


def test_a_missing_path(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "NOPE.yaml"
    result = invoke(runner, "validate", str(missing))
    assert result.exit_code == 1
    assert f"{missing}: [error] cannot read file" in result.stdout
    assert "(file-unreadable)" in result.stdout
    for args in (["show", str(missing)], ["diff", str(XYZ), str(missing)]):
        result = invoke(runner, *args)
        assert result.exit_code == 2
        assert f"legcompare: error: no such file: {missing}" in result.stderr
    result = invoke(runner, "matrix", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "is not a directory" in result.stderr


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_symlink_loop_in_the_data_folder(runner: CliRunner, tmp_path: Path) -> None:
    copy_valid(tmp_path, "XYZ")
    (tmp_path / "SLF.yaml").symlink_to("SLF.yaml")
    (tmp_path / "PNG.yaml").symlink_to("PONG.yaml")
    (tmp_path / "PONG.yaml").symlink_to("PNG.yaml")
    (tmp_path / "loop").symlink_to(".")
    result = invoke(runner, "matrix", "--data", str(tmp_path), "--format", "json")
    assert result.exit_code == 1
    assert [j["code"] for j in json.loads(result.stdout)["jurisdictions"]] == ["XYZ"]
    for name in ("SLF.yaml", "PNG.yaml", "PONG.yaml"):
        assert f"{tmp_path / name}: [error] cannot read file" in result.stderr
    assert "skipped 3 invalid file(s)" in result.stderr
    result = invoke(runner, "validate", "--data", str(tmp_path))
    assert result.exit_code == 1
    assert "4 file(s): 1 valid, 3 error(s)" in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_in_the_data_folder_does_not_hang(tmp_path: Path) -> None:
    data = tmp_path / "data"
    copy_valid(data, "XYZ")
    os.mkfifo(data / "ABC.yaml")  # nobody ever writes to it: opening it must not wait
    command = [sys.executable, "-m", "legcompare", "matrix", "--data", str(data), "-f", "json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=20)
    assert done.returncode == 1, done.stderr
    assert [j["code"] for j in json.loads(done.stdout)["jurisdictions"]] == ["XYZ"]
    assert "ABC.yaml: [error]" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["show", "../XYZ"],
        ["show", ".."],
        ["show", "XYZ/../XYZ"],
        ["score", "../../XYZ"],
        ["gaps", "countries/../XYZ"],
        ["diff", "XYZ", "../XYZ"],
        ["check", "../XYZ"],
        ["check", "XYZ", "--against", "../XYZ"],
        ["init", "../XYZ", "--name", "Escape"],
        ["init", "../../tmp/XYZ", "--name", "Escape"],
    ],
    ids=lambda a: " ".join(a),
)
def test_codes_never_reach_outside_the_data_folder(
    args: list[str], runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A valid XYZ one level up: a code that climbed out of the data folder would find it.
    copy_valid(tmp_path, "XYZ")
    data = tmp_path / "data"
    copy_valid(data, "XYZ")
    monkeypatch.chdir(data)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = invoke(runner, *args, "--data", str(data))
    assert result.exit_code == 2, result.output
    assert "legcompare: error:" in result.stderr
    assert result.stdout == ""
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_one_broken_file_among_good_ones(runner: CliRunner, tmp_path: Path) -> None:
    good = ["XYZ", "ZZ-BOM", "ZZ-CRL", "ZZ-ALI"]
    copy_valid(tmp_path, "XYZ")
    broken = ["alias-bomb.yaml", "binary-garbage.yaml", "ZZ-WTI.yaml", "ZZ-HUG.yaml", "empty.yaml"]
    for name in broken:
        shutil.copy(HOSTILE / name, tmp_path / name)
    for name in ("ZZ-BOM.yaml", "ZZ-CRL.yaml", "ZZ-ALI.yaml"):
        shutil.copy(HOSTILE / "accepted" / name, tmp_path / name)
    for command in ("matrix", "list"):
        result = invoke(runner, command, "--data", str(tmp_path), "--format", "json")
        assert result.exit_code == 1, result.output
        codes = {j["code"] for j in json.loads(result.stdout)["jurisdictions"]}
        assert codes == set(good)
        for name in broken:
            assert f"{tmp_path / name}" in result.stderr
        assert f"skipped {len(broken)} invalid file(s)" in result.stderr
    result = invoke(runner, "validate", "--data", str(tmp_path), "--format", "json")
    assert result.exit_code == 1
    files = {Path(f["path"]).name: f["valid"] for f in json.loads(result.stdout)["files"]}
    assert files == {**{f"{c}.yaml": True for c in good}, **dict.fromkeys(broken, False)}


# --- safe outputs --------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
EVENT = '"><img src=x onerror=alert(1)>'
HTML_PAYLOAD = f"{SCRIPT} {EVENT}"
FORMULAS = ["=1+2", "+1+2", "-1+2", "@SUM(1)", "\t=1+2", "\r=1+2"]

# Every free-text field of an encoding, and of the catalogue (the rest are ids, codes, enums).
ENCODING_FIELDS = {
    "jurisdiction": ("name", "subregion"),
    "sources": ("title", "note"),
    "provisions": ("cite", "heading", "note"),
    "answers": ("translation", "note"),
}


def poison_encoding(data: dict[str, Any], payloads: Iterator[str]) -> None:
    """Put payloads in every free-text field; quotes are payloads found in every text."""

    def payload() -> str:
        return next(payloads)

    for key in ENCODING_FIELDS["jurisdiction"]:
        data["jurisdiction"][key] = payload()
    data["notes"] = payload()
    for source in data["sources"]:
        source.update({k: payload() for k in ENCODING_FIELDS["sources"]})
        source["url"] = "https://example.org/" + payload()
    quote = payload()
    for provision in data["provisions"]:
        provision.update({k: payload() for k in ENCODING_FIELDS["provisions"]})
        provision["text"] = f"{provision['text']} {quote}"
        provision["penalty"]["note"] = payload()
    for answer in data["elements"].values():
        answer.update({k: payload() for k in ENCODING_FIELDS["answers"]})
        if "quote" in answer:
            answer["quote"] = quote


def poison_catalogue(data: dict[str, Any], payloads: Iterator[str]) -> None:
    def payload() -> str:
        return next(payloads)

    for category in data["categories"]:
        category.update(label=payload(), description=payload())
    for element in data["elements"]:
        element.update(label=payload(), question=payload(), drafting_note=payload())
        element["guidance"] = {k: payload() for k in element.get("guidance") or {}}


def poisoned_corpus(root: Path, payloads: list[str]) -> Path:
    """A data folder (own catalogue, AAA and BBB) with payloads in every string field."""
    turn = itertools.cycle(payloads)
    (root / "countries").mkdir(parents=True)
    shutil.copytree(ROOT / "elements", root / "elements")
    catalogue_path = root / "elements" / "elements.yaml"
    catalogue = yaml.safe_load(catalogue_path.read_text(encoding="utf-8"))
    poison_catalogue(catalogue, turn)
    catalogue_path.write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    for code in ("AAA", "BBB"):
        encoding = yaml.safe_load(XYZ.read_text(encoding="utf-8"))
        encoding["jurisdiction"]["code"] = code
        poison_encoding(encoding, turn)
        text = yaml.safe_dump(encoding, allow_unicode=True)
        (root / "countries" / f"{code}.yaml").write_text(text, encoding="utf-8")
    return root


OUTPUT_COMMANDS: list[tuple[str, ...]] = [
    ("elements",),
    ("list",),
    ("show", "AAA"),
    ("score", "AAA", "BBB", "--explain"),
    ("gaps", "AAA", "--peers", "3"),
    ("diff", "AAA", "BBB", "--all"),
    ("matrix",),
    ("matrix", "--wide"),
    ("check", "AAA", "--against", "BBB"),
    ("validate",),
]
# Commands whose output carries no free text of the encoding (scores, codes and counts only).
NO_TEXT = {("score", "AAA", "BBB", "--explain"), ("validate",)}


@pytest.fixture(scope="module")
def html_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return poisoned_corpus(tmp_path_factory.mktemp("html"), [HTML_PAYLOAD])


@pytest.fixture(scope="module")
def csv_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return poisoned_corpus(tmp_path_factory.mktemp("csv"), FORMULAS)


def test_the_poisoned_corpora_validate(
    runner: CliRunner, html_corpus: Path, csv_corpus: Path
) -> None:
    for corpus in (html_corpus, csv_corpus):
        result = invoke(runner, "validate", "--data", str(corpus))
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", OUTPUT_COMMANDS, ids=" ".join)
def test_html_escapes_every_data_field(
    command: tuple[str, ...], runner: CliRunner, html_corpus: Path
) -> None:
    result = invoke(runner, *command, "--data", str(html_corpus), "--format", "html")
    assert result.exit_code in (0, 1), result.output  # check may fall short: exit 1
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert SCRIPT not in page and EVENT not in page
    assert "<script" not in page and "<img" not in page and "onerror=alert(1)>" not in page
    if command not in NO_TEXT:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the data is there, escaped


def test_html_escapes_finding_messages(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "XYZ.yaml"
    bad.write_text(XYZ.read_text(encoding="utf-8") + f"'{SCRIPT}': 1\n'{EVENT}': 2\n")
    result = invoke(runner, "validate", str(bad), "--format", "html")
    assert result.exit_code == 1
    assert SCRIPT not in result.stdout and EVENT not in result.stdout
    assert "unknown key &#39;&lt;script&gt;" in result.stdout


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize("command", OUTPUT_COMMANDS, ids=" ".join)
def test_csv_neutralises_formulas_in_every_command(
    command: tuple[str, ...], runner: CliRunner, csv_corpus: Path
) -> None:
    result = invoke(runner, *command, "--data", str(csv_corpus), "--format", "csv")
    assert result.exit_code in (0, 1), result.output
    cells = csv_cells(result.stdout)  # the reader refuses a bare CR outside quotes
    assert cells, result.stdout
    live = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert live == [], live
    if command not in NO_TEXT:
        assert any(c.startswith(("'=", "'+", "'-", "'@", "'\t", "'\r")) for c in cells)


def test_csv_neutralises_a_file_name(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("=HYPERLINK(1).yaml").write_text("- not a mapping\n", encoding="utf-8")
    result = invoke(runner, "validate", "=HYPERLINK(1).yaml", "--format", "csv")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["path"] for r in rows] == ["'=HYPERLINK(1).yaml"]


# --- -o FILE: atomic, and nothing written anywhere else -------------------------------------


def tree(*roots: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under the roots, with its size and modification time."""
    found: dict[str, tuple[int, int]] = {}
    for root in roots:
        for path in [root, *root.rglob("*")]:
            stat = path.lstat()
            found[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.fixture()
def old_output(tmp_path: Path) -> Path:
    target = tmp_path / "out" / "matrix.html"
    target.parent.mkdir()
    target.write_text("old report\n", encoding="utf-8")
    return target


NO_CACHE = {"LEGCOMPARE_NO_CACHE": "1"}
SMALL = ("--data", str(DATA / "valid"))  # one encoding: the output is what matters here


def test_output_file_is_replaced_whole(runner: CliRunner, old_output: Path) -> None:
    result = invoke(runner, "matrix", *SMALL, "-f", "html", "-o", str(old_output), env=NO_CACHE)
    assert result.exit_code == 0, result.output
    assert old_output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in old_output.parent.iterdir()] == ["matrix.html"]


def test_a_failed_rename_keeps_the_old_file(
    runner: CliRunner, old_output: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(source: Any, target: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    result = invoke(runner, "matrix", *SMALL, "-f", "html", "-o", str(old_output), env=NO_CACHE)
    assert result.exit_code == 2, result.output
    assert "cannot write" in result.stderr and "No space left on device" in result.stderr
    assert old_output.read_text(encoding="utf-8") == "old report\n"
    assert [p.name for p in old_output.parent.iterdir()] == ["matrix.html"]


class _FailingHandle(io.StringIO):
    """A file that accepts a little text, then fails as a full disk or an interrupt would."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        super().write(text[:10])
        raise self.error


@pytest.mark.parametrize(
    ("error", "exit_code"),
    [(OSError(28, "No space left on device"), 2), (KeyboardInterrupt(), 130)],
    ids=["disk-full", "interrupt"],
)
def test_an_interrupted_write_keeps_the_old_file(
    error: BaseException,
    exit_code: int,
    runner: CliRunner,
    old_output: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def failing_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        os.close(fd)
        return _FailingHandle(error)

    monkeypatch.setattr(os, "fdopen", failing_fdopen)
    result = invoke(runner, "matrix", *SMALL, "-f", "html", "-o", str(old_output), env=NO_CACHE)
    assert result.exit_code == exit_code, result.output
    assert old_output.read_text(encoding="utf-8") == "old report\n"
    assert [p.name for p in old_output.parent.iterdir()] == ["matrix.html"]


def test_output_into_a_missing_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "m.csv"
    result = invoke(runner, "matrix", *SMALL, "-f", "csv", "-o", str(target), env=NO_CACHE)
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert not (tmp_path / "missing").exists()


@pytest.fixture()
def sandbox(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """A working folder, a home, a temp folder and a copied corpus, all watched for writes."""
    for name in ("cwd", "home", "tmp"):
        (tmp_path / name).mkdir()
    copy_valid(tmp_path / "data", "XYZ", "ABC")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "LEGCOMPARE_"))}
    env.update(
        HOME=str(tmp_path / "home"),
        TMPDIR=str(tmp_path / "tmp"),
        LEGCOMPARE_NO_CACHE="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    yield tmp_path, env


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["matrix"],
        ["validate"],
        ["gaps", "XYZ", "--format", "markdown"],
        ["diff", "XYZ", "ABC", "--format", "json"],
    ],
    ids=" ".join,
)
def test_no_cache_writes_nothing_but_stdout(
    args: list[str], sandbox: tuple[Path, dict[str, str]]
) -> None:
    root, env = sandbox
    watched = [root / name for name in ("cwd", "home", "tmp", "data")]
    before = tree(*watched)
    command = [sys.executable, "-m", "legcompare", *args, "--data", str(root / "data")]
    done = subprocess.run(command, cwd=root / "cwd", env=env, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout
    assert tree(*watched) == before


@pytest.mark.slow
def test_no_cache_with_output_writes_only_that_file(sandbox: tuple[Path, dict[str, str]]) -> None:
    root, env = sandbox
    watched = [root / name for name in ("cwd", "home", "tmp", "data")]
    before = tree(*watched)
    command = [sys.executable, "-m", "legcompare", "matrix", "--data", str(root / "data")]
    command += ["--format", "html", "-o", "m.html"]
    done = subprocess.run(command, cwd=root / "cwd", env=env, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    after = tree(*watched)
    target = str(root / "cwd" / "m.html")
    assert set(after) - set(before) == {target}
    assert {k: v for k, v in after.items() if k != target and k != str(root / "cwd")} == {
        k: v for k, v in before.items() if k != str(root / "cwd")
    }
