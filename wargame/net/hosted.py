"""One game on a host: its session, its save, its codes, and who may do what.

No network here: `HostedGame.handle` takes an action from a role (a seat or
the facilitator) with an idempotency key and returns the host's answer. The
websocket server (`host.py`) calls it and sends the events it made to every
client, filtered by `privacy`. Everything goes through `Game.submit`, the
same door as the hot seat; the session's save writer is the only writer of
the save.

Idempotency. Each key's answer is kept (in memory, and appended to
`SAVE.acks` once the action's events are saved), so an action resent after a
dropped connection, or after a host restart, is applied once. The one window
left: a host killed after an action's events were saved and before its key
was, which a resend would apply again if the game allows it twice.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass, field

from wargame.content.loader import ScenarioTexts
from wargame.engine.game import Game, Setup
from wargame.errors import RefusedAction, SaveError
from wargame.model import actions as a
from wargame.model.scenario import Scenario
from wargame.net.codes import FACILITATOR_ROLE, Codes
from wargame.net.protocol import Ack
from wargame.session.facilitation import Facilitator, facilitator_for, prelude
from wargame.session.moves import LoadedMoves
from wargame.session.runner import Session, start_session
from wargame.store.savefile import SaveWriter, load_save
from wargame.tui.exercise import HOUSE_RULES_KEY, HouseRules

log = logging.getLogger(__name__)

SEAT_ACTIONS = (a.Propose, a.UseLever, a.Message, a.EndTurn, a.Respond)


@dataclass
class HostedGame:
    """A game the host runs, with everything needed to let clients play it."""

    id: str
    session: Session
    save_path: str
    rules: HouseRules
    codes: Codes
    acks: dict[tuple[str, str], Ack] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """Things the facilitator should know (a bot that failed, an inject not fired)."""
    halted: str | None = None
    """Why this game takes no more actions (its save could not be written)."""

    @property
    def game(self) -> Game:
        return self.session.game

    @property
    def scenario(self) -> Scenario:
        return self.session.game.scenario

    @property
    def facilitator(self) -> Facilitator:
        return facilitator_for(self.session.game)

    # ---- acting -------------------------------------------------------------

    def handle(self, role: str, key: str, action: a.Action) -> Ack:
        """Apply one action from a role, once per key; return the answer."""
        done = self.acks.get((role, key))
        if done is not None:
            return done.model_copy(update={"duplicate": True})
        if self.halted is not None:
            return Ack(kind="ack", key=key, ok=False, reason=self.halted)
        before = len(self.game.events)
        try:
            self._check_role(role, action)
            self._check_house_rules(action)
            self.game.submit(action)
        except RefusedAction as exc:
            ack = Ack(kind="ack", key=key, ok=False, reason=str(exc))
            self.acks[(role, key)] = ack  # the same attempt gets the same answer
            return ack
        made = len(self.game.events)
        ack = Ack(
            kind="ack", key=key, ok=True, first=before + 1 if made > before else 0, last=made if made > before else 0
        )
        self.acks[(role, key)] = ack
        self._journal(role, ack)
        self.follow_up()
        return ack

    def queue_inject(self, key: str, inject: str, round_: int, reason: str) -> Ack:
        done = self.acks.get((FACILITATOR_ROLE, key))
        if done is not None:
            return done.model_copy(update={"duplicate": True})
        before = len(self.game.events)
        try:
            self.facilitator.queue_inject(inject, round_, reason)
        except RefusedAction as exc:
            return Ack(kind="ack", key=key, ok=False, reason=str(exc))
        made = len(self.game.events)
        ack = Ack(kind="ack", key=key, ok=True, first=before + 1, last=made)
        self.acks[(FACILITATOR_ROLE, key)] = ack
        self._journal(FACILITATOR_ROLE, ack)
        return ack

    def follow_up(self) -> None:
        """After an action: fire the queued injects now due, then let the bots
        (if any seat is played by one) move until a person must act."""
        fac = self.facilitator
        fac.fire_due()
        self.problems.extend(fac.problems)
        fac.problems.clear()
        for _ in range(200):  # a bound: a bot's round is a handful of actions
            seat = self.game.to_act()
            if seat is None or self.game.over or self.game.state.paused:
                return
            if not self.session.controllers.get(seat, "human").startswith("bot"):
                return
            self._play_bot(seat)
            fac.fire_due()

    def _play_bot(self, seat: str) -> None:
        voting = self.game.state.step == "voting"
        try:
            if voting:
                self.session.play_bot_vote(seat)
            else:
                self.session.play_bot_turn(seat)
        except Exception as exc:  # a bot's bug must not stop the class
            log.exception("the %s bot failed", seat)
            self.problems.append(f"the {seat} bot failed: {exc}")
            why = f"the bot failed ({exc.__class__.__name__})"
            if self.game.to_act() == seat:
                fallback: a.Action = (
                    a.Respond(kind="respond", seat=seat, response="reject", why=why)
                    if voting
                    else a.EndTurn(kind="end_turn", seat=seat, why=why)
                )
                self.game.submit(fallback)

    def _check_role(self, role: str, action: a.Action) -> None:
        if role == FACILITATOR_ROLE:
            return  # the facilitator steers, and may end a silent team's turn
        if not isinstance(action, SEAT_ACTIONS):
            raise RefusedAction(f"only the facilitator may {action.kind.replace('_', ' ')}; you play {role}")
        if action.seat != role:
            raise RefusedAction(f"you play {role}; you cannot act for {action.seat}")

    def _check_house_rules(self, action: a.Action) -> None:
        if isinstance(action, a.Message):
            why = self.rules.message_refused(self.game.state.status, action.to)
            if why is not None:
                raise RefusedAction(why)

    # ---- the idempotency journal -------------------------------------------

    @property
    def journal_path(self) -> str:
        return self.save_path + ".acks"

    def _journal(self, role: str, ack: Ack) -> None:
        line = json.dumps({"role": role, **ack.model_dump()})
        with open(self.journal_path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def _read_journal(self) -> None:
        try:
            with open(self.journal_path, encoding="utf-8") as fh:
                lines = fh.read().splitlines()
        except FileNotFoundError:
            return
        for line in lines:
            try:
                data = json.loads(line)
                role = str(data.pop("role"))
                ack = Ack.model_validate(data)
            except (ValueError, KeyError, TypeError):
                continue  # a torn last line: that key is simply not known
            self.acks[(role, ack.key)] = ack

    def close(self) -> None:
        if self.session.writer is not None:
            self.session.writer.close()


def game_id(save_path: str) -> str:
    """A game's id on the host: its save's name, which stays the same across a restart."""
    name = os.path.basename(save_path)
    return name[: -len(".jsonl")] if name.endswith(".jsonl") else name


def start_game(
    scenario: Scenario,
    texts: ScenarioTexts,
    setup: Setup,
    save_path: str,
    rules: HouseRules,
    moves: LoadedMoves | None = None,
) -> HostedGame:
    """A new hosted game, saved from its first event; a moves file's rounds
    are played first (a prepared opening), as `wargame play --moves` does."""
    created = dt.datetime.now().isoformat(timespec="seconds")
    session = start_session(scenario, texts, setup, save_path, created, {HOUSE_RULES_KEY: rules.as_dict()})
    if moves is not None:
        prelude(session, moves)
    hosted = HostedGame(
        game_id(save_path), session, save_path, rules, Codes.for_game(save_path + ".codes.json", scenario.turn_order)
    )
    hosted.follow_up()
    return hosted


def resume_game(save_path: str) -> HostedGame:
    """A hosted game picked up from its save (a host restart): the same
    events, codes and idempotency keys; an action cut short is completed."""
    loaded = load_save(save_path)
    for warning in loaded.warnings:
        log.warning("%s", warning)
    if not loaded.events:
        raise SaveError(f"{save_path}: the save has no events yet; there is nothing to resume")
    scenario = loaded.scenario()
    game = Game(scenario, loaded.events)
    writer = SaveWriter.reopen(save_path, loaded)
    game.subscribe(writer.write)
    game.finish_interrupted()
    rules = HouseRules.from_dict(loaded.header.get(HOUSE_RULES_KEY))
    session = Session(game, writer, dict(game.state.seats))
    hosted = HostedGame(
        game_id(save_path), session, save_path, rules, Codes.for_game(save_path + ".codes.json", scenario.turn_order)
    )
    hosted._read_journal()
    hosted.follow_up()
    return hosted
