"""Fixtures of the rule tests: a scripted table on the bundled scenario."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.rules.helpers import Table
from wargame.model.scenario import Scenario

# The situations below recur: texts that sign without touching the rule under test.
QUIET_CEASEFIRE = {"ceasefire": "linked_to_framework", "dmz": "international_monitoring"}
QUIET_FRAMEWORK = {"territory": "freeze_no_recognition"}


@pytest.fixture
def new(scenario: Scenario) -> Callable[..., Table]:
    """`new(sequence=..., lens=..., seed=...)`: a fresh scripted table."""

    def make(**kw: Any) -> Table:
        return Table(scenario, **kw)

    return make


def to_treaty(t: Table) -> Table:
    """Sign a plain ceasefire and framework (ceasefire_first) so the treaty's
    agenda (arms limits, political clauses, frozen assets) is open."""
    assert t.state.status == "ceasefire"
    t.sign(QUIET_CEASEFIRE)
    t.sign(QUIET_FRAMEWORK)
    assert t.state.status == "treaty"
    return t
