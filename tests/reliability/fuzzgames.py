"""Fuzzed games with a real save, and the check that every prefix resumes.

A game is driven through `Game.submit` by a chooser (hypothesis's data in the
tests, `random.Random` for the measurement below), with legal moves from the
game's own API, wild moves from the whole vocabulary, every inject of the
scenario and every console command. It is saved by the real `SaveWriter`.
Then each prefix of the save (every number of event lines a crash could leave)
is loaded and resumed as `wargame resume` does, and the resumed game must be
the one played, up to the end of the action the crash interrupted.

Measure: `python -m tests.reliability.fuzzgames 200` prints how many of 200
random games resume from every prefix.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from wargame.content.loader import ScenarioTexts
from wargame.engine.game import Game, Setup
from wargame.errors import RefusedAction, WargameError
from wargame.model import events as e
from wargame.model.actions import FACILITATE, Action, EndTurn, FireInject, Message, Propose, Respond, UseLever
from wargame.model.scenario import Scenario
from wargame.model.state import TERMINAL
from wargame.session.runner import start_session
from wargame.store.savefile import SaveWriter, load_save

T = TypeVar("T")

COMMANDS = ["note", "pause", "resume", "set_indicator", "force_phase", "veto_phase", "inject", "inject"]
TURN_MOVES = ["end", "end", "end", "propose", "propose", "lever", "message", "wild", "facilitator", "facilitator"]
VOTE_MOVES = ["vote", "vote", "vote", "vote", "wild", "facilitator", "facilitator"]
OVER_MOVES = ["facilitator", "wild"]


class Chooser(Protocol):
    def pick(self, items: Sequence[T]) -> T: ...
    def number(self, lo: float, hi: float) -> float: ...


class RandomChooser:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def number(self, lo: float, hi: float) -> float:
        return round(self.rng.uniform(lo, hi), 2)


class DataChooser:
    """Hypothesis's `st.data()` as a chooser (so failures shrink)."""

    def __init__(self, data: Any) -> None:
        from hypothesis import strategies as st

        self.data = data
        self.st = st

    def pick(self, items: Sequence[T]) -> T:
        return self.data.draw(self.st.sampled_from(list(items)))  # type: ignore[no-any-return]

    def number(self, lo: float, hi: float) -> float:
        return self.data.draw(self.st.floats(min_value=lo, max_value=hi, allow_nan=False))  # type: ignore[no-any-return]


def console_move(c: Chooser, game: Game) -> Action:
    scenario = game.scenario
    command = c.pick(COMMANDS)
    if command == "inject":
        return FireInject(kind="inject", inject=c.pick([i.id for i in scenario.injects]))
    if command == "set_indicator":
        indicator = c.pick([i.id for i in scenario.indicators])
        return FACILITATE.validate_python(
            {"kind": "facilitator", "command": "set_indicator", "indicator": indicator, "value": c.number(-50, 150)}
        )
    if command == "force_phase":
        phase = c.pick([*scenario.sequences[game.state.sequence], *TERMINAL])
        return FACILITATE.validate_python({"kind": "facilitator", "command": command, "phase": phase, "reason": "fuzz"})
    return FACILITATE.validate_python({"kind": "facilitator", "command": command, "reason": "fuzz"})


def seat_move(c: Chooser, game: Game, kind: str) -> Action:
    s = game.scenario
    seat = game.to_act()
    if kind == "wild" or seat is None:
        seat = c.pick([*s.seat_ids, "nobody"])
        what = c.pick(["propose", "lever", "respond", "end", "message"])
        if what == "propose":
            issue = c.pick(s.issues)
            return Propose(kind="propose", seat=seat, terms={issue.id: c.pick([o.id for o in issue.options])})
        if what == "lever":
            return UseLever(kind="lever", seat=seat, lever=c.pick([v.id for v in s.levers]))
        if what == "respond":
            return Respond(kind="respond", seat=seat, response=c.pick(["accept", "reject"]))
        if what == "message":
            return Message(kind="message", seat=seat, to=c.pick(["all", *s.seat_ids]), text="hm")
        return EndTurn(kind="end_turn", seat=seat)
    if kind == "propose" and game.agenda():
        issue = c.pick(game.agenda())
        return Propose(kind="propose", seat=seat, terms={issue.id: c.pick([o.id for o in issue.options])})
    if kind == "lever" and game.levers(seat):
        return UseLever(kind="lever", seat=seat, lever=c.pick(game.levers(seat)).id)
    if kind == "message":
        return Message(kind="message", seat=seat, to=c.pick(["all", *s.seat_ids]), text="a word")
    if kind == "vote" and game.state.step == "voting":
        return Respond(kind="respond", seat=seat, response=c.pick(["accept", "reject"]))
    return EndTurn(kind="end_turn", seat=seat)


