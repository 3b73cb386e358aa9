"""Recorded games for the review tests: bot games, and a game with everything
a debrief reveals (private messages, a private inject, a facilitator's note)."""

from __future__ import annotations

import os
from typing import Literal

from tests.conftest import ROOT
from wargame.bots.personas import persona as persona_of
from wargame.content.loader import ScenarioTexts
from wargame.engine.game import Setup
from wargame.model.actions import Action, EndTurn, FireInject, Message, Note, Propose, Respond
from wargame.model.scenario import Scenario
from wargame.model.state import GameState
from wargame.session.runner import Session, play_round, rounds_played, start_session

CREATED = "2026-01-15T10:00:00"


def relative_texts(texts: ScenarioTexts) -> ScenarioTexts:
    """The same texts named relative to the project, so a save's hashes do not
    depend on where the project is checked out (for snapshots)."""
    rel = {os.path.relpath(name, ROOT): text for name, text in texts.texts.items()}
    return ScenarioTexts(main=os.path.relpath(texts.main, ROOT), texts=rel)


def record(
    scenario: Scenario,
    texts: ScenarioTexts,
    path: str,
    seed: int,
    sequence: str | None = None,
    personas: dict[str, str] | None = None,
    rounds: int = 12,
) -> tuple[Session, dict[int, GameState]]:
    """A bot game saved to `path`, and the live state after every event (by count)."""
    seats = {s: "bot" + (f":{personas[s]}" if personas and s in personas else "") for s in scenario.seat_ids}
    for seat, name in (personas or {}).items():
        persona_of(scenario, seat, name)
    session = start_session(scenario, texts, Setup(seed=seed, sequence=sequence, seats=seats), path, created=CREATED)
    game = session.game
    live: dict[int, GameState] = {len(game.events): game.state.model_copy(deep=True)}
    game.subscribe(lambda _ev: live.__setitem__(len(game.events), game.state.model_copy(deep=True)))
    while not game.over and rounds_played(game) < rounds:
        play_round(session, None, None, None)
    assert session.writer is not None
    session.writer.close()
    return session, live


def debrief_game(scenario: Scenario, texts: ScenarioTexts, path: str) -> Session:
    """A short scripted game (no bots, so it does not change when they do) with a
    private inject to the US, private messages between the US and Russia, a
    public message, a facilitator's note, a signed ceasefire and a rejected text."""
    session = start_session(scenario, texts, Setup(seed=7), path, created=CREATED)
    game = session.game

    def submit(*actions: Action) -> None:
        for action in actions:
            game.submit(action)

    def end(seat: str) -> EndTurn:
        return EndTurn(kind="end_turn", seat=seat)

    def vote(seat: str, response: Literal["accept", "reject"]) -> Respond:
        return Respond(kind="respond", seat=seat, response=response, why=f"{seat} decides")

    submit(
        FireInject(kind="inject", inject="kremlin_back_channel", reason="the facilitator's choice"),
        Note(kind="facilitator", command="note", reason="Watch whether the US tells Kyiv."),
        Message(kind="message", seat="us", to="russia", text="Would you sign an EU path for Ukraine?"),
        Message(kind="message", seat="us", to="all", text="We want a ceasefire this round."),
        Propose(kind="propose", seat="us", terms={"ceasefire": "thirty_day", "dmz": "international_monitoring"}),
        end("us"),
        Message(kind="message", seat="russia", to="us", text="Only with no NATO troops."),
        end("russia"),
        end("ukraine"),
        end("europe"),
    )
    for seat in list(game.state.voters):
        submit(vote(seat, "accept"))
    submit(
        Propose(kind="propose", seat="us", terms={"alignment": "no_nato", "foreign_forces": "european_peacekeepers"}),
        end("us"),
        end("russia"),
        end("ukraine"),
        end("europe"),
    )
    for seat in list(game.state.voters):
        submit(vote(seat, "reject" if seat == "russia" else "accept"))
    assert session.writer is not None
    session.writer.close()
    return session
