"""Injects at the table: their effects are theirs, and a queued one fires on time."""

from __future__ import annotations

from tests.tui.conftest import SIZE, MakeExercise, all_text, app_for, press, screen_name
from wargame.model import events as e
from wargame.model.actions import EndTurn
from wargame.session.facilitation import facilitator_for
from wargame.store.savefile import load_save
from wargame.tui.exercise import resume_exercise

LEVER_INJECT = "oval_office_blowup"
"""A bundled inject that pulls the US's lever `pause_aid`."""


def fired(ex: object, inject: str) -> list[e.InjectFired]:
    return [ev for ev in ex.game.events if isinstance(ev, e.InjectFired) and ev.inject == inject]  # type: ignore[attr-defined]


async def test_an_inject_leaves_the_seat_its_lever_and_tells_it(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    facilitator_for(ex.game).fire(LEVER_INJECT, "to open the class")
    app = app_for(ex)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        assert getattr(app.screen, "seat", "") == "us"
        text = all_text(app)
        title = ex.scenario.inject(LEVER_INJECT).title
        lever = ex.scenario.lever("pause_aid").title
        # Told, in the scenario's words, that the inject (not the team) pulled it.
        assert f"Inject: {title} pulled your lever {lever}" in text
        assert ex.game.levers("us"), "the US may still pull a lever of its own this round"
        await press(pilot, "3")
        assert "(pulled)" not in all_text(app)


async def test_a_queued_inject_fires_at_its_round_after_a_resume(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    facilitator_for(ex.game).queue_inject("kursk_ground_lost", 2, "after the break")
    path = ex.save_path
    assert path is not None
    ex.close()  # the class stops; nobody opens the console again
    resumed = resume_exercise(load_save(path))
    app = app_for(resumed)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(4):  # round 1: every seat passes
            await press(pilot, "enter", "e")
        assert resumed.game.state.round == 2
        assert [ev.reason for ev in fired(resumed, "kursk_ground_lost")] == ["queued for round 2: after the break"]
        assert screen_name(app) in ("ResolutionScreen", "HandoffScreen")


async def test_a_queued_inject_due_when_saved_fires_on_resume(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    facilitator_for(ex.game).queue_inject("kursk_ground_lost", 2)
    for seat in ex.scenario.turn_order:  # round 1 played with no app (and no console) to fire it
        ex.submit(EndTurn(kind="end_turn", seat=seat))
    assert ex.game.state.round == 2 and not fired(ex, "kursk_ground_lost")
    path = ex.save_path
    assert path is not None
    ex.close()
    resumed = resume_exercise(load_save(path))
    app = app_for(resumed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(fired(resumed, "kursk_ground_lost")) == 1
