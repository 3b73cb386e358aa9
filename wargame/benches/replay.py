"""The replay benchmark (`python bench/replay_bench.py [SAVE] [EVENTS]`).

How long a large save (10,000 events by default) takes to open for review,
and what a step costs:

* open: `load_save` (read and verify the hash chain) + the embedded scenario +
  the timeline (the fold, with a snapshot every `SNAPSHOT_EVERY` events);
* a step, in data: the states before and after the cursor and every panel;
* in the app (headless, Textual's Pilot): the time to the first screen, and
  the time a step takes to be drawn.

Times are wall-clock and CPU (the CPU time of this process is steadier on a
busy machine).
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import os
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from wargame.benches.targets import LOAD_100K, LOAD_GROWTH
from wargame.review import panels
from wargame.review.describe import DEBRIEF
from wargame.review.timeline import Timeline, scenario_of
from wargame.store.savefile import load_save

if TYPE_CHECKING:
    from wargame.engine.game import Game

T = TypeVar("T")


def _timed(fn: Callable[[], T]) -> tuple[T, float, float]:
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def make_big_save(path: str, events: int, scenario_path: str) -> None:
    """A save of about `events` events: rounds of public and private messages."""
    from wargame.content.loader import load_scenario
    from wargame.engine.game import Setup
    from wargame.session.runner import start_session

    scenario, texts = load_scenario(scenario_path)
    session = start_session(scenario, texts, Setup(seed=1, max_rounds=100_000), path)
    game = session.game
    _talk(game, events)
    assert session.writer is not None
    session.writer.close()


def _talk(game: Game, events: int) -> None:
    """Play messages and ends of turns until the game holds `events` events:
    a long class game's shape (every third message private, to one seat)."""
    from wargame.model.actions import EndTurn, Message

    seat_ids = game.scenario.seat_ids
    while len(game.events) < events:
        seat = game.to_act()
        assert seat is not None
        other = next(s for s in seat_ids if s != seat)
        to = other if len(game.events) % 3 == 0 else "all"
        game.submit(Message(kind="message", seat=seat, to=to, text=f"position statement {len(game.events)}"))
        game.submit(EndTurn(kind="end_turn", seat=seat))


def write_big_save(path: str, events: int, scenario_path: str) -> None:
    """The save `make_big_save` makes, written in one go instead of one fsync a
    line (a 100k-event save in seconds, not minutes): the game is played in
    memory and every line is made as `SaveWriter.write` makes it, so the file
    is byte for byte what a played game leaves."""
    from wargame.content.loader import load_scenario
    from wargame.engine.game import Game, Setup
    from wargame.model.events import Event, dump_event
    from wargame.store.savefile import make_header
    from wargame.store.writer import chain

    scenario, texts = load_scenario(scenario_path)
    seats = {s: "human" for s in scenario.seat_ids}
    header = make_header(
        texts, scenario, 1, scenario.default_lens, scenario.default_sequence, seats, "2026-01-01T00:00:00"
    )
    first = json.dumps(header, sort_keys=True, ensure_ascii=False).encode()
    out = [first + b"\n"]
    head = hashlib.sha256(first).hexdigest()

    def line(event: Event) -> None:
        nonlocal head
        body = dump_event(event)
        head = chain(head, body)
        out.append(f'{{"seq": {len(out)}, "event": {body}, "hash": "{head}"}}\n'.encode())

    game = Game.start(scenario, Setup(seed=1, max_rounds=1_000_000, seats=seats), line)
    _talk(game, events)
    with open(path, "xb") as fh:
        fh.write(b"".join(out))


def open_verify_fold(path: str) -> int:
    """What opening a save costs: read, check the chain and the rules, fold."""
    loaded = load_save(path)
    loaded.replay()
    return len(loaded.events)


def _stages(path: str) -> tuple[float, float]:
    """CPU seconds of two stages of opening `path`, run on their own: building
    the embedded scenario, and the rules' check (`check_events`)."""
    from wargame.content.loader import build
    from wargame.engine.recover import check_events

    loaded = load_save(path)
    gc.collect()
    gc.disable()
    try:
        c = time.process_time()
        scenario = build(loaded.texts())
        scenario_s = time.process_time() - c
        c = time.process_time()
        check_events(scenario, loaded.events)
        check_s = time.process_time() - c
    finally:
        gc.enable()
    return scenario_s, check_s


