"""Batch simulation: the same seed gives the same numbers whatever --jobs."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT, SCENARIO
from wargame.model.scenario import Scenario
from wargame.session.simulate import Batch, game_seed, run_batch, summarize


def test_same_seed_same_results_whatever_the_jobs(scenario: Scenario) -> None:
    batch = Batch(games=4, seed=9, lens="leverage")
    one = summarize(scenario, batch, run_batch(scenario, batch, jobs=1))
    two = summarize(scenario, batch, run_batch(scenario, batch, jobs=2))
    assert one == two
    assert sum(one["outcomes"].values()) == 4


def test_games_of_a_batch_have_their_own_seeds() -> None:
    seeds = [game_seed(0, i) for i in range(50)] + [game_seed(1, i) for i in range(50)]
    assert len(set(seeds)) == 100


def test_simulate_command_prints_the_summary() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "wargame", "simulate", SCENARIO, "--games", "2", "--jobs", "1", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert set(summary) >= {"outcomes", "phases", "treaty_options_pct", "mean_scores", "rules_fired_pct", "checks"}
    assert "games/s" in proc.stderr


def test_simulate_refuses_an_unknown_persona() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "wargame", "simulate", SCENARIO, "--games", "1", "--personas", "russia=dove"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2 and "hardliner" in proc.stderr


def test_a_batch_freezes_what_outlives_each_game_and_thaws_it_after(scenario: Scenario) -> None:
    """Between games what the bots keep is frozen out of the collector's
    sight (`simulate.played`); after the batch the collector is as it was."""
    import gc

    from wargame.bots.tables import SPACES

    before = (gc.get_threshold(), gc.get_freeze_count())
    seen: list[int] = []
    real = gc.freeze

    def freeze() -> None:
        real()
        seen.append(gc.get_freeze_count())

    gc.freeze = freeze  # type: ignore[assignment]
    try:
        SPACES.clear()
        run_batch(scenario, Batch(games=3, seed=2), jobs=1)
    finally:
        gc.freeze = real  # type: ignore[assignment]
    # once after loading (`warm`), at the start of the games (`_init`), then after each game
    assert len(seen) == 5
    assert seen[-1] > seen[1]  # the games' tables joined the frozen
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
