"""The bots decide as they did before their tables were rebuilt for speed.

A fingerprint of bot behaviour: for seeds over every lens and sequence of the
bundled scenario (and the solo difficulties), the hash of each bot game's
whole event log; and, at the start of every round of a few of those games,
the hash of the deal finder's full report. The hashes were recorded from the
bots before their precomputed tables (`data/same_decisions.json`); a faster
bot must give the identical events. To re-accept a changed decision, read
the games that differ first, then run this file as a script:
`python tests/bots/test_same_decisions.py` rewrites the data file.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from wargame.bots.deals import find_deals
from wargame.bots.personas import persona, solo_personas
from wargame.bots.player import Bot
from wargame.content.bundled import default_scenario
from wargame.content.loader import load_scenario
from wargame.engine.game import Game, Setup
from wargame.engine.play import play_until
from wargame.model import players
from wargame.model.scenario import Scenario

DATA = Path(__file__).parent / "data" / "same_decisions.json"
SEEDS = range(6)
DEAL_SEEDS = range(2)
"""Games whose every round start the deal finder is asked about."""


def cases(scenario: Scenario) -> list[tuple[str, str, int, str | None]]:
    """(lens, sequence, seed, difficulty or None) for every game of the fingerprint."""
    out: list[tuple[str, str, int, str | None]] = []
    for lens in scenario.lenses:
        for sequence in scenario.sequences:
            out += [(lens.id, sequence, seed, None) for seed in SEEDS]
            out += [(lens.id, sequence, 100, difficulty) for difficulty in ("easy", "hard")]
    return out


def digest(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()[:16]


def game_prints(scenario: Scenario, lens: str, sequence: str, seed: int, difficulty: str | None) -> dict[str, Any]:
    """The hash of a bot game's events, and of the deal finder's report at
    each round start (for the seeds in DEAL_SEEDS)."""
    names = solo_personas(scenario, difficulty) if difficulty else {}
    seats = {s: str(players.Bot(names.get(s))) for s in scenario.seat_ids}
    game = Game.start(scenario, Setup(seed=seed, lens=lens, sequence=sequence, seats=seats))
    bots = {s: Bot(seat=s, persona=persona(scenario, s, names.get(s))) for s in scenario.seat_ids}
    deals: list[str] = []
    if seed in DEAL_SEEDS and difficulty is None:
        seen = -1
        while not game.over:
            st = game.state
            if st.step == "turns" and st.turn == 0 and st.round != seen:
                seen = st.round
                deals.append(digest(find_deals(scenario, st).as_dict()))
            play_until(game, bots, lambda g, r=st.round: g.state.round != r)
    else:
        play_until(game, bots)
    events = digest([ev.model_dump(mode="json") for ev in game.events])
    return {"events": events, "deals": deals, "count": len(game.events)}


def fingerprint(scenario: Scenario) -> dict[str, Any]:
    return {
        f"{lens}/{seq}/{seed}/{diff or 'default'}": game_prints(scenario, lens, seq, seed, diff)
        for lens, seq, seed, diff in cases(scenario)
    }


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(default_scenario())[0]


def test_the_bots_decide_as_recorded(scenario: Scenario) -> None:
    recorded = json.loads(DATA.read_text())
    now = fingerprint(scenario)
    differ = [k for k in recorded if recorded[k] != now.get(k)]
    assert set(now) == set(recorded)
    assert not differ, f"bot games that changed: {differ}"


if __name__ == "__main__":
    DATA.write_text(json.dumps(fingerprint(load_scenario(default_scenario())[0]), indent=1, sort_keys=True) + "\n")
    print(f"wrote {DATA}", file=sys.stderr)
