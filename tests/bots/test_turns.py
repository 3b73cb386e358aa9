"""A bot's turn: deterministic, within the rules of the table, explained."""

from __future__ import annotations

from tests.bots.conftest import bots, play, start
from wargame.bots.player import Bot
from wargame.model import events as e
from wargame.model.actions import EndTurn, Propose
from wargame.model.scenario import Scenario


def test_same_seed_same_game_event_for_event(scenario: Scenario) -> None:
    first = play(start(scenario, seed=11), bots(scenario), rounds=5)
    second = play(start(scenario, seed=11), bots(scenario), rounds=5)
    assert [ev.model_dump() for ev in first.events] == [ev.model_dump() for ev in second.events]


def test_seeds_make_different_games(scenario: Scenario) -> None:
    games = [play(start(scenario, seed=s), bots(scenario), rounds=6) for s in range(4)]
    histories = {tuple((ev.kind, getattr(ev, "seat", None)) for ev in g.events) for g in games}
    assert len(histories) > 1


def test_a_turn_is_a_pure_function_of_the_game(scenario: Scenario) -> None:
    game = start(scenario, seed=5, sequence="framework_first")
    bot = Bot(seat="us")
    assert bot.turn(game) == bot.turn(game)


def test_a_bot_does_not_change_terms_another_seat_tabled_this_round(scenario: Scenario) -> None:
    game = start(scenario, seed=1, sequence="framework_first")
    game.submit(
        Propose(kind="propose", seat="us", terms={"alignment": "nato_membership", "territory": "full_restoration"})
    )
    game.submit(EndTurn(kind="end_turn", seat="us"))
    for action in Bot(seat="russia").turn(game):
        if isinstance(action, Propose):
            assert not {"alignment", "territory"} & set(action.terms)


def test_every_bot_action_says_why(scenario: Scenario) -> None:
    game = play(start(scenario, seed=3, lens="leverage"), bots(scenario), rounds=6)
    for ev in game.events:
        if isinstance(ev, e.Proposed | e.LeverUsed | e.TurnEnded | e.VoteCast):
            assert ev.why, ev
        if isinstance(ev, e.MessageSent):
            assert len(ev.text) <= 300


def test_levers_follow_the_profile(scenario: Scenario) -> None:
    """Only levers the seat's lever policies name are pulled, by their seat."""
    policies = {s.id: {p.lever for p in s.profile.levers} for s in scenario.seats}
    for seed in range(3):
        game = play(start(scenario, seed=seed), bots(scenario))
        for ev in game.events:
            if isinstance(ev, e.LeverUsed):
                assert ev.lever in policies[ev.seat]
