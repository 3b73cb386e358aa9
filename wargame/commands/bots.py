"""The bot commands: `deals` (the zone of possible agreement) and `simulate`
(many bot games, and what usually happens)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from wargame.errors import WargameError


def _state_at(path: str, at: int | None, lens: str | None, sequence: str | None, seed: int) -> tuple[Any, Any]:
    """A scenario and a state: a fresh game of a scenario, or a save folded up
    to the start of round `at` (its end if `at` is not given)."""
    from wargame.engine.fold import fold
    from wargame.engine.game import Game, Setup

    if path.endswith(".jsonl"):
        from wargame.store.savefile import load_save

        if lens or sequence:
            raise WargameError("--lens and --sequence are for a scenario; a save keeps its own")
        loaded = load_save(path)
        for warning in loaded.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        scenario = loaded.scenario()
        events = list(loaded.events)
        if at is not None:
            cut = _round_start(events, at)
            if cut is None:
                last = max((ev.round for ev in events if ev.kind == "round_started"), default=0)
                raise WargameError(f"{path}: the save has no round {at}; it reaches round {last}")
            events = events[:cut]
        return scenario, fold(scenario, events)
    from wargame.content.loader import load_scenario

    scenario, _ = load_scenario(path)
    _check_profiles(scenario)
    if at is not None and at != 1:
        raise WargameError("--at reads a round of a save; a scenario starts at round 1")
    return scenario, Game.start(scenario, Setup(seed=seed, lens=lens, sequence=sequence, seats=_bots(scenario))).state


def _check_profiles(scenario: Any) -> None:
    from wargame.content.checks import check_profiles, problems_text

    problems = check_profiles(scenario)
    if problems:
        raise WargameError(f"{scenario.id}: the bot profiles name unknown ids:\n{problems_text(problems)}")


def _bots(scenario: Any) -> dict[str, str]:
    return {s: "bot" for s in scenario.seat_ids}


def _round_start(events: list[Any], at: int) -> int | None:
    """The index just past round `at`'s opening events (its start and the
    injects scheduled with it), before any seat acts."""
    for k, ev in enumerate(events):
        if ev.kind == "round_started" and ev.round == at:
            j = k + 1
            while j < len(events) and events[j].kind in ("inject_fired", "phase_changed", "game_ended"):
                j += 1
            return j
    return None


def cmd_deals(args: argparse.Namespace) -> int:
    from wargame.bots.deals import find_deals
    from wargame.bots.explain import report_text

    scenario, state = _state_at(args.source, args.at, args.lens, args.sequence, args.seed)
    t0 = time.perf_counter()
    report = find_deals(scenario, state, limit=args.limit)
    ms = (time.perf_counter() - t0) * 1000
    if args.json:
        print(json.dumps({**report.as_dict(), "ms": round(ms, 1)}, indent=2))
    else:
        print(report_text(scenario, report))
        print(f"\n({ms:.0f} ms)")
    return 0


@contextlib.contextmanager
def _progress_bar(games: int, quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr (rich's), fed by `run_batch`'s callback."""
    if quiet:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (BarColumn(), MofNCompleteColumn(), TextColumn("games, {task.fields[rate]}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("simulate", total=games, rate="")
        t0 = time.perf_counter()

        def advance(done: int, total: int) -> None:
            elapsed = time.perf_counter() - t0
            rate = f"{done / elapsed:.1f} games/s" if elapsed > 0 else ""
            bar.update(task, completed=done, total=total, rate=rate)

        yield advance


def simulation_text(summary: dict[str, Any]) -> str:
    """The summary of `wargame simulate` in words."""
    lines = [
        f"{summary['games']} bot games of {summary['scenario']} (lens {summary['lens']}, "
        f"sequence {summary['sequence']}, seed {summary['seed']}"
        + (f", personas {', '.join(f'{k}={v}' for k, v in summary['personas'].items())}" if summary["personas"] else "")
        + ")",
        "",
        "Outcomes: " + ", ".join(f"{k} {v}%" for k, v in summary["outcomes_pct"].items()),
        f"Rounds played: mean {summary['rounds']['mean']} ("
        + ", ".join(f"{k} {v}" for k, v in summary["rounds"]["by_outcome"].items())
        + ")",
        "Agreements signed:",
    ]
    for phase, p in summary["phases"].items():
        when = f", mean round {p['mean_round']}, median {p['median_round']}" if p["mean_round"] is not None else ""
        lines.append(f"  {phase}: in {p['signed_in']}% of games{when}")
    lines.append("Mean scores: " + ", ".join(f"{k} {v}" for k, v in summary["mean_scores"].items()))
    if summary["treaty_options_pct"]:
        lines.append("In signed treaties (share of peace games):")
        for issue, opts in summary["treaty_options_pct"].items():
            lines.append(f"  {issue}: " + ", ".join(f"{o} {v}%" for o, v in opts.items()))
    lines.append(
        "Rules that fire most (share of games): "
        + ", ".join(f"{r} {v}%" for r, v in summary["rules_fired_pct"].items())
    )
    lines.append("Levers per game: " + (", ".join(f"{k} {v}" for k, v in summary["levers_per_game"].items()) or "none"))
    c = summary["checks"]
    lines.append(
        f"Checks: Russia rejected {c['russia_rejects_early_ceasefire_pct']}% of {c['russia_early_ceasefire_votes']} "
        f"votes on an early (30-day or unconditional) ceasefire; European troops without a US backstop were "
        f"voted on in {c['troops_without_backstop_voted_in_games']} games and signed in "
        f"{c['troops_without_backstop_signed_in_games']}."
    )
    return "\n".join(lines)


def cmd_simulate(args: argparse.Namespace) -> int:
    from wargame.bots.personas import persona
    from wargame.commands.core import _personas
    from wargame.content.loader import load_scenario
    from wargame.session.simulate import Batch, run_batch, summarize

    scenario, _ = load_scenario(args.scenario)
    _check_profiles(scenario)
    if args.games < 1:
        raise WargameError("--games must be at least 1")
    personas = _personas(args.personas)
    if args.difficulty:
        from wargame.bots.personas import solo_personas

        personas = {**solo_personas(scenario, args.difficulty), **personas}
    for seat, name in personas.items():
        if not scenario.has("seat", seat):
            raise WargameError(f"unknown seat {seat!r} in --personas; the seats are: {', '.join(scenario.seat_ids)}")
        persona(scenario, seat, name)
    if args.lens is not None and not scenario.has("lens", args.lens):
        raise WargameError(f"unknown lens {args.lens!r}; this scenario has: {', '.join(v.id for v in scenario.lenses)}")
    if args.sequence is not None and args.sequence not in scenario.sequences:
        raise WargameError(f"unknown sequence {args.sequence!r}; this scenario has: {', '.join(scenario.sequences)}")
    batch = Batch(games=args.games, seed=args.seed, lens=args.lens, sequence=args.sequence, personas=personas)
    t0 = time.perf_counter()
    with _progress_bar(batch.games, args.quiet) as progress:
        results = run_batch(scenario, batch, args.jobs, progress)
    elapsed = time.perf_counter() - t0
    summary = summarize(scenario, batch, results)
    print(f"{len(results)} games in {elapsed:.1f} s ({len(results) / elapsed:.1f} games/s)", file=sys.stderr)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(simulation_text(summary))
    return 0


def cmd_bench_bots(args: argparse.Namespace) -> int:
    """Bot games per CPU-second on one core, the deal finder during play per
    phase and on fixed states (see `benches.bots`), and, with --profile,
    where the time of a game goes."""
    from wargame.benches.bots import bench_bots
    from wargame.content.bundled import default_scenario as bundled_scenario
    from wargame.content.loader import load_scenario
    from wargame.session.simulate import Batch, play

    scenario, _ = load_scenario(args.scenario or bundled_scenario())
    report = bench_bots(
        scenario, args.games, args.runs, args.lens, args.seed, args.calls, args.play_games, args.no_gc, args.play_runs
    )
    print(report, flush=True)
    if args.profile:
        import cProfile
        import io
        import pstats

        batch = Batch(games=args.games, seed=args.seed, lens=args.lens)
        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(min(args.games, 20)):
            play(scenario, batch, i)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
        print(out.getvalue())
    return 0


def register(add: Any) -> None:
    """Add `deals` and `simulate` (`add(name, fn, help)` returns their parser)."""
    from wargame.commands.core import at_least

    d = add("deals", cmd_deals, "find the texts every signatory's bot would sign now, and what would win a refusal")
    d.add_argument("source", metavar="SAVE_OR_SCENARIO", help="a save (.jsonl) or a scenario (.yaml)")
    d.add_argument("--at", type=at_least(1), help="for a save: the start of this round (default: where the save ends)")
    d.add_argument("--lens", help="for a scenario: the lens")
    d.add_argument("--sequence", help="for a scenario: the sequence")
    d.add_argument("--seed", type=int, default=0, help="for a scenario: the seed")
    d.add_argument("--limit", type=at_least(1), default=10, help="how many deals to list")
    d.add_argument("--json", action="store_true")

    s = add("simulate", cmd_simulate, "play many bot games in parallel and summarize how they end")
    s.add_argument("scenario")
    s.add_argument("--games", type=at_least(1), default=100)
    s.add_argument("--lens")
    s.add_argument("--sequence")
    s.add_argument("--personas", nargs="*", metavar="SEAT=NAME", help="bot personas, e.g. russia=hardliner")
    s.add_argument(
        "--difficulty",
        choices=["easy", "normal", "hard"],
        help="every bot at the persona of this solo difficulty (--personas wins for its seats)",
    )
    s.add_argument("--jobs", type=at_least(1), help="processes (default: all cores)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.add_argument("--json", action="store_true")

    b = add("bench-bots", cmd_bench_bots, "measure bot games per second and deal-finder calls per second")
    b.add_argument("scenario", nargs="?")
    b.add_argument("--games", type=at_least(1), default=100)
    b.add_argument("--lens")
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--runs", type=at_least(1), default=3, help="runs of the games (min and median)")
    b.add_argument("--play-games", type=at_least(1), default=10, help="games per sequence timed turn by turn")
    b.add_argument(
        "--play-runs", type=at_least(1), default=1, help="runs of the games timed turn by turn (each call's minimum)"
    )
    b.add_argument("--calls", type=at_least(1), default=5, help="deal-finder calls to time per fixed state")
    b.add_argument("--profile", action="store_true", help="print where the time of a bot game goes")
    b.add_argument(
        "--no-gc", action="store_true", help="time the turns during play with the cyclic garbage collector off"
    )
