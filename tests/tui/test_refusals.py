"""Refused actions come back as messages on screen, never as crashes."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import SIZE, MakeExercise, all_text, app_for, press, screen_name, toasts
from wargame.model.actions import Pause
from wargame.tui.exercise import HouseRules


async def test_a_second_lever_in_a_round_is_refused(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "3", "enter", "y")
        assert len(ex.game.state.levers_used) == 1
        await press(pilot, "down", "enter", "y")
        assert "already pulled a lever" in toasts(app)
        assert screen_name(app) == "SeatScreen"
        assert len(ex.game.state.levers_used) == 1


async def test_acting_while_paused_is_refused(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        ex.session.submit(Pause(kind="facilitator", command="pause", reason="coffee"))
        await press(pilot, "e")
        assert "paused" in toasts(app)
        assert screen_name(app) == "SeatScreen"
        assert ex.game.to_act() == "us"


async def test_house_rules_close_messages(make_exercise: MakeExercise) -> None:
    ex = make_exercise(rules=HouseRules(press="none"))
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "m")
        assert "no messages" in toasts(app)
        assert screen_name(app) == "SeatScreen"


async def test_public_only_offers_no_private_recipients(make_exercise: MakeExercise) -> None:
    ex = make_exercise(rules=HouseRules(press="public"))
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "m")
        assert screen_name(app) == "ComposeScreen"
        assert "(private)" not in all_text(app)
        app.screen.query_one("#text", Input).value = "Hello all"
        await press(pilot, "enter")
        assert "Send to everyone?" in all_text(app)
        await press(pilot, "y")
        assert ex.game.state.messages[-1].to == "all"


async def test_propose_with_an_empty_draft_explains(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "p")
        assert "draft is empty" in toasts(app)
        assert not ex.game.state.table
