"""Golden transcripts: scripted games of the bundled scenario, one per
sequence and lens, whose readable transcript is committed beside its moves
file. Any change to adjudication (a rule, a number, the engine) shows up as a
diff here, to be read and accepted in review.

Every seat is scripted in these moves files, so a change to the bots does not
churn them. To accept a change, regenerate and read the diff:

    WARGAME_UPDATE_GOLDEN=1 .venv/bin/pytest tests/golden
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from wargame.content.loader import ScenarioTexts
from wargame.model.scenario import Scenario
from wargame.review.text import transcript
from wargame.session.moves import read_moves
from wargame.session.runner import RunOptions, run

HERE = Path(__file__).parent
GAMES = sorted(p.name.removesuffix(".moves.yaml") for p in HERE.glob("*.moves.yaml"))
UPDATE = os.environ.get("WARGAME_UPDATE_GOLDEN") == "1"


def play(scenario: Scenario, texts: ScenarioTexts, name: str) -> str:
    moves = read_moves(str(HERE / f"{name}.moves.yaml"))
    assert set(moves.moves.seats) == set(scenario.seat_ids), "a golden game scripts every seat"
    assert all(mode == "script" for mode in moves.moves.seats.values())
    session = run(scenario, texts, RunOptions(save=None), moves)
    return transcript(session.game) + "\n"


def test_there_is_a_golden_game_for_each_sequence_and_lens(scenario: Scenario) -> None:
    lenses = [v.id for v in scenario.lenses]
    wanted = {f"{seq}-{lens}" for seq in scenario.sequences for lens in lenses}
    assert wanted <= set(GAMES)


@pytest.mark.parametrize("name", GAMES)
def test_golden_transcript(scenario: Scenario, texts: ScenarioTexts, name: str) -> None:
    got = play(scenario, texts, name)
    path = HERE / f"{name}.txt"
    if UPDATE or not path.exists():
        path.write_text(got, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{path.name} did not exist and was written: read it, then commit it")
        return
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), path.name, "now"))
        pytest.fail(f"the transcript of {name} changed (WARGAME_UPDATE_GOLDEN=1 to accept):\n{diff}")


@pytest.mark.parametrize("name", GAMES)
def test_golden_game_replays_to_the_same_state(scenario: Scenario, texts: ScenarioTexts, name: str) -> None:
    from wargame.engine.fold import fold

    moves = read_moves(str(HERE / f"{name}.moves.yaml"))
    game = run(scenario, texts, RunOptions(save=None), moves).game
    assert fold(scenario, game.events) == game.state
