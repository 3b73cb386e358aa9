"""Helpers for the bot tests: games played by bots to a given point."""

from __future__ import annotations

from wargame.bots.personas import persona
from wargame.bots.player import Bot
from wargame.engine.game import Game, Setup
from wargame.engine.play import play_until, rounds_from_now
from wargame.model.scenario import Scenario


def bots(scenario: Scenario, personas: dict[str, str] | None = None) -> dict[str, Bot]:
    personas = personas or {}
    return {s: Bot(seat=s, persona=persona(scenario, s, personas.get(s))) for s in scenario.seat_ids}


def start(scenario: Scenario, seed: int = 0, **setup: object) -> Game:
    seats = {s: "bot" for s in scenario.seat_ids}
    return Game.start(scenario, Setup(seed=seed, seats=seats, **setup))  # type: ignore[arg-type]


def play(game: Game, players: dict[str, Bot], rounds: int | None = None) -> Game:
    """Let the bots play until the game ends (or `rounds` more rounds end)."""
    assert play_until(game, players, None if rounds is None else rounds_from_now(game, rounds)) is None
    return game
