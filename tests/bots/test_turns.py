"""A bot's turn: deterministic, within the rules of the table, explained."""

from __future__ import annotations

from tests.bots.conftest import bots, play, start
from wargame.bots.player import Bot
from wargame.engine.game import Game, Setup
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
    """Among bots, the terms another bot tabled this round are held fixed: each
    later bot counters on the other issues (and some do table something then)."""
    checked = 0
    for seed in range(2):
        game = start(scenario, seed=seed, sequence="framework_first")
        while not game.over and game.state.round <= 2:
            seat = game.to_act()
            assert seat is not None
            if game.state.step != "turns":
                game.submit(Bot(seat=seat).vote(game))
                continue
            tabled = {i for i, t in game.state.table.items() if t.round == game.state.round and t.by != seat}
            actions = Bot(seat=seat).turn(game)
            for action in actions:
                if isinstance(action, Propose) and tabled:
                    checked += 1
                    assert not tabled & set(action.terms), (seed, seat, tabled, action.terms)
            for action in actions:
                game.submit(action)
    assert checked, "no bot proposed after another had tabled terms: the check above never ran"


def test_a_bot_leaves_a_text_people_tabled_this_round_as_it_is(scenario: Scenario) -> None:
    """A text tabled by a scripted (or human) seat goes to the vote as tabled."""
    first = scenario.turn_order[0]
    seats = {s: ("script" if s == first else "bot") for s in scenario.seat_ids}
    for seed in range(3):
        game = Game.start(scenario, Setup(seed=seed, sequence="framework_first", seats=seats))
        game.submit(Propose(kind="propose", seat=first, terms={"alignment": "nato_membership"}))
        game.submit(EndTurn(kind="end_turn", seat=first))
        nxt = game.to_act()
        assert nxt is not None and nxt != first
        actions = Bot(seat=nxt).turn(game)
        assert actions and not [a for a in actions if isinstance(a, Propose)], actions


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


def test_the_last_refusals_are_those_of_the_last_round_voted(scenario: Scenario) -> None:
    """`last_refusals` reads the votes from the log's end: the same round
    and seats as the maximum over every vote so far, at every point of a game."""
    from types import SimpleNamespace

    from wargame.bots.player import last_refusals
    from wargame.session.simulate import Batch, play_game

    votes = list(play_game(scenario, Batch(games=1, seed=3), 0).state.votes)
    assert len({v.round for v in votes}) > 2 and any(v.response == "reject" for v in votes)
    for n in range(len(votes) + 1):
        so_far = votes[:n]
        last = max((v.round for v in so_far), default=0)
        expected = (last, {v.seat for v in so_far if v.round == last and v.response == "reject"})
        assert last_refusals(SimpleNamespace(votes=so_far)) == expected  # type: ignore[arg-type]
