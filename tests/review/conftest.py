"""Games recorded once for the review tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.review.helpers import debrief_game, record, relative_texts
from wargame.content.loader import ScenarioTexts
from wargame.model.scenario import Scenario
from wargame.model.state import GameState
from wargame.session.runner import Session

GAMES = [
    (1, "framework_first", None),
    (3, "framework_first", None),
    (2, "ceasefire_first", {"russia": "hardliner"}),
    (5, "ceasefire_first", {"russia": "hardliner", "ukraine": "hardliner"}),
]
"""(seed, sequence, personas) of the recorded bot games."""


@dataclass
class Recorded:
    path: str
    session: Session
    live: dict[int, GameState]


@pytest.fixture(scope="session")
def recorded(scenario: Scenario, texts: ScenarioTexts, tmp_path_factory: pytest.TempPathFactory) -> list[Recorded]:
    folder = tmp_path_factory.mktemp("recorded")
    out = []
    for k, (seed, sequence, personas) in enumerate(GAMES):
        path = str(folder / f"game-{k}.jsonl")
        session, live = record(scenario, texts, path, seed, sequence, personas)
        out.append(Recorded(path, session, live))
    return out


@pytest.fixture(scope="session")
def long_game(recorded: list[Recorded]) -> Recorded:
    """The longest recorded game (hardliners: many rounds, rules firing)."""
    return max(recorded, key=lambda r: len(r.session.game.events))


@pytest.fixture(scope="session")
def debrief_save(scenario: Scenario, texts: ScenarioTexts, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A game with a private inject, private messages and a facilitator's note,
    saved with project-relative scenario names (so its hashes are stable)."""
    path = str(tmp_path_factory.mktemp("debrief") / "debrief.jsonl")
    debrief_game(scenario, relative_texts(texts), path)
    return path
