"""A whole game over loopback: four teams and a facilitator, each its own client."""

from __future__ import annotations

import asyncio
import os

from wargame.model.events import dump_event
from wargame.net.scripted import play_script
from wargame.store.savefile import load_save

from .conftest import ROLES, Hosted, headless_events


async def test_a_whole_game_over_the_network_saves_what_the_headless_run_saves(
    hosted: Hosted, with_deck, moves, tmp_path
) -> None:
    clients = [hosted.client(role) for role in ROLES]
    for client in clients:
        await client.connect()
    sent = await asyncio.wait_for(asyncio.gather(*(play_script(c, moves.moves, timeout=60) for c in clients)), 90)
    assert sum(sent) > 20
    expected = headless_events(with_deck, moves, os.path.join(str(tmp_path), "headless.jsonl"))
    played = [dump_event(ev) for ev in load_save(hosted.game.save_path).events]
    assert played == expected
    assert hosted.game.game.over and hosted.game.game.state.status == "peace"
    # every client's copy is the host's, less what its seat may not see
    await asyncio.sleep(0.1)
    facilitator = clients[-1]
    assert facilitator.view is not None
    assert [dump_event(ev) for ev in facilitator.view.game.events] == expected
    for client in clients[:-1]:
        assert client.view is not None
        assert client.view.last_seq == len(expected)
        assert client.view.game.state.status == "peace"
        assert client.view.game.state.indicators == hosted.game.game.state.indicators
    # a late joiner (the projector, say) has the whole game as soon as it has joined
    late = hosted.client("facilitator", device=facilitator.device)
    view = await late.connect()
    assert len(view.game.events) == len(expected) and view.game.over
    await late.close()
    for client in clients:
        await client.close()
