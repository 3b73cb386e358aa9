"""Private by construction: what each client receives, byte for byte.

Four teams and the facilitator play a game with private messages, a private
inject, vote reasons and a facilitator's note; every message each client
received is kept exactly as it came off the socket and searched."""

from __future__ import annotations

import asyncio

from wargame.model.actions import Note, Pause, Resume
from wargame.net.privacy import scenario_for
from wargame.net.scripted import play_script

from .conftest import ROLES, Hosted

# Who may read each secret of tests/net/data/class.moves.yaml (besides the facilitator).
SECRETS = {
    "SECRET-RU-TO-US": {"russia", "us"},
    "SECRET-UA-TO-EU": {"ukraine", "europe"},
    "SECRET-RU-WHY": {"russia"},
    "SECRET-UA-WHY": {"ukraine"},
    "SECRET-EU-WHY": {"europe"},
    "SECRET-US-WHY": {"us"},  # the why of a proposal
    "SECRET-FAC-NOTE": set(),
    "SECRET-FAC-REASON": set(),
    "Through a back channel, a Kremlin": {"us"},  # the private inject to the US
}


async def test_each_seat_receives_only_what_it_may_see(hosted: Hosted) -> None:
    clients = {role: hosted.client(role) for role in ROLES}
    for client in clients.values():
        client.received = []
        await client.connect()
    facilitator = clients["facilitator"]

    async def steer() -> None:
        note = Note(kind="facilitator", command="note", reason="SECRET-FAC-NOTE: Russia bluffs")
        assert (await facilitator.submit(note)).ok
        pause = Pause(kind="facilitator", command="pause", reason="SECRET-FAC-REASON: a word with the US")
        assert (await facilitator.submit(pause)).ok
        resume = Resume(kind="facilitator", command="resume", reason="")
        assert (await facilitator.submit(resume)).ok

    await asyncio.wait_for(steer(), 10)
    await asyncio.wait_for(
        asyncio.gather(*(play_script(c, hosted.game_moves, timeout=60) for c in clients.values())), 90
    )
    await asyncio.sleep(0.1)
    scenario = hosted.game.scenario
    for role, client in clients.items():
        assert client.received
        wire = "".join(client.received)
        for secret, readers in SECRETS.items():
            allowed = role == "facilitator" or role in readers
            assert (secret in wire) == allowed, f"{role} {'lacks' if allowed else 'received'} {secret!r}"
        for seat in scenario.seat_ids:
            summary = scenario.seat(seat).brief.summary[:60]
            # the JSON escapes nothing in these summaries' first words
            allowed = role in ("facilitator", seat)
            assert (summary in wire) == allowed, f"{role} {'lacks' if allowed else 'received'} {seat}'s brief"
    for client in clients.values():
        await client.close()


def test_a_seats_scenario_keeps_its_own_brief_and_seals_the_others(with_deck) -> None:
    scenario = with_deck[0]
    data = scenario_for(scenario, "russia")
    seats = {s["id"]: s for s in data["seats"]}
    assert seats["russia"]["brief"] == scenario.seat("russia").brief.model_dump(mode="json")
    assert seats["us"]["brief"] == {"summary": "(sealed)"}
    assert "profile" not in seats["us"] and "personas" not in seats["us"]
    assert scenario_for(scenario, None) == scenario.model_dump(mode="json", by_alias=True)
