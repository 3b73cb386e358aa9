"""The handoff keeps each seat's secrets at a shared keyboard."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import SIZE, MakeExercise, all_text, app_for, press, screen_name
from wargame.tui.messages import ComposeScreen

SECRET = "Psst: we could live with a freeze if Europe pays"


def brief_snippets(ex_scenario: object, seat: str) -> list[str]:
    from wargame.model.scenario import Scenario

    assert isinstance(ex_scenario, Scenario)
    brief = ex_scenario.seat(seat).brief
    # Pieces of the text long enough not to occur by chance, short enough not to wrap.
    return [brief.summary.split(".")[0][:40], brief.red_lines[0][:40], brief.objectives[0][:40]]


async def test_after_a_handoff_nothing_private_remains(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")  # the US at the keyboard
        assert screen_name(app) == "SeatScreen"
        await press(pilot, "5")  # its brief, on screen
        text = all_text(app)
        for piece in brief_snippets(ex.scenario, "us"):
            assert piece in text
        # A private message from the US to Europe.
        await press(pilot, "m")
        assert isinstance(app.screen, ComposeScreen)
        app.screen.choose("europe")
        app.screen.query_one("#text", Input).value = SECRET
        await press(pilot, "enter")
        assert "Send to Europe only?" in all_text(app) and "Private" in all_text(app)
        await press(pilot, "y")
        assert SECRET in all_text(app)
        await press(pilot, "e")
        # The handoff names Russia and shows nothing of the US's view.
        assert screen_name(app) == "HandoffScreen"
        handoff = all_text(app)
        assert "RUSSIA" in handoff
        assert SECRET not in handoff
        for piece in brief_snippets(ex.scenario, "us"):
            assert piece not in handoff
        assert len(app.screen_stack) == 3  # the default screen, the menu, the handoff
        # Russia's own view: its brief, never the US's, nor the US's message to Europe.
        await press(pilot, "enter", "5")
        russia = all_text(app)
        for piece in brief_snippets(ex.scenario, "russia"):
            assert piece in russia
        for piece in brief_snippets(ex.scenario, "us"):
            assert piece not in russia
        assert SECRET not in russia
        await press(pilot, "4")
        assert SECRET not in all_text(app)
        # Europe, later, reads it.
        for _ in range(2):
            await press(pilot, "e", "enter")
        assert getattr(app.screen, "seat", "") == "europe"
        assert "4 Messages (1)" in all_text(app)
        assert "1 new message" in all_text(app)
        await press(pilot, "4")
        assert "4 Messages (1)" not in all_text(app)  # read now
        assert SECRET in all_text(app)  # the thread with news opens first


async def test_a_vote_is_private_too(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "2", "enter", "down", "enter", "p", "e")
        for _ in range(3):
            await press(pilot, "enter", "e")
        assert screen_name(app) == "HandoffScreen"  # Russia, to vote
        await press(pilot, "enter", "b")
        assert screen_name(app) == "VoteScreen"
        for piece in brief_snippets(ex.scenario, "russia"):
            assert piece in all_text(app)
        await press(pilot, "r", "y")
        assert screen_name(app) == "HandoffScreen"  # Ukraine
        text = all_text(app)
        for piece in brief_snippets(ex.scenario, "russia"):
            assert piece not in text
        assert "rejected" not in text  # votes are revealed with the round's result
