"""Quitting mid-round loses nothing; resume continues with the same seat to move."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import SIZE, MakeExercise, all_text, app_for, press, screen_name
from wargame.engine.fold import fold
from wargame.store.savefile import load_save
from wargame.tui.app import Launch, WargameApp
from wargame.tui.exercise import HouseRules, resume_exercise


async def test_resume_after_quitting_mid_round(make_exercise: MakeExercise) -> None:
    rules = HouseRules(press="public")
    ex = make_exercise(rules=rules)
    path = str(ex.save_path)
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        # The US proposes a 30-day ceasefire and pulls a lever; then Russia writes to everyone.
        await press(pilot, "enter", "2", "enter", "down", "enter", "p", "3", "enter", "y", "e", "enter", "m")
        app.screen.query_one("#text", Input).value = "No NATO troops, ever."
        await press(pilot, "enter", "y")  # public only: the one recipient; sending asks first
        assert ex.game.to_act() == "russia"
        # Quit mid-turn: ctrl+q asks, ctrl+q again quits.
        await press(pilot, "ctrl+q")
        assert screen_name(app) == "QuitScreen"
        await press(pilot, "ctrl+q")
    before = ex.game.state.model_dump()
    assert ex.game.state.levers_used and ex.game.state.messages

    loaded = load_save(path)
    again = resume_exercise(loaded)
    assert again.game.state.model_dump() == before
    assert again.game.to_act() == "russia"
    assert again.rules.press == "public"  # the house rules came back with the save
    app2 = WargameApp(Launch(exercise=again))
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert screen_name(app2) == "HandoffScreen"
        assert "RUSSIA" in all_text(app2)
        await press(pilot, "enter")
        assert getattr(app2.screen, "seat", "") == "russia"
        text = all_text(app2)
        assert "30-day ceasefire" in text
        await press(pilot, "e")  # Russia ends its turn: the game goes on, saved to the same file
        assert again.game.to_act() == "ukraine"
    replayed = load_save(path)
    assert len(replayed.events) == len(again.game.events)
    assert fold(again.scenario, replayed.events).model_dump() == again.game.state.model_dump()


async def test_resume_shows_the_last_result_if_the_new_round_has_not_begun(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(4):
            await press(pilot, "enter", "e")
        # No text on the table: no vote, the round ends; its result is on screen.
        assert screen_name(app) == "ResolutionScreen"
    again = resume_exercise(load_save(str(ex.save_path)))
    app2 = WargameApp(Launch(exercise=again))
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert screen_name(app2) == "ResolutionScreen"
        assert "Round 1" in all_text(app2)
        await press(pilot, "enter")
        assert screen_name(app2) == "HandoffScreen"
