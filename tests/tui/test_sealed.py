"""The debrief is sealed: the replay's d and v, and `wargame report`, ask for the PIN."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tests.conftest import SCENARIO
from tests.tui.conftest import MakeExercise, all_text, press, screen_name, toasts
from wargame.cli import main
from wargame.model.actions import Message
from wargame.review.describe import DEBRIEF, PUBLIC
from wargame.store.savefile import load_save
from wargame.tui.exercise import HouseRules
from wargame.tui.replay import ReplayApp

SECRET = "Between us: Kyiv could live with a freeze"


def a_game_with_a_secret(make_exercise: MakeExercise, pin: str | None) -> str:
    rules = HouseRules()
    if pin:
        rules.set_pin(pin)
    ex = make_exercise(rules=rules)
    ex.submit(Message(kind="message", seat="us", to="ukraine", text=SECRET))
    path = ex.save_path
    assert path is not None
    ex.close()
    return path


async def test_the_replay_debrief_of_a_game_with_a_pin_asks_for_it(make_exercise: MakeExercise) -> None:
    path = a_game_with_a_secret(make_exercise, pin="2580")
    app = ReplayApp(load_save(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        await press(pilot, "d")
        assert screen_name(app) == "PinScreen"
        await press(pilot, "1", "1", "1", "1", "enter")
        assert "Wrong PIN" in toasts(app) and screen_name(app) == "PinScreen"
        await press(pilot, "escape")
        assert getattr(screen, "view", "") == PUBLIC
        await press(pilot, "v")  # a seat's view shows its private messages too: sealed alike
        assert screen_name(app) == "PinScreen"
        await press(pilot, "escape", "end")
        assert SECRET not in all_text(app)
        await press(pilot, "d", *"2580", "enter")
        assert getattr(screen, "view", "") == DEBRIEF
        await press(pilot, "end", "4")  # the notes tab at the last event: the private message revealed
        assert SECRET in all_text(app)


async def test_an_unfinished_game_without_a_pin_keeps_its_debrief_sealed(make_exercise: MakeExercise) -> None:
    path = a_game_with_a_secret(make_exercise, pin=None)
    app = ReplayApp(load_save(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "d")
        assert "opens when the game is over" in toasts(app)
        assert getattr(app.screen, "view", "") == PUBLIC
        await press(pilot, "end", "4")
        assert SECRET not in all_text(app)


def test_report_defaults_to_the_public_view_and_says_how_to_get_the_debrief(
    make_exercise: MakeExercise, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = a_game_with_a_secret(make_exercise, pin="2580")
    assert main(["report", path]) == 0
    out, err = capsys.readouterr()
    assert SECRET not in out
    assert "--view debrief" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("1111\n0000\n9999\n"))
    monkeypatch.setattr("wargame.commands.review.time.sleep", lambda s: None)
    assert main(["report", path, "--view", "debrief"]) == 2
    out, err = capsys.readouterr()
    assert SECRET not in out and "wrong PIN three times" in err and "Traceback" not in err
    monkeypatch.setattr("sys.stdin", io.StringIO("2580\n"))
    assert main(["report", path, "--view", "debrief"]) == 0
    assert SECRET in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("1111\n"))
    assert main(["report", path, "--view", "ukraine"]) == 2  # a seat's view is sealed too


def test_report_of_an_unfinished_game_without_a_pin(
    make_exercise: MakeExercise, capsys: pytest.CaptureFixture[str]
) -> None:
    path = a_game_with_a_secret(make_exercise, pin=None)
    assert main(["report", path, "--view", "debrief"]) == 2
    assert "opens when the game is over" in capsys.readouterr().err


def test_a_rehearsal_by_bots_has_no_seal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save = str(tmp_path / "bots.jsonl")
    assert main(["run", SCENARIO, "--rounds", "1", "--seed", "3", "--save", save, "--json"]) == 0
    capsys.readouterr()
    assert main(["report", save, "--view", "debrief"]) == 0


def test_branch_keeps_the_house_rules(
    make_exercise: MakeExercise, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = a_game_with_a_secret(make_exercise, pin="2580")
    new = os.path.join(os.path.dirname(path), "branch.jsonl")
    assert main(["branch", path, "--event", "2", "--save", new]) == 0
    capsys.readouterr()
    rules = HouseRules.from_dict(load_save(new).header.get("house_rules"))
    assert rules.has_pin and rules.pin_ok("2580")
    monkeypatch.setattr("sys.stdin", io.StringIO("1111\n1111\n1111\n"))
    monkeypatch.setattr("wargame.commands.review.time.sleep", lambda s: None)
    assert main(["report", new, "--view", "debrief"]) == 2  # the branch's debrief is sealed too
