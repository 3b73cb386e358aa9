"""The one interface the seat screens talk to: a game as one seat sees it.

`SeatClient` is what a screen needs: `view` (the scenario and a mirror of the
game, as this seat may see it), `submit(action)` (answered with the host's
`Ack`), and `subscribe(callback)` (called with each new run of events).

- `LocalClient` plays a `HostedGame` in the same process (the hot seat's
  way): the same checks, the same filtering, no socket.
- `RemoteClient` plays a game on a host over a websocket. It reconnects by
  itself when the connection drops (or the host restarts), catches up from
  its last event number, and sends again, with the same idempotency keys,
  the actions that had no answer yet, so nothing is lost and nothing is
  applied twice.

The mirror is a `Game` built from the filtered events the host sent; the fold
decides nothing, so it is the host's state with the words taken out. It never
decides anything itself: `MirrorGame.submit` refuses.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from pydantic import ValidationError
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from wargame.engine.game import Game
from wargame.errors import RefusedAction, WargameError
from wargame.model.actions import Action
from wargame.model.events import Event
from wargame.model.scenario import Scenario
from wargame.net.codes import FACILITATOR_ROLE
from wargame.net.hosted import HostedGame
from wargame.net.privacy import filter_log, scenario_for
from wargame.net.protocol import (
    HOST_MESSAGE,
    Ack,
    Events,
    Hello,
    NewCode,
    Presence,
    QueueInject,
    Refused,
    Revoke,
    Submit,
    Welcome,
    dump,
)
from wargame.tui.exercise import HouseRules

log = logging.getLogger(__name__)

Listener = Callable[[list[tuple[int, Event]]], None]


class JoinRefused(WargameError):
    """The host turned this client away (the reason is the host's)."""


class MirrorGame(Game):
    """A read-only copy of a game, fed with the events a seat receives."""

    def receive(self, event: Event) -> None:
        self._record(event)

    def submit(self, action: Action) -> list[Event]:
        raise RefusedAction("this is a copy of the game; actions go to the host")


@dataclass
class SeatView:
    """The game as one seat sees it."""

    game_id: str
    seat: str | None
    """None for the facilitator."""
    game: MirrorGame
    rules: HouseRules
    last_seq: int = 0
    presence: dict[str, int] = field(default_factory=dict)

    @property
    def scenario(self) -> Scenario:
        return self.game.scenario

    @property
    def role(self) -> str:
        return self.seat or FACILITATOR_ROLE


class SeatClient(Protocol):
    view: SeatView

    async def submit(self, action: Action) -> Ack: ...

    def subscribe(self, listener: Listener) -> None: ...


def new_key() -> str:
    return secrets.token_hex(12)


class LocalClient:
    """A seat of a game run in this process: the host's door without the socket."""

    def __init__(self, hosted: HostedGame, role: str) -> None:
        self.hosted = hosted
        seat = None if role == FACILITATOR_ROLE else role
        scenario = Scenario.model_validate(scenario_for(hosted.scenario, seat))
        self.view = SeatView(hosted.id, seat, MirrorGame(scenario), hosted.rules)
        self._listeners: list[Listener] = []
        self._take(0)

    def _take(self, before: int) -> None:
        events = self.hosted.game.events
        pairs = filter_log(self.view.seat, events[before:], before + 1, events[before - 1] if before else None)
        for _seq, event in pairs:
            self.view.game.receive(event)
        self.view.last_seq = len(events)
        if pairs:
            for listener in self._listeners:
                listener(pairs)

    async def submit(self, action: Action) -> Ack:
        return self.submit_now(action)

    def submit_now(self, action: Action, key: str | None = None) -> Ack:
        before = self.view.last_seq
        ack = self.hosted.handle(self.view.role, key or new_key(), action)
        self._take(before)
        return ack

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)


