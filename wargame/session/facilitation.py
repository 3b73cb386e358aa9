"""The facilitator's controls over a game, and scripted starts.

`Facilitator` is what the console (and a test, or a script) uses to steer a
game: fire an inject now or queue it for a round, set an indicator, pause and
resume, force or veto a phase change, write a note for the debrief. Every one
of them is an action submitted through `Game.submit` (`FireInject` or
`Facilitate`), so it is checked, saved and shown in the review; a refused one
raises the game's `RefusedAction` and changes nothing. A reason is the
facilitator's, read in the debrief; the teams see it only if it is announced
(`announce=True`): they see what was done ("the facilitator paused the game").

Queued injects. A facilitator may queue an inject for a later round: a
`QueueInject` action (an `InjectQueued` event; `UnqueueInject` takes it off),
so the queue is part of the game's state (`state.queued`), saved and shown in
the review. When round N has started the inject is fired through `Game.submit`
(`FireInject` with `queued_round`, which takes it off the queue). Who fires it: in the app, the console's
`watch_queue` (set up when the console first opens): a game listener asks the
app to fire what is due as soon as the round has started and no bot is moving
the game; the console also fires what is due whenever it is shown. Headless,
the scripted runner (`prelude`) fires it before each round it plays. So a
queued inject fires at the start of its round, before the next person moves,
or at the first safe moment after. Saves written before queueing was typed
recorded it as notes ("Queued the inject X for round N"); `InjectQueue.from_events`
still reads those, and the facilitator of such a game queues them again the
typed way when it is first asked for (`facilitator_for`).

Scripted starts. `prelude(session, moves)` plays a moves file's rounds on a
session (its scripted seats from the file, the others by bots), then hands the
seats back to whoever the session says plays them: a class can pick a scenario
up mid-way. `start_scripted` sets up the session and plays the prelude.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from wargame.content.loader import ScenarioTexts
from wargame.engine.game import Game, Setup
from wargame.errors import ContentError, RefusedAction
from wargame.model import events as e
from wargame.model.actions import FACILITATE, FireInject, QueueInject, UnqueueInject
from wargame.model.scenario import Scenario
from wargame.model.state import TERMINAL, GameState, Note
from wargame.session.moves import LoadedMoves
from wargame.session.runner import Session, play_round, start_session

_QUEUED = re.compile(r"^Queued the inject (\S+) for round (\d+)")
_CANCELLED = re.compile(r"^Cancelled the queued inject (\S+) for round (\d+)")
_FIRED = re.compile(r"^queued for round (\d+)")


@dataclass(frozen=True)
class Queued:
    """An inject waiting for its round."""

    round: int
    inject: str
    reason: str = ""


@dataclass
class InjectQueue:
    """Injects the facilitator has queued, in the order they were queued."""

    entries: list[Queued] = field(default_factory=list)

    def add(self, item: Queued) -> None:
        self.entries.append(item)

    def has(self, inject: str, round_: int) -> bool:
        return any(q.inject == inject and q.round == round_ for q in self.entries)

    def remove(self, inject: str, round_: int) -> None:
        for i, q in enumerate(self.entries):
            if q.inject == inject and q.round == round_:
                del self.entries[i]
                return

    def due(self, round_: int) -> list[Queued]:
        """The entries whose round has come (or passed), in queue order."""
        return [q for q in self.entries if q.round <= round_]

    def rounds_of(self, inject: str) -> list[int]:
        return sorted(q.round for q in self.entries if q.inject == inject)

    @classmethod
    def from_state(cls, state: GameState) -> InjectQueue:
        """The queue as the game's state holds it."""
        return cls([Queued(r, inject, reason) for r, inject, reason in state.queued])

    @classmethod
    def from_events(cls, events: list[e.Event]) -> InjectQueue:
        """The queue as a game's events leave it, typed events and, in saves
        written before queueing was typed, the notes that recorded it."""
        queue = cls()
        for ev in events:
            if isinstance(ev, e.InjectQueued):
                queue.add(Queued(ev.round, ev.inject, ev.reason))
            elif isinstance(ev, e.InjectUnqueued):
                queue.remove(ev.inject, ev.round)
            elif isinstance(ev, e.InjectFired) and ev.queued_round is not None:
                queue.remove(ev.inject, ev.queued_round)
            elif isinstance(ev, e.FacilitatorActed) and ev.command == "note":
                m = _QUEUED.match(ev.reason)
                if m:
                    reason = ev.reason[m.end() :].removeprefix(":").strip()
                    queue.add(Queued(int(m.group(2)), m.group(1), reason))
                m = _CANCELLED.match(ev.reason)
                if m:
                    queue.remove(m.group(1), int(m.group(2)))
            elif isinstance(ev, e.InjectFired):
                m = _FIRED.match(ev.reason)
                if m:
                    queue.remove(ev.inject, int(m.group(1)))
        return queue


