"""Properties (hypothesis): random sequences of actions, legal ones from the
Game's own API and wild ones from the whole vocabulary, never crash with
anything but a `RefusedAction`, a refusal changes nothing, and the events
always fold back to the live state (also from their JSON, and from any prefix)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from wargame.engine.fold import fold
from wargame.engine.game import Game, Setup
from wargame.errors import RefusedAction
from wargame.model import events as e
from wargame.model.actions import (
    FACILITATE,
    Action,
    EndTurn,
    FireInject,
    ForcePhase,
    Message,
    Note,
    Propose,
    Respond,
    SetIndicator,
    UseLever,
    VetoPhase,
)
from wargame.model.scenario import Scenario
from wargame.model.state import TERMINAL

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What to try at each step, weighted by repetition (ending turns and voting
# most, so that games move on through rounds and phases).
TURN_MOVES = ["end", "end", "end", "propose", "propose", "lever", "message", "wild", "facilitator"]
VOTE_MOVES = ["vote", "vote", "vote", "vote", "wild", "facilitator"]
OVER_MOVES = ["facilitator", "wild"]


def legal_move(data: st.DataObject, game: Game, kind: str) -> Action:
    """An action the Game's API says is possible now (it may still be refused,
    e.g. while the facilitator has paused the game)."""
    seat = game.to_act()
    assert seat is not None
    if kind == "propose" and game.agenda():
        issues = data.draw(st.lists(st.sampled_from(game.agenda()), min_size=1, max_size=3, unique_by=lambda i: i.id))
        terms = {i.id: data.draw(st.sampled_from([o.id for o in i.options])) for i in issues}
        return Propose(kind="propose", seat=seat, terms=terms)
    if kind == "lever" and game.levers(seat):
        lever = data.draw(st.sampled_from(game.levers(seat)))
        return UseLever(kind="lever", seat=seat, lever=lever.id)
    if kind == "message":
        to = data.draw(st.sampled_from(["all", *game.scenario.seat_ids]))
        return Message(kind="message", seat=seat, to=to, text="a word")
    if kind == "vote":
        voter = data.draw(st.sampled_from([s for s in game.state.voters if s not in game.state.round_votes]))
        response = data.draw(st.sampled_from(["accept", "reject"]))
        return Respond(kind="respond", seat=voter, response=response)
    return EndTurn(kind="end_turn", seat=seat)


def facilitator_move(data: st.DataObject, game: Game) -> Action:
    scenario = game.scenario
    command = data.draw(st.sampled_from(["pause", "resume", "set_indicator", "force_phase", "veto_phase", "inject"]))
    if command == "inject":
        if not scenario.injects:
            return Note(kind="facilitator", command="note", reason="nothing to fire")
        return FireInject(kind="inject", inject=data.draw(st.sampled_from([i.id for i in scenario.injects])))
    if command == "set_indicator":
        indicator = data.draw(st.sampled_from([i.id for i in scenario.indicators]))
        value = data.draw(st.floats(min_value=-50, max_value=150, allow_nan=False))
        return SetIndicator(kind="facilitator", command="set_indicator", indicator=indicator, value=value)
    if command in ("force_phase", "veto_phase"):
        phase = data.draw(st.sampled_from([*scenario.sequences[game.state.sequence], *TERMINAL]))
        if command == "force_phase":
            return ForcePhase(kind="facilitator", command="force_phase", phase=phase, reason="the test")
        return VetoPhase(kind="facilitator", command="veto_phase", reason="the test")
    return FACILITATE.validate_python({"kind": "facilitator", "command": command, "reason": "the test"})


def wild_move(data: st.DataObject, game: Game) -> Action:
    """Anything from the scenario's whole vocabulary, or a misspelling: often refused."""
    s = game.scenario
    seat = data.draw(st.sampled_from([*s.seat_ids, "nobody"]))
    kind = data.draw(st.sampled_from(["propose", "lever", "respond", "end", "message"]))
    if kind == "propose":
        issue = data.draw(st.sampled_from(s.issues))
        option = data.draw(st.sampled_from([*(o.id for o in issue.options), "no_such_option"]))
        issue_id = data.draw(st.sampled_from([issue.id, issue.id + "x"]))
        return Propose(kind="propose", seat=seat, terms={issue_id: option})
    if kind == "lever":
        lever = data.draw(st.sampled_from([*(v.id for v in s.levers), "no_such_lever"]))
        return UseLever(kind="lever", seat=seat, lever=lever)
    if kind == "respond":
        return Respond(kind="respond", seat=seat, response=data.draw(st.sampled_from(["accept", "reject"])))
    if kind == "message":
        return Message(kind="message", seat=seat, to=data.draw(st.sampled_from(["all", "nobody"])), text="hm")
    return EndTurn(kind="end_turn", seat=seat)


