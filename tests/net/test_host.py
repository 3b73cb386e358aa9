"""The host's own rules: several games, bots, the facilitator's queue and revocations, codes."""

from __future__ import annotations

import asyncio
import os

import pytest

from wargame.engine.game import Setup
from wargame.model.actions import EndTurn, Message
from wargame.net.client import JoinRefused, LocalClient, RemoteClient
from wargame.net.codes import ALPHABET, CodeRefused, Codes, normalise
from wargame.net.host import Host
from wargame.net.hosted import start_game
from wargame.tui.exercise import HouseRules

from .conftest import Hosted, new_game


async def test_several_games_on_one_host_are_kept_apart(with_deck, moves, tmp_path) -> None:
    games = [new_game(with_deck, moves, os.path.join(str(tmp_path), f"g{i}.jsonl")) for i in range(2)]
    assert len({g.id for g in games}) == 2
    host = Host(games)
    port = await host.start("127.0.0.1", 0)
    url = f"ws://127.0.0.1:{port}"
    a = RemoteClient(url, games[0].codes.current("us").code)
    b = RemoteClient(url, games[1].codes.current("us").code)
    view_a, view_b = await a.connect(), await b.connect()
    assert (view_a.game_id, view_b.game_id) == (games[0].id, games[1].id)
    assert (await a.submit(Message(kind="message", seat="us", to="all", text="only in game 0"))).ok
    await asyncio.sleep(0.1)
    assert any(m.text == "only in game 0" for m in view_a.game.state.messages)
    assert not any(m.text == "only in game 0" for m in view_b.game.state.messages)
    assert len(games[1].game.events) < len(games[0].game.events)
    await a.close()
    await b.close()
    await host.stop()


def test_the_hosts_bots_play_the_seats_without_a_team(with_deck, tmp_path) -> None:
    scenario, texts = with_deck
    seats = {"russia": "bot:hardliner", "ukraine": "bot", "europe": "bot"}
    game = start_game(scenario, texts, Setup(seed=3, seats=seats), os.path.join(str(tmp_path), "b.jsonl"), HouseRules())
    us = LocalClient(game, "us")
    assert game.game.to_act() == "us"
    assert us.submit_now(EndTurn(kind="end_turn", seat="us")).ok
    # the three bots took their turns (and voted, if there was a text): it is the US's move again
    assert game.game.to_act() == "us" or game.game.over
    assert {ev.seat for ev in game.game.events if ev.kind == "turn_ended"} == {"us", "russia", "ukraine", "europe"}
    # a team sees that Russia is a bot, not how hard it bargains
    assert game.game.state.seats["russia"] == "bot:hardliner"
    assert us.view.game.state.seats["russia"] == "bot"
    assert LocalClient(game, "facilitator").view.game.state.seats["russia"] == "bot:hardliner"


async def test_the_facilitator_queues_an_inject_and_it_fires_when_its_round_comes(hosted: Hosted) -> None:
    facilitator, us = hosted.client("facilitator"), hosted.client("us")
    await facilitator.connect()
    await us.connect()
    ack = await facilitator.queue_inject("winter_energy_strikes", 2, "a test")
    assert ack.ok
    refused = await us.queue_inject("winter_energy_strikes", 2)
    assert not refused.ok and "only the facilitator" in refused.reason
    for seat in hosted.game.scenario.turn_order:
        assert hosted.game.handle(seat, f"end-{seat}-1", EndTurn(kind="end_turn", seat=seat)).ok
    assert hosted.game.game.state.round == 2
    assert ("winter_energy_strikes") in [i for _, i in hosted.game.game.state.injects]
    await facilitator.close()
    await us.close()


async def test_a_revoked_code_is_replaced_and_its_device_disconnected(hosted: Hosted) -> None:
    facilitator, us = hosted.client("facilitator"), hosted.client("us", retry_for=0.5)
    await facilitator.connect()
    await us.connect()
    await facilitator.revoke("us")
    for _ in range(100):
        await asyncio.sleep(0.02)
        if "us" in facilitator.new_codes:
            break
    fresh = facilitator.new_codes["us"]
    assert fresh == hosted.game.codes.current("us").code
    await asyncio.sleep(0.8)
    assert us.refused is not None and "revoked" in us.refused
    again = RemoteClient(hosted.url, fresh)
    assert (await again.connect()).seat == "us"
    with pytest.raises(JoinRefused):
        await RemoteClient(hosted.url, fresh).connect(timeout=5)  # a second device
    await again.close()
    await facilitator.close()
    await us.close()


def test_codes_read_as_typed_and_survive_in_their_file(tmp_path) -> None:
    path = os.path.join(str(tmp_path), "x.codes.json")
    codes = Codes.for_game(path, ["us", "russia"])
    code = codes.current("us").code
    assert len(code) == 9 and all(ch in ALPHABET for ch in code.replace("-", ""))
    assert normalise(code.lower().replace("-", " ")) == code
    assert codes.claim(code.lower(), "device-1").role == "us"
    again = Codes.for_game(path, ["us", "russia"])
    assert again.current("us").code == code and again.current("us").device == "device-1"
    with pytest.raises(CodeRefused, match="another device"):
        again.claim(code, "device-2")
    assert len({c.code for c in Codes.for_game(None, ["us", "russia", "ukraine"]).codes}) == 4
