"""Tables built once per scenario: `@per_scenario` on a function of a scenario.

A scenario is frozen once loaded, so what the engine, the rules and the bots
read of it (the options of each agenda, the rulebook's index, the indicators'
starts, ...) can be built on first use and shared by every game of it.
They are keyed by the scenario object itself: by `id`, checked with `is` (an
id may be reused once a scenario is gone), because hashing a whole scenario
costs more than most of the tables. A process that loads many scenarios (the
tests, a long-running server) keeps the last 64.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from wargame.model.scenario import Scenario

T = TypeVar("T")

KEPT = 64


def per_scenario(build: Callable[[Scenario], T]) -> Callable[[Scenario], T]:
    """`build(scenario)`, made once per scenario object."""
    held: dict[int, tuple[Scenario, T]] = {}
    last: list[tuple[Scenario, T]] = []
    """The scenario asked last, with its tables: nearly every call (a game
    reads one scenario), answered with one identity test."""

    @functools.wraps(build)
    def tables(scenario: Scenario) -> T:
        if last and last[0][0] is scenario:
            return last[0][1]
        hit = held.get(id(scenario))
        if hit is None or hit[0] is not scenario:
            if len(held) >= KEPT:
                held.clear()
            hit = held[id(scenario)] = (scenario, build(scenario))
        last[:] = [hit]
        return hit[1]

    return tables