def play_randomly(data: st.DataObject, scenario: Scenario, setup: Setup, steps: int) -> tuple[Game, list[Any]]:
    game = Game.start(scenario, setup)
    heard: list[e.Event] = list(game.events)
    game.subscribe(heard.append)
    snapshots: list[tuple[int, Any]] = []
    for _ in range(steps):
        st_ = game.state
        if game.over:
            kind = data.draw(st.sampled_from(OVER_MOVES))
        elif st_.step == "voting":
            kind = data.draw(st.sampled_from(VOTE_MOVES))
        else:
            kind = data.draw(st.sampled_from(TURN_MOVES))
        if kind == "facilitator":
            action = facilitator_move(data, game)
        elif kind == "wild":
            action = wild_move(data, game)
        else:
            action = legal_move(data, game, kind)
        before = game.state.model_copy(deep=True)
        count = len(game.events)
        try:
            new = game.submit(action)
        except RefusedAction:
            assert game.state == before, f"a refused {action!r} changed the state"
            assert len(game.events) == count
            continue
        assert game.events[count:] == new
        snapshots.append((len(game.events), game.state.model_copy(deep=True)))
    assert heard == game.events, "the listener heard every event, once, in order"
    return game, snapshots


def check_replay(game: Game, snapshots: list[Any]) -> None:
    scenario = game.scenario
    event(f"ended in {game.state.status}" if game.over else f"stopped in {game.state.status}")
    assert fold(scenario, game.events) == game.state
    reparsed = [e.EVENT.validate_json(e.dump_event(ev)) for ev in game.events]
    assert reparsed == game.events
    assert fold(scenario, reparsed) == game.state
    for n, state in snapshots[:: max(1, len(snapshots) // 8)]:
        assert fold(scenario, game.events[:n]) == state, f"the fold of the first {n} events"
        assert Game(scenario, game.events[:n]).state == state


@SETTINGS
@given(
    data=st.data(),
    seed=st.integers(min_value=0, max_value=2**32),
    sequence=st.sampled_from(["truce_first", "frame_first"]),
    lens=st.sampled_from(["calm", "tense"]),
    steps=st.integers(min_value=1, max_value=120),
)
def test_random_play_on_the_small_scenario_replays(
    mini: Scenario, data: st.DataObject, seed: int, sequence: str, lens: str, steps: int
) -> None:
    setup = Setup(seed=seed, sequence=sequence, lens=lens, max_rounds=5)
    game, snapshots = play_randomly(data, mini, setup, steps)
    check_replay(game, snapshots)


@SETTINGS
@given(
    data=st.data(),
    seed=st.integers(min_value=0, max_value=2**32),
    sequence=st.sampled_from(["ceasefire_first", "framework_first"]),
    lens=st.sampled_from(["restraint", "leverage"]),
    steps=st.integers(min_value=1, max_value=120),
)
def test_random_play_on_the_bundled_scenario_replays(
    scenario: Scenario, data: st.DataObject, seed: int, sequence: str, lens: str, steps: int
) -> None:
    setup = Setup(seed=seed, sequence=sequence, lens=lens, max_rounds=4)
    game, snapshots = play_randomly(data, scenario, setup, steps)
    check_replay(game, snapshots)


@SETTINGS
@given(data=st.data(), seed=st.integers(min_value=0, max_value=1000))
def test_the_same_actions_give_the_same_events(mini: Scenario, data: st.DataObject, seed: int) -> None:
    """Replaying the actions of a random game gives the same events, byte for byte."""
    actions: list[Action] = []
    game = Game.start(mini, Setup(seed=seed, max_rounds=4))
    for _ in range(60):
        if game.over:
            break
        kind = data.draw(st.sampled_from(VOTE_MOVES if game.state.step == "voting" else TURN_MOVES))
        if kind == "facilitator":
            action = facilitator_move(data, game)
        elif kind == "wild":
            action = wild_move(data, game)
        else:
            action = legal_move(data, game, kind)
        try:
            game.submit(action)
            actions.append(action)
        except RefusedAction:
            pass
    again = Game.start(mini, Setup(seed=seed, max_rounds=4))
    for action in actions:
        again.submit(action)
    assert [e.dump_event(ev) for ev in again.events] == [e.dump_event(ev) for ev in game.events]


@pytest.mark.parametrize("seed", [0, 1])
def test_a_long_game_of_passes_and_rejections_expires(mini: Scenario, seed: int) -> None:
    game = Game.start(mini, Setup(seed=seed))
    while not game.over:
        seat = game.to_act()
        assert seat is not None
        if game.state.step == "turns":
            if game.state.round == 1 and seat == "a":
                game.submit(Propose(kind="propose", seat=seat, terms={"guns": "silent"}))
            game.submit(EndTurn(kind="end_turn", seat=seat))
        else:
            game.submit(Respond(kind="respond", seat=seat, response="reject"))
    assert game.state.status == "expired"
    assert fold(mini, game.events) == game.state
