"""Handing a seat to a bot (or back) is an action with an event: the state,
the bots and the review all know who plays the seat from then on."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.conftest import end_turns
from wargame.bots.player import tabled_by_people
from wargame.content.loader import ScenarioTexts
from wargame.engine.fold import fold
from wargame.engine.game import Game, Setup
from wargame.errors import RefusedAction, UnknownId
from wargame.model import events as e
from wargame.model.actions import ACTION, HandOver, Propose
from wargame.model.scenario import Scenario
from wargame.review.describe import describe
from wargame.session.moves import read_moves
from wargame.session.runner import RunOptions, run
from wargame.store.savefile import load_save


def test_bots_playing_on_after_a_moves_file_take_the_scripted_seat_over(
    bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path
) -> None:
    moves = tmp_path / "moves.yaml"
    moves.write_text(
        textwrap.dedent(
            """
            seed: 3
            rounds:
              - moves:
                  - {seat: us, propose: {ceasefire: thirty_day}}
            """
        ),
        encoding="utf-8",
    )
    save = tmp_path / "game.jsonl"
    session = run(*bundled, RunOptions(rounds=3, save=str(save)), read_moves(str(moves)))
    game = session.game
    handed = [ev for ev in game.events if isinstance(ev, e.SeatHandedOver)]
    assert [(ev.seat, ev.player) for ev in handed] == [("us", "bot")]
    first_round_end = next(i for i, ev in enumerate(game.events) if isinstance(ev, e.RoundEnded))
    assert game.events.index(handed[0]) > first_round_end, "handed over after the file's last round"
    assert game.state.seats["us"] == "bot" and session.controllers["us"] == "bot"
    assert fold(game.scenario, load_save(str(save)).events) == game.state
    assert describe(handed[0]) == ("facilitator", "us is now played by bot (bots play on after the moves file)")


def test_a_text_tabled_by_a_seat_bots_took_over_is_a_bots_text(scenario: Scenario) -> None:
    seats = {s: ("script" if s == "us" else "bot") for s in scenario.seat_ids}
    game = Game.start(scenario, Setup(seed=1, seats=seats))
    game.submit(Propose(kind="propose", seat="us", terms={"ceasefire": "thirty_day"}))
    assert tabled_by_people(game.state, "russia")
    game.submit(HandOver(kind="hand_over", seat="us", player="bot", reason="the team left"))
    assert not tabled_by_people(game.state, "russia")


def test_a_hand_over_is_checked(scenario: Scenario) -> None:
    game = Game.start(scenario, Setup(seed=1))
    before = len(game.events)
    with pytest.raises(RefusedAction, match="already played by human"):
        game.submit(HandOver(kind="hand_over", seat="us", player="human"))
    with pytest.raises(UnknownId, match="unknown seat 'usa'"):
        game.submit(HandOver(kind="hand_over", seat="usa", player="bot"))
    with pytest.raises(ValidationError, match="human, script, bot or bot:<persona>"):
        ACTION.validate_python({"kind": "hand_over", "seat": "us", "player": "robot"})
    assert len(game.events) == before
    game.submit(HandOver(kind="hand_over", seat="us", player="bot:hardliner"))
    end_turns(game)
    assert game.state.seats["us"] == "bot:hardliner"


def test_a_scripted_opening_hands_the_seats_over_and_back(bundled: tuple[Scenario, ScenarioTexts]) -> None:
    from wargame.session.facilitation import prelude
    from wargame.session.runner import start_session

    scenario, texts = bundled
    session = start_session(scenario, texts, Setup(seed=7), None)  # every seat played by people
    moves = read_moves(str(Path(__file__).parent.parent / "facilitator" / "sessions" / "seminar-opening.yaml"))
    prelude(session, moves, rounds=2)
    handed = [(ev.seat, ev.player) for ev in session.game.events if isinstance(ev, e.SeatHandedOver)]
    scripted = {m.seat for r in moves.moves.rounds for m in r.moves}
    assert sorted(s for s, who in handed if who != "human") == sorted(scenario.seat_ids)
    assert {s for s, who in handed if who == "script"} == scripted
    assert [s for s, who in handed if who == "human"] == scenario.seat_ids, "handed back after the opening"
    assert all(who == "human" for who in session.game.state.seats.values())
