"""Side-by-side timings: each legcompare case against its baseline, medians over several runs.

Run with `make bench`. Wall time and peak memory (max RSS) of each command are measured in a
child process; each row shows the case, its baseline and their ratio.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def measure(command: list[str]) -> tuple[float, float]:
    """Median wall seconds and median peak RSS (MB) of a command over RUNS runs."""
    walls, peaks = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"benchmark command failed: {' '.join(command)}")
    return statistics.median(walls), statistics.median(peaks)


def main() -> None:
    lc = str(BIN / "legcompare")
    floor = [sys.executable, str(ROOT / "benchmarks" / "floor.py")]
    countries = sorted(str(p) for p in (ROOT / "countries").glob("*.yaml"))
    schema = str(ROOT / "elements" / "jurisdiction.schema.json")
    cases = [
        ("legcompare --version", [lc, "--version"], "floor.py", floor, 1.2),
        (
            "legcompare score ITA --format json",
            [lc, "score", "ITA", "--format", "json"],
            "floor.py",
            floor,
            1.5,
        ),
        ("legcompare matrix", [lc, "matrix", "--color", "never"], "floor.py", floor, 2.0),
        (
            "legcompare validate (corpus)",
            [lc, "validate"],
            "check-jsonschema",
            [str(BIN / "check-jsonschema"), "--schemafile", schema, *countries],
            0.5,
        ),
    ]
    print(f"medians over {RUNS} runs, {len(countries)} encodings\n")
    print("| case | time | peak MB | baseline | time | ratio | target |")
    print("|---|---|---|---|---|---|---|")
    for name, command, base_name, base, target in cases:
        wall, peak = measure(command)
        base_wall, _ = measure(base)
        ratio = wall / base_wall
        verdict = "ok" if ratio <= target else "MISSED"
        print(
            f"| `{name}` | {wall * 1000:.0f} ms | {peak:.0f} | {base_name} | "
            f"{base_wall * 1000:.0f} ms | {ratio:.2f} | <= {target} {verdict} |"
        )


if __name__ == "__main__":
    main()
