"""The cyclic garbage collector's policy for a process that plays games.

Why: the engine makes no reference cycles (`tests/test_engine_gc.py`) and the
bots make few, yet at Python's default thresholds (700 allocations) each
collection of the oldest generation walked the whole heap: the bots'
tables, the scenario, pydantic's schemas. That was 13% of a batch of bot
games and pauses of 150-400 ms in the middle of a deal search. Freezing what
is loaded (and, in a batch, what outlives each game: `session.simulate`)
keeps the old generation small; what is left to choose is how large the
young generations grow before they are walked, since a young collection's
pause grows with what it walks. At 50,000 allocations a young collection
took 14-20 ms and landed inside a deal search often enough to put the
finder's p99 over 20 ms; at 5,000 (and generation 1 after 5 of them) no
collection took over 6 ms in the same play, for the same total time (about
45 ms in 10 bot games per sequence) and the same batch speed (docs/speed.md).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

THRESHOLDS = (5_000, 5, 100)
"""Generation 0 collects after 5,000 allocations net (not 700), generation 1
after 5 of those (not 10)."""


@contextmanager
def playing() -> Iterator[None]:
    """While the block runs: what is alive now is frozen out of the
    collector's sight and the thresholds are raised; both are put back after."""
    before = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def exit_now(code: int) -> NoReturn:
    """End the process with `code`, without the last walk of the heap.

    Why: as the interpreter shuts down it walks every object still alive
    looking for cycles, only to free them all anyway: after a 300-game
    `simulate` (whose shared tables live to the end) that walk was about
    0.4 s of 5.4 s CPU. Frozen, they are not walked. Everything else about
    the end is as usual: `atexit` handlers run, and files are flushed and
    closed as their objects are freed.
    """
    gc.freeze()
    sys.exit(code)
