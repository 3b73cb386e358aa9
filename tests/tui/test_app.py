"""The app around the game: the menu, setup, saves, help, palette, quitting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import SCENARIO
from tests.tui.conftest import SIZE, MakeExercise, all_text, app_for, press, screen_name, settle, toasts
from wargame.cli import main
from wargame.tui.app import Launch, WargameApp
from wargame.tui.exercise import HouseRules


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder, so games are saved in tmp_path/saves."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def test_menu_setup_and_a_new_seminar_game(in_tmp: Path) -> None:
    app = WargameApp(Launch(scenario_path=SCENARIO))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert screen_name(app) == "StartScreen"
        await press(pilot, "n")
        await settle(pilot)
        assert screen_name(app) == "SetupScreen"
        assert "United States" in all_text(app)
        app.screen.query_one("#seat-europe").value = "bot:hardliner"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert screen_name(app) == "HandoffScreen"
        assert app.exercise is not None
        assert app.exercise.session.controllers["europe"] == "bot:hardliner"
        assert len(app.screen_stack) == 3  # the menu stays under the game; the setup is gone
    saves = os.listdir(in_tmp / "saves")
    assert len(saves) == 1 and saves[0].endswith(".jsonl")


async def test_setup_refuses_zero_rounds_and_takes_a_late_deadline(in_tmp: Path) -> None:
    app = WargameApp(Launch(mode="setup", scenario_path=SCENARIO))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert screen_name(app) == "SetupScreen"
        app.screen.query_one("#max-rounds").value = "0"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert "at least 1" in toasts(app)
        assert screen_name(app) == "SetupScreen"
        assert not (in_tmp / "saves").exists()
        # A deadline after the last round never bites, and is no reason to refuse.
        app.screen.query_one("#max-rounds").value = "2"  # type: ignore[attr-defined]
        app.screen.query_one("#deadline").value = "4"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert screen_name(app) == "HandoffScreen"
        assert app.exercise is not None and app.exercise.game.state.max_rounds == 2


async def test_solo_practice_from_the_menu(in_tmp: Path) -> None:
    app = WargameApp(Launch(scenario_path=SCENARIO))
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "s")
        await settle(pilot)
        assert "Your seat" in all_text(app)
        app.screen.query_one("#solo-seat").value = "us"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        await settle(pilot)
        # The US moves first: straight to its turn, no handoff.
        assert screen_name(app) == "SeatScreen"
        ex = app.exercise
        assert ex is not None and ex.solo and ex.rules.hints
        assert {s for s, who in ex.session.controllers.items() if who == "human"} == {"us"}


async def test_resume_from_the_menu(in_tmp: Path, make_exercise: MakeExercise) -> None:
    first = make_exercise()
    first.close()
    os.makedirs("saves")
    os.replace(str(first.save_path), "saves/game.jsonl")
    app = WargameApp(Launch(scenario_path=SCENARIO))
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "r")
        assert screen_name(app) == "SavesScreen"
        assert "round 1, ceasefire talks" in all_text(app)
        await press(pilot, "enter")
        await settle(pilot)
        assert screen_name(app) == "HandoffScreen"
        assert "UNITED STATES" in all_text(app)


async def test_no_saves_yet(in_tmp: Path) -> None:
    app = WargameApp(Launch(scenario_path=SCENARIO))
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "r")
        assert screen_name(app) == "StartScreen"
        assert "No saved games" in toasts(app)


async def test_help_on_each_screen(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        for expected, keys in [("Handoff", []), ("Your turn", ["enter"])]:
            await press(pilot, *keys, "f1")
            assert screen_name(app) == "TextScreen"
            text = all_text(app)
            assert expected in text and "Keys on this screen" in text
            await press(pilot, "escape")
        await press(pilot, "f1")
        assert "End turn" in all_text(app)  # the seat's keys are listed
        await press(pilot, "escape")


async def test_the_palette_is_curated_and_quit_asks(make_exercise: MakeExercise) -> None:
    app = app_for(make_exercise())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles and "Theme" not in titles
        assert "Quit" in titles
        await press(pilot, "ctrl+q")
        assert screen_name(app) == "QuitScreen"
        await press(pilot, "n")
        assert screen_name(app) == "HandoffScreen"
        await press(pilot, "f3")
        assert app.theme == "projector"
        await press(pilot, "f3")
        assert app.theme != "projector"


async def test_the_facilitator_pin(make_exercise: MakeExercise) -> None:
    rules = HouseRules()
    rules.set_pin("4321")
    app = app_for(make_exercise(rules=rules))
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f2")
        assert screen_name(app) == "PinScreen"
        await press(pilot, "1", "1", "1", "1", "enter")
        assert "Wrong PIN" in toasts(app)
        assert screen_name(app) == "PinScreen"  # it stays, for another try
        await press(pilot, "escape")
        assert screen_name(app) == "HandoffScreen"
        await press(pilot, "f2", "4", "3", "2", "1", "enter")
        assert screen_name(app) == "ConsoleScreen"
        await press(pilot, "escape")
        assert screen_name(app) == "HandoffScreen"
        await press(pilot, "f2")
        assert screen_name(app) == "PinScreen", "the PIN is asked again each time the console opens"


def test_cli_resume_without_saves(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resume"]) == 2
    assert "no saved games" in capsys.readouterr().err


def test_cli_solo_with_an_unknown_seat(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solo", "--seat", "atlantis", "--scenario", SCENARIO]) == 2
    assert "unknown seat 'atlantis'" in capsys.readouterr().err


def test_cli_without_a_terminal_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "resume" in capsys.readouterr().out


async def test_a_message_tagged_with_an_issue(make_exercise: MakeExercise) -> None:
    from textual.widgets import Input, Select

    ex = make_exercise()
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "m")
        app.screen.query_one("#text", Input).value = "A monitored line, or nothing."
        app.screen.query_one("#issue", Select).value = "dmz"
        app.screen.choose("russia")  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s", "y")
        note = ex.game.state.messages[-1]
        assert (note.to, note.issue) == ("russia", "dmz")
        text = all_text(app)  # the thread with Russia is open, the issue shown as a tag
        assert "Private, between you and Russia" in text
        assert "Demilitarized zone" in text and "A monitored line, or nothing." in text
