"""Scripted network players: a moves file played over the wire.

Each seat's client plays its own moves from the file, the facilitator's
client fires each round's injects, exactly as `wargame run --moves` does in
one process: the same actions in the same order, so the same save. Used by
the tests, the load test (`bench/net_load.py`) and a rehearsal before class.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

from wargame.model.actions import Action, EndTurn, FireInject, Respond
from wargame.model.events import Event, InjectFired, RoundStarted
from wargame.net.client import RemoteClient, SeatView
from wargame.session.moves import MovesFile
from wargame.session.runner import _action

SCHEDULED = "scheduled in the moves file"
"""The reason of a scripted inject (as in `wargame run`)."""


def _fired_this_round(view: SeatView, injects: list[str]) -> int:
    """How many of the round's scripted injects have been fired (a seat sees
    no reasons, so count by id)."""
    count = 0
    for event in reversed(view.game.events):
        if isinstance(event, RoundStarted):
            break
        if isinstance(event, InjectFired) and event.inject in injects:
            count += 1
    return count


def next_actions(view: SeatView, moves: MovesFile, acted: set[tuple[int, str]]) -> list[Action] | None:
    """What this client should submit now ([] to wait), or None when its
    script is over (the game ended or the file has no more rounds)."""
    game, st = view.game, view.game.state
    if game.over or st.round > len(moves.rounds):
        return None
    if st.round < 1 or st.paused:
        return []
    mround = moves.rounds[st.round - 1]
    if view.seat is None:
        if (st.round, "injects") in acted:
            return []
        acted.add((st.round, "injects"))
        return [FireInject(kind="inject", inject=i, reason=SCHEDULED) for i in mround.injects]
    seat = view.seat
    if _fired_this_round(view, mround.injects) < len(mround.injects):
        return []  # the facilitator fires the round's injects first
    if game.to_act() != seat:
        return []
    step = "vote" if st.step == "voting" else "turn"
    if (st.round, step) in acted:
        return []
    acted.add((st.round, step))
    if step == "turn":
        mine = [_action(m) for m in mround.moves if m.seat == seat and m.respond is None]
        return [*mine, EndTurn(kind="end_turn", seat=seat)]
    votes = [m for m in mround.moves if m.seat == seat and m.respond is not None]
    if votes:
        return [_action(votes[-1])]
    return [Respond(kind="respond", seat=seat, response="reject", why="no vote in the moves file")]


async def play_script(
    client: RemoteClient,
    moves: MovesFile,
    timeout: float = 120.0,
    on_submit: Callable[[Action, float], None] | None = None,
) -> int:
    """Play this client's part of a moves file; returns the actions it sent.
    Raises `TimeoutError` past `timeout` seconds and `RuntimeError` on a refusal."""
    changed = asyncio.Event()

    def listener(_pairs: list[tuple[int, Event]]) -> None:
        changed.set()

    client.subscribe(listener)
    acted: set[tuple[int, str]] = set()
    sent = 0
    deadline = time.monotonic() + timeout
    while True:
        view = client.view
        assert view is not None
        todo = next_actions(view, moves, acted)
        if todo is None:
            return sent
        for action in todo:
            if on_submit is not None:
                on_submit(action, time.perf_counter())
            ack = await client.submit(action)
            sent += 1
            if not ack.ok:
                raise RuntimeError(f"{view.role}: the host refused {action.kind}: {ack.reason}")
        if todo:
            continue
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{view.role}: the script did not finish in {timeout:g} s")
        changed.clear()
        # the view may have changed between deciding and clearing: look again soon
        await asyncio.wait_for(_wait(changed, 0.5), left)


async def _wait(event: asyncio.Event, at_most: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), at_most)