@dataclass
class Played:
    game: Game
    path: str
    ends: list[int]
    """The number of events after each accepted action (the batch ends)."""


def play_saved(c: Chooser, scenario: Scenario, texts: ScenarioTexts, setup: Setup, steps: int, path: str) -> Played:
    session = start_session(scenario, texts, setup, path, created="2026-01-01T00:00:00")
    game = session.game
    ends = [len(game.events)]
    for _ in range(steps):
        kind = c.pick(OVER_MOVES) if game.over else c.pick(VOTE_MOVES if game.state.step == "voting" else TURN_MOVES)
        action = console_move(c, game) if kind == "facilitator" else seat_move(c, game, kind)
        try:
            game.submit(action)
        except RefusedAction:
            continue
        ends.append(len(game.events))
    assert session.writer is not None
    session.writer.close()
    return Played(game, path, ends)


def resume_prefix(path: str, keep: int, out: str) -> Game:
    """Resume the save cut after `keep` event lines, as `wargame resume` does."""
    with open(path, encoding="utf-8") as fh:
        lines = fh.readlines()
    with open(out, "w", encoding="utf-8") as fh:
        fh.writelines(lines[: keep + 1])
    loaded = load_save(out)
    game = Game(loaded.scenario(), loaded.events)
    writer = SaveWriter.reopen(out, loaded)
    game.subscribe(writer.write)
    try:
        game.finish_interrupted()
    finally:
        writer.close()
    return game


def prefix_failures(played: Played, folder: str, sample: int | None = None) -> list[str]:
    """Every prefix of the save that does not resume to the game played
    (with `sample`, a few prefixes drawn with that seed, and the whole save)."""
    full = [e.dump_event(ev) for ev in played.game.events]
    failures: list[str] = []
    keeps = list(range(1, len(full) + 1))
    if sample is not None:
        keeps = sorted({*random.Random(sample).sample(keeps, min(3, len(keeps))), len(full)})
    for keep in keeps:
        end = next(n for n in played.ends if n >= keep)
        out = os.path.join(folder, f"cut{keep}.jsonl")
        try:
            game = resume_prefix(played.path, keep, out)
        except WargameError as exc:
            failures.append(f"after {keep} events: {exc}")
            continue
        got = [e.dump_event(ev) for ev in game.events]
        if got != full[:end]:
            failures.append(f"after {keep} events: resumed to {len(got)} events, not the {end} played")
        elif [e.dump_event(ev) for ev in load_save(out).events] != got:
            failures.append(f"after {keep} events: the completion was not saved")
        os.remove(out)
    return failures


def main(argv: list[str]) -> int:
    import time

    from wargame.content.loader import load_scenario

    games = int(argv[0]) if argv else 100
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    scenario, texts = load_scenario(os.path.join(root, "scenarios", "ukraine-2025.yaml"))
    ok = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for n in range(games):
            c = RandomChooser(n)
            setup = Setup(
                seed=n,
                sequence=c.pick(list(scenario.sequences)),
                lens=c.pick([v.id for v in scenario.lenses]),
                max_rounds=4,
            )
            path = os.path.join(folder, f"game{n}.jsonl")
            played = play_saved(c, scenario, texts, setup, int(c.number(5, 120)), path)
            failures = prefix_failures(played, folder)
            ok += not failures
            if failures:
                print(f"game {n}: {len(failures)} prefixes fail, first: {failures[0]}", file=sys.stderr)
            os.remove(path)
    print(f"{ok} of {games} fuzzed games resume from every prefix ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
