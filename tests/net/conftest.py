"""A host on loopback with one game, and scripted clients for it.

Every test here talks only to 127.0.0.1, on a port the system picks, and
is bounded in time (each wait has a timeout)."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest

from wargame.content.loader import ScenarioTexts, load_scenario
from wargame.engine.game import Setup
from wargame.model.actions import Action
from wargame.model.events import dump_event
from wargame.model.scenario import Scenario
from wargame.net.client import RemoteClient, new_key
from wargame.net.host import Host
from wargame.net.hosted import HostedGame, start_game
from wargame.session.moves import LoadedMoves, MovesFile, read_moves
from wargame.session.runner import RunOptions, run
from wargame.tui.exercise import HouseRules

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO = os.path.join(ROOT, "scenarios", "ukraine-2025.yaml")
DECK = os.path.join(ROOT, "facilitator", "ukraine-2025-deck.yaml")
MOVES = os.path.join(ROOT, "tests", "net", "data", "class.moves.yaml")
ROLES = ["us", "russia", "ukraine", "europe", "facilitator"]


@pytest.fixture(scope="session")
def with_deck() -> tuple[Scenario, ScenarioTexts]:
    return load_scenario(SCENARIO, [DECK])


@pytest.fixture(scope="session")
def moves() -> LoadedMoves:
    return read_moves(MOVES)


def new_game(
    bundle: tuple[Scenario, ScenarioTexts], moves: LoadedMoves, path: str, rules: HouseRules | None = None
) -> HostedGame:
    mf = moves.moves
    setup = Setup(seed=mf.seed or 0, lens=mf.lens, sequence=mf.sequence, seats=dict(mf.seats))
    return start_game(bundle[0], bundle[1], setup, path, rules or HouseRules())


def headless_events(bundle: tuple[Scenario, ScenarioTexts], moves: LoadedMoves, path: str) -> list[str]:
    """The same moves played by `wargame run` in one process."""
    session = run(bundle[0], bundle[1], RunOptions(save=path), moves)
    return [dump_event(ev) for ev in session.game.events]


@dataclass
class Hosted:
    host: Host
    game: HostedGame
    url: str
    port: int
    game_moves: MovesFile

    def client(self, role: str, **kw: object) -> RemoteClient:
        return RemoteClient(self.url, self.game.codes.current(role).code, **kw)  # type: ignore[arg-type]


@pytest.fixture
async def hosted(with_deck: tuple[Scenario, ScenarioTexts], moves: LoadedMoves, tmp_path: str) -> AsyncIterator[Hosted]:
    game = new_game(with_deck, moves, os.path.join(str(tmp_path), "class.jsonl"))
    host = Host([game])
    port = await host.start("127.0.0.1", 0)
    yield Hosted(host, game, f"ws://127.0.0.1:{port}", port, moves.moves)
    await host.stop()


@pytest.fixture
def hosted_offline(with_deck: tuple[Scenario, ScenarioTexts], moves: LoadedMoves, tmp_path: str) -> HostedGame:
    return new_game(with_deck, moves, os.path.join(str(tmp_path), "offline.jsonl"))


class HostApart:
    """A host in a thread of its own, as a host in another process would be:
    the Textual tests' screens wait for the host's answers, so it cannot share
    their event loop."""

    def __init__(self, game: HostedGame) -> None:
        self.game = game
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.host: Host = self._call(self._make())
        self.port: int = self._call(self.host.start("127.0.0.1", 0))
        self.url = f"ws://127.0.0.1:{self.port}"

    async def _make(self) -> Host:
        return Host([self.game])

    def _call(self, coro):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    def act(self, role: str, action: Action) -> None:
        """An action from a seat not under test, applied and sent as a client's would be."""

        async def run() -> None:
            async with self.host.locks[self.game.id]:
                before = len(self.game.game.events)
                ack = self.game.handle(role, new_key(), action)
                assert ack.ok, ack.reason
                self.host._broadcast(self.game, before)

        self._call(run())

    def stop(self) -> None:
        self._call(self.host.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@pytest.fixture
def hosted_apart(with_deck: tuple[Scenario, ScenarioTexts], moves: LoadedMoves, tmp_path: str) -> Iterator[HostApart]:
    apart = HostApart(new_game(with_deck, moves, os.path.join(str(tmp_path), "apart.jsonl")))
    yield apart
    apart.stop()