class RemoteClient:
    """A seat of a game on a host, over a websocket (reconnecting by itself).

    Use it inside a running asyncio loop: `await client.connect()`, then
    `await client.submit(action)`; `await client.close()` at the end.
    """

    def __init__(
        self,
        url: str,
        code: str,
        device: str | None = None,
        pin: str = "",
        retry_for: float = 60.0,
    ) -> None:
        self.url = url
        self.code = code
        self.device = device or secrets.token_hex(8)
        """Keep it: the code is bound to the first device that uses it."""
        self.pin = pin
        self.retry_for = retry_for
        """How long to keep trying to reconnect before giving up."""
        self.view: SeatView | None = None  # type: ignore[assignment]
        self._ws: ClientConnection | None = None
        self._pending: dict[str, tuple[str, asyncio.Future[Ack]]] = {}
        self._listeners: list[Listener] = []
        self._status: list[Callable[[str], None]] = []
        self._welcomed: asyncio.Event = asyncio.Event()
        """Set once joined and caught up: the view is the game as it stands."""
        self._catch_up_to = 0
        self._resets: list[Callable[[], None]] = []
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.refused: str | None = None
        self.new_codes: dict[str, str] = {}
        self.connections = 0
        """How many times it has connected (1 + the reconnections)."""
        self.received: list[str] | None = None
        """Set it to a list to keep every message exactly as received (the privacy tests read it)."""

    # ---- life -----------------------------------------------------------------

    async def connect(self, timeout: float = 10.0) -> SeatView:
        """Join the game; raises `JoinRefused` with the host's reason."""
        self._task = asyncio.get_running_loop().create_task(self._run())
        waiter = asyncio.get_running_loop().create_task(self._welcomed.wait())
        done, _ = await asyncio.wait({waiter, self._task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if waiter not in done:
            waiter.cancel()
            if self._task.done() and self._task.exception() is not None:
                raise self._task.exception()  # type: ignore[misc]
            if self.refused is not None:
                raise JoinRefused(self.refused)
            await self.close()
            raise JoinRefused(
                f"no game host answered at {self.url} within {timeout:g} s: is `wargame host` running there, "
                "and is the address right?"
            )
        assert self.view is not None
        return self.view

    async def close(self) -> None:
        self._closing = True
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    @property
    def connected(self) -> bool:
        """Joined and not cut off right now."""
        return self._ws is not None

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def on_reset(self, callback: Callable[[], None]) -> None:
        """Called when the view starts again from nothing (another game, or a
        host put back to an older save): a copy kept elsewhere must too."""
        self._resets.append(callback)

    def on_status(self, callback: Callable[[str], None]) -> None:
        """Called with a sentence when the connection drops or comes back."""
        self._status.append(callback)

    def _say(self, text: str) -> None:
        for callback in self._status:
            callback(text)

    # ---- acting ---------------------------------------------------------------

    async def submit(self, action: Action, key: str | None = None, timeout: float = 30.0) -> Ack:
        """Send an action and wait for the host's answer (sent again, with the
        same key, after a reconnection)."""
        key = key or new_key()
        text = dump(Submit(kind="submit", key=key, action=action))
        return await self._request(key, text, timeout)

    async def queue_inject(self, inject: str, round_: int, reason: str = "", timeout: float = 30.0) -> Ack:
        key = new_key()
        return await self._request(
            key, dump(QueueInject(kind="queue", key=key, inject=inject, round=round_, reason=reason)), timeout
        )

    async def revoke(self, seat: str) -> None:
        if self._ws is not None:
            await self._ws.send(dump(Revoke(kind="revoke", seat=seat)))

    async def _request(self, key: str, text: str, timeout: float) -> Ack:
        future: asyncio.Future[Ack] = asyncio.get_running_loop().create_future()
        self._pending[key] = (text, future)
        if self._ws is not None:
            with contextlib.suppress(ConnectionClosed):
                await self._ws.send(text)
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        finally:
            self._pending.pop(key, None)

    # ---- the connection loop --------------------------------------------------

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.retry_for
        delay = 0.1
        while not self._closing:
            try:
                async with connect(self.url, proxy=None, max_size=64 << 20, open_timeout=5) as ws:
                    await self._session(ws)
            except JoinRefused as exc:
                if self.view is not None:  # it had joined: tell the screen why it stops
                    self._say(f"The host refused this device: {exc}")
                return
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError) as exc:
                log.info("connection to %s lost: %s", self.url, exc)
            except InvalidURI as exc:
                self.refused = f"not a websocket address: {exc}"
                return
            finally:
                self._ws = None
            if self._closing or self.refused is not None:
                return
            if self.view is not None:
                self._say("The connection to the host was lost; reconnecting...")
            if loop.time() > deadline:
                self.refused = f"the host at {self.url} cannot be reached"
                self._say(self.refused)
                return
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)
            if self._welcomed.is_set():
                deadline = loop.time() + self.retry_for

    async def _session(self, ws: ClientConnection) -> None:
        last = self.view.last_seq if self.view is not None else 0
        await ws.send(dump(Hello(kind="hello", code=self.code, device=self.device, last_seq=last, pin=self.pin)))
        async for text in ws:
            if self.received is not None:
                self.received.append(text if isinstance(text, str) else text.decode())
            try:
                message = HOST_MESSAGE.validate_json(text)
            except ValidationError:
                log.warning("a message from the host that this client cannot read: %.80s", text)
                continue
            if isinstance(message, Refused):
                self.refused = message.reason
                raise JoinRefused(message.reason)
            if isinstance(message, Welcome):
                await self._welcome(ws, message)
            elif isinstance(message, Events):
                self._events(message)
            elif isinstance(message, Ack):
                entry = self._pending.get(message.key)
                if entry is not None and not entry[1].done():
                    entry[1].set_result(message)
            elif isinstance(message, Presence) and self.view is not None:
                self.view.presence = dict(message.seats)
            elif isinstance(message, NewCode):
                self.new_codes[message.seat] = message.code

    async def _welcome(self, ws: ClientConnection, welcome: Welcome) -> None:
        self.connections += 1
        if self.view is None or welcome.head < self.view.last_seq or welcome.game != self.view.game_id:
            scenario = Scenario.model_validate(welcome.scenario)
            rules = HouseRules.from_dict(welcome.house_rules)
            if self.view is not None:
                for callback in self._resets:
                    callback()
            self.view = SeatView(welcome.game, welcome.seat, MirrorGame(scenario), rules)
        elif self.connections > 1:
            self._say("Reconnected to the host.")
        self._ws = ws  # only now: the host reads nothing before the hello
        self._catch_up_to = welcome.caught_up_at
        if self.view.last_seq >= self._catch_up_to:
            self._welcomed.set()  # else once the catch-up is in (`_events`)
        for text, future in list(self._pending.values()):
            if not future.done():
                await ws.send(text)  # the same key: applied once, whatever happened before

    def _events(self, message: Events) -> None:
        if self.view is None:
            return
        pairs: list[tuple[int, Event]] = []
        for item in message.events:
            if item.seq <= self.view.last_seq:
                continue  # already have it (a catch-up overlapping a push)
            self.view.game.receive(item.event)
            self.view.last_seq = item.seq
            pairs.append((item.seq, item.event))
        if pairs:
            for listener in self._listeners:
                listener(pairs)
        if self.view.last_seq >= self._catch_up_to:
            self._welcomed.set()
