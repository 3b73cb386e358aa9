"""The cyclic garbage collector's policy for a process that plays games.

Why: the engine makes no reference cycles (`tests/test_engine_gc.py`) and the
bots make few, yet at Python's default thresholds (700 allocations) the
collector ran every few actions, and each collection of its oldest
generation walked the whole heap: the bots' tables, the scenario, pydantic's
schemas. That was 13% of a batch of bot games and pauses of 150-400 ms in the
middle of a deal search (the p99 of `wargame bench-bots`). Freezing what is
loaded and raising the thresholds keeps the collector for what it is for
(the rare cycle) without the pauses.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (50_000, 50, 100)
"""Generation 0 collects after 50,000 allocations net, not 700."""


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
