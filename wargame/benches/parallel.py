"""The parallel benchmark: `wargame bench --part jobs`.

`wargame simulate --jobs 2` should finish a batch about twice as fast as
`--jobs 1` on two cores, with the very same results. Each run is a fresh
process of the real command line (so no cache one run warmed helps the
next), the two alternate (1, 2, 1, 2, ...) so that a change of the
machine's load falls on both, and the ratio is taken pair by pair. Wall
time is what a facilitator waits for; the CPU time of both (children
included) says how much the split itself costs.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from wargame.benches.targets import JOBS


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    output: bytes


def simulate(scenario: str, games: int, jobs: int) -> Run:
    """One `wargame simulate` process: its wall time, the CPU time of it and
    its workers, and its JSON summary."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "wargame", "simulate", scenario, "--games", str(games), "--jobs", str(jobs)]
        + ["--quiet", "--json"],
        capture_output=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"simulate --jobs {jobs} failed: {proc.stderr.decode()[-400:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, proc.stdout)


def jobs_report(scenario: str, games: int = 120, runs: int = 3) -> str:
    """`--jobs 1` against `--jobs 2`, `runs` pairs."""
    pairs: list[tuple[Run, Run]] = []
    for _ in range(runs):
        pairs.append((simulate(scenario, games, 1), simulate(scenario, games, 2)))
    ratios = [one.wall / two.wall for one, two in pairs]
    same = all(one.output == two.output == pairs[0][0].output for one, two in pairs)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    best = max(ratios)
    median = statistics.median(ratios)
    lines = [
        f"simulate, {games} games, --jobs 1 against --jobs 2 ({runs} pairs, {cores} cores, wall time):",
        "  --jobs 1: "
        + ", ".join(f"{one.wall:.2f} s" for one, _ in pairs)
        + f" (CPU {statistics.median(one.cpu for one, _ in pairs):.2f} s median)",
        "  --jobs 2: "
        + ", ".join(f"{two.wall:.2f} s" for _, two in pairs)
        + f" (CPU {statistics.median(two.cpu for _, two in pairs):.2f} s median, workers included)",
        "  ratio: " + ", ".join(f"{r:.2f}x" for r in ratios) + f"; best {best:.2f}x, median {median:.2f}x",
        f"  the same results for both: {'yes' if same else 'NO'}",
        JOBS.line(median, f"median of {runs} pairs, wall time"),
    ]
    return "\n".join(lines)
