"""The rough edges a class would trip on: tab keys, disabled keys, the palette, help, resume."""

from __future__ import annotations

from textual.widgets import TabbedContent

from tests.tui.conftest import SIZE, MakeExercise, all_text, app_for, press, screen_name, toasts
from wargame.model.actions import Message, Propose
from wargame.store.savefile import load_save
from wargame.tui.dialogs import help_text
from wargame.tui.exercise import resume_exercise


async def test_number_keys_switch_tabs_from_every_list(make_exercise: MakeExercise) -> None:
    app = app_for(make_exercise())
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        tabs = app.screen.query_one(TabbedContent)
        for start in ("3", "4"):  # the levers list, the threads list: each takes the focus
            for key, tab in (("1", "table"), ("5", "brief"), ("6", "world")):
                await press(pilot, start)
                assert app.screen.focused is not None
                await press(pilot, key)
                assert tabs.active == tab, (start, key)


async def test_a_disabled_key_says_why(make_exercise: MakeExercise) -> None:
    app = app_for(make_exercise())  # hints are off by default at a seminar table
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "h")
        assert "Hints are off at this table" in toasts(app)


async def test_the_palette_offers_this_screens_actions(make_exercise: MakeExercise) -> None:
    app = app_for(make_exercise())
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Propose", "Message", "End turn", "Help", "Quit"} <= set(names)
        assert "Screenshot" not in names and "Theme" not in " ".join(names)
        end = next(c for c in app.get_system_commands(app.screen) if c.title == "End turn")
        await end.callback()  # type: ignore[misc]
        await pilot.pause()
        assert screen_name(app) == "HandoffScreen"  # the same as pressing e


def test_help_shows_bracket_keys_and_each_action_once() -> None:
    from textual.markup import to_content

    text = to_content(help_text("Guide.", [("[", "Round back", ""), ("pageup", "Round back", ""), ("]", "Round", "")]))
    plain = text.plain
    assert "[          Round back" in plain and plain.count("Round back") == 1
    assert "[/]" not in plain


async def test_since_you_last_looked_is_not_repeated_after_a_resume(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    ex.submit(Propose(kind="propose", seat="us", terms={"ceasefire": "thirty_day"}))
    from wargame.model.actions import EndTurn

    ex.submit(EndTurn(kind="end_turn", seat="us"))
    # Russia reads the news, writes a message, and the class breaks off mid-turn.
    assert ex.last_seen("russia") == 0
    ex.submit(Message(kind="message", seat="russia", to="all", text="We read it."))
    seen = ex.last_seen("russia")
    assert seen == len(ex.game.events)
    path = ex.save_path
    assert path is not None
    ex.close()
    resumed = resume_exercise(load_save(path))
    assert resumed.last_seen("russia") == seen
    app = app_for(resumed)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        assert getattr(app.screen, "seat", "") == "russia"
        table = all_text(app).split("The text on the table")[0]
        assert "proposed" not in table  # the US's proposal was seen and acted on before the break
