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
import os
import tempfile
import time
from collections.abc import Callable
from typing import TypeVar

from wargame.review import panels
from wargame.review.describe import DEBRIEF
from wargame.review.timeline import Timeline, scenario_of
from wargame.store.savefile import load_save

T = TypeVar("T")


def _timed(fn: Callable[[], T]) -> tuple[T, float, float]:
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def make_big_save(path: str, events: int, scenario_path: str) -> None:
    """A save of about `events` events: rounds of public and private messages."""
    from wargame.content.loader import load_scenario
    from wargame.engine.game import Setup
    from wargame.model.actions import EndTurn, Message
    from wargame.session.runner import start_session

    scenario, texts = load_scenario(scenario_path)
    session = start_session(scenario, texts, Setup(seed=1, max_rounds=100_000), path)
    game = session.game
    while len(game.events) < events:
        seat = game.to_act()
        assert seat is not None
        other = next(s for s in scenario.seat_ids if s != seat)
        to = other if len(game.events) % 3 == 0 else "all"
        game.submit(Message(kind="message", seat=seat, to=to, text=f"position statement {len(game.events)}"))
        game.submit(EndTurn(kind="end_turn", seat=seat))
    assert session.writer is not None
    session.writer.close()


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
