"""The move toward agreement (`bots.beam`) over a judged space's rows takes
the same steps as over texts: at every turn of seeded bot games, for every
seat, with free terms and with the terms other seats tabled held fixed,
both give the same text and the same answer to whether it moves."""

from __future__ import annotations

import pytest

from tests.bots.conftest import bots, start
from wargame.bots.beam import over_rows, over_texts
from wargame.bots.player import Bot
from wargame.engine.play import act
from wargame.model.scenario import Scenario


def _turns(scenario: Scenario, seed: int, **setup: object) -> int:
    """Compare both beams before each seat's turn of one game; the turns compared."""
    game = start(scenario, seed=seed, **setup)
    players = bots(scenario)
    compared = 0
    while not game.over and game.state.round <= 8:
        seat = game.to_act()
        assert seat is not None
        bot = players[seat]
        if game.state.step == "turns" and game.agenda():
            state = game.state
            locked = {i: t.option for i, t in state.table.items() if t.round == state.round and t.by != seat}
            for fixed in ({}, locked):
                finder = bot.finder(game)
                choices = finder.choices(fixed)
                finder.search(choices, budget=bot.budget, exhaustive=bot.budget, steps=bot.steps)
                space = finder.judged_space(choices)
                if space is None:
                    continue
                current = finder.text(finder.start(choices))
                free = [i for i, opts in choices.items() if len(opts) > 1]
                by_rows = over_rows(bot, finder, space, free, current)
                assert by_rows is not None
                assert by_rows == over_texts(bot, finder, choices, free, current)
                compared += 1
        act(game, bot)
    return compared


@pytest.mark.parametrize(
    "seed, setup",
    [(1, {}), (3, {"lens": "leverage"}), (2, {"sequence": "framework_first"}), (6, {"sequence": "framework_first"})],
)
def test_the_beam_over_rows_moves_as_the_beam_over_texts(
    scenario: Scenario, seed: int, setup: dict[str, object]
) -> None:
    assert _turns(scenario, seed, **setup) >= 8


def test_a_bot_with_a_wider_beam_still_agrees(scenario: Scenario) -> None:
    game = start(scenario, seed=9)
    for bot in (Bot(seat=s, beam=4, max_changes=3) for s in scenario.seat_ids):
        finder = bot.finder(game)
        choices = finder.choices()
        finder.search(choices, budget=bot.budget, exhaustive=bot.budget)
        space = finder.judged_space(choices)
        assert space is not None
        free = [i for i, opts in choices.items() if len(opts) > 1]
        current = finder.text(finder.start(choices))
        assert over_rows(bot, finder, space, free, current) == over_texts(bot, finder, choices, free, current)
