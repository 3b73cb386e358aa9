"""The reliability suite: fuzzed games, hostile files, full disks.

`WARGAME_FUZZ_EXAMPLES` sets how many examples each fuzz test tries (a few
hundred by default, so CI stays quick; `WARGAME_FUZZ_EXAMPLES=3000` for the
probe's full run).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.conftest import MINI
from wargame.content.loader import ScenarioTexts, load_scenario
from wargame.model.scenario import Scenario

HERE = os.path.dirname(os.path.abspath(__file__))
DECK = os.path.join(HERE, "data", "mini-deck.yaml")

EXAMPLES = int(os.environ.get("WARGAME_FUZZ_EXAMPLES", "200"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


FUZZ_FILES = settings(FUZZ, max_examples=max(10, EXAMPLES // 4))
"""For the tests that write and read real files at every step (slower)."""


@pytest.fixture(scope="session")
def fuzz_bundle() -> tuple[Scenario, ScenarioTexts]:
    """The small scenario with a deck of injects that pull seats' levers."""
    return load_scenario(MINI, [DECK])
