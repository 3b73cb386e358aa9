"""Helpers for the facilitator's tests: a scenario with an extra deck, games
whose seats are all human, and rounds in which every seat passes."""

from __future__ import annotations

import textwrap
from typing import TypeVar

from tests.conftest import SCENARIO
from wargame.content.loader import ScenarioTexts, build, read_texts
from wargame.engine.game import Game, Setup
from wargame.model.actions import EndTurn, Respond
from wargame.model.scenario import Scenario

DECK = "test-deck.yaml"
T = TypeVar("T")


def with_deck(deck: str, name: str = DECK) -> Scenario:
    """The bundled scenario with `deck` (YAML text) added, as `--deck` adds it."""
    texts = read_texts(SCENARIO)
    return build(ScenarioTexts(main=texts.main, texts={**texts.texts, name: textwrap.dedent(deck)}))


def start(scenario: Scenario, seed: int = 1, **setup: object) -> Game:
    seats = {s: "human" for s in scenario.seat_ids}
    return Game.start(scenario, Setup(seed=seed, seats=seats, **setup))  # type: ignore[arg-type]


def pass_round(game: Game) -> None:
    """Every seat ends its turn; any vote is a no. The round is adjudicated."""
    start_round = game.state.round
    while not game.over and game.state.round == start_round:
        seat = game.to_act()
        assert seat is not None
        if game.state.step == "turns":
            game.submit(EndTurn(kind="end_turn", seat=seat))
        else:
            game.submit(Respond(kind="respond", seat=seat, response="reject"))


def fired(game: Game, inject: str | None = None) -> list[tuple[int, str]]:
    """(round, inject) for every inject fired, in order."""
    return [(r, i) for r, i in game.state.injects if inject is None or i == inject]


def events_of(game: Game, kind: type[T]) -> list[T]:
    return [ev for ev in game.events if isinstance(ev, kind)]
