"""Playing a game headless: a moves file for the scripted seats, bots for the rest.

This is `wargame run`. Each round of the moves file: its injects are fired,
then each seat takes its turn in the scenario's order (a scripted seat makes
its moves from the file, a bot plays), then the signatories vote (a scripted
seat with no `respond` votes no). After the file's last round, bots play on
for every seat up to `--rounds`, or until the game ends.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from wargame.bots.player import Bot
from wargame.content.loader import ScenarioTexts
from wargame.engine.game import Game, Setup
from wargame.errors import ContentError, RefusedAction, UnknownId, WargameError
from wargame.model.actions import Action, EndTurn, FireInject, Message, Propose, Respond, UseLever
from wargame.model.events import VoteCast, VotingOpened
from wargame.model.scenario import Persona, Scenario
from wargame.session.moves import LoadedMoves, Move, MovesRound
from wargame.store.files import unused_path
from wargame.store.savefile import SaveWriter, make_header


@dataclass
class RunOptions:
    seed: int | None = None
    lens: str | None = None
    sequence: str | None = None
    rounds: int | None = None
    save: str | None = None
    personas: dict[str, str] = field(default_factory=dict)


def default_save_path(scenario_id: str, saves_dir: str = "saves") -> str:
    stamp = dt.datetime.now().strftime("%Y-%m-%dT%H-%M-%S")
    return unused_path(saves_dir, f"{stamp}-{scenario_id}")


def persona_of(scenario: Scenario, seat: str, name: str | None) -> Persona | None:
    personas = scenario.seat(seat).personas
    if not name:
        return next((p for p in personas if p.id == "pragmatist"), personas[0] if personas else None)
    for p in personas:
        if p.id == name:
            return p
    known = ", ".join(p.id for p in personas) or "none defined"
    raise UnknownId(f"unknown persona {name!r} for {seat}; its personas: {known}")


class Session:
    """A game, who plays each seat, and where it is saved."""

    def __init__(self, game: Game, writer: SaveWriter | None, controllers: dict[str, str]) -> None:
        self.game = game
        self.writer = writer
        self.controllers = controllers
        self.bots: dict[str, Bot] = {}
        for seat, mode in controllers.items():
            if mode.startswith("bot"):
                self.bots[seat] = self.make_bot(seat, mode)

    def make_bot(self, seat: str, mode: str = "bot") -> Bot:
        name = mode.split(":", 1)[1] if ":" in mode else None
        return Bot(seat=seat, persona=persona_of(self.game.scenario, seat, name))

    def bot(self, seat: str) -> Bot:
        if seat not in self.bots:
            self.bots[seat] = self.make_bot(seat)
        return self.bots[seat]

    def submit(self, action: Action) -> None:
        self.game.submit(action)

    def play_bot_turn(self, seat: str) -> None:
        for action in self.bot(seat).turn(self.game):
            self.game.submit(action)

    def play_bot_vote(self, seat: str) -> None:
        self.game.submit(self.bot(seat).vote(self.game))


def start_session(
    scenario: Scenario,
    texts: ScenarioTexts,
    setup: Setup,
    save_path: str | None,
    created: str | None = None,
    extra_header: dict[str, Any] | None = None,
) -> Session:
    """Start a game, saved event by event from its first line when
    `save_path` is given (`extra_header`: more keys for the save's header,
    such as the UI's house rules)."""
    game_setup = setup
    writer: SaveWriter | None = None
    if save_path is not None:
        lens = setup.lens if setup.lens is not None else scenario.default_lens
        header = make_header(
            texts,
            scenario,
            setup.seed,
            lens,
            setup.sequence or scenario.default_sequence,
            {s: setup.seats.get(s, "human") for s in scenario.seat_ids},
            created or dt.datetime.now().isoformat(timespec="seconds"),
        )
        header.update(extra_header or {})
        writer = SaveWriter.create(save_path, header)
    try:
        game = Game.start(scenario, game_setup, writer.write if writer else None)
        return Session(game, writer, dict(game.state.seats))
    except WargameError:
        # a bad setup (an unknown lens, sequence or persona): nothing was played,
        # so leave no save behind
        if writer is not None:
            writer.close()
            os.remove(writer.path)
        raise


def run(scenario: Scenario, texts: ScenarioTexts, options: RunOptions, moves: LoadedMoves | None) -> Session:
    mf = moves.moves if moves else None
    scripted = {m.seat for r in (mf.rounds if mf else []) for m in r.moves}
    seats: dict[str, str] = {}
    for seat in scenario.seat_ids:
        mode = (mf.seats.get(seat) if mf else None) or ("script" if seat in scripted else "bot")
        if mode.startswith("bot") and ":" not in mode and seat in options.personas:
            mode = f"bot:{options.personas[seat]}"
        seats[seat] = mode
    if mf:
        for seat in mf.seats:
            if not scenario.has("seat", seat) and moves is not None:
                raise ContentError(
                    [
                        (
                            moves.doc.locate(["seats", seat]),
                            f"unknown seat {seat!r}; the seats are: {', '.join(scenario.seat_ids)}",
                        )
                    ]
                )
        for key, value, known in (
            ("lens", None if options.lens else mf.lens, [v.id for v in scenario.lenses]),
            ("sequence", None if options.sequence else mf.sequence, list(scenario.sequences)),
        ):  # checked here to point at the moves file (the command line's win)
            if value is not None and value not in known and moves is not None:
                raise ContentError(
                    [(moves.doc.locate([key]), f"unknown {key} {value!r}; this scenario has: {', '.join(known)}")]
                )
        if moves is not None:
            # a move by a seat the scenario does not have would never be played
            bad = [
                (moves.where(i, j, "seat"), f"unknown seat {m.seat!r}; the seats are: {', '.join(scenario.seat_ids)}")
                for i, r in enumerate(mf.rounds)
                for j, m in enumerate(r.moves)
                if not scenario.has("seat", m.seat)
            ]
            bad += [
                (moves.where_inject(i, j), f"unknown inject {inject!r}; this scenario has: {', '.join(known_injects)}")
                for i, r in enumerate(mf.rounds)
                for j, inject in enumerate(r.injects)
                if not scenario.has("inject", inject)
                for known_injects in [[x.id for x in scenario.injects]]
            ]
            if bad:
                raise ContentError(bad)
    setup = Setup(
        seed=options.seed if options.seed is not None else (mf.seed if mf and mf.seed is not None else 0),
        lens=options.lens or (mf.lens if mf else None),
        sequence=options.sequence or (mf.sequence if mf else None),
        seats=seats,
    )
    session = start_session(scenario, texts, setup, options.save)
    for i, mround in enumerate(mf.rounds if mf else []):
        if session.game.over:
            break
        play_round(session, mround, moves, i)
    if options.rounds is not None:
        session.controllers = {s: (m if m.startswith("bot") else "bot") for s, m in session.controllers.items()}
        while not session.game.over and rounds_played(session.game) < options.rounds:
            play_round(session, None, None, None)
    return session


def rounds_played(game: Game) -> int:
    return sum(1 for ev in game.events if ev.kind == "round_ended")


def play_round(session: Session, mround: MovesRound | None, moves: LoadedMoves | None, index: int | None) -> None:
    """Play one round: injects, turns, votes (the game adjudicates by itself)."""
    game = session.game
    start = game.state.round
    first = len(game.events)
    for j, inject in enumerate(mround.injects if mround else []):
        _submit(
            session,
            FireInject(kind="inject", inject=inject, reason="scheduled in the moves file"),
            moves,
            index,
            None,
            ("inject", j),
        )
    while not game.over and game.state.round == start:
        seat = game.to_act()
        if seat is None:
            break
        scripted = session.controllers.get(seat) == "script" and mround is not None
        if game.state.step == "turns":
            if scripted:
                assert mround is not None
                for k, move in enumerate(mround.moves):
                    if move.seat == seat and move.respond is None:
                        _submit(session, _action(move), moves, index, k, None)
                game.submit(EndTurn(kind="end_turn", seat=seat))
            else:
                session.play_bot_turn(seat)
        else:
            if scripted:
                assert mround is not None
                votes = [(k, m) for k, m in enumerate(mround.moves) if m.seat == seat and m.respond is not None]
                if votes:
                    k, move = votes[-1]
                    _submit(session, _action(move), moves, index, k, None)
                else:
                    game.submit(Respond(kind="respond", seat=seat, response="reject", why="no vote in the moves file"))
            else:
                session.play_bot_vote(seat)
    if mround is not None and moves is not None and index is not None:
        _unused_votes(session, mround, moves, index, first)


def _unused_votes(session: Session, mround: MovesRound, moves: LoadedMoves, index: int, first: int) -> None:
    """A scripted `respond:` that no vote took (the seat does not sign the
    text, or there was no vote): an error at that move, not silence."""
    voted = {ev.seat for ev in session.game.events[first:] if isinstance(ev, VoteCast)}
    called = [ev for ev in session.game.events[first:] if isinstance(ev, VotingOpened)]
    bad = []
    for k, move in enumerate(mround.moves):
        if move.respond is None or move.seat in voted or session.controllers.get(move.seat) != "script":
            continue
        if called:
            why = (
                f"{move.seat} does not sign this round's text (the signatories are {', '.join(called[-1].signatories)})"
            )
        else:
            why = "there was no vote this round (no text on the table when the turns ended)"
        bad.append((moves.where(index, k, "respond"), f"{why}; this respond is never used"))
    if bad:
        raise ContentError(bad)


def _action(move: Move) -> Action:
    if move.propose is not None:
        return Propose(kind="propose", seat=move.seat, terms=move.propose, why=move.why)
    if move.lever is not None:
        return UseLever(kind="lever", seat=move.seat, lever=move.lever, why=move.why)
    if move.say is not None:
        return Message(kind="message", seat=move.seat, to=move.to, text=move.say, issue=move.issue)
    assert move.respond is not None
    return Respond(kind="respond", seat=move.seat, response=move.respond, why=move.why)


def _submit(
    session: Session,
    action: Action,
    moves: LoadedMoves | None,
    index: int | None,
    move_index: int | None,
    inject: tuple[str, int] | None,
) -> None:
    try:
        session.game.submit(action)
    except RefusedAction as exc:
        if moves is None or index is None:
            raise
        where = moves.where_inject(index, inject[1]) if inject else moves.where(index, move_index)
        raise ContentError([(where, str(exc))]) from None
