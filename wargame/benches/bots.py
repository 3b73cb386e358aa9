"""The bot benchmark: `wargame bench-bots`.

Measures, in CPU time (`time.process_time`: these machines are shared), what
the bots cost: whole bot games per CPU-second on one core (min and median
over several runs), the deal finder during play (every seat's turn of a few
bot games, per phase: median, p99 and max of a `find_deals` call, as the
hint asks it), a bot's own turn per phase, and the deal finder on three
fixed states cold (no memo) and warm. Speed is measured here, not in timed
tests.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from wargame.benches.ceiling import replayed_per_cpu_second
from wargame.benches.targets import BOT_GAMES, FINDER_MAX, FINDER_P99
from wargame.bots import coded
from wargame.bots.climb import SIDES
from wargame.bots.deals import find_deals
from wargame.bots.judge import CONTEXTS, forget_words
from wargame.bots.memo import SHARED
from wargame.bots.near import FLATS
from wargame.bots.personas import persona
from wargame.bots.player import Bot
from wargame.bots.tables import SPACES
from wargame.engine.game import Game, Setup
from wargame.engine.play import act, play_until
from wargame.model.scenario import Scenario
from wargame.session.simulate import Batch, run_batch


def clear_memos() -> None:
    """Forget every memo and table (a cold start, as a fresh process)."""
    SHARED.clear()
    CONTEXTS.clear()
    SPACES.clear()
    coded.clear()
    SIDES.clear()
    forget_words()
    FLATS.clear()


def games_per_cpu_second(scenario: Scenario, games: int, runs: int, lens: str | None, seed: int) -> list[float]:
    """Bot games per CPU-second in this process, one figure per run: the
    batch of `simulate --jobs 1` (its collector's policy included), each
    run with empty memos, as a fresh `simulate` starts."""
    rates = []
    batch = Batch(games=games, seed=seed, lens=lens)
    for _ in range(runs):
        clear_memos()
        t0 = time.process_time()
        run_batch(scenario, batch, jobs=1)
        rates.append(games / (time.process_time() - t0))
    return rates


def p99(ms: list[float]) -> float:
    ms = sorted(ms)
    return ms[min(len(ms) - 1, int(0.99 * len(ms)))]


def quantiles(ms: list[float]) -> str:
    ms = sorted(ms)
    return f"median {statistics.median(ms):.2f} ms, p99 {p99(ms):.2f} ms, max {ms[-1]:.2f} ms ({len(ms)} calls)"


def during_play(
    scenario: Scenario, games: int, lens: str | None, seed: int, runs: int = 1
) -> tuple[dict[str, list[float]], ...]:
    """CPU milliseconds of `find_deals` at every seat's turn of `games` bot
    games, and of the bot's turn itself, by phase. With several `runs`
    (memos emptied before each: the same calls in the same order), each
    call's minimum over them: the work of a call without the machine's
    noise (and, where the collector runs, without the collections that land
    in one run only)."""
    done = [_during_play(scenario, games, lens, seed) for _ in range(runs)]
    floors: list[dict[str, list[float]]] = []
    for part in range(2):  # the finder's calls, then the bots' turns
        floors.append({})
        for phase in done[0][part]:
            timings = zip(*(run[part][phase] for run in done), strict=True)  # one call's, run by run
            floors[part][phase] = [min(call) for call in timings]
    return tuple(floors)


def _during_play(scenario: Scenario, games: int, lens: str | None, seed: int) -> tuple[dict[str, list[float]], ...]:
    finder: dict[str, list[float]] = defaultdict(list)
    turns: dict[str, list[float]] = defaultdict(list)
    clear_memos()
    for sequence in scenario.sequences:
        for g in range(games):
            game = Game.start(
                scenario,
                Setup(seed=seed + g, lens=lens, sequence=sequence, seats={s: "bot" for s in scenario.seat_ids}),
            )
            bots = {s: Bot(s, persona(scenario, s, None)) for s in scenario.seat_ids}
            while not game.over:
                seat = game.to_act()
                if seat is None:
                    break
                phase = game.state.status
                if game.state.step == "turns":
                    t0 = time.process_time()
                    find_deals(scenario, game.state)
                    finder[phase].append(1000 * (time.process_time() - t0))
                    t0 = time.process_time()
                    act(game, bots[seat])
                    turns[phase].append(1000 * (time.process_time() - t0))
                else:
                    act(game, bots[seat])
    return finder, turns


def fixed_states(scenario: Scenario, lens: str | None, calls: int) -> list[str]:
    """The deal finder on three fixed states, cold and warm."""
    states = {"ceasefire talks, round 1": Game.start(scenario, Setup(seed=1, lens=lens)).state}
    states["framework talks, round 1"] = Game.start(
        scenario, Setup(seed=1, lens=lens, sequence="framework_first")
    ).state
    treaty = treaty_state(scenario, lens)
    if treaty is not None:
        states["treaty talks, first round"] = treaty
    lines = []
    for name, state in states.items():
        for label, clear in (("cold", True), ("warm", False)):
            times = []
            for _ in range(calls):
                if clear:
                    clear_memos()
                t0 = time.process_time()
                report = find_deals(scenario, state)
                times.append(time.process_time() - t0)
            ms = 1000 * statistics.median(times)
            lines.append(
                f"deal finder, {name}, {label}: median {ms:.2f} ms, min {1000 * min(times):.2f} ms, "
                f"{report.method}, {report.judged} texts judged"
            )
    return lines


def treaty_state(scenario: Scenario, lens: str | None) -> Any:
    """The state at the start of the treaty talks of the first bot game that
    gets there (the phase with the largest agenda), or None."""
    widest = max(scenario.phases, key=lambda p: len(scenario.agenda(p.id))).id
    for seed in range(20):
        game = Game.start(
            scenario, Setup(seed=seed, lens=lens or "leverage", seats={s: "bot" for s in scenario.seat_ids})
        )
        bots = {s: Bot(s, persona(scenario, s, None)) for s in scenario.seat_ids}
        until: Callable[[Game], bool] = lambda g: (  # noqa: E731
            g.state.status == widest and g.state.step == "turns" and g.state.turn == 0
        )
        play_until(game, bots, until)
        if not game.over:
            return game.state
    return None


def bench_bots(
    scenario: Scenario,
    games: int = 100,
    runs: int = 3,
    lens: str | None = None,
    seed: int = 0,
    calls: int = 5,
    play_games: int = 10,
    no_gc: bool = False,
    play_runs: int = 1,
) -> str:
    """The report of `wargame bench-bots`. With `no_gc`, the cyclic garbage
    collector is off while the turns are timed: a diagnostic that tells the
    collector's pauses (which grow with the heap) from the finder's work;
    with `play_runs`, each call during play is timed that many times (its
    minimum: see `during_play`)."""
    rates = games_per_cpu_second(scenario, games, runs, lens, seed)
    lines = [
        f"{games} bot games on 1 core, {runs} runs: min {min(rates):.1f}, median {statistics.median(rates):.1f} "
        f"games per CPU-second ({1000 / statistics.median(rates):.2f} ms a game)",
        BOT_GAMES.line(statistics.median(rates), "median; the ratio itself: ../shared/tools/peer-bench"),
    ]
    ceiling = replayed_per_cpu_second(scenario, Batch(games=games, seed=seed, lens=lens), runs)
    lines.append(
        f"the same games with the bots' steps played back (the engine and the outcome alone, the most bot games "
        f"could reach if the bots cost nothing): min {min(ceiling):.1f}, median {statistics.median(ceiling):.1f} "
        f"games per CPU-second; the bots' thinking is {100 * (1 - statistics.median(rates) / statistics.median(ceiling)):.0f}% of a game"
    )
    if no_gc:
        gc.disable()
    try:
        finder, turns = during_play(scenario, play_games, lens, seed, play_runs)
    finally:
        gc.enable()
    lines.append(
        f"deal finder during play ({play_games} games per sequence, at every seat's turn"
        + (", garbage collector off" if no_gc else "")
        + (f", each call's minimum over {play_runs} runs" if play_runs > 1 else "")
        + "), CPU time:"
    )
    lines += [f"  {phase}: {quantiles(ms)}" for phase, ms in finder.items()]
    for phase, ms in finder.items():
        lines.append(FINDER_P99.line(p99(ms), phase))
        lines.append(FINDER_MAX.line(max(ms), phase))
    lines.append("a bot's turn during play, CPU time:")
    lines += [f"  {phase}: {quantiles(ms)}" for phase, ms in turns.items()]
    lines += fixed_states(scenario, lens, calls)
    return "\n".join(lines)
