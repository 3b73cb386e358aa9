"""Driving a game: whoever is to act plays, until something says stop.

A player is anything with a `turn` (the actions of its whole turn, ending
with `EndTurn`) and a `vote`: a bot, a seat scripted by a moves file. People
are not players here: `play_until` hands the game back when a seat no player
plays is to act. The headless run, `simulate`, the app's bot moves (through
the session), the benches and the tests all drive games with these two
functions, so the order "who acts, then their turn or their vote" is written
once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from wargame.engine.game import Game
from wargame.errors import RefusedAction
from wargame.model.actions import Action


class Player(Protocol):
    def turn(self, game: Game) -> Sequence[Action]: ...

    def vote(self, game: Game) -> Action: ...


Refused = Callable[[Action, RefusedAction], None]
"""Called with an action the game refused, before the refusal is raised (a
moves file uses it to point at the move at fault)."""


def act(game: Game, player: Player, on_refused: Refused | None = None) -> None:
    """The seat to act plays its step: its whole turn, or its vote."""
    actions = player.turn(game) if game.state.step == "turns" else [player.vote(game)]
    for action in actions:
        try:
            game.submit(action)
        except RefusedAction as exc:
            if on_refused is not None:
                on_refused(action, exc)
            raise


def play_until(
    game: Game,
    players: Mapping[str, Player],
    until: Callable[[Game], bool] | None = None,
    on_refused: Refused | None = None,
) -> str | None:
    """Let the players act until the game ends or `until(game)` holds, or a
    seat with no player here is to act: that seat is returned (else None)."""
    while not game.over and not (until is not None and until(game)):
        seat = game.to_act()
        if seat is None:
            return None
        player = players.get(seat)
        if player is None:
            return seat
        act(game, player, on_refused)
    return None


def rounds_from_now(game: Game, rounds: int) -> Callable[[Game], bool]:
    """An `until` for `play_until`: stop once `rounds` more rounds have begun."""
    stop = game.state.round + rounds
    return lambda g: g.state.round >= stop
