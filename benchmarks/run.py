"""Side-by-side timings: each legcompare case against its baseline, medians over several runs.

Run with `make bench` (BENCH_RUNS=N to change the number of runs, 5 at least; BENCH_QUICK=1
skips the 10,000-file rows). Every command runs in a child process; its wall time and peak
memory (max RSS of the process or of its largest worker) are taken with wait4. A case and its
baseline are measured in the same run, alternately, so that both see the same machine.

The cache lives in a temporary folder: "warm" cases run once before they are measured to fill
it, "cold" cases run with --no-cache. The synthetic corpora are made by make_corpus.py.

Bytecode is warm too, as it is for anyone who installed legcompare or ran it once: the children
may write it (PYTHONDONTWRITEBYTECODE, when the environment sets it, would recompile the package
from source on every run: ~20 ms of a warm `score` that no user pays), under the temporary
folder (PYTHONPYCACHEPREFIX), so the checkout is left as it was.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RUNS = max(5, int(os.environ.get("BENCH_RUNS", "5")))
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")


@dataclass
class Sample:
    walls: list[float]
    peaks: list[float]

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def peak(self) -> float:
        return statistics.median(self.peaks)


def once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one run of a command."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"benchmark command failed: {' '.join(command)}")
    return wall, usage.ru_maxrss / 1024


def pair(case: list[str], base: list[str], env: dict[str, str]) -> tuple[Sample, Sample]:
    """RUNS runs of a case and of its baseline, alternating."""
    first, second = Sample([], []), Sample([], [])
    for _ in range(RUNS):
        for command, sample in ((case, first), (base, second)):
            wall, peak = once(command, env)
            sample.walls.append(wall)
            sample.peaks.append(peak)
    return first, second


def row(name: str, case: Sample, base_name: str, base: Sample, target: float) -> str:
    ratio = case.wall / base.wall
    verdict = "ok" if ratio <= target else "MISSED"
    return (
        f"| {name} | {case.wall * 1000:,.0f} ms | {case.peak:,.0f} | {base_name} | "
        f"{base.wall * 1000:,.0f} ms | {ratio:.2f} | <= {target} {verdict} |"
    )


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="legcompare-bench-"))
    env = {**os.environ, "LEGCOMPARE_CACHE_DIR": str(work / "cache")}
    env["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("LEGCOMPARE_NO_CACHE", None)
    env.pop("LEGCOMPARE_DATA", None)
    lc = str(BIN / "legcompare")
    floor = [sys.executable, str(ROOT / "benchmarks" / "floor.py")]
    countries = sorted(str(p) for p in (ROOT / "countries").glob("*.yaml"))
    schema = str(ROOT / "elements" / "jurisdiction.schema.json")
    print(f"medians over {RUNS} runs; {len(countries)} shipped encodings; {os.cpu_count()} cores")
    print()
    print("| case | time | peak MB | baseline | time | ratio | target |")
    print("|---|---|---|---|---|---|---|")

    small = [
        ("`legcompare --version`", [lc, "--version"], "floor.py", floor, 1.2),
        ("`legcompare score ITA --format json`", [lc, "score", "ITA", "--format", "json"],
         "floor.py", floor, 1.5),
        ("`legcompare matrix` (shipped, warm)", [lc, "matrix", "--color", "never"],
         "floor.py", floor, 2.0),
        ("`legcompare validate` (shipped)", [lc, "validate"], "check-jsonschema",
         [str(BIN / "check-jsonschema"), "--schemafile", schema, *countries], 0.5),
    ]  # fmt: skip
    for name, command, base_name, base, target in small:
        once(command, env)  # fills the cache: these cases are measured warm
        once(base, env)  # and compiles the baseline's bytecode
        case, baseline = pair(command, base, env)
        print(row(name, case, base_name, baseline, target), flush=True)
    if QUICK:
        return

    corpora = {}
    for size in (1_000, 10_000):
        folder = work / f"corpus-{size}"
        maker = [sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), str(size)]
        subprocess.run([*maker, str(folder)], check=True)
        corpora[size] = folder

    def matrix(size: int, *flags: str) -> list[str]:
        return [lc, *flags, "matrix", "--data", str(corpora[size]), "--format", "csv"]

    plain = [sys.executable, str(ROOT / "benchmarks" / "plain_load.py"), str(corpora[10_000])]
    cold, loop = pair(matrix(10_000, "--no-cache"), plain, env)
    print(row("`matrix --format csv`, 10,000, cold", cold, "C-loader loop", loop, 2.0))
    once(matrix(10_000), env)  # fill the cache
    warm, cold_again = pair(matrix(10_000), matrix(10_000, "--no-cache"), env)
    print(row("the same, warm", warm, "the same, cold", cold_again, 0.15))
    cold_10k, cold_1k = pair(matrix(10_000, "--no-cache"), matrix(1_000, "--no-cache"), env)
    print(row("the same, cold, 10,000", cold_10k, "1,000 cold", cold_1k, 11))
    peak = max(cold.peak, warm.peak, cold_again.peak, cold_10k.peak)
    verdict = "ok" if peak <= 600 else "MISSED"
    print(f"| peak memory, matrix over 10,000 | {peak:,.0f} MB | | | | | <= 600 MB {verdict} |")


if __name__ == "__main__":
    main()
