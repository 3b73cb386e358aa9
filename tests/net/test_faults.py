"""Faults: duplicates, wrong codes, dropped clients, a silent client, a host restart."""

from __future__ import annotations

import asyncio
import os

import pytest
from websockets.asyncio.client import connect

from wargame.model.actions import EndTurn, FireInject, Message, Propose
from wargame.model.events import dump_event
from wargame.net.client import JoinRefused
from wargame.net.host import Host
from wargame.net.hosted import resume_game
from wargame.net.privacy import filter_log
from wargame.net.protocol import Hello, Submit, dump
from wargame.net.scripted import play_script
from wargame.store.savefile import load_save
from wargame.tui.exercise import HouseRules

from .conftest import ROLES, Hosted, headless_events, new_game


async def test_an_action_sent_twice_is_applied_once(hosted: Hosted) -> None:
    us = hosted.client("us")
    await us.connect()
    before = len(hosted.game.game.events)
    action = Message(kind="message", seat="us", to="all", text="once only")
    first = await us.submit(action, key="same-key-0001")
    again = await us.submit(action, key="same-key-0001")
    assert first.ok and not first.duplicate
    assert again.ok and again.duplicate and (again.first, again.last) == (first.first, first.last)
    assert len(hosted.game.game.events) == before + 1
    other = await us.submit(action, key="other-key-0001")
    assert other.ok and not other.duplicate and len(hosted.game.game.events) == before + 2
    await us.close()


async def test_an_action_whose_answer_was_lost_is_sent_again_and_applied_once(hosted: Hosted) -> None:
    us = hosted.client("us")
    await us.connect()
    before = len(hosted.game.game.events)
    action = Message(kind="message", seat="us", to="all", text="lost answer")
    ws = us._ws
    assert ws is not None
    await ws.send(dump(Submit(kind="submit", key="lost-answer-01", action=action)))
    await ws.close()  # the answer never reaches the client
    ack = await asyncio.wait_for(us.submit(action, key="lost-answer-01"), 10)
    assert ack.ok and ack.duplicate
    assert len(hosted.game.game.events) == before + 1
    assert us.connections == 2
    await us.close()


@pytest.mark.parametrize(
    ("code", "device", "reason"),
    [
        ("ZZZZ-ZZZZ", "device-a", "unknown join code"),
        ("us", "device-b", "already in use on another device"),
        ("revoked", "device-a", "revoked by the facilitator"),
    ],
)
async def test_a_wrong_code_is_refused_with_a_reason(hosted: Hosted, code: str, device: str, reason: str) -> None:
    real = hosted.game.codes.current("us").code
    first = hosted.client("us", device="device-a")
    await first.connect()
    if code == "revoked":
        hosted.game.codes.revoke("us")
        code = real
    elif code == "us":
        code = real
    intruder = type(first)(hosted.url, code, device=device)
    with pytest.raises(JoinRefused, match=reason):
        await intruder.connect(timeout=5)
    await first.close()


async def test_a_seat_cannot_act_for_another_seat_or_as_the_facilitator(hosted: Hosted) -> None:
    russia = hosted.client("russia")
    await russia.connect()
    ack = await russia.submit(EndTurn(kind="end_turn", seat="us"))
    assert not ack.ok and ack.reason == "you play russia; you cannot act for us"
    ack = await russia.submit(FireInject(kind="inject", inject="winter_energy_strikes"))
    assert not ack.ok and "only the facilitator" in ack.reason
    ack = await russia.submit(Propose(kind="propose", seat="russia", terms={"ceasefire": "unconditional"}))
    assert not ack.ok and "not russia's turn" in ack.reason  # the game's own refusal
    await russia.close()


async def test_the_facilitator_needs_the_pin_when_the_game_has_one(with_deck, moves, tmp_path) -> None:
    rules = HouseRules()
    rules.set_pin("4711")
    game = new_game(with_deck, moves, os.path.join(str(tmp_path), "pin.jsonl"), rules)
    host = Host([game])
    port = await host.start("127.0.0.1", 0)
    code = game.codes.current("facilitator").code
    wrong = type_client(f"ws://127.0.0.1:{port}", code, "0000")
    with pytest.raises(JoinRefused, match="wrong PIN"):
        await wrong.connect(timeout=5)
    right = type_client(f"ws://127.0.0.1:{port}", code, "4711")
    view = await right.connect(timeout=5)
    assert view.seat is None
    await right.close()
    await host.stop()


def type_client(url: str, code: str, pin: str):  # type: ignore[no-untyped-def]
    from wargame.net.client import RemoteClient

    return RemoteClient(url, code, pin=pin)


