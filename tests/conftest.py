"""Shared fixtures: the bundled scenario, loaded once, and game helpers."""

from __future__ import annotations

import os

import pytest

from wargame.content.loader import ScenarioTexts, load_scenario
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
