"""The facilitator's loop from the CLI and the setup form: decks, a prepared opening, resume."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT, SCENARIO
from tests.tui.conftest import SIZE, press, screen_name, settle, toasts
from wargame.cli import main
from wargame.model import events as e
from wargame.tui.app import Launch, WargameApp

DECK = os.path.join(ROOT, "facilitator", "example-deck.yaml")
OPENING = os.path.join(ROOT, "facilitator", "sessions", "seminar-opening.yaml")


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def test_the_setup_form_plays_a_prepared_opening_with_a_deck(in_tmp: Path) -> None:
    app = WargameApp(Launch(mode="setup", scenario_path=SCENARIO, decks=(DECK,), moves=OPENING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert screen_name(app) == "SetupScreen"
        assert app.screen.query_one("#decks").value == DECK  # type: ignore[attr-defined]
        assert app.screen.query_one("#moves").value == OPENING  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        await settle(pilot)
        ex = app.exercise
        assert ex is not None, toasts(app)
        game = ex.game
        # The opening's three rounds were played (its scripted seats, the others by bots) ...
        assert game.state.round == 4
        fired = [ev.inject for ev in game.events if isinstance(ev, e.InjectFired)]
        assert "oval_office_blowup" in fired and "kremlin_back_channel" in fired
        # ... with the extra deck's injects in the game, and the class takes over every seat.
        assert game.scenario.has("inject", "envoy_shuttle")  # from the example deck, not the bundled one
        assert all(who == "human" for who in ex.session.controllers.values())
        assert screen_name(app) in ("ResolutionScreen", "HandoffScreen")


def test_play_checks_its_files_before_the_app_opens(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = in_tmp / "opening.yaml"
    bad.write_text("rounds:\n  - moves:\n      - {seat: atlantis, propose: {ceasefire: thirty_day}}\n  - {nope: 1}\n")
    assert main(["play", SCENARIO, "--moves", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "Traceback" not in err
    assert main(["play", SCENARIO, "--deck", str(in_tmp / "missing.yaml")]) == 2
    assert "missing.yaml" in capsys.readouterr().err


def test_resume_without_a_save_lists_the_class_games(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from wargame.content.loader import load_scenario
    from wargame.engine.game import Setup
    from wargame.tui.exercise import HouseRules, new_exercise

    scenario, texts = load_scenario(SCENARIO)
    os.makedirs("saves")
    ex = new_exercise(scenario, texts, Setup(seed=1, seats={"russia": "bot"}), HouseRules(), "saves/class.jsonl")
    ex.close()
    assert main(["run", SCENARIO, "--rounds", "1", "--save", "saves/rehearsal.jsonl", "--json"]) == 0
    capsys.readouterr()
    assert main(["resume"]) == 0
    out = capsys.readouterr().out
    classes, _, rehearsals = out.partition("Rehearsals")
    assert "saves/class.jsonl" in classes and "round 1, ceasefire talks" in classes
    assert "played by people:" in classes and all(s in classes for s in ("US", "Ukraine", "Europe"))
    assert "Russia" not in classes
    assert "saves/rehearsal.jsonl" in rehearsals and "saves/rehearsal.jsonl" not in classes
    assert out.rstrip().endswith("wargame resume saves/class.jsonl")  # the class game is the suggestion
