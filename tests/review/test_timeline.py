"""The replay is exact: the state the review shows at every event equals the
live game's state at that event, for bot games with probabilistic rules."""

from __future__ import annotations

import random

import pytest

from tests.review.conftest import GAMES, Recorded
from tests.review.helpers import record
from wargame.content.loader import ScenarioTexts, build
from wargame.engine.fold import fold
from wargame.model import events as e
from wargame.model.scenario import Scenario
from wargame.review.timeline import SNAPSHOT_EVERY, Timeline, scenario_of
from wargame.store.savefile import load_save


@pytest.mark.parametrize("k", range(len(GAMES)))
def test_replayed_state_equals_live_state_at_every_event(recorded: list[Recorded], k: int) -> None:
    """Seeds, sequences and personas as in `GAMES`."""
    game = recorded[k]
    session, live, seed = game.session, game.live, GAMES[k][0]
    loaded = load_save(game.path)
    assert loaded.events == session.game.events
    timeline = Timeline.of(loaded)
    assert set(live) == set(range(min(live), len(loaded.events) + 1))
    for count in sorted(live):
        assert timeline.state_after(count) == live[count], f"differs after {count} events"
    # in any order (backwards, jumps): the snapshots and the step cache agree with a plain fold
    order = list(range(len(loaded.events) + 1))
    random.Random(seed).shuffle(order)
    for count in [*reversed(range(len(loaded.events) + 1)), *order[:60]]:
        assert timeline.state_after(count) == fold(timeline.scenario, loaded.events[:count])
    assert timeline.final == session.game.state


def test_probabilistic_rules_are_in_the_recorded_games(scenario: Scenario, recorded: list[Recorded]) -> None:
    """The games above include dice: a rule with a `chance` fired in at least one of them."""
    chancy = {r.id for r in scenario.rules if any(b.chance is not None for b in r.effects)}
    fired: set[str] = set()
    for game in recorded:
        fired |= {ev.rule for ev in game.session.game.events if isinstance(ev, e.RuleFired) and ev.rolls}
    assert fired & chancy, "no rule with a chance fired in the recorded games"


def test_fast_scenario_equals_the_checked_build(texts: ScenarioTexts, tmp_path, scenario: Scenario) -> None:
    path = str(tmp_path / "g.jsonl")
    record(scenario, texts, path, 1, rounds=1)
    loaded = load_save(path)
    assert scenario_of(loaded) == build(loaded.texts())


def test_rounds_and_phase_changes_are_indexed(long_game: Recorded) -> None:
    tl = Timeline.of(load_save(long_game.path))
    events = long_game.session.game.events
    assert [s.round for s in tl.rounds] == [ev.round for ev in events if isinstance(ev, e.RoundStarted)]
    assert all(isinstance(events[s.start], e.RoundStarted) for s in tl.rounds)
    assert all(s.end is None or isinstance(events[s.end], e.RoundEnded) for s in tl.rounds)
    assert tl.phase_changes == [i for i, ev in enumerate(events) if isinstance(ev, e.PhaseChanged)]
    first = tl.rounds[0].start
    assert tl.next_round_start(first) == tl.rounds[1].start
    assert tl.prev_round_start(tl.rounds[1].start) == first
    assert tl.prev_round_start(first) is None
    series = tl.indicator_series()
    assert all(len(pts) == len(tl.round_ends) + 1 for pts in series.values())
    assert len(tl._snaps) == (len(events) - 1) // SNAPSHOT_EVERY + 1