class Facilitator:
    """The facilitator's controls over one game (get it with `facilitator_for`)."""

    def __init__(self, game: Game) -> None:
        self.game = game
        self.problems: list[str] = []
        """Queued injects that could not be fired when their round came, and why."""
        self.on_due: Callable[[], None] | None = None
        """Called (from a game listener) when a round starts with injects due:
        the console sets it to fire them once the app is idle."""
        game.subscribe(self._seen)
        self._requeue_legacy()

    def _seen(self, event: e.Event) -> None:
        # Never submit from inside a listener: the game is still recording
        # the batch this event belongs to. Ask for a later call instead.
        if isinstance(event, e.RoundStarted) and self.queue.due(event.round) and self.on_due is not None:
            self.on_due()

    # ---- injects ----------------------------------------------------------

    def fire(self, inject: str, reason: str = "") -> list[e.Event]:
        """Fire an inject now."""
        return self.game.submit(
            FireInject(kind="inject", inject=inject, reason=reason.strip() or "fired by the facilitator")
        )

    @property
    def queue(self) -> InjectQueue:
        """The injects waiting for their round (the game's state holds them)."""
        return InjectQueue.from_state(self.game.state)

    def queue_inject(self, inject: str, round_: int, reason: str = "") -> list[e.Event]:
        """Queue an inject for the start of a later round."""
        st = self.game.state
        if self.game.over:
            raise RefusedAction(f"the game is over ({st.status}); there is no round left to queue for")
        return self.game.submit(QueueInject(kind="queue_inject", inject=inject, round=round_, reason=reason.strip()))

    def cancel(self, inject: str, round_: int, reason: str = "") -> list[e.Event]:
        """Take a queued inject off the queue."""
        return self.game.submit(UnqueueInject(kind="unqueue_inject", inject=inject, round=round_, reason=reason))

    def fire_due(self) -> list[e.Event]:
        """Fire every queued inject whose round has come. One that the game
        refuses (already fired, game over) is taken off the queue and reported
        in `problems`."""
        events: list[e.Event] = []
        if self.game.state.round < 1:
            return events
        for q in self.queue.due(self.game.state.round):
            reason = f"queued for round {q.round}" + (f": {q.reason}" if q.reason else "")
            action = FireInject(kind="inject", inject=q.inject, reason=reason, queued_round=q.round)
            try:
                events += self.game.submit(action)
            except RefusedAction as exc:
                self.problems.append(f"the inject {q.inject} queued for round {q.round} was not fired: {exc}")
                self.cancel(q.inject, q.round, f"not fired: {exc}")
        return events

    def _requeue_legacy(self) -> None:
        """A save from before typed queueing holds its queue as notes: queue
        those entries again as typed events (once), so the state has them."""
        if any(isinstance(ev, e.InjectQueued | e.InjectUnqueued) for ev in self.game.events):
            return
        for q in InjectQueue.from_events(self.game.events).entries:
            try:
                self.queue_inject(q.inject, q.round, q.reason)
            except RefusedAction as exc:
                self.problems.append(f"the inject {q.inject} queued for round {q.round} could not be kept: {exc}")

    # ---- steering -----------------------------------------------------------

    def _act(self, command: str, reason: str, **fields: object) -> list[e.Event]:
        action = FACILITATE.validate_python({"kind": "facilitator", "command": command, "reason": reason, **fields})
        return self.game.submit(action)

    def note(self, text: str) -> list[e.Event]:
        """A note on the timeline, for the debrief (the seats do not see it)."""
        if not text.strip():
            raise RefusedAction("a note needs some text")
        return self._act("note", text.strip())

    def set_indicator(self, indicator: str, value: float, reason: str, announce: bool = False) -> list[e.Event]:
        """Set an indicator; a value outside its range is refused with the range."""
        if not reason.strip():
            raise RefusedAction("setting an indicator needs a reason, for the debrief")
        if not math.isfinite(value):
            raise RefusedAction(f"{value} is not a value an indicator can take; give a finite number, like 40 or -5.5")
        return self._act("set_indicator", reason.strip(), indicator=indicator, value=value, announce=announce)

    def pause(self, reason: str = "", announce: bool = False) -> list[e.Event]:
        if self.game.state.paused:
            raise RefusedAction("the game is already paused")
        return self._act("pause", reason.strip(), announce=announce and bool(reason.strip()))

    def resume(self, reason: str = "", announce: bool = False) -> list[e.Event]:
        if not self.game.state.paused:
            raise RefusedAction("the game is not paused")
        return self._act("resume", reason.strip(), announce=announce and bool(reason.strip()))

    def force_phase(self, phase: str, reason: str, announce: bool = False) -> list[e.Event]:
        """Move the talks to a phase or an end state (resuming collapsed talks too).
        Agreements of the phase and those after it are voided: talks sent back
        to the ceasefire have no ceasefire in force."""
        return self._act("force_phase", reason.strip(), phase=phase, announce=announce)

    def veto_phase(self, reason: str, announce: bool = False) -> list[e.Event]:
        """Undo the last phase change: the talks go back where they were, and
        what was signed to get here is voided with it."""
        return self._act("veto_phase", reason.strip(), announce=announce)

    def phases(self) -> list[str]:
        """Where the talks could be forced to now."""
        st = self.game.state
        return [p for p in [*self.game.scenario.sequences[st.sequence], *TERMINAL] if p != st.status]


