"""Shared fixtures: the bundled scenario, loaded once, and game helpers."""

from __future__ import annotations

import os
from typing import Literal

import pytest

from wargame.content.loader import ScenarioTexts, load_scenario
from wargame.engine.game import Game
from wargame.model.actions import EndTurn, Propose, Respond
from wargame.model.scenario import Scenario

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIO = os.path.join(ROOT, "scenarios", "ukraine-2025.yaml")


@pytest.fixture(scope="session")
def bundled() -> tuple[Scenario, ScenarioTexts]:
    return load_scenario(SCENARIO)


@pytest.fixture(scope="session")
def scenario(bundled: tuple[Scenario, ScenarioTexts]) -> Scenario:
    return bundled[0]


@pytest.fixture(scope="session")
def texts(bundled: tuple[Scenario, ScenarioTexts]) -> ScenarioTexts:
    return bundled[1]


# ---- the engine tests' small scenario and game helpers ---------------------

MINI = os.path.join(ROOT, "tests", "data", "mini.yaml")
"""A minimal scenario (three seats, three phases) whose rules move the phase
machine only when a test fires an inject: the engine tested on its own."""


@pytest.fixture(scope="session")
def mini_bundle() -> tuple[Scenario, ScenarioTexts]:
    return load_scenario(MINI)


@pytest.fixture(scope="session")
def mini(mini_bundle: tuple[Scenario, ScenarioTexts]) -> Scenario:
    return mini_bundle[0]


def end_turns(game: Game) -> None:
    """Every seat still to take its turn this round ends it."""
    while game.state.step == "turns" and not game.over:
        seat = game.to_act()
        assert seat is not None
        game.submit(EndTurn(kind="end_turn", seat=seat))
        if game.state.turn == 0:
            break  # the round ended with no text to vote on


def vote_all(game: Game, response: Literal["accept", "reject"] = "accept") -> None:
    """Every signatory still to vote gives the same response."""
    while game.state.step == "voting" and not game.over:
        seat = game.to_act()
        assert seat is not None
        game.submit(Respond(kind="respond", seat=seat, response=response))


def play_round(
    game: Game, terms: dict[str, str] | None = None, response: Literal["accept", "reject"] = "accept"
) -> None:
    """One round: the first seat tables `terms` (if any), every seat ends its
    turn, and every signatory gives `response`."""
    if terms:
        seat = game.to_act()
        assert seat is not None
        game.submit(Propose(kind="propose", seat=seat, terms=terms))
    end_turns(game)
    vote_all(game, response)
