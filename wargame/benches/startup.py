"""The start-up benchmark: how long a person waits for the first screen.

Each entry point (`wargame`, `wargame play SCENARIO`, `wargame solo`,
`wargame resume SAVE`, `wargame replay SAVE`) is launched as a fresh Python
process, through the real command line (`wargame.cli.main`), exactly as a
user starts it, except that Textual runs headless: `App.run` is wrapped to
pass `headless=True` and an auto-pilot that waits until the first screen is
mounted and the app is idle, then notes the time and exits. The time counted
is wall-clock from just before the process is launched (so the interpreter's
start and every import are in it) to that first idle screen.

What it does not count: the terminal's own drawing (headless has none), and
work the app defers until after its first screen (that is the point of
deferring it: the person already sees something they can act on).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

from wargame.benches.targets import FIRST_SCREEN

CHILD = r"""
import os, sys, time
from textual.app import App

_run = App.run

def run(self, *args, **kwargs):
    async def first_screen(pilot):
        await pilot.pause()
        shown = time.time()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        print("FIRST-SCREEN", shown, time.time(), type(pilot.app.screen).__name__, flush=True)
        pilot.app.exit()

    kwargs["headless"] = True
    kwargs["auto_pilot"] = first_screen
    kwargs.setdefault("size", (120, 40))
    return _run(self, *args, **kwargs)

App.run = run

class _Tty:  # `wargame` alone opens the menu only at a terminal
    def __init__(self, stream):
        self._stream = stream
    def isatty(self):
        return True
    def __getattr__(self, name):
        return getattr(self._stream, name)

if len(sys.argv) == 1:
    sys.stdin, sys.stdout = _Tty(sys.stdin), _Tty(sys.stdout)
from wargame.cli import main
sys.exit(main(sys.argv[1:]))
"""


def first_screen(argv: list[str], cwd: str | None = None) -> tuple[float, float, str]:
    """Wall seconds from launch to the first screen shown (mounted, its first
    messages handled), to the app idle with its background workers done (the
    screen ready for everything), and the class of the screen then shown."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="")
    start = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    for line in proc.stdout.splitlines():
        if "FIRST-SCREEN" in line:
            _, shown, ready, screen = line[line.index("FIRST-SCREEN") :].split()[:4]
            return float(shown) - start, float(ready) - start, screen
    raise RuntimeError(f"`wargame {' '.join(argv)}` showed no screen (exit {proc.returncode}): {proc.stderr[-800:]}")


def startup_bench(scenario: str, seat: str, save: str, runs: int = 3) -> str:
    """First-screen wall times (min and median over `runs`) for every entry
    point; `seat` is the one `solo` plays, `save` the game resumed and replayed."""
    entries: dict[str, list[str]] = {
        "wargame": [],
        "play SCENARIO": ["play", scenario],
        "solo": ["solo", "--scenario", scenario, "--seat", seat, "--seed", "1", "--save", ""],
        "resume SAVE": ["resume", save],
        "replay SAVE": ["replay", save],
    }
    rows = [
        f"first interactive screen, wall from launch (headless Textual, min / median of {runs}): "
        "shown, and ready (background work done)"
    ]
    slowest = 0.0
    for name, argv in entries.items():
        times: list[float] = []
        readies: list[float] = []
        screen = ""
        for k in range(runs):
            args = list(argv)
            if name == "solo":  # a new save every run
                args[-1] = os.path.join(os.path.dirname(save), f"solo-bench-{os.getpid()}-{k}.jsonl")
            if name == "resume SAVE":  # resuming locks and may repair the save: use a copy
                args[-1] = _copy(save, k)
            shown, ready, screen = first_screen(args)
            times.append(shown)
            readies.append(ready)
        rows.append(
            f"  {name:<14} shown {min(times) * 1000:5.0f} / {statistics.median(times) * 1000:5.0f} ms, "
            f"ready {min(readies) * 1000:5.0f} / {statistics.median(readies) * 1000:5.0f} ms   ({screen})"
        )
        slowest = max(slowest, statistics.median(times))
    rows.append(FIRST_SCREEN.line(slowest * 1000, "the slowest entry point's median"))
    return "\n".join(rows)


def _copy(save: str, k: int) -> str:
    path = os.path.join(os.path.dirname(save), f"resume-bench-{os.getpid()}-{k}.jsonl")
    with open(save, "rb") as src, open(path, "wb") as dst:
        dst.write(src.read())
    return path


if __name__ == "__main__":  # python -m wargame.benches.startup SCENARIO SAVE
    print(json.dumps(first_screen(sys.argv[1:])))
