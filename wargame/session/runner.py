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
import sys
from dataclasses import dataclass, field
from typing import Any

from wargame.bots.personas import persona
from wargame.bots.player import Bot
from wargame.content.loader import ScenarioTexts
from wargame.engine.game import Game, Setup
from wargame.engine.play import Player, act, play_until
from wargame.errors import ContentError, RefusedAction, WargameError
from wargame.model import players
from wargame.model.actions import Action, EndTurn, FireInject, HandOver, Message, Propose, Respond, UseLever
from wargame.model.events import VoteCast, VotingOpened
from wargame.model.scenario import Scenario
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


class Session:
    """A game, who plays each seat, and where it is saved."""

    def __init__(self, game: Game, writer: SaveWriter | None, controllers: dict[str, str]) -> None:
        self.game = game
        self.writer = writer
        self.controllers = controllers
        self.bots: dict[str, Bot] = {}
        for seat, mode in controllers.items():
            if players.is_bot(mode):
                self.bots[seat] = self.make_bot(seat, mode)

    def make_bot(self, seat: str, mode: str = "bot") -> Bot:
        return Bot(seat=seat, persona=persona(self.game.scenario, seat, players.persona_of(mode)))

    def bot(self, seat: str) -> Bot:
        if seat not in self.bots:
            self.bots[seat] = self.make_bot(seat)
        return self.bots[seat]

    def submit(self, action: Action) -> None:
        self.game.submit(action)

    def hand_over(self, seat: str, player: str, reason: str) -> None:
        """Give a seat to another player, recorded in the game (`HandOver`)."""
        if self.game.state.seats.get(seat) != player:
            self.game.submit(HandOver(kind="hand_over", seat=seat, player=player, reason=reason))
        self.controllers[seat] = player
        if players.is_bot(player):
            self.bots[seat] = self.make_bot(seat, player)

    def bots_play_on(self, reason: str) -> None:
        """Every seat not played by a bot is handed to one (a bot keeps its persona)."""
        for seat, player in list(self.controllers.items()):
            if not players.is_bot(player) and not self.game.over:
                self.hand_over(seat, players.as_bot(player), reason)

    def play_bot_turn(self, seat: str) -> None:
        act(self.game, self.bot(seat))

    def play_bot_vote(self, seat: str) -> None:
        act(self.game, self.bot(seat))


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
        if mode == str(players.Bot()) and seat in options.personas:
            mode = str(players.Bot(options.personas[seat]))
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
        session.bots_play_on("bots play on after the moves file")
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
    players: dict[str, Player] = {}
    for seat in game.scenario.seat_ids:
        if session.controllers.get(seat) == "script" and mround is not None:
            players[seat] = Scripted(seat, mround)
        else:
            players[seat] = session.bot(seat)

    def refused(action: Action, exc: RefusedAction) -> None:
        """A scripted move the game refuses is reported at its line in the file."""
        for player in players.values():
            k = player.move_of(action) if isinstance(player, Scripted) else None
            if k is not None and moves is not None and index is not None:
                raise ContentError([(moves.where(index, k), str(exc))]) from None

    play_until(game, players, lambda g: g.state.round != start, refused)
    if mround is not None and moves is not None and index is not None:
        _unused_votes(session, mround, moves, index, first)


@dataclass
class Scripted:
    """A seat played from its round of a moves file: its moves, then the end of
    its turn; its vote is its last `respond` (none: it votes no)."""

    seat: str
    mround: MovesRound
    made: dict[int, int] = field(default_factory=dict)
    """id(action) -> the index of the move it was made from."""

    def turn(self, game: Game) -> list[Action]:
        actions = [
            self._made(_action(move), k)
            for k, move in enumerate(self.mround.moves)
            if move.seat == self.seat and move.respond is None
        ]
        return [*actions, EndTurn(kind="end_turn", seat=self.seat)]

    def vote(self, game: Game) -> Action:
        votes = [(k, m) for k, m in enumerate(self.mround.moves) if m.seat == self.seat and m.respond is not None]
        if not votes:
            return Respond(kind="respond", seat=self.seat, response="reject", why="no vote in the moves file")
        k, move = votes[-1]
        return self._made(_action(move), k)

    def move_of(self, action: Action) -> int | None:
        return self.made.get(id(action))

    def _made(self, action: Action, k: int) -> Action:
        self.made[id(action)] = k
        return action


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
    for where, why in bad:
        # A warning, not a refusal: a moves file written for several sequences
        # may give a vote to a seat that does not sign in one of them.
        print(f"warning: {where}: {why}", file=sys.stderr)


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
