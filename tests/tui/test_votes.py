"""A vote is deliberate: a or r, then a confirmation naming the text; Enter alone never votes."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import SIZE, MakeExercise, all_text, app_for, press, screen_name
from wargame.model import events as e
from wargame.tui.dialogs import ConfirmScreen

TO_THE_VOTE = ("enter", "2", "enter", "down", "enter", "p", "e", *(("enter", "e") * 3), "enter")
"""The US tables a term, every seat ends its turn, Russia is at the keyboard to vote."""


def votes(ex: object) -> list[e.VoteCast]:
    return [ev for ev in ex.game.events if isinstance(ev, e.VoteCast)]  # type: ignore[attr-defined]


async def test_enter_alone_never_votes(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, *TO_THE_VOTE)
        assert screen_name(app) == "VoteScreen"
        await press(pilot, "enter", "enter", "space", "enter")
        assert screen_name(app) == "VoteScreen"
        assert votes(ex) == []
        # a asks first, naming the text; Enter there goes back.
        await press(pilot, "a")
        assert isinstance(app.screen, ConfirmScreen)
        label = ex.scenario.issue(next(iter(ex.game.state.table_terms()))).title
        assert label in all_text(app)
        await press(pilot, "enter")
        assert screen_name(app) == "VoteScreen"
        assert votes(ex) == []
        await press(pilot, "r", "y")
    cast = votes(ex)
    assert [(v.seat, v.response) for v in cast] == [("russia", "reject")]


async def test_the_why_field_is_one_key_away_and_a_r_stay_visible(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, *TO_THE_VOTE)
        await press(pilot, "w")
        why = app.screen.query_one("#why", Input)
        assert app.screen.focused is why
        await pilot.press(*"not yet")
        shown = app.export_screenshot(simplify=True)
        assert "a accept" in all_text(app) and "r reject" in all_text(app), shown
        await press(pilot, "enter")  # leaves the field, does not vote
        assert why.value == "not yet"
        assert votes(ex) == []
        await press(pilot, "a")
        assert "not yet" in all_text(app)  # the confirmation repeats the reason
        await press(pilot, "y")
    assert votes(ex)[0].why == "not yet"


async def test_a_message_needs_a_chosen_recipient_and_a_confirmation(make_exercise: MakeExercise) -> None:
    from wargame.tui.messages import ComposeScreen, RecipientList

    ex = make_exercise()
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "m")
        assert isinstance(app.screen, ComposeScreen)
        app.screen.query_one("#text", Input).value = "Only for Ukraine's ears"
        await press(pilot, "enter")  # no recipient chosen yet: nothing is sent, the list has the focus
        assert ex.game.state.messages == []
        assert "Choose who reads it" in all_text(app)
        box = app.screen.query_one("#to", RecipientList)
        assert app.screen.focused is box
        await press(pilot, "up", "up", "up")  # stops at the top, no wrap-around to the last seat
        assert box.highlighted == 0
        await press(pilot, *(["down"] * 6))
        assert box.highlighted == box.option_count - 1
        await press(pilot, "up", "enter")  # Ukraine (everyone, Russia, Ukraine, Europe: the US writes)
        assert app.screen.to == "ukraine"
        await press(pilot, "enter")  # from the text: asks, naming the recipient and saying private
        assert isinstance(app.screen, ConfirmScreen)
        assert "Send to Ukraine only?" in all_text(app) and "Private" in all_text(app)
        await press(pilot, "enter")  # Enter goes back: the send needs y
        assert ex.game.state.messages == []
        await press(pilot, "ctrl+s", "y")
    (note,) = ex.game.state.messages
    assert (note.to, note.text) == ("ukraine", "Only for Ukraine's ears")
