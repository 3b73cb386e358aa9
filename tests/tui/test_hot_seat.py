"""A whole seminar game at one keyboard: four human seats, several rounds."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.tui.conftest import SIZE, MakeExercise, all_text, app_for, press, screen_name, settle
from wargame.engine.fold import fold
from wargame.model import events as e
from wargame.store.savefile import load_save
from wargame.tui.app import WargameApp
from wargame.tui.terms import TermEditor

# What each seat does on its turn, by (round, seat): keys pressed on its screen.
# Round 1: the US puts a 30-day ceasefire on the table (Terms tab, first
# issue, second option) and both signatories accept it.
TURNS = {
    (1, "us"): ["2", "enter", "down", "enter", "p"],
    (2, "russia"): ["2", "enter", "down", "down", "enter", "p"],
}
VOTES = {(1, "russia"): "a", (1, "ukraine"): "a"}


async def play(pilot: Pilot[None], app: WargameApp, seen: dict[str, list[str]]) -> None:
    """Play the game to its end through the screens, as people at the keyboard would."""
    ex = app.exercise
    assert ex is not None
    for _ in range(400):
        name = screen_name(app)
        seen.setdefault(name, []).append(all_text(app) if name in ("ResolutionScreen", "EndScreen") else "")
        st = ex.game.state
        if name == "HandoffScreen":
            await press(pilot, "enter")
        elif name == "SeatScreen":
            seat = getattr(app.screen, "seat", "")
            await press(pilot, *TURNS.get((st.round, seat), []))
            await press(pilot, "e")
            if screen_name(app) == "ConfirmScreen":  # ending with a draft not proposed
                await press(pilot, "y")
        elif name == "VoteScreen":
            seat = getattr(app.screen, "seat", "")
            await press(pilot, VOTES.get((st.round, seat), "r"))
            if screen_name(app) == "ConfirmScreen":  # signing across a red line
                await press(pilot, "y")
        elif name in ("ResolutionScreen", "BotMovesScreen"):
            await settle(pilot)
            await press(pilot, "enter")
        elif name == "EndScreen":
            return
        else:
            raise AssertionError(f"unexpected screen {name}")
    raise AssertionError("the game did not end")


async def test_four_humans_play_a_whole_game(make_exercise: MakeExercise) -> None:
    ex = make_exercise(max_rounds=3)
    app = app_for(ex)
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert screen_name(app) == "HandoffScreen"
        await play(pilot, app, seen)
        end = all_text(app)
    game = ex.game
    assert game.over and game.state.status == "expired"
    # Three rounds, each with its result shown to the table.
    assert len(seen["ResolutionScreen"]) == 3
    assert "CEASEFIRE SIGNED" in seen["ResolutionScreen"][0]
    assert "accepted" in seen["ResolutionScreen"][0]
    assert "rejected" in seen["ResolutionScreen"][1]
    # the unmonitored 30-day ceasefire signed in round 1 does not last three
    # rounds: violations break it down, or its thirty days run out
    assert "ceasefire" in {a.phase for a in game.state.history}
    assert any(isinstance(ev, e.AgreementVoided) and ev.phase == "ceasefire" for ev in game.events)
    # Every seat had a handoff and a turn each round; the signatories voted.
    assert len(seen["SeatScreen"]) == 3 * 4
    assert len(seen["HandoffScreen"]) >= 3 * 4 + 2
    # The end: the outcome and every seat's score.
    assert "Outcome" in end and "Scores against each brief" in end
    for seat in ex.scenario.seats:
        assert seat.name.split(" (")[0] in end
    # Every move was saved as it happened: the save replays to the same state.
    loaded = load_save(str(ex.save_path))
    assert len(loaded.events) == len(game.events)
    assert fold(ex.scenario, loaded.events).model_dump() == game.state.model_dump()


async def test_each_move_is_saved_at_once(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "2", "enter", "down", "enter")
        assert app.screen.query_one(TermEditor).draft == {"ceasefire": "thirty_day"}
        before = len(load_save(str(ex.save_path)).events)
        await press(pilot, "p")
        after = load_save(str(ex.save_path)).events
        assert len(after) == before + 1 and after[-1].kind == "proposed"
        assert ex.game.state.table_terms() == {"ceasefire": "thirty_day"}