async def test_a_client_dropped_mid_round_catches_up_and_the_game_goes_on(
    hosted: Hosted, with_deck, moves, tmp_path
) -> None:
    clients = {role: hosted.client(role) for role in ROLES}
    for client in clients.values():
        await client.connect()
    games = [asyncio.ensure_future(play_script(c, hosted.game_moves, timeout=60)) for c in clients.values()]

    async def drop_russia() -> None:
        # in round 2, while others move, cut Russia off from the host's side
        while hosted.game.game.state.round < 2:
            await asyncio.sleep(0.005)
        for connection in list(hosted.host.clients[hosted.game.id]):
            if connection.role == "russia":
                await connection.ws.close(1011, "test: dropped")

    await asyncio.wait_for(drop_russia(), 30)
    await asyncio.wait_for(asyncio.gather(*games), 90)
    await asyncio.sleep(0.1)
    russia = clients["russia"]
    assert russia.connections == 2
    events = hosted.game.game.events
    mine = [dump_event(ev) for _, ev in filter_log("russia", events, 1, None)]
    assert russia.view is not None and [dump_event(ev) for ev in russia.view.game.events] == mine
    expected = headless_events(with_deck, moves, os.path.join(str(tmp_path), "headless.jsonl"))
    assert [dump_event(ev) for ev in events] == expected
    for client in clients.values():
        await client.close()


async def test_a_silent_client_never_holds_up_the_others(hosted: Hosted) -> None:
    clients = {role: hosted.client(role) for role in ROLES}
    for client in clients.values():
        await client.connect()
    us_device = clients["us"].device
    # a second window of the US's device that joins and then never reads a byte
    async with connect(hosted.url, proxy=None, max_queue=1, close_timeout=0.5) as silent:
        await silent.send(dump(Hello(kind="hello", code=hosted.game.codes.current("us").code, device=us_device)))
        scripts = [play_script(c, hosted.game_moves, timeout=60) for c in clients.values()]
        await asyncio.wait_for(asyncio.gather(*scripts), 60)
        assert hosted.game.game.over
    for client in clients.values():
        await client.close()


async def test_a_client_too_far_behind_is_cut_off_and_catches_up(hosted: Hosted) -> None:
    us = hosted.client("us")
    await us.connect()
    connection = next(c for c in hosted.host.clients[hosted.game.id] if c.role == "us")
    # a small queue that nothing drains (its writer waits on the old one): a client that reads nothing
    connection.outbox = asyncio.Queue(2)
    for _ in range(3):
        connection.push("{}")
    assert connection.cut_off
    for _ in range(100):
        await asyncio.sleep(0.02)
        if us.connections == 2:
            break
    assert us.connections == 2  # it reconnected and caught up
    assert us.view is not None and len(us.view.game.events) == len(hosted.game.game.events)
    await us.close()


async def test_a_restarted_host_resumes_from_its_save_and_the_clients_reconnect(
    hosted: Hosted, with_deck, moves, tmp_path
) -> None:
    clients = {role: hosted.client(role) for role in ROLES}
    for client in clients.values():
        await client.connect()
    games = [asyncio.ensure_future(play_script(c, hosted.game_moves, timeout=60)) for c in clients.values()]
    while hosted.game.game.state.round < 3:
        await asyncio.wait_for(asyncio.sleep(0.005), 1)
    await hosted.host.stop()
    stopped_at = len(load_save(hosted.game.save_path).events)
    assert stopped_at == len(hosted.game.game.events)
    # a new host process would do exactly this: resume the game from its save
    again = Host([resume_game(hosted.game.save_path)])
    await again.start("127.0.0.1", hosted.port)
    try:
        await asyncio.wait_for(asyncio.gather(*games), 90)
        expected = headless_events(with_deck, moves, os.path.join(str(tmp_path), "headless.jsonl"))
        assert [dump_event(ev) for ev in load_save(hosted.game.save_path).events] == expected
        assert all(c.connections == 2 for c in clients.values())
    finally:
        for client in clients.values():
            await client.close()
        await again.stop()


async def test_a_client_ahead_of_the_host_starts_its_copy_again(hosted: Hosted) -> None:
    us = hosted.client("us")
    view = await us.connect()
    view.last_seq = 10_000  # as if the host had been put back to an older copy of its save
    for connection in list(hosted.host.clients[hosted.game.id]):
        await connection.ws.close(1011, "test: dropped")
    for _ in range(200):
        await asyncio.sleep(0.02)
        if us.connections == 2 and us.view is not None and us.view.last_seq == len(hosted.game.game.events):
            break
    assert us.view is not None and us.view is not view
    assert len(us.view.game.events) == len(hosted.game.game.events)
    await us.close()


async def test_no_host_at_the_address_is_said_in_words() -> None:
    from .test_commands import free_port

    client = type_client(f"ws://127.0.0.1:{free_port()}", "ABCD-EFGH", "")
    with pytest.raises(JoinRefused, match="no game host answered at ws://127.0.0.1"):
        await client.connect(timeout=1)


async def test_a_save_that_cannot_be_written_halts_the_game_with_a_reason(hosted: Hosted, monkeypatch) -> None:
    us = hosted.client("us")
    await us.connect()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)  # every save write now fails
    ack = await us.submit(Message(kind="message", seat="us", to="all", text="lost to a full disk"))
    assert not ack.ok and "cannot save this game" in ack.reason and "restart the host" in ack.reason
    again = await us.submit(Message(kind="message", seat="us", to="all", text="and this"))
    assert not again.ok and "cannot save this game" in again.reason
    await us.close()
