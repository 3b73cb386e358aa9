"""The load and start-up benchmarks measure what they say (they are scripts,
not timed tests: nothing here checks a speed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MINI
from wargame.benches.replay import load_bench, write_big_save
from wargame.benches.startup import first_screen
from wargame.engine.fold import fold
from wargame.store.savefile import load_save


def test_the_big_save_is_a_save_the_game_accepts(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    write_big_save(str(path), 300, MINI)
    loaded = load_save(str(path))  # the chain and the rules' check pass
    assert len(loaded.events) >= 300 and loaded.warnings == []
    assert loaded.replay() == fold(loaded.scenario(), loaded.events)


def test_the_load_bench_reports_each_size_and_the_growth() -> None:
    report = load_bench((200, 400), runs=1, scenario_path=MINI)
    assert report.count(" events (") == 2
    assert "growth: 2.0x the events" in report and "B/event kept" in report


def test_the_first_screen_is_timed_through_the_real_command_line(tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    write_big_save(str(path), 50, MINI)
    shown, ready, screen = first_screen(["replay", str(path)])
    assert screen == "ReplayScreen" and 0 < shown <= ready
    (tmp_path / "bad.jsonl").write_text("not a save\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="showed no screen"):
        first_screen(["verify", str(tmp_path / "bad.jsonl")])


def test_the_jobs_bench_pairs_both_commands_and_compares_their_results() -> None:
    from wargame.benches.parallel import jobs_report

    report = jobs_report(MINI, games=4, runs=1)
    assert "--jobs 1: " in report and "--jobs 2: " in report and "ratio: " in report
    assert "the same results for both: yes" in report


def test_the_jobs_bench_says_when_a_run_fails() -> None:
    from wargame.benches.parallel import simulate

    with pytest.raises(RuntimeError, match="--jobs 1 failed"):
        simulate("no-such-scenario.yaml", 2, 1)


def test_a_target_line_says_met_or_not_met_in_the_right_direction() -> None:
    from wargame.benches.targets import ENGINE_GAMES, FINDER_P99

    assert ENGINE_GAMES.line(401).endswith(": met") and ENGINE_GAMES.line(399).endswith(": not met")
    assert FINDER_P99.line(19.9, "framework").endswith("19.9 (framework): met")
    assert FINDER_P99.line(20.0).endswith(": not met")  # p99 < 20 ms: 20 is not under it


def test_the_finder_during_play_over_several_runs_keeps_each_calls_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.benches import bots

    runs = iter(
        [
            ({"framework": [5.0, 9.0, 2.0]}, {"framework": [1.0, 1.0, 1.0]}),
            ({"framework": [6.0, 3.0, 2.5]}, {"framework": [0.5, 2.0, 1.0]}),
        ]
    )
    monkeypatch.setattr(bots, "_during_play", lambda *args: next(runs))
    finder, turns = bots.during_play(None, 1, None, 0, runs=2)  # type: ignore[arg-type]
    assert finder == {"framework": [5.0, 3.0, 2.0]}
    assert turns == {"framework": [0.5, 1.0, 1.0]}


def test_the_ceiling_plays_the_bots_steps_back_and_says_when_a_game_ends_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`bench-bots`' ceiling: the same games, the bots' steps recorded and
    played back, checked to end as they were played."""
    import itertools

    from wargame.benches import ceiling
    from wargame.content.loader import load_scenario
    from wargame.session.simulate import Batch

    scenario, _ = load_scenario(MINI)
    batch = Batch(games=2, seed=3)
    games = ceiling.record(scenario, batch)
    assert all(sum(len(q) for q in steps.values()) > 0 for _, steps in games)
    rates = ceiling.replayed_per_cpu_second(scenario, batch, runs=2)
    assert len(rates) == 2 and all(r > 0 for r in rates)
    ends = itertools.count()
    monkeypatch.setattr(ceiling, "outcome", lambda scenario, game: next(ends))
    with pytest.raises(AssertionError, match="did not end as it was played"):
        ceiling.replayed_per_cpu_second(scenario, batch, runs=1)
