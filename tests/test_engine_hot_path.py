"""The engine's fast paths give what the plain ones gave.

The state is a plain class with pydantic at its edges; adjudication's folded
copy is taken instead of folding its events again; hot-path models are made
by their validators; the rules of play are read from tables built once. Each
test pins one of these to the slow, obvious way of getting the same thing.
"""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from wargame.benches.engine import random_action
from wargame.engine.adjudicate import Batch
from wargame.engine.fold import fold
from wargame.engine.game import Game, Setup
from wargame.model import events as e
from wargame.model.actions import EndTurn, Message
from wargame.model.log import Log
from wargame.model.makers import make
from wargame.model.scenario import Scenario
from wargame.model.state import GameState, Note, StateModel, TableTerm, Vote


def _played(scenario: Scenario, seed: int, listener: bool = False) -> Game:
    rng = random.Random(seed)
    game = Game.start(scenario, Setup(seed=seed))
    if listener:
        game.subscribe(lambda event: None)
    for _ in range(5_000):  # a game of random moves ends in a few hundred
        if game.over:
            return game
        game.submit(random_action(game, rng))
    raise AssertionError("the game did not end: does the state follow its events?")


# ---- the state: plain inside, pydantic at the edges ---------------------------


def test_a_state_from_fields_is_validated_and_its_json_is_the_models() -> None:
    with pytest.raises(ValidationError):
        GameState(round="not a number")
    with pytest.raises(ValidationError):
        GameState(statuss="peace")
    state = GameState(round=3, table={"dmz": {"option": "none", "by": "us", "round": 1}}, fired=[(1, "r")])
    assert isinstance(state.table["dmz"], TableTerm) and isinstance(state.fired, Log)
    assert state.model_dump_json() == StateModel.model_validate(state.model_dump()).model_dump_json()
    assert GameState.model_validate(state.model_dump()) == state


def test_a_copy_shares_its_containers_unless_deep() -> None:
    state = GameState(indicators={"momentum": 1.0})
    shallow = state.model_copy(update={"round": 2})
    deep = state.model_copy(deep=True)
    assert shallow.round == 2 and state.round == 0
    assert shallow.indicators is state.indicators
    assert deep.indicators == state.indicators and deep.indicators is not state.indicators


def test_the_live_state_of_played_games_is_the_fold_of_their_events(scenario: Scenario) -> None:
    """Adjudication's copy taken by the game (no listener) or the events folded
    one by one (a listener reads along): the same state, the fold's."""
    for seed in range(6):
        quiet, heard = _played(scenario, seed), _played(scenario, seed, listener=True)
        assert quiet.events == heard.events
        assert quiet.state == heard.state == fold(scenario, quiet.events)


# ---- adjudication's batch --------------------------------------------------


def _last_turn(scenario: Scenario) -> tuple[Game, EndTurn]:
    game = Game.start(scenario, Setup(seed=4))
    for seat in scenario.turn_order[:-1]:
        game.submit(EndTurn(kind="end_turn", seat=seat))
    return game, EndTurn(kind="end_turn", seat=scenario.turn_order[-1])


def test_a_round_with_no_text_is_adjudicated_as_a_batch_holding_its_state(scenario: Scenario) -> None:
    game, last = _last_turn(scenario)
    batch = game._decide(last)
    assert isinstance(batch, Batch) and any(isinstance(ev, e.RoundEnded) for ev in batch)
    after = fold(scenario, [*game.events, *batch])
    assert batch.take(game.state) == after
    assert batch.take(game.state) is None, "handed out once"


def test_a_batch_is_not_taken_onto_a_state_that_moved_on(scenario: Scenario) -> None:
    game, last = _last_turn(scenario)
    batch = game._decide(last)
    other = game.state.fork()
    assert batch.take(other) is None, "decided on another state"
    game.submit(Message(kind="message", seat=last.seat, to="all", text="one more word"))
    assert batch.take(game.state) is None, "the state has an event the batch did not see"


