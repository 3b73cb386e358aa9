"""How fast bot games could be if the bots cost nothing: the ceiling that
the engine leaves them (a line of `wargame bench-bots`).

Why: the bots' speed target is a rate of whole games, and a game is the
bots' thinking plus the engine deciding what their moves do plus the
outcome counted at the end. This plays a batch of bot games once, keeping
every step each seat played (its turn's actions, or its vote), then times
the same games with each seat's steps played back in order: the engine and
the outcome as in the batch, the bots' thinking left out. The games are the
same (checked: every outcome equal), so the figure is the most any bot,
however fast, could reach on this engine.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Sequence

from wargame.bots.personas import persona
from wargame.bots.player import Bot
from wargame.engine.game import Game
from wargame.engine.play import Player, play_until
from wargame.model.actions import Action
from wargame.model.scenario import Scenario
from wargame.session.simulate import Batch, outcome, setup_of

Steps = deque[Sequence[Action]]
"""One seat's steps of a game, in the order it played them."""


class Recorder:
    """Plays a seat as its bot does, and keeps each step it played."""

    def __init__(self, bot: Bot, steps: Steps) -> None:
        self.bot = bot
        self.steps = steps

    def turn(self, game: Game) -> Sequence[Action]:
        actions = list(self.bot.turn(game))
        self.steps.append(actions)
        return actions

    def vote(self, game: Game) -> Action:
        action = self.bot.vote(game)
        self.steps.append([action])
        return action


class Replayer:
    """Plays a seat's recorded steps back, one per call, with no thinking."""

    def __init__(self, steps: Steps) -> None:
        self.steps = steps

    def turn(self, game: Game) -> Sequence[Action]:
        return self.steps.popleft()

    def vote(self, game: Game) -> Action:
        return self.steps.popleft()[0]


def record(scenario: Scenario, batch: Batch) -> list[tuple[dict[str, object], dict[str, Steps]]]:
    """Each game of the batch as its bots play it: its outcome, and every
    seat's steps."""
    games = []
    for i in range(batch.games):
        steps: dict[str, Steps] = {s: deque() for s in scenario.seat_ids}
        game = Game.start(scenario, setup_of(scenario, batch, i))
        seats: dict[str, Player] = {
            s: Recorder(Bot(seat=s, persona=persona(scenario, s, batch.personas.get(s))), steps[s])
            for s in scenario.seat_ids
        }
        play_until(game, seats)
        games.append((outcome(scenario, game), steps))
    return games


def replayed_per_cpu_second(scenario: Scenario, batch: Batch, runs: int) -> list[float]:
    """Games per CPU-second of the batch's games with the bots' steps played
    back (one figure per run), after checking each ends as it did."""
    games = record(scenario, batch)
    rates = []
    for _ in range(runs):
        queues = [{s: deque(q) for s, q in steps.items()} for _, steps in games]
        t0 = time.process_time()
        ends = []
        for i, steps in enumerate(queues):
            game = Game.start(scenario, setup_of(scenario, batch, i))
            play_until(game, {s: Replayer(q) for s, q in steps.items()})
            ends.append(outcome(scenario, game))
        rates.append(len(queues) / (time.process_time() - t0))
        if ends != [end for end, _ in games]:
            raise AssertionError("a game played back did not end as it was played")
    return rates
