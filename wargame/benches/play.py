"""The play benchmark: `wargame bench` (also `python bench/bench.py`).

Measures what a seminar feels: how fast bots play headless rounds, and how
long a large save (10,000 events by default) takes to load, verify (the hash
chain) and fold back into a state. Speed is measured here, not in timed tests.
"""

from __future__ import annotations

import os
import tempfile
import time

from wargame.benches.engine import engine_report
from wargame.content.loader import load_scenario
from wargame.engine.fold import fold
from wargame.engine.game import Setup
from wargame.model.actions import EndTurn, Message
from wargame.session.runner import RunOptions, run, start_session
from wargame.store.savefile import load_save


def bench(scenario_path: str, events: int = 10_000) -> str:
    scenario, texts = load_scenario(scenario_path)
    lines = [engine_report(scenario)]

    t0 = time.perf_counter()
    rounds = 0
    games = 0
    while time.perf_counter() - t0 < 3.0:
        session = run(scenario, texts, RunOptions(seed=games, rounds=scenario.max_rounds), None)
        rounds += sum(1 for ev in session.game.events if ev.kind == "round_ended")
        games += 1
    elapsed = time.perf_counter() - t0
    lines.append(
        f"headless bot games: {games} games, {rounds} rounds in {elapsed:.2f} s = {rounds / elapsed:.1f} rounds/s"
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big.jsonl")
        t0 = time.perf_counter()
        session = start_session(scenario, texts, Setup(seed=1, max_rounds=100_000), path)
        game = session.game
        while len(game.events) < events:
            seat = game.to_act()
            assert seat is not None
            game.submit(Message(kind="message", seat=seat, to="all", text=f"position statement {len(game.events)}"))
            game.submit(EndTurn(kind="end_turn", seat=seat))
        write_s = time.perf_counter() - t0
        n = len(game.events)
        size = os.path.getsize(path)
        lines.append(f"writing a save of {n} events (fsync each): {write_s:.2f} s, {size / 1e6:.1f} MB")

        t0 = time.perf_counter()
        loaded = load_save(path)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        sc = loaded.scenario()
        state = fold(sc, loaded.events)
        fold_s = time.perf_counter() - t0
        assert state == game.state, "the folded state differs from the live one"
        lines.append(
            f"load + verify {n} events: {load_s * 1000:.0f} ms; rebuild scenario + fold: {fold_s * 1000:.0f} ms; "
            f"total {(load_s + fold_s) * 1000:.0f} ms"
        )
    return "\n".join(lines)
