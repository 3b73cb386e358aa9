"""A few screens at 80x24, compared with snapshots that a person has looked at.

Update them only after looking at the report (snapshot_report.html):
`.venv/bin/pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from tests.conftest import SCENARIO
from tests.tui.conftest import MakeExercise, app_for, press
from wargame.tui.app import Launch, WargameApp

Snap = Callable[..., bool]


def test_start_menu(snap_compare: Snap) -> None:
    assert snap_compare(WargameApp(Launch(scenario_path=SCENARIO)), terminal_size=(80, 24))


def test_handoff(snap_compare: Snap, make_exercise: MakeExercise) -> None:
    assert snap_compare(app_for(make_exercise()), terminal_size=(80, 24))


def test_seat_turn_with_a_draft(snap_compare: Snap, make_exercise: MakeExercise) -> None:
    async def draft(pilot: Pilot[Any]) -> None:
        await press(pilot, "enter", "2", "enter", "down", "enter")

    assert snap_compare(app_for(make_exercise()), terminal_size=(80, 24), run_before=draft)


def test_vote(snap_compare: Snap, make_exercise: MakeExercise) -> None:
    async def to_the_vote(pilot: Pilot[Any]) -> None:
        await press(pilot, "enter", "2", "enter", "down", "enter", "p", "e")
        for _ in range(3):
            await press(pilot, "enter", "e")
        await press(pilot, "enter")

    assert snap_compare(app_for(make_exercise()), terminal_size=(80, 24), run_before=to_the_vote)


def test_round_result(snap_compare: Snap, make_exercise: MakeExercise) -> None:
    async def sign_a_ceasefire(pilot: Pilot[Any]) -> None:
        await press(pilot, "enter", "2", "enter", "down", "enter", "p", "e")
        for _ in range(3):
            await press(pilot, "enter", "e")
        await press(pilot, "enter", "a", "y", "enter", "a", "y")

    assert snap_compare(app_for(make_exercise()), terminal_size=(80, 24), run_before=sign_a_ceasefire)
