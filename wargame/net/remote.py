"""A hosted game for the screens: the hot seat's `Exercise` API over a client.

The Textual screens were written for an `Exercise` (a game in this process):
they read `exercise.game` and call `exercise.submit(action)`, which returns
at once or raises `RefusedAction`. `NetExercise` gives them the same API for
a seat of a hosted game:

- the client (`RemoteClient`) runs in a thread of its own with its own event
  loop, so the network never blocks the screen, and the screen's reads never
  race the network;
- the screens read a mirror of the game that only the screen's thread
  touches; events from the host wait in a queue until the screen's thread
  takes them (`pump`), which it does when told there are some, and after each
  submit (the host sends an action's events before its answer, so they are
  there);
- `submit` sends the action and waits for the host's answer (a few
  milliseconds on a class network); a refusal raises `RefusedAction` with the
  host's reason, exactly as the hot seat does.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable, Coroutine
from typing import Any, Literal, TypeVar

from wargame.errors import RefusedAction, WargameError
from wargame.model.actions import Action
from wargame.model.events import Event
from wargame.model.scenario import Scenario
from wargame.net.client import JoinRefused, MirrorGame, RemoteClient
from wargame.net.protocol import Ack
from wargame.tui.exercise import HouseRules, Step

T = TypeVar("T")

SUBMIT_TIMEOUT = 20.0

RESET = ("reset",)
"""In the inbox: the client's view starts again from nothing; so must the mirror."""


class ThreadedClient:
    """A `RemoteClient` in a background thread, for a screen's thread to use."""

    def __init__(self, client: RemoteClient) -> None:
        self.client = client
        self.loop = asyncio.new_event_loop()
        self.inbox: queue.SimpleQueue[list[tuple[int, Event]] | str | tuple[str]] = queue.SimpleQueue()
        self.notify: Callable[[], None] = lambda: None
        """Called from the network thread when something waits in the inbox."""
        self._thread = threading.Thread(target=self.loop.run_forever, name="wargame-net", daemon=True)
        self._thread.start()

    def call(self, coro: Coroutine[Any, Any, T], timeout: float) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def connect(self, timeout: float = 15.0) -> None:
        def events(pairs: list[tuple[int, Event]]) -> None:
            self.inbox.put(pairs)
            self.notify()

        def status(text: str) -> None:
            self.inbox.put(text)
            self.notify()

        def reset() -> None:
            self.inbox.put(RESET)

        self.client.subscribe(events)
        self.client.on_status(status)
        self.client.on_reset(reset)
        self.call(self.client.connect(timeout), timeout + 5)

    def close(self) -> None:
        """Leave the game and end the network thread (waits a few seconds at most)."""
        with contextlib.suppress(Exception):  # closing: nothing left to tell anyone
            self.call(self._shutdown(), 5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        if not self._thread.is_alive():
            self.loop.close()

    async def _shutdown(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.client.close(), 2)
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class NetExercise:
    """One seat of a hosted game, with the API the seat screens use."""

    save_path: str | None = None
    """The save is the host's: a client has none."""

    def __init__(self, threaded: ThreadedClient) -> None:
        self.threaded = threaded
        view = threaded.client.view
        if view is None:
            raise JoinRefused("not connected")
        self.seat = view.seat
        self.game_id = view.game_id
        self.rules: HouseRules = view.rules
        self.game = MirrorGame(view.scenario)
        self.shown_round = 0
        self.status: list[str] = []
        """What the connection said (lost, back), for the screen to show."""
        self.pump()
        self.shown_round = self.rounds_resolved()

    @property
    def scenario(self) -> Scenario:
        return self.game.scenario

    @property
    def role(self) -> str:
        return self.seat or "facilitator"

    @property
    def presence(self) -> dict[str, int]:
        view = self.threaded.client.view
        return dict(view.presence) if view is not None else {}

    def pump(self) -> bool:
        """Take the events that arrived into the mirror; True if there were any."""
        changed = False
        while True:
            try:
                item = self.threaded.inbox.get_nowait()
            except queue.Empty:
                return changed
            if isinstance(item, str):
                self.status.append(item)
                continue
            if isinstance(item, tuple):
                view = self.threaded.client.view
                if view is not None:
                    self.game = MirrorGame(view.scenario)
                    self.shown_round = 0
                changed = True
                continue
            for _seq, event in item:
                self.game.receive(event)
            changed = True

    # ---- what the screens call ----------------------------------------------

    def submit(self, action: Action) -> list[Event]:
        ack = self.send(action)
        if not ack.ok:
            raise RefusedAction(ack.reason)
        before = len(self.game.events)
        self.pump()
        return list(self.game.events[before:])

    def send(self, action: Action) -> Ack:
        if not self.threaded.client.connected:  # say so now rather than freeze the screen
            raise RefusedAction("not connected to the host just now (reconnecting); try again in a moment")
        try:
            return self.threaded.call(self.threaded.client.submit(action, timeout=SUBMIT_TIMEOUT), SUBMIT_TIMEOUT + 5)
        except TimeoutError:
            raise RefusedAction("no answer from the host: it may be restarting; try again in a moment") from None

    def queue_inject(self, inject: str, round_: int, reason: str) -> Ack:
        return self.threaded.call(self.threaded.client.queue_inject(inject, round_, reason), SUBMIT_TIMEOUT + 5)

    def revoke(self, seat: str) -> str:
        """Revoke a seat's code (facilitator); returns the new code."""
        client = self.threaded.client
        client.new_codes.pop(seat, None)
        self.threaded.call(client.revoke(seat), 10)
        for _ in range(100):
            if seat in client.new_codes:
                return client.new_codes[seat]
            threading.Event().wait(0.05)
        raise WargameError("the host did not answer with a new code")

    def is_bot(self, seat: str) -> bool:
        return self.game.state.seats.get(seat, "human").startswith("bot")

    @property
    def solo(self) -> bool:
        return True  # one seat per screen: never a handoff

    def rounds_resolved(self) -> int:
        return max((ev.round for ev in self.game.events if ev.kind == "round_ended"), default=0)

    def last_seen(self, seat: str) -> int:
        for i in range(len(self.game.events) - 1, -1, -1):
            ev = self.game.events[i]
            if ev.kind in ("turn_ended", "vote_cast") and getattr(ev, "seat", None) == seat:
                return i + 1
        return 0

    def next_step(self) -> Step:
        """What this seat's screen should show now."""
        done = self.rounds_resolved()
        if done > self.shown_round:
            return Step("resolution", round=self.shown_round + 1)
        if self.game.over:
            return Step("end")
        st = self.game.state
        to_act = self.game.to_act()
        if self.seat is not None and to_act == self.seat and not st.paused:
            kind: Literal["turn", "vote"] = "vote" if st.step == "voting" else "turn"
            return Step(kind, self.seat, st.round)
        return Step("bots", to_act, st.round)  # someone else moves: this seat waits

    def close(self) -> None:
        self.threaded.close()