def load_bench(sizes: tuple[int, ...] = (10_000, 100_000), runs: int = 3, scenario_path: str | None = None) -> str:
    """Open + verify + fold saves of each size: CPU time (min / median of
    `runs`), how it grows, and the memory an event takes (tracemalloc: the
    peak while opening, and what the loaded save keeps)."""
    from wargame.content.bundled import default_scenario as bundled_scenario

    rows = [f"open + verify + fold a save, CPU (min / median of {runs}); memory per event (tracemalloc):"]
    per_event: list[tuple[int, float, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = os.path.join(tmp, f"save-{n}.jsonl")
            write_big_save(path, n, scenario_path or bundled_scenario())
            size = os.path.getsize(path)
            times = []
            for _ in range(runs):
                gc.collect()
                c = time.process_time()
                count = open_verify_fold(path)
                times.append(time.process_time() - c)
            gc.collect()
            tracemalloc.start()
            loaded = load_save(path)
            loaded.replay()
            kept, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            del loaded
            best = min(times)
            per_event.append((count, best, peak))
            scenario_s, check_s = _stages(path)
            rows.append(
                f"  {count:>7} events ({size / count:.0f} B/event on disk): {best * 1000:7.0f} ms / "
                f"{statistics.median(times) * 1000:7.0f} ms CPU ({best / count * 1e6:.1f} us/event); "
                f"memory {peak / count:.0f} B/event at peak, {kept / count:.0f} B/event kept"
            )
            rows.append(
                f"          of which: the rules' check (deciding every action again) {check_s * 1000:.0f} ms, "
                f"the embedded scenario {scenario_s * 1000:.0f} ms, reading + shape + chain + fold "
                f"{max(0.0, best - check_s - scenario_s) * 1000:.0f} ms"
            )
    if len(per_event) > 1:
        (n0, t0, p0), (n1, t1, p1) = per_event[0], per_event[-1]
        rows.append(f"  growth: {n1 / n0:.1f}x the events took {t1 / t0:.1f}x the time (linear: within 1.1x of it)")
        rows.append(f"  peak memory of one more event (between the two sizes): {(p1 - p0) / (n1 - n0):.0f} B")
        if sizes[-1] == 100_000:
            rows.append(LOAD_100K.line(t1, f"{n1} events, min of {runs}"))
        if sizes[-1] == 10 * sizes[0]:
            rows.append(LOAD_GROWTH.line(t1 / t0, f"{n0} -> {n1} events"))
    return "\n".join(rows)


def startup_part(scenario_path: str, runs: int = 3, events: int = 1_000) -> str:
    """First-screen times of every entry point (`benches.startup`), resuming
    and replaying a save of `events` events (about a class game's length)."""
    from wargame.benches.startup import startup_bench
    from wargame.content.loader import load_scenario

    scenario, _ = load_scenario(scenario_path)
    with tempfile.TemporaryDirectory() as tmp:
        save = os.path.join(tmp, "game.jsonl")
        write_big_save(save, events, scenario_path)
        return startup_bench(scenario_path, scenario.seat_ids[-1], save, runs)


def replay_bench(save: str | None = None, events: int = 10_000, scenario_path: str | None = None) -> str:
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        if save is None:
            from wargame.content.bundled import default_scenario as bundled_scenario

            save = os.path.join(tmp, "big.jsonl")
            _, w, _ = _timed(lambda: make_big_save(save or "", events, scenario_path or bundled_scenario()))
            lines.append(f"made a save of {events} events in {w:.1f} s ({os.path.getsize(save) / 1e6:.1f} MB)")
        path = save
        loaded, w1, c1 = _timed(lambda: load_save(path))
        scenario, w2, c2 = _timed(lambda: scenario_of(loaded))
        timeline, w3, c3 = _timed(lambda: Timeline(scenario, loaded.events))
        n = len(loaded.events)
        lines.append(
            f"open {n} events: load + verify {w1 * 1000:.0f} ms, scenario {w2 * 1000:.0f} ms, "
            f"timeline (fold + {len(timeline._snaps)} snapshots) {w3 * 1000:.0f} ms; "
            f"total {(w1 + w2 + w3) * 1000:.0f} ms wall, {(c1 + c2 + c3) * 1000:.0f} ms CPU"
        )
        idx = list(range(n))
        steps = min(500, n - 1)

        def step_all() -> None:
            for i in range(n - steps - 1, n - 1):
                before, after = timeline.state_after(i), timeline.state_after(i + 1)
                panels.status_line(timeline, i, DEBRIEF)
                panels.timeline_window(timeline, idx, i, 25, 45, DEBRIEF)
                panels.event_detail(timeline, i, DEBRIEF)
                panels.table_panel(timeline, before, after)
                panels.votes_panel(timeline, i + 1, DEBRIEF)
                panels.rules_panel(timeline, i + 1)
                panels.notes_panel(timeline, i + 1, DEBRIEF)
                panels.scores_panel(timeline, after, None)

        _, w, c = _timed(step_all)
        lines.append(
            f"a step, in data (states + every panel), over the last {steps} events: "
            f"{w / steps * 1000:.2f} ms wall, {c / steps * 1000:.2f} ms CPU"
        )
        jumps = [0, n // 2, n - 1, n // 3, 10, n - 200]
        _, w, c = _timed(lambda: [timeline.state_after(j) for j in jumps])
        lines.append(f"a jump (fold from the nearest snapshot): {w / len(jumps) * 1000:.2f} ms")
        lines.append(asyncio.run(_in_app(path)))
    return "\n".join(lines)


async def _in_app(path: str) -> str:
    from wargame.tui.replay import ReplayApp, ReplayScreen

    w0, c0 = time.perf_counter(), time.process_time()
    app = ReplayApp(load_save(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first_w, first_c = time.perf_counter() - w0, time.process_time() - c0
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        await pilot.press("end")
        k = 40
        w, c = time.perf_counter(), time.process_time()
        for _ in range(k):
            screen.action_step(-1)
            await pilot.pause()
        step_w, step_c = (time.perf_counter() - w) / k, (time.process_time() - c) / k
    return (
        f"in the app (headless): first screen {first_w * 1000:.0f} ms wall ({first_c * 1000:.0f} ms CPU) "
        f"from loading the save; a step drawn in {step_w * 1000:.0f} ms wall ({step_c * 1000:.0f} ms CPU)"
    )
