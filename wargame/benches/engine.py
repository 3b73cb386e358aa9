"""The engine on its own: games of random legal actions, and long games.

A random player asks the game what is legal (`Game.legal`) and picks one of
it with a seeded generator, so it measures the rules of play, adjudication
and the fold with no bot in the way; the same seed plays the same game. The
engine fingerprint test (`tests/test_engine_same_events.py`) hashes such
games, and `wargame bench` times them.
"""

from __future__ import annotations

import hashlib
import random
import statistics
import time

from wargame.benches.targets import ENGINE_GAMES
from wargame.engine.game import Game, Setup
from wargame.model import actions as a
from wargame.model.events import dump_event
from wargame.model.makers import make
from wargame.model.scenario import Scenario

LONG = (1_000, 10_000, 100_000)
"""The long games' sizes, in events."""


def random_action(game: Game, rng: random.Random) -> a.Action:
    """One legal action for the seat to act, chosen by `rng`."""
    seat = game.to_act()
    assert seat is not None
    legal = game.legal(seat)
    if legal.step == "vote":
        response = rng.choice(("accept", "reject"))
        return _action(("respond", seat, response), a.Respond, {"seat": seat, "response": response, "reasons": []})
    roll = rng.random()
    if roll < 0.35 and legal.issues:
        issue = rng.choice(sorted(legal.issues))
        option = rng.choice(legal.issues[issue])
        return _action(("propose", seat, issue, option), a.Propose, {"seat": seat, "terms": {issue: option}})
    if roll < 0.5 and legal.levers:
        lever = rng.choice(legal.levers)
        return _action(("lever", seat, lever), a.UseLever, {"seat": seat, "lever": lever})
    if roll < 0.6:
        return make(a.Message, {"kind": "message", "seat": seat, "to": "all", "text": f"statement {len(game.events)}"})
    return _action(("end_turn", seat), a.EndTurn, {"seat": seat})


_ACTIONS: dict[tuple[str, ...], a.Action] = {}
"""The player's actions that repeat (frozen models: the same seat ending its
turn is the same value each time), made once by their validators: the
player's own work is not what this bench measures, the engine's is."""


def _action(key: tuple[str, ...], cls: type[a.Action], fields: dict[str, object]) -> a.Action:
    hit = _ACTIONS.get(key)
    if hit is None:
        if len(_ACTIONS) > 10_000:
            _ACTIONS.clear()
        hit = _ACTIONS[key] = make(cls, {"kind": key[0], **fields})
    return hit


def random_game(
    scenario: Scenario, seed: int, lens: str | None = None, sequence: str | None = None, max_rounds: int | None = None
) -> Game:
    """A whole game of random legal actions (seeded), played to its end."""
    rng = random.Random(seed)
    game = Game.start(scenario, Setup(seed=seed, lens=lens, sequence=sequence, max_rounds=max_rounds))
    while not game.over:
        game.submit(random_action(game, rng))
    return game


def events_hash(game: Game) -> str:
    """SHA-256 over the game's events as a save stores them, one a line."""
    digest = hashlib.sha256()
    for event in game.events:
        digest.update(dump_event(event).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def long_game(scenario: Scenario, events: int, seed: int = 1) -> tuple[float, float]:
    """Play a game of `events` events (each seat a message, then ends its
    turn, round after round, with the rounds unlimited) and return the CPU
    seconds per event over the whole game and over its last tenth: if a
    game's cost is linear in its events, the two are about the same."""
    game = Game.start(scenario, Setup(seed=seed, max_rounds=10**9))
    t0 = time.process_time()
    mark = t0
    tenth = events - events // 10
    while len(game.events) < events:
        if mark == t0 and len(game.events) >= tenth:
            mark = time.process_time()
            at = len(game.events)
        seat = game.to_act()
        assert seat is not None
        game.submit(a.Message(kind="message", seat=seat, to="all", text=f"position statement {len(game.events)}"))
        game.submit(a.EndTurn(kind="end_turn", seat=seat))
    end = time.process_time()
    return (end - t0) / len(game.events), (end - mark) / (len(game.events) - at)


def _stats(values: list[float]) -> str:
    return f"min {min(values):.1f}, median {statistics.median(values):.1f}"


def engine_report(scenario: Scenario, runs: int = 5, games: int = 100, long_events: tuple[int, ...] = LONG) -> str:
    """`wargame bench`'s engine lines, in CPU time: games of random legal
    actions per second (min and median over `runs` runs of `games` games),
    and a long game's cost per event at each size in `long_events` (over the
    whole game and over its last tenth: linear if they stay level)."""
    random_game(scenario, 0)  # the scenario's tables, built once
    rates = []
    for run in range(runs):
        t0 = time.process_time()
        for seed in range(games):
            random_game(scenario, run * games + seed)
        rates.append(games / (time.process_time() - t0))
    lines = [
        f"engine alone, random legal actions: games/CPU-s {_stats(rates)} ({runs} runs of {games} games)",
        ENGINE_GAMES.line(statistics.median(rates), f"median of {runs} runs"),
    ]
    for n in long_events:
        repeats = max(1, min(runs, 100_000 // (n * 4)))
        whole, last = zip(*(long_game(scenario, n) for _ in range(repeats)), strict=True)
        lines.append(
            f"long game of {n} events: µs/event {_stats([w * 1e6 for w in whole])}; "
            f"in its last tenth {_stats([x * 1e6 for x in last])} ({repeats} run{'s' if repeats > 1 else ''})"
        )
    return "\n".join(lines)
