"""The engine's fingerprint: the same games make the same events, byte for byte.

`tests/data/engine_events.json` holds the SHA-256 of the full event log of
seeded games over every lens and sequence of the bundled scenario: games of
random legal actions (the engine alone) and bot games (the engine as bots
drive it). It was recorded before the engine's hot path was rewritten for
speed; any change to what the engine decides shows here as a changed hash.
Regenerate it (`python tests/test_engine_same_events.py`) only for a change
that is meant to change the events, and say so.
"""

from __future__ import annotations

import json
import os
import sys

from wargame.benches.engine import events_hash, random_game
from wargame.model.scenario import Scenario

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "engine_events.json")
RANDOM_SEEDS = range(20)
BOT_SEEDS = range(3)


def _cases(scenario: Scenario) -> list[tuple[str, str]]:
    return [(lens.id, seq) for lens in scenario.lenses for seq in scenario.sequences]


def _bot_hash(scenario: Scenario, lens: str, sequence: str, seed: int) -> str:
    from wargame.session.simulate import Batch, play_game

    return events_hash(play_game(scenario, Batch(games=1, seed=seed, lens=lens, sequence=sequence), 0))


def fingerprint(scenario: Scenario) -> dict[str, str]:
    out: dict[str, str] = {}
    for lens, seq in _cases(scenario):
        for seed in RANDOM_SEEDS:
            out[f"random/{lens}/{seq}/{seed}"] = events_hash(random_game(scenario, seed, lens, seq))
        # a long game: the rounds run on after the scenario's own end
        out[f"random-long/{lens}/{seq}"] = events_hash(random_game(scenario, 99, lens, seq, max_rounds=60))
        for seed in BOT_SEEDS:
            out[f"bots/{lens}/{seq}/{seed}"] = _bot_hash(scenario, lens, seq, seed)
    return out


def _recorded() -> dict[str, str]:
    with open(DATA, encoding="utf-8") as f:
        return dict(json.load(f))


def test_random_legal_games_make_the_recorded_events(scenario: Scenario) -> None:
    recorded = _recorded()
    for lens, seq in _cases(scenario):
        for seed in RANDOM_SEEDS:
            key = f"random/{lens}/{seq}/{seed}"
            assert events_hash(random_game(scenario, seed, lens, seq)) == recorded[key], key
        key = f"random-long/{lens}/{seq}"
        assert events_hash(random_game(scenario, 99, lens, seq, max_rounds=60)) == recorded[key], key


def test_bot_games_make_the_recorded_events(scenario: Scenario) -> None:
    recorded = _recorded()
    for lens, seq in _cases(scenario):
        for seed in BOT_SEEDS:
            key = f"bots/{lens}/{seq}/{seed}"
            assert _bot_hash(scenario, lens, seq, seed) == recorded[key], key


def test_the_fingerprint_covers_every_lens_and_sequence(scenario: Scenario) -> None:
    keys = set(_recorded())
    assert {k.split("/")[1] for k in keys} == {v.id for v in scenario.lenses}
    assert {k.split("/")[2] for k in keys} == set(scenario.sequences)


if __name__ == "__main__":  # pragma: no cover - regenerates the data
    from wargame.content.loader import load_scenario

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from tests.conftest import SCENARIO

    scn, _ = load_scenario(SCENARIO)
    with open(DATA, "w", encoding="utf-8") as f:
        json.dump(fingerprint(scn), f, indent=1, sort_keys=True)
        f.write("\n")
