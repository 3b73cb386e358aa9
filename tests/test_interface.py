"""The game interface every player uses: `legal` (what a seat may do now) and
`preview` (what an action would do, without doing it)."""

from __future__ import annotations

import pytest

from tests.conftest import end_turns
from wargame.engine.game import Game, Setup
from wargame.errors import LeverRefused
from wargame.model.actions import EndTurn, Pause, Propose, UseLever
from wargame.model.scenario import Scenario


def test_legal_says_whose_move_it_is_and_what_it_may_be(scenario: Scenario) -> None:
    game = Game.start(scenario, Setup(seed=1))
    first, second = scenario.turn_order[:2]
    mine = game.legal(first)
    assert mine.step == "turn" and game.legal(second).step == "wait"
    assert set(mine.issues) == {i.id for i in game.agenda()}
    assert mine.levers == [v.id for v in scenario.levers if v.seat == first]
    game.submit(UseLever(kind="lever", seat=first, lever=mine.levers[0]))
    assert game.legal(first).levers == [], "one lever a round"
    game.submit(
        Propose(kind="propose", seat=first, terms={next(iter(mine.issues)): mine.issues[next(iter(mine.issues))][-1]})
    )
    end_turns(game)
    voter = game.to_act()
    assert voter is not None and game.legal(voter).step == "vote"
    game.submit(Pause(kind="facilitator", command="pause", reason="a break"))
    assert game.legal(voter).step == "wait"


def test_preview_is_what_submit_would_do_and_changes_nothing(scenario: Scenario) -> None:
    game = Game.start(scenario, Setup(seed=2))
    twin = Game.start(scenario, Setup(seed=2))
    seat = game.to_act()
    assert seat is not None
    lever = UseLever(kind="lever", seat=seat, lever=game.legal(seat).levers[0])
    before = (len(game.events), game.state.model_copy(deep=True))
    seen = game.preview(lever)
    assert (len(game.events), game.state) == before
    assert seen.events == twin.submit(lever) and seen.state == twin.state
    for action in (EndTurn(kind="end_turn", seat=seat),):
        assert game.preview(action).state == Game(scenario, [*game.events, *game.preview(action).events]).state


def test_preview_refuses_what_submit_refuses(scenario: Scenario) -> None:
    game = Game.start(scenario, Setup(seed=1))
    seat = game.to_act()
    other = next(v for v in scenario.levers if v.seat != seat)
    with pytest.raises(LeverRefused):
        game.preview(UseLever(kind="lever", seat=str(seat), lever=other.id))