def test_preview_of_an_adjudicating_action_is_the_state_submit_leaves(scenario: Scenario) -> None:
    game, last = _last_turn(scenario)
    before = game.state.model_copy(deep=True)
    preview = game.preview(last)
    assert game.state == before
    game.submit(last)
    assert preview.events == game.events[-len(preview.events) :]
    assert preview.state == game.state
    assert preview.state is not game.state


# ---- models made by their validators ---------------------------------------


def test_made_models_are_the_models_the_constructor_makes() -> None:
    fields = {"round": 1, "phase": "ceasefire", "seat": "us", "response": "accept", "reasons": ["r"]}
    made, built = make(Vote, fields), Vote(**fields)
    assert made == built and made.model_fields_set == built.model_fields_set
    assert made.model_dump_json() == built.model_dump_json()
    changed = make(e.PhaseChanged, {"kind": "phase_changed", "from": "a", "to": "b", "trigger": "sign", "reason": ""})
    assert e.dump_event(changed) == e.dump_event(
        e.PhaseChanged.model_validate(
            {"kind": "phase_changed", "from": "a", "to": "b", "trigger": "sign", "reason": ""}
        )
    )
    with pytest.raises(ValidationError):
        make(Note, {"round": 1, "seat": "us", "to": "all", "text": "x", "mood": "calm"})
    with pytest.raises(ValidationError):
        make(Note, {"round": "first", "seat": "us", "to": "all", "text": "x"})


# ---- the logs and the rules of play ----------------------------------------


def test_a_forks_slices_stop_at_its_own_length() -> None:
    log = Log(range(10))
    short = log.fork()
    log.append(10)
    assert short[2:] == list(range(2, 10)) and log[2:] == list(range(2, 11))
    assert short[::3] == [0, 3, 6, 9] and short[-2:] == [8, 9] and short[::-4] == [9, 5, 1]
    assert list(reversed(short)) == list(range(9, -1, -1))
    assert list(reversed(log))[0] == 10


def test_legal_moves_are_the_agenda_and_levers_of_the_scenario(scenario: Scenario) -> None:
    for seed in range(3):
        game = Game.start(scenario, Setup(seed=seed))
        rng = random.Random(seed)
        while not game.over:
            seat = game.to_act()
            assert seat is not None
            legal = game.legal(seat)
            if legal.step == "turn":
                assert legal.issues == {i.id: tuple(o.id for o in i.options) for i in game.agenda()}
                assert legal.levers == [v.id for v in game.levers(seat)]
            game.submit(random_action(game, rng))


# ---- events filled without a second validation (makers.Trusted) --------------


def test_every_event_a_game_makes_is_what_its_validator_makes_of_it(scenario: Scenario) -> None:
    """The engine fills a rule's event without running the validator on fields
    it has checked already (`makers.Trusted`), and makes the others by their
    validators: each event must be exactly the model the validator makes of
    the same fields (values, their types, the fields counted as set), or its
    JSON and the saves would drift."""
    from wargame.benches.replay import _talk

    games = [_played(scenario, seed) for seed in range(4)]
    long = Game.start(scenario, Setup(seed=2, max_rounds=10**6))
    _talk(long, 2_000)
    checked: set[str] = set()
    for game in [*games, long]:
        for ev in game.events:
            again = type(ev).model_validate(ev.model_dump(by_alias=True, exclude_unset=True))
            assert again.__dict__ == ev.__dict__, ev
            assert again.model_fields_set == ev.model_fields_set, ev
            assert e.dump_event(again) == e.dump_event(ev)
            assert [type(v) for v in again.__dict__.values()] == [type(v) for v in ev.__dict__.values()], ev
            checked.add(ev.kind)
        for note in game.state.messages:
            assert Note.model_validate(note.model_dump()).__dict__ == note.__dict__
    assert {"message_sent", "turn_ended", "round_started", "rule_fired"} <= checked
