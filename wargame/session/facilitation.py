"""The facilitator's controls over a game, and scripted starts.

`Facilitator` is what the console (and a test, or a script) uses to steer a
game: fire an inject now or queue it for a round, set an indicator, pause and
resume, force or veto a phase change, write a note for the debrief. Every one
of them is an action submitted through `Game.submit` (`FireInject` or
`Facilitate`), so it is checked, saved and shown in the review; a refused one
raises the game's `RefusedAction` and changes nothing. A reason is the
facilitator's, read in the debrief; the teams see it only if it is announced
(`announce=True`): they see what was done ("the facilitator paused the game").

Queued injects. A facilitator may queue an inject for a later round. The queue
is a small data structure (`InjectQueue`) kept beside the game, not in the
engine: queueing writes a note on the timeline ("Queued the inject X for round
N"), and when round N has started the inject is fired through `Game.submit`
with the reason "queued for round N". Who fires it: in the app, the console's
`watch_queue` (set up when the console first opens): a game listener asks the
app to fire what is due as soon as the round has started and no bot is moving
the game; the console also fires what is due whenever it is shown. Headless,
the scripted runner (`prelude`) fires it before each round it plays. So a
queued inject fires at the start of its round, before the next person moves,
or at the first safe moment after. Because queueing and
cancelling are notes in the save, `InjectQueue.from_events` rebuilds the queue
of a game reopened from its save.

Scripted starts. `prelude(session, moves)` plays a moves file's rounds on a
session (its scripted seats from the file, the others by bots), then hands the
seats back to whoever the session says plays them: a class can pick a scenario
up mid-way. `start_scripted` sets up the session and plays the prelude.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from wargame.content.loader import ScenarioTexts
from wargame.engine.game import Game, Setup
from wargame.errors import ContentError, RefusedAction, UnknownId
from wargame.model import events as e
from wargame.model.actions import Facilitate, FireInject
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
    def from_events(cls, events: list[e.Event]) -> InjectQueue:
        """The queue as a game's events leave it (queued, cancelled, fired)."""
        queue = cls()
        for ev in events:
            if isinstance(ev, e.FacilitatorActed) and ev.command == "note":
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
        self.queue = InjectQueue.from_events(game.events)
        self.problems: list[str] = []
        """Queued injects that could not be fired when their round came, and why."""
        self.on_due: Callable[[], None] | None = None
        """Called (from a game listener) when a round starts with injects due:
        the console sets it to fire them once the app is idle."""
        game.subscribe(self._seen)

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

    def queue_inject(self, inject: str, round_: int, reason: str = "") -> list[e.Event]:
        """Queue an inject for the start of a later round (recorded as a note)."""
        st = self.game.state
        if not self.game.scenario.has("inject", inject):
            raise UnknownId(f"unknown inject {inject!r}; known: {', '.join(i.id for i in self.game.scenario.injects)}")
        if self.game.over:
            raise RefusedAction(f"the game is over ({st.status}); there is no round left to queue for")
        if round_ <= st.round:
            raise RefusedAction(f"round {round_} has already started (this is round {st.round}): fire it now instead")
        if round_ > st.max_rounds:
            raise RefusedAction(f"the game has {st.max_rounds} rounds; queue for round {st.round + 1}..{st.max_rounds}")
        spec = self.game.scenario.inject(inject)
        if not spec.repeatable and (any(i == inject for _, i in st.injects) or self.queue.rounds_of(inject)):
            raise RefusedAction(f"the inject {inject} is not repeatable and has already been fired or queued")
        if self.queue.has(inject, round_):
            raise RefusedAction(f"the inject {inject} is already queued for round {round_}")
        text = f"Queued the inject {inject} for round {round_}" + (f": {reason.strip()}" if reason.strip() else "")
        events = self.note(text)
        self.queue.add(Queued(round_, inject, reason.strip()))
        return events

    def cancel(self, inject: str, round_: int) -> list[e.Event]:
        """Take a queued inject off the queue (recorded as a note)."""
        if not self.queue.has(inject, round_):
            raise RefusedAction(f"the inject {inject} is not queued for round {round_}")
        events = self.note(f"Cancelled the queued inject {inject} for round {round_}")
        self.queue.remove(inject, round_)
        return events

    def fire_due(self) -> list[e.Event]:
        """Fire every queued inject whose round has come. One that the game
        refuses (already fired, game over) is dropped and reported in
        `problems`."""
        events: list[e.Event] = []
        if self.game.state.round < 1:
            return events
        for q in self.queue.due(self.game.state.round):
            self.queue.remove(q.inject, q.round)
            reason = f"queued for round {q.round}" + (f": {q.reason}" if q.reason else "")
            try:
                events += self.game.submit(FireInject(kind="inject", inject=q.inject, reason=reason))
            except RefusedAction as exc:
                self.problems.append(f"the inject {q.inject} queued for round {q.round} was not fired: {exc}")
        return events

    # ---- steering -----------------------------------------------------------

    def _act(self, command: str, reason: str, **fields: object) -> list[e.Event]:
        action = Facilitate.model_validate({"kind": "facilitator", "command": command, "reason": reason, **fields})
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
    session.controllers = {}
    for seat in session.game.scenario.seat_ids:
        mode = mf.seats.get(seat) or ("script" if seat in scripted else "bot")
        session.controllers[seat] = mode
    try:
        for i, mround in enumerate(mf.rounds[:rounds] if rounds is not None else mf.rounds):
            if session.game.over:
                break
            fac.fire_due()
            play_round(session, mround, moves, i)
            played += 1
        fac.fire_due()
    finally:
        session.controllers = keep
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
