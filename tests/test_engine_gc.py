"""A game makes no reference cycles, so the collector has little to free.

`session.simulate` raises the collector's thresholds while a batch plays on
the strength of this: a per-turn object that points back at its owner (a
closure over the game, a state that holds its fork) would make garbage that
only the collector frees, and show here.
"""

from __future__ import annotations

import gc

from wargame.benches.engine import random_game
from wargame.model.scenario import Scenario
from wargame.session.simulate import Batch, play_game


def cycles_left_by(make: object) -> int:
    # settle what earlier tests left (finalizers can free more on a second pass)
    for _ in range(10):
        if not gc.collect():
            break
    was = gc.isenabled()
    gc.disable()
    try:
        assert callable(make)
        game = make()
        del game
        return gc.collect()
    finally:
        if was:
            gc.enable()


def test_a_random_legal_game_makes_no_reference_cycles(scenario: Scenario) -> None:
    random_game(scenario, 0)  # the first game builds the scenario's tables
    assert cycles_left_by(lambda: random_game(scenario, 3)) == 0


def test_a_bot_game_makes_no_reference_cycles(scenario: Scenario) -> None:
    """With the bots' context cache emptied first: a context it evicts (after
    64) is a cycle (`bots.judge.Context` and its `SeatJudge`s point at each
    other), which the collector frees; the game itself makes none."""
    from wargame.bots.judge import CONTEXTS

    CONTEXTS.clear()
    play_game(scenario, Batch(games=1), 0)
    assert cycles_left_by(lambda: play_game(scenario, Batch(games=1), 1)) == 0
