"""What-if branches: continue a saved game from any point as a new game.

A branch is a new save. Its header is the parent's (the same embedded scenario
and seed) plus `parent`: the parent save's path, the parent's head hash at the
branch point, the number of events kept and the round. Its first events are the
parent's up to the branch point, re-hashed in the new chain; from there it is
an ordinary game, played on by people, a moves file or bots. The dice are
stateless (`rules.rng.draw` hashes the seed with the draw's label), so a branch
draws what the original would have: only the choices differ.

A branch point must be a moment when the game waits for an action: not between
a seat's last `turn_ended` and the `voting_opened` it causes, nor in the middle
of an adjudication. `safe_point` rounds an event count down to the nearest such
moment; `point_for_round` is the start of a round, after its scheduled injects.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

from wargame.engine.adjudicate import round_start
from wargame.engine.game import Game
from wargame.errors import WargameError
from wargame.model import events as e
from wargame.model.state import GameState
from wargame.review.timeline import Timeline, scenario_of
from wargame.session.moves import LoadedMoves
from wargame.session.runner import Session
from wargame.store.files import unused_path
from wargame.store.savefile import LoadedSave, SaveWriter, make_header

CONTINUATION = (
    e.VotingOpened,
    e.AgreementSigned,
    e.PhaseChanged,
    e.AgreementVoided,
    e.DurabilityAssessed,
    e.RoundEnded,
    e.RoundStarted,
    e.GameEnded,
    e.RuleFired,
)
"""Events that are made by the engine as the consequence of an action, never
as the first event of one."""


@dataclass(frozen=True)
class BranchPoint:
    count: int
    """How many of the parent's events the branch keeps."""
    round: int
    """The round the branch resumes in."""


def waits_for_action(timeline: Timeline, state: GameState) -> bool:
    """Is the game, in this state, waiting for someone to act?"""
    if state.over or state.round == 0:
        return False
    if state.step == "turns":
        return state.turn < len(timeline.scenario.turn_order)
    if state.step == "voting":
        return any(s not in state.round_votes for s in state.voters)
    return False


def _auto_end(timeline: Timeline, start: int) -> int:
    """The count after a `round_started` at `start` and the injects that the
    engine fired by itself at the round's start (recomputed, so a facilitator's
    inject fired at that moment is not mistaken for a scheduled one)."""
    event = timeline.events[start]
    assert isinstance(event, e.RoundStarted)
    before = timeline.state_after(start).fork()
    made = round_start(timeline.scenario, before, event.round)
    return start + len(made)


def is_safe(timeline: Timeline, count: int) -> bool:
    """Can a game resume after the first `count` events?"""
    if not 0 < count <= len(timeline.events):
        return False
    if not waits_for_action(timeline, timeline.state_after(count)):
        return False
    if count < len(timeline.events) and isinstance(timeline.events[count], CONTINUATION):
        return False
    start = timeline.prev_round_start(count)
    return start is None or count >= _auto_end(timeline, start)


def safe_point(timeline: Timeline, count: int) -> BranchPoint:
    """The latest point at or before `count` events where the game waits for an
    action (before the first round's first turn: that turn)."""
    count = min(count, len(timeline.events))
    while count > 0 and not is_safe(timeline, count):
        count -= 1
    if count == 0:
        if not timeline.rounds:
            raise WargameError("this game has no round to branch from")
        return point_for_round(timeline, timeline.rounds[0].round)
    return BranchPoint(count, timeline.state_after(count).round)


def point_for_round(timeline: Timeline, number: int) -> BranchPoint:
    """The start of round `number`, after the injects scheduled for it: the round replayed from its first turn."""
    span = timeline.round_span(number)
    count = _auto_end(timeline, span.start)
    if not is_safe(timeline, count):
        raise WargameError(f"round {number} has no turn to branch from (the game ended as it started)")
    return BranchPoint(count, number)


def branch_path(parent: str, point: BranchPoint, saves_dir: str | None = None) -> str:
    """A new save's path beside the parent: `<name>.branch-r<round>[-n].jsonl`."""
    base = os.path.splitext(os.path.basename(parent))[0]
    folder = saves_dir if saves_dir is not None else os.path.dirname(parent)
    return unused_path(folder, f"{base}.branch-r{point.round}")


def branch(
    loaded: LoadedSave,
    point: BranchPoint,
    path: str,
    seats: dict[str, str] | None = None,
    created: str | None = None,
) -> Session:
    """Write a new save that holds the parent's events up to `point`; return a
    session on it, ready to play on (its save appends each new event)."""
    head = loaded.head_at(point.count)
    hdr = loaded.header
    scenario = scenario_of(loaded)
    players = dict(hdr.get("seats") or {})
    players.update(seats or {})
    parent: dict[str, Any] = {
        "save": os.path.abspath(loaded.path),
        "head": head,
        "events": point.count,
        "round": point.round,
    }
    header = make_header(
        loaded.texts(),
        scenario,
        int(hdr["seed"]),
        hdr["scenario"].get("lens"),
        hdr["scenario"].get("sequence") or scenario.default_sequence,
        players,
        created or dt.datetime.now().isoformat(timespec="seconds"),
        parent=parent,
    )
    if "house_rules" in hdr:  # the table's rules (press, hints, the PIN) go with the game
        header["house_rules"] = hdr["house_rules"]
    writer = SaveWriter.create(path, header)
    kept = loaded.events[: point.count]
    for event in kept:
        writer.write(event)
    game = Game(scenario, list(kept))
    game.subscribe(writer.write)
    return Session(game, writer, {s: players.get(s, "human") for s in scenario.seat_ids})


@dataclass
class ParentCheck:
    ok: bool
    message: str


def check_parent(loaded: LoadedSave) -> ParentCheck | None:
    """For a branch: does its parent still exist, with the same events up to the branch point?"""
    from wargame.errors import SaveError
    from wargame.store.savefile import load_save

    parent = loaded.header.get("parent")
    if not isinstance(parent, dict):
        return None
    path = str(parent.get("save", ""))
    count = int(parent.get("events", 0))
    where = f"branched from {path} at event {count} (round {parent.get('round')})"
    if not os.path.exists(path):
        return ParentCheck(False, f"{where}; the parent save is not here to check")
    try:
        other = load_save(path)
    except SaveError as exc:
        return ParentCheck(False, f"{where}; the parent save does not verify: {exc}")
    if count > len(other.events) or other.head_at(count) != parent.get("head"):
        return ParentCheck(False, f"{where}; the parent's events up to the branch point have CHANGED")
    if loaded.events[:count] != other.events[:count]:
        return ParentCheck(False, f"{where}; the branch's first {count} events differ from its parent's")
    return ParentCheck(True, f"{where}; parent verified (head {str(parent.get('head'))[:12]})")


def play_on(session: Session, moves: LoadedMoves | None, rounds: int | None) -> None:
    """Play a branch on headless: the moves file's rounds first (its first round is
    the branch's current round), then bots up to `rounds` rounds in all."""
    from wargame.session.runner import play_round, rounds_played

    mf = moves.moves if moves else None
    for seat in {m.seat for r in (mf.rounds if mf else []) for m in r.moves}:
        session.controllers[seat] = "script"
    for i, mround in enumerate(mf.rounds if mf else []):
        if session.game.over:
            break
        play_round(session, mround, moves, i)
    if rounds is not None:
        session.bots_play_on("bots play the branch on")
        while not session.game.over and rounds_played(session.game) < rounds:
            play_round(session, None, None, None)
