"""Scripted sessions: a moves file and a deck together (`wargame run --moves
--deck`), and a game started from a moves file with its rounds pre-played
(`prelude`, `start_scripted`), as the UI does to pick a scenario up mid-way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SCENARIO
from wargame.content.loader import load_scenario
from wargame.engine.fold import apply, fold
from wargame.engine.game import Setup
from wargame.errors import ContentError
from wargame.model import events as e
from wargame.model.scenario import Scenario
from wargame.model.state import GameState
from wargame.rules.conditions import holds
from wargame.rules.rng import draw
from wargame.session.facilitation import facilitator_for, prelude, start_scripted
from wargame.session.moves import LoadedMoves, read_moves
from wargame.session.runner import start_session
from wargame.store.savefile import load_save

DECK = os.path.join("facilitator", "example-deck.yaml")
MOVES = os.path.join("facilitator", "sessions", "seminar-opening.yaml")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wargame", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def example() -> Scenario:
    return load_scenario(SCENARIO, [os.path.join(ROOT, DECK)])[0]


def test_run_with_moves_and_deck_fires_the_injects_as_written(tmp_path: Path, example: Scenario) -> None:
    save = tmp_path / "g.jsonl"
    proc = _cli("run", SCENARIO, "--deck", DECK, "--moves", MOVES, "--rounds", "6", "--json", "--save", str(save))
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    fired = [(i["round"], i["inject"]) for i in summary["injects"]]
    # the moves file's injects, at the rounds written
    assert (1, "oval_office_blowup") in fired and (3, "kremlin_back_channel") in fired
    # the deck's: at a round, by chance (seed 7), on conditions
    assert (2, "envoy_shuttle") in fired
    played = summary["round"]
    chance = [r for r in range(1, played + 1) if draw(7, r, "inject", "russian_inflation") < 0.3]
    assert [r for r, i in fired if i == "russian_inflation"] == chance
    events = load_save(str(save)).events
    for inject in ("manpower_strain", "concert_of_powers"):
        cond = example.inject(inject).trigger.when
        assert cond is not None
        expected = _first_round_holding(example, events, cond)
        got = [r for r, i in fired if i == inject]
        assert got == ([expected] if expected else []), inject


def _first_round_holding(scenario: Scenario, events: list[e.Event], cond: object) -> int | None:
    """The first round at whose start (before its injects) the condition held."""
    state = GameState()
    for ev in events:
        apply(scenario, state, ev)
        if isinstance(ev, e.RoundStarted) and holds(cond, scenario, state):
            return ev.round
    return None


def test_a_moves_file_naming_an_unknown_inject_is_reported_at_its_line(tmp_path: Path) -> None:
    moves = tmp_path / "m.yaml"
    moves.write_text("rounds:\n  - injects: [no_such_inject]\n")
    proc = _cli("run", SCENARIO, "--moves", str(moves), "--save", str(tmp_path / "g.jsonl"))
    assert proc.returncode == 2
    assert f"{moves}:2:" in proc.stderr and "no_such_inject" in proc.stderr


def _moves() -> LoadedMoves:
    return read_moves(os.path.join(ROOT, MOVES))


def test_prelude_plays_the_files_rounds_then_hands_the_seats_back(example: Scenario) -> None:
    _, texts = load_scenario(SCENARIO, [os.path.join(ROOT, DECK)])
    session = start_session(example, texts, Setup(seed=7), None)
    assert set(session.controllers.values()) == {"human"}
    played = prelude(session, _moves())
    assert played == 3
    game = session.game
    assert set(session.controllers.values()) == {"human"}
    assert game.state.round == 4 and game.to_act() == "us"
    assert (1, "oval_office_blowup") in game.state.injects and (3, "kremlin_back_channel") in game.state.injects
    levers = [(ev.seat, ev.lever) for ev in game.events if isinstance(ev, e.LeverUsed)]
    assert ("europe", "sanctions_package") in levers and ("us", "resume_aid") in levers


def test_prelude_fires_queued_injects_at_the_start_of_their_round(scenario: Scenario, texts) -> None:  # type: ignore[no-untyped-def]
    session = start_session(scenario, texts, Setup(seed=7), None)
    facilitator_for(session.game).queue_inject("north_korean_troops", 2, "as planned")
    prelude(session, _moves(), rounds=2)
    events = session.game.events
    i = next(i for i, ev in enumerate(events) if isinstance(ev, e.InjectFired) and ev.inject == "north_korean_troops")
    fired = events[i]
    assert isinstance(fired, e.InjectFired) and fired.reason == "queued for round 2: as planned"
    assert isinstance(events[i - 1], e.RoundStarted) and events[i - 1].round == 2  # type: ignore[union-attr]


def test_start_scripted_saves_a_game_that_replays(tmp_path: Path, example: Scenario) -> None:
    _, texts = load_scenario(SCENARIO, [os.path.join(ROOT, DECK)])
    save = tmp_path / "mid.jsonl"
    session = start_scripted(example, texts, _moves(), str(save), seats={"russia": "bot"}, rounds=2)
    assert session.controllers == {"us": "human", "russia": "bot", "ukraine": "human", "europe": "human"}
    assert session.game.state.round == 3
    loaded = load_save(str(save))
    assert loaded.events == session.game.events
    assert fold(loaded.scenario(), loaded.events).indicators == session.game.state.indicators


def test_prelude_reports_an_unknown_seat_in_the_moves_file(scenario: Scenario, texts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "m.yaml"
    path.write_text("seats: {china: bot}\nrounds: []\n")
    session = start_session(scenario, texts, Setup(), None)
    with pytest.raises(ContentError, match=r"m.yaml:1:\d+: unknown seat 'china'"):
        prelude(session, read_moves(str(path)))
