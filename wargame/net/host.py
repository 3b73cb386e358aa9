"""The game host: several games, one websocket server, one writer per save.

A connection starts with `Hello` (a join code, a device id, the last event
number the client has). The host finds the game the code belongs to, checks
the code (unknown, revoked, another device's) and the facilitator's PIN, and
answers `Welcome` or `Refused` with the reason. Then it sends the events the
client is missing, filtered for its seat, and from there on every new event
as it is made.

Nobody waits for anybody: each connection has its own outgoing queue and its
own writer task, so a slow or silent client never holds up the others. A
client whose queue overflows is disconnected; it reconnects and catches up
from its last event number. Each game's actions run one at a time (a lock
per game) in a worker thread, since the save's fsync would otherwise stall
every other game on the host.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from pydantic import ValidationError
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from wargame.errors import WargameError
from wargame.model.events import Event
from wargame.net.codes import FACILITATOR_ROLE, CodeRefused, JoinCode
from wargame.net.hosted import HostedGame
from wargame.net.privacy import filter_log, scenario_for
from wargame.net.protocol import (
    CLIENT_MESSAGE,
    MAX_MESSAGE,
    PROTOCOL,
    Ack,
    Hello,
    NewCode,
    Presence,
    QueueInject,
    Refused,
    Revoke,
    Submit,
    Welcome,
    dump,
    events_message,
)

log = logging.getLogger(__name__)

HELLO_TIMEOUT = 10.0
"""Seconds a new connection has to say who it is."""
QUEUE_LIMIT = 2000
"""Messages waiting for one client before it is cut off (it then catches up)."""
CATCH_UP_CHUNK = 500
"""Events per message when a client catches up."""


@dataclass(eq=False)
class Client:
    """One connected device, its role, and what is waiting to be sent to it."""

    ws: ServerConnection
    game: HostedGame
    role: str
    outbox: asyncio.Queue[str] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    cut_off: bool = False

    @property
    def seat(self) -> str | None:
        return None if self.role == FACILITATOR_ROLE else self.role

    def push(self, text: str) -> None:
        """Queue a message; never waits. A client too far behind is cut off."""
        if self.cut_off:
            return
        try:
            self.outbox.put_nowait(text)
        except asyncio.QueueFull:
            self.cut_off = True
            log.warning("%s of %s is too far behind; disconnecting it", self.role, self.game.id)
            asyncio.get_running_loop().create_task(self.ws.close(4008, "too far behind: reconnect to catch up"))

    async def write(self) -> None:
        with contextlib.suppress(ConnectionClosed):  # gone: the connection's handler cleans up
            while True:
                text = await self.outbox.get()
                await self.ws.send(text)


class Host:
    """Runs hosted games and serves them over websockets."""

    def __init__(self, games: list[HostedGame]) -> None:
        self.games = {g.id: g for g in games}
        self.clients: dict[str, set[Client]] = {g.id: set() for g in games}
        self.locks = {g.id: asyncio.Lock() for g in games}
        self.server: Server | None = None
        self.stopping = asyncio.Event()

    # ---- serving ------------------------------------------------------------

    async def start(self, bind: str = "127.0.0.1", port: int = 8765) -> int:
        """Start listening; returns the port (useful with port 0)."""
        self.server = await serve(self._connection, bind, port, max_size=MAX_MESSAGE, close_timeout=2)
        sock = next(iter(self.server.sockets))
        return int(sock.getsockname()[1])

    async def stop(self) -> None:
        """Stop cleanly: no new actions, every action in progress finished,
        every client told, every save closed (each event already on disk)."""
        self.stopping.set()
        if self.server is not None:
            self.server.close(close_connections=False)
        for game_id, lock in self.locks.items():
            async with lock:
                closing = [
                    client.ws.close(1001, "the host is stopping; reconnect when it is back")
                    for client in self.clients[game_id]
                ]
                await asyncio.gather(*closing, return_exceptions=True)  # a silent client waits close_timeout at most
                self.games[game_id].close()
        if self.server is not None:
            await self.server.wait_closed()

    # ---- one connection -----------------------------------------------------

    async def _connection(self, ws: ServerConnection) -> None:
        try:
            first = await asyncio.wait_for(ws.recv(), HELLO_TIMEOUT)
            hello = CLIENT_MESSAGE.validate_json(first)
            if not isinstance(hello, Hello):
                raise CodeRefused("say hello first: a join code and a device id")
            if hello.protocol != PROTOCOL:
                raise CodeRefused(f"this host speaks protocol {PROTOCOL}, the client {hello.protocol}: update wargame")
            if self.stopping.is_set():
                raise CodeRefused("the host is stopping")
            game, code = self._claim(hello)
        except (TimeoutError, ConnectionClosed):
            return
        except ValidationError as exc:
            await self._refuse(ws, f"not a message of this protocol ({exc.errors()[0]['msg']})")
            return
        except (CodeRefused, ValueError) as exc:
            await self._refuse(ws, str(exc))
            return
        client = Client(ws, game, code.role)
        writer = asyncio.get_running_loop().create_task(client.write())
        try:
            async with self.locks[game.id]:
                self._welcome(client, hello.last_seq)
                self.clients[game.id].add(client)
            self._presence(game)
            async for text in ws:
                await self._message(client, text)
        except ConnectionClosed:
            pass
        finally:
            self.clients[game.id].discard(client)
            writer.cancel()
            self._presence(game)

    def _claim(self, hello: Hello) -> tuple[HostedGame, JoinCode]:
        for game in self.games.values():
            found = game.codes.find(hello.code)
            if found is not None:
                # the PIN first: a wrong one must not claim the code for this device
                if found.role == FACILITATOR_ROLE and not game.rules.pin_ok(hello.pin):
                    raise CodeRefused("wrong PIN for the facilitator's console")
                return game, game.codes.claim(hello.code, hello.device)
        raise CodeRefused("unknown join code: check it against the one the facilitator gave you")

    async def _refuse(self, ws: ServerConnection, reason: str) -> None:
        with contextlib.suppress(ConnectionClosed):
            await ws.send(dump(Refused(kind="refused", reason=reason)))
            await ws.close(4003, reason[:120])

    def _welcome(self, client: Client, last_seq: int) -> None:
        game = client.game
        rules = {k: v for k, v in game.rules.as_dict().items() if not k.startswith("pin")}  # never the PIN's hash
        # the deal finder reads every seat's profile, which a seat's copy does not have
        rules["hints"] = False
        events = game.game.events
        # a client ahead of the host (a save restored from an older copy) starts again from nothing
        start = last_seq if last_seq <= len(events) else 0
        pairs = filter_log(client.seat, events[start:], start + 1, events[start - 1] if start else None)
        welcome = Welcome(
            kind="welcome",
            game=game.id,
            seat=client.seat,
            scenario=scenario_for(game.scenario, client.seat),
            house_rules=rules,
            head=len(events),
            caught_up_at=pairs[-1][0] if pairs else 0,
        )
        client.push(dump(welcome))
        for i in range(0, len(pairs), CATCH_UP_CHUNK):
            client.push(events_message(pairs[i : i + CATCH_UP_CHUNK]))

    async def _message(self, client: Client, text: str | bytes) -> None:
        try:
            message = CLIENT_MESSAGE.validate_json(text)
        except ValidationError as exc:
            client.push(
                dump(
                    Ack(
                        kind="ack", key="", ok=False, reason=f"not a message of this protocol: {exc.errors()[0]['msg']}"
                    )
                )
            )
            return
        game = client.game
        if isinstance(message, Revoke):
            await self._revoke(client, message)
            return
        if isinstance(message, Submit):
            work = lambda: game.handle(client.role, message.key, message.action)  # noqa: E731
        elif isinstance(message, QueueInject) and client.role == FACILITATOR_ROLE:
            work = lambda: game.queue_inject(message.key, message.inject, message.round, message.reason)  # noqa: E731
        else:
            client.push(
                dump(
                    Ack(
                        kind="ack", key=getattr(message, "key", ""), ok=False, reason="only the facilitator may do that"
                    )
                )
            )
            return
        async with self.locks[game.id]:
            if self.stopping.is_set():
                return  # neither applied nor answered: the client sends it again to the restarted host
            before = len(game.game.events)
            try:
                ack = await asyncio.to_thread(work)
            except (WargameError, OSError) as exc:  # the save cannot be written (a full disk, say)
                # the game in memory is now ahead of its save: take no more actions
                # until the host is restarted from the save (nothing unsaved was acknowledged)
                game.halted = f"the host cannot save this game ({exc}); the facilitator must restart the host"
                log.error("%s: %s", game.id, game.halted)
                ack = Ack(kind="ack", key=message.key, ok=False, reason=game.halted)
            self._broadcast(game, before)
            client.push(dump(ack))

    def _broadcast(self, game: HostedGame, before: int) -> None:
        """Send the events from `before` on to every client of the game, each
        filtered for its seat (computed once per seat, not once per client)."""
        events: list[Event] = game.game.events[before:]
        if not events:
            return
        previous = game.game.events[before - 1] if before else None
        texts: dict[str | None, str | None] = {}
        for client in list(self.clients[game.id]):
            if client.seat not in texts:
                pairs = filter_log(client.seat, events, before + 1, previous)
                texts[client.seat] = events_message(pairs) if pairs else None
            text = texts[client.seat]
            if text is not None:
                client.push(text)

    async def _revoke(self, client: Client, message: Revoke) -> None:
        game = client.game
        if client.role != FACILITATOR_ROLE:
            client.push(dump(Ack(kind="ack", key="", ok=False, reason="only the facilitator may revoke a code")))
            return
        try:
            code = game.codes.revoke(message.seat)
        except CodeRefused as exc:
            client.push(dump(Ack(kind="ack", key="", ok=False, reason=str(exc))))
            return
        for other in list(self.clients[game.id]):
            if other.role == message.seat and other is not client:
                await other.ws.close(4003, "your join code was revoked by the facilitator")
        client.push(dump(NewCode(kind="new_code", seat=message.seat, code=code)))

    def _presence(self, game: HostedGame) -> None:
        roles = [*game.scenario.turn_order, FACILITATOR_ROLE]
        counts = {r: sum(1 for c in self.clients[game.id] if c.role == r) for r in roles}
        text = dump(Presence(kind="presence", seats=counts))
        for client in self.clients[game.id]:
            if client.role == FACILITATOR_ROLE:
                client.push(text)