def facilitator_for(game: Game) -> Facilitator:
    """The one `Facilitator` of a game (created on first use), so the console,
    the runner and the tests share one queue per game."""
    fac = getattr(game, "_facilitator", None)
    if not isinstance(fac, Facilitator):
        fac = Facilitator(game)
        game._facilitator = fac  # type: ignore[attr-defined]
    return fac


def seat_messages(state: GameState, seat: str) -> list[Note]:
    """What a seat may read: public messages and injects, its own, and those
    sent to it. Never the facilitator's notes (`state.notes`), and never the
    private messages or injects meant for another seat."""
    return [m for m in state.messages if m.to in ("all", seat) or m.seat == seat]


# ---- scripted starts ---------------------------------------------------------


def prelude(session: Session, moves: LoadedMoves, rounds: int | None = None) -> int:
    """Play a moves file's rounds (or its first `rounds`) on a session.

    Seats with moves in the file (or marked `script` in its `seats:`) play from
    it; the others are played by bots for these rounds. Queued injects fire at
    the start of each round, the file's `injects:` after them. Afterwards the
    seats go back to the session's own controllers. Returns the rounds played.
    A move the game refuses is reported at its line in the moves file.
    """
    mf = moves.moves
    scripted = {m.seat for r in mf.rounds for m in r.moves}
    keep = dict(session.controllers)
    fac = facilitator_for(session.game)
    played = 0
    for seat in mf.seats:
        if not session.game.scenario.has("seat", seat):
            known = ", ".join(session.game.scenario.seat_ids)
            raise ContentError([(moves.doc.locate(["seats", seat]), f"unknown seat {seat!r}; the seats are: {known}")])
    for seat in session.game.scenario.seat_ids:
        mode = mf.seats.get(seat) or ("script" if seat in scripted else "bot")
        session.hand_over(seat, mode, "the scripted opening plays it")
    try:
        for i, mround in enumerate(mf.rounds[:rounds] if rounds is not None else mf.rounds):
            if session.game.over:
                break
            fac.fire_due()
            play_round(session, mround, moves, i)
            played += 1
        fac.fire_due()
    finally:
        for seat, mode in keep.items():
            if not session.game.over:
                session.hand_over(seat, mode, "back after the scripted opening")
            session.controllers[seat] = mode
    return played


def start_scripted(
    scenario: Scenario,
    texts: ScenarioTexts,
    moves: LoadedMoves,
    save_path: str | None,
    seats: dict[str, str] | None = None,
    rounds: int | None = None,
    seed: int | None = None,
) -> Session:
    """Start a game from a moves file: the file's seed, lens and sequence, its
    rounds pre-played (`prelude`), then the seats as `seats` says (default:
    every seat `human`), ready for the class to play on."""
    mf = moves.moves
    setup = Setup(
        seed=seed if seed is not None else (mf.seed or 0),
        lens=mf.lens,
        sequence=mf.sequence,
        seats=dict(seats or {}),
    )
    session = start_session(scenario, texts, setup, save_path)
    prelude(session, moves, rounds)
    return session
