"""A few screens at 80x24, compared with snapshots that a person has looked at.

They play the small test scenario (`tests/data/mini.yaml`), not the bundled
one, so editing the bundled scenario's text does not churn them. Update them
only after looking at the report (snapshot_report.html):
`.venv/bin/pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import MINI
from tests.tui.conftest import MakeExercise, app_for, press
from wargame.content.loader import ScenarioTexts
from wargame.engine.game import Setup
from wargame.model.scenario import Scenario
from wargame.tui.app import Launch, WargameApp
from wargame.tui.exercise import Exercise, HouseRules, new_exercise

Snap = Callable[..., bool]


@pytest.fixture
def make_exercise(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> MakeExercise:
    """A new game of the small test scenario, every seat played at the table."""

    def make() -> Exercise:
        scenario, texts = mini_bundle
        setup = Setup(seed=7, max_rounds=3)
        return new_exercise(scenario, texts, setup, HouseRules(), str(tmp_path / "game.jsonl"))

    return make


def test_start_menu(snap_compare: Snap) -> None:
    assert snap_compare(WargameApp(Launch(scenario_path=MINI)), terminal_size=(80, 24))


def test_handoff(snap_compare: Snap, make_exercise: MakeExercise) -> None:
    assert snap_compare(app_for(make_exercise()), terminal_size=(80, 24))


def test_seat_turn_with_a_draft(snap_compare: Snap, make_exercise: MakeExercise) -> None:
    async def draft(pilot: Pilot[Any]) -> None:
        await press(pilot, "enter", "2", "enter", "down", "enter")

    assert snap_compare(app_for(make_exercise()), terminal_size=(80, 24), run_before=draft)


def test_vote(snap_compare: Snap, make_exercise: MakeExercise) -> None:
    async def to_the_vote(pilot: Pilot[Any]) -> None:
        await press(pilot, "enter", "2", "enter", "down", "enter", "p", "e")
        for _ in range(2):
            await press(pilot, "enter", "e")
        await press(pilot, "enter")

    assert snap_compare(app_for(make_exercise()), terminal_size=(80, 24), run_before=to_the_vote)


def test_round_result(snap_compare: Snap, make_exercise: MakeExercise) -> None:
    async def sign_a_ceasefire(pilot: Pilot[Any]) -> None:
        await press(pilot, "enter", "2", "enter", "down", "enter", "p", "e")
        for _ in range(2):
            await press(pilot, "enter", "e")
        await press(pilot, "enter", "a", "y", "enter", "a", "y")

    assert snap_compare(app_for(make_exercise()), terminal_size=(80, 24), run_before=sign_a_ceasefire)
