"""The exercise at the terminal: a session, its house rules, and what comes next.

No Textual here. This is the small controller the screens ask "what now?"
and hand their actions to. Everything the players do goes through the
session to `Game.submit` (the game's one door), and the session's save writer
appends each event as it happens, so quitting or a crash loses nothing.

House rules (who may send messages, and when; hints; the facilitator's PIN)
are a setting of the table, not of the game: the engine does not know them.
They are kept in the save's header, so a resumed game keeps them.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from wargame.model import players

if TYPE_CHECKING:
    from wargame.content.loader import ScenarioTexts
    from wargame.engine.game import Game, Setup
    from wargame.model.actions import Action
    from wargame.model.events import Event
    from wargame.model.scenario import Scenario
    from wargame.session.moves import LoadedMoves
    from wargame.session.runner import Session
    from wargame.store.savefile import LoadedSave

log = logging.getLogger(__name__)

HOUSE_RULES_KEY = "house_rules"
"""Where the house rules live in a save's header."""

SAVES_DIR = "saves"

Press = Literal["full", "public", "none"]
PRESS_CHOICES: dict[str, str] = {
    "full": "Full: public and private messages",
    "public": "Public messages only",
    "none": "No messages",
}


@dataclass
class HouseRules:
    """How this table plays: the press rules, hints, the facilitator's PIN."""

    press: str = "full"
    """full (public and private messages), public (public only) or none."""
    press_phases: list[str] | None = None
    """The phases in which messages may be sent; None: all of them."""
    hints: bool = False
    """May a seat ask the deal finder for a hint?"""
    pin_sha256: str | None = None
    """An older save's unsalted SHA-256 of the PIN (read, never written now)."""
    solo_seat: str | None = None
    """The student's seat in solo practice."""
    pin_scrypt: str | None = None
    """The facilitator's PIN as a salted scrypt hash (`wargame.tui.pin`), if one was set."""
    pin_required: bool = False
    """The PIN guards everything beyond the public view for the whole class:
    the console, the debrief and seat views, and resuming or branching the game."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> HouseRules:
        if not isinstance(data, dict):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def set_pin(self, pin: str) -> None:
        from wargame.tui.pin import pin_hash

        self.pin_scrypt = pin_hash(pin) if pin else None
        self.pin_sha256 = None

    @property
    def has_pin(self) -> bool:
        return self.pin_scrypt is not None or self.pin_sha256 is not None

    def pin_ok(self, pin: str) -> bool:
        from wargame.tui.pin import legacy_matches, pin_matches

        if self.pin_scrypt is not None:
            return pin_matches(pin, self.pin_scrypt)
        if self.pin_sha256 is not None:
            return legacy_matches(pin, self.pin_sha256)
        return True

    def message_refused(self, phase: str, to: str) -> str | None:
        """Why a message may not be sent now, or None if it may."""
        if self.press == "none":
            return "The house rules allow no messages in this game."
        if self.press == "public" and to != "all":
            return "The house rules allow public messages only."
        if self.press_phases is not None and phase not in self.press_phases:
            allowed = ", ".join(self.press_phases) or "no phase"
            return f"Messages are closed in the {phase} talks (house rules: {allowed})."
        return None


@dataclass(frozen=True)
class Step:
    """What the exercise waits for next."""

    kind: Literal["turn", "vote", "bots", "resolution", "end"]
    seat: str | None = None
    round: int = 0


@dataclass(frozen=True)
class BotMove:
    """One thing a bot did, for the screen: who, what, and why."""

    seat: str
    event: Event


class Exercise:
    """A game being played at this terminal."""

    def __init__(self, session: Session, save_path: str | None, rules: HouseRules, shown_round: int = 0) -> None:
        self.session = session
        self.save_path = save_path
        self.rules = rules
        self.shown_round = shown_round
        """The last round whose resolution the table has seen."""
        from wargame.tui.pin import PinGate

        self.pin_gate = PinGate()
        """Wrong PIN tries at this table (each makes the next one wait longer)."""

    @property
    def game(self) -> Game:
        return self.session.game

    @property
    def scenario(self) -> Scenario:
        return self.session.game.scenario

    def is_bot(self, seat: str) -> bool:
        return players.is_bot(self.session.controllers.get(seat, "human"))

    def humans(self) -> list[str]:
        return [s for s in self.scenario.turn_order if not self.is_bot(s)]

    @property
    def solo(self) -> bool:
        """One person at the keyboard: no handoffs needed."""
        return len(self.humans()) <= 1

    def rounds_resolved(self) -> int:
        return max((ev.round for ev in self.game.events if ev.kind == "round_ended"), default=0)

    def next_step(self) -> Step:
        done = self.rounds_resolved()
        if done > self.shown_round:
            return Step("resolution", round=self.shown_round + 1)
        if self.game.over:
            return Step("end")
        seat = self.game.to_act()
        if seat is None:
            return Step("end")
        if self.is_bot(seat):
            return Step("bots", seat, self.game.state.round)
        kind: Literal["turn", "vote"] = "vote" if self.game.state.step == "voting" else "turn"
        return Step(kind, seat, self.game.state.round)

    def submit(self, action: Action) -> list[Event]:
        """Hand an action to the game; returns its events. A refused action
        raises `RefusedAction` and changes nothing."""
        before = len(self.game.events)
        self.session.submit(action)
        return list(self.game.events[before:])

    def play_bot(self) -> list[BotMove]:
        """Let the bot whose move it is play its turn or cast its vote.

        A bot that fails (a bug) must not stop the table: its seat passes, or
        votes no, with the failure as its reason, and the game goes on.
        """
        from wargame.errors import RefusedAction
        from wargame.model.actions import EndTurn, Respond

        seat = self.game.to_act()
        if seat is None or not self.is_bot(seat):
            return []
        before = len(self.game.events)
        voting = self.game.state.step == "voting"
        try:
            if voting:
                self.session.play_bot_vote(seat)
            else:
                self.session.play_bot_turn(seat)
        except RefusedAction:
            raise
        except Exception as exc:
            log.exception("the %s bot failed", seat)
            why = f"the bot failed ({exc.__class__.__name__}: {exc})"
            if self.game.to_act() == seat and self.game.state.step == ("voting" if voting else "turns"):
                fallback: Action = (
                    Respond(kind="respond", seat=seat, response="reject", why=why)
                    if voting
                    else EndTurn(kind="end_turn", seat=seat, why=why)
                )
                self.session.submit(fallback)
        return [BotMove(seat, ev) for ev in self.game.events[before:]]

    def last_seen(self, seat: str) -> int:
        """The index of the first event this seat has not seen: everything
        after its last move (the end of its turn, its vote, or, in a turn cut
        short by a quit, the last thing it did), so a resumed game does not
        show a seat again what it had already seen and acted on."""
        from wargame.model import events as ev_

        for i in range(len(self.game.events) - 1, -1, -1):
            ev = self.game.events[i]
            if isinstance(ev, ev_.LeverUsed) and ev.by_inject() is not None:
                continue  # an inject's doing, not the seat's
            if ev.kind in ("turn_ended", "vote_cast", "proposed", "lever_used", "message_sent") and (
                getattr(ev, "seat", None) == seat
            ):
                return i + 1
        return 0

    def close(self) -> None:
        if self.session.writer is not None:
            self.session.writer.close()


# ---- starting and resuming ----------------------------------------------


def new_exercise(
    scenario: Scenario,
    texts: ScenarioTexts,
    setup: Setup,
    rules: HouseRules,
    save_path: str | None = None,
    opening: LoadedMoves | None = None,
) -> Exercise:
    """Start a game, saved event by event from its first line. With an
    `opening` (a moves file), its rounds are played first (its scripted seats
    from the file, the others by bots), then the seats go to their players."""
    from wargame.session.runner import default_save_path, start_session

    path = save_path or default_save_path(scenario.id, SAVES_DIR)
    session = start_session(scenario, texts, setup, path, extra_header={HOUSE_RULES_KEY: rules.as_dict()})
    if opening is not None:
        from wargame.session.facilitation import prelude

        try:
            prelude(session, opening)
        except BaseException:
            if session.writer is not None:
                session.writer.close()
            raise
    return Exercise(session, path, rules)


def resume_exercise(loaded: LoadedSave) -> Exercise:
    """Rebuild a saved game exactly where it stood and append to its save."""
    from wargame.engine.game import Game
    from wargame.errors import SaveError, WargameError
    from wargame.session.runner import Session
    from wargame.store.savefile import SaveWriter

    if not loaded.events:
        raise SaveError(f"{loaded.path}: the save has no events yet; there is nothing to resume")
    scenario = loaded.scenario()
    game = Game(scenario, loaded.events)
    writer = SaveWriter.reopen(loaded.path, loaded)
    game.subscribe(writer.write)
    try:
        game.finish_interrupted()  # a crash mid-action: complete it, losing nothing
    except WargameError:
        writer.close()  # release the save: it was not resumed
        raise
    rules = HouseRules.from_dict(loaded.header.get(HOUSE_RULES_KEY))
    exercise = Exercise(Session(game, writer, dict(game.state.seats)), loaded.path, rules)
    done = exercise.rounds_resolved()
    # Nothing played yet in this round: show the last round's result again,
    # so the table picks up where it left off.
    acted = any(ev.kind in ("proposed", "lever_used", "message_sent", "turn_ended") for ev in _this_round(game))
    exercise.shown_round = done if (acted or game.over or done == 0) else done - 1
    return exercise


def _this_round(game: Game) -> list[Event]:
    for i in range(len(game.events) - 1, -1, -1):
        if game.events[i].kind == "round_started":
            return list(game.events[i:])
    return []


# ---- the saves folder ----------------------------------------------------


@dataclass
class SaveInfo:
    """What a save holds, read cheaply (no replay) for a list of saves."""

    path: str
    created: str = ""
    scenario: str = ""
    rounds: int = 0
    status: str = ""
    over: bool = False
    humans: list[str] = field(default_factory=list)
    problem: str = ""

    def line(self) -> str:
        if self.problem:
            return f"{os.path.basename(self.path)}: {self.problem}"
        where = f"ended: {self.status}" if self.over else f"round {max(self.rounds, 1)}, {self.status} talks"
        names = ", ".join(_seat_word(s) for s in self.humans)
        if self.rehearsal:
            who = "rehearsal: bots and moves files only (wargame run)"
        elif len(self.humans) == 1:
            who = f"solo: {names}"
        else:
            who = f"played by people: {names}"
        return f"{self.created.replace('T', ' ')}  {self.scenario}  {where}  ({who})"

    @property
    def rehearsal(self) -> bool:
        """No seat played by people: a bot or scripted run, not a class game."""
        return not self.humans


def _seat_word(seat: str) -> str:
    """A seat id as a word, for a list read without loading the scenario ("us" -> "US")."""
    return seat.upper() if len(seat) <= 3 else seat.replace("_", " ").capitalize()


def save_info(path: str) -> SaveInfo:
    info = SaveInfo(path=path)
    try:
        with open(path, encoding="utf-8") as fh:
            header = json.loads(fh.readline())
            info.created = str(header.get("created", ""))
            info.scenario = str(header.get("scenario", {}).get("id", ""))
            seats = header.get("seats", {})
            info.humans = [s for s, who in seats.items() if isinstance(players.player(str(who)), players.Human)]
            for line in fh:
                if '"round_started"' not in line and '"game_ended"' not in line and '"phase_changed"' not in line:
                    continue
                try:
                    event = json.loads(line)["event"]
                except (ValueError, KeyError, TypeError):
                    continue
                if event.get("kind") == "round_started":
                    info.rounds = int(event.get("round", 0))
                    info.status = str(event.get("phase", ""))
                elif event.get("kind") == "phase_changed":
                    info.status = str(event.get("to", ""))
                elif event.get("kind") == "game_ended":
                    info.over = True
                    info.status = str(event.get("status", ""))
    except (OSError, ValueError, AttributeError) as exc:
        info.problem = f"cannot read it ({exc.__class__.__name__})"
    return info


def list_saves(folder: str = SAVES_DIR) -> list[str]:
    """Saves in the folder, the most recent first."""
    try:
        names = [os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".jsonl")]
    except OSError:
        return []
    return sorted(names, key=lambda p: (os.path.getmtime(p), p), reverse=True)


def latest_save(folder: str = SAVES_DIR) -> str | None:
    saves = list_saves(folder)
    return saves[0] if saves else None
