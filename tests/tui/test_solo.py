"""Solo practice: one student, three bots that play in a worker."""

from __future__ import annotations

from tests.tui.conftest import SIZE, MakeExercise, all_text, app_for, press, screen_name, settle
from wargame.tui.exercise import HouseRules

BOTS = {"us": "bot:pragmatist", "russia": "bot:pragmatist", "europe": "bot:conceder"}


async def test_a_solo_game_against_bots(make_exercise: MakeExercise) -> None:
    ex = make_exercise(seats={**BOTS, "ukraine": "human"}, rules=HouseRules(hints=True, solo_seat="ukraine"))
    app = app_for(ex)
    seen: list[str] = []
    bot_logs: list[str] = []
    rounds_seen: list[str] = []
    end = ""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(200):
            name = screen_name(app)
            seen.append(name)
            if name == "BotMovesScreen":
                await settle(pilot)
                bot_logs.append(all_text(app))
                await press(pilot, "enter")
            elif name == "SeatScreen":
                await press(pilot, "e")
            elif name == "VoteScreen":
                await press(pilot, "a")
                if screen_name(app) == "ConfirmScreen":
                    await press(pilot, "y")
            elif name == "ResolutionScreen":
                rounds_seen.append(all_text(app))
                await press(pilot, "enter")
            elif name == "EndScreen":
                end = all_text(app)
                break
            else:
                raise AssertionError(f"unexpected screen {name}")
            await settle(pilot)
        assert screen_name(app) == "EndScreen"
    assert ex.game.over
    # One person at the keyboard: no handoffs.
    assert "HandoffScreen" not in seen
    assert "SeatScreen" in seen and "ResolutionScreen" in seen
    # Every bot move was shown, in words, without the bot's numbers or reasoning.
    log = "\n".join(bot_logs)
    assert "United States" in log and "Russia" in log
    for leak in ("why:", "reservation", "it asks", "worth ", "margin", "reservation.not_met"):
        assert leak not in log, leak
    for votes in rounds_seen:
        assert "reservation" not in votes and "its reasoning" not in votes
    # After the game, the coaching debrief reveals what each bot wanted and why it refused.
    assert "Coaching debrief" in end and "reservation of" in end
    assert "Russia" in end.split("Coaching debrief", 1)[1]
    # The bots' votes stay sealed until the round's result.
    assert "has voted" in log or "VoteScreen" in seen


async def test_bot_moves_run_in_a_worker(make_exercise: MakeExercise) -> None:
    """The US moves first; its turn is played by a worker while the screen is up."""
    ex = make_exercise(seats={**BOTS, "ukraine": "human"})
    app = app_for(ex)
    shown: list[str] = []

    def record(message: object) -> None:
        if app.screen_stack:  # which screen is up as each message goes by
            shown.append(screen_name(app))

    async with app.run_test(size=SIZE, message_hook=record) as pilot:
        await settle(pilot)
        # On a loaded machine the worker may finish before the first pause.
        assert "BotMovesScreen" in shown
        assert ex.game.to_act() == "ukraine"
        assert any(ev.kind == "turn_ended" and getattr(ev, "seat", "") == "us" for ev in ex.game.events)
        if screen_name(app) == "BotMovesScreen":
            assert "The bots are done" in all_text(app)
            await press(pilot, "enter")
        assert screen_name(app) == "SeatScreen"


async def test_hint_degrades_gracefully(make_exercise: MakeExercise) -> None:
    ex = make_exercise(seats={**BOTS, "ukraine": "human"}, rules=HouseRules(hints=True, solo_seat="ukraine"))
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert screen_name(app) == "SeatScreen"
        await press(pilot, "h")
        await settle(pilot)
        # Either the deal finder's suggestion, or a note that it is not there yet.
        assert screen_name(app) == "TextScreen" or "deal finder" in all_text(app)


async def test_hints_off_in_a_seminar_game(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        assert not app.screen.active_bindings["h"].enabled  # the hint key is dimmed at this table
        await press(pilot, "h")
        assert screen_name(app) == "SeatScreen"  # no hint; it says why instead of doing nothing
        assert "Hints are off" in " ".join(str(n.message) for n in app._notifications)
