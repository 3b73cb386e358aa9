"""The Game: the one door into a game.

Every change is an action passed to `Game.submit`, which checks it against the
rules of play, turns it into events, folds them into the state and hands each
to the listeners (the save file). The UI, the bots, the CLI and the tests all
use this small API; none of them reaches into the state to change it.

A round: injects -> each seat's turn in the scenario's order (propose terms on
the single text, pull a lever, send messages, end the turn) -> every required
signatory votes -> adjudication (rules fire, the phase machine moves) -> the
next round.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from wargame.engine.adjudicate import Batch, adjudicate, round_start
from wargame.engine.fold import apply
from wargame.engine.steer import facilitate, known
from wargame.engine.tables import play_tables
from wargame.errors import GameOver, LeverRefused, NotYourTurn, OffAgenda, RefusedAction, UnknownId
from wargame.model import actions as a
from wargame.model import events as e
from wargame.model.makers import make
from wargame.model.scenario import Issue, Lever, Scenario
from wargame.model.state import TERMINAL, GameState
from wargame.rules.conditions import pulled_this_round
from wargame.rules.engine import crossing, red_lines, rejections

Listener = Callable[[e.Event], None]


@dataclass(frozen=True)
class Legal:
    """What a seat may do now (`Game.legal`): the moves a player chooses from.

    `submit` still checks every action; this is what a UI greys out and what a
    bot picks from, so neither keeps its own copy of the rules of play."""

    seat: str
    step: str
    """`turn` (its turn: propose, a lever, messages, end the turn), `vote`, or
    `wait` (another seat acts, the game is paused, or it is over)."""
    issues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """On its turn, the issues it may put on the table, with their options."""
    levers: list[str] = field(default_factory=list)
    """On its turn, the levers it may pull (none once it has pulled one this round)."""


@dataclass(frozen=True)
class Preview:
    """What an action would do (`Game.preview`), without doing it."""

    events: list[e.Event]
    state: GameState
    """The state after those events (a fork: the game's own is untouched)."""


@dataclass(frozen=True)
class Setup:
    """How a game is set up; `None` means the scenario's default."""

    seed: int = 0
    lens: str | None = None
    sequence: str | None = None
    max_rounds: int | None = None
    deadline_round: int | None = None
    seats: dict[str, str] = field(default_factory=dict)
    """Seat -> who plays it (`human`, `script`, `bot:<persona>`); default `human`."""


class Game:
    """A game in progress: its scenario, its events, and the state they fold to."""

    def __init__(self, scenario: Scenario, events: list[e.Event] | None = None) -> None:
        self.scenario = scenario
        self.events: list[e.Event] = []
        self.state = GameState()
        self._listeners: list[Listener] = []
        for event in events or []:
            self._record(event)

    # ---- starting -------------------------------------------------------

    @classmethod
    def start(cls, scenario: Scenario, setup: Setup, listener: Listener | None = None) -> Game:
        lens = setup.lens if setup.lens is not None else scenario.default_lens
        sequence = setup.sequence or scenario.default_sequence
        if lens is not None and not scenario.has("lens", lens):
            raise UnknownId(f"unknown lens {lens!r}; this scenario has: {', '.join(v.id for v in scenario.lenses)}")
        if sequence not in scenario.sequences:
            raise UnknownId(f"unknown sequence {sequence!r}; this scenario has: {', '.join(scenario.sequences)}")
        for seat in setup.seats:
            if not scenario.has("seat", seat):
                raise UnknownId(f"unknown seat {seat!r}; the seats are: {', '.join(scenario.seat_ids)}")
        game = cls(scenario)
        if listener is not None:
            game.subscribe(listener)
        started = e.GameStarted(
            kind="game_started",
            scenario=scenario.id,
            seed=setup.seed,
            lens=lens,
            sequence=sequence,
            max_rounds=setup.max_rounds or scenario.max_rounds,
            deadline_round=setup.deadline_round if setup.deadline_round is not None else scenario.deadline_round,
            seats={s: setup.seats.get(s, "human") for s in scenario.seat_ids},
        )
        work = apply(scenario, GameState(), started)
        game._commit([started, *round_start(scenario, work, 1)])
        return game

    def finish_interrupted(self) -> list[e.Event]:
        """Complete an action whose consequences a crash cut short in the save.

        Call it after subscribing the save's writer when resuming a game: the
        missing events are made again (they follow deterministically from the
        action) and recorded. Returns them (usually none).
        """
        from wargame.engine.recover import missing_tail

        try:
            tail = missing_tail(self.scenario, self.events)
        except ValueError as exc:
            raise RefusedAction(f"cannot complete the last action of this save: {exc}") from None
        self._commit(tail)
        return tail

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(event)` for every new event (the save file does)."""
        self._listeners.append(listener)

    # ---- asking ---------------------------------------------------------

    @property
    def over(self) -> bool:
        return self.state.over

    def to_act(self) -> str | None:
        """The seat expected to act now: the seat whose turn it is, or the
        next signatory to vote; None when the game is over."""
        st = self.state
        step = st.step
        if step == "turns":
            return self.scenario.turn_order[st.turn]
        if step == "voting":
            votes = st.round_votes
            for s in st.voters:  # (a loop: asked before every move, faster than `next` of a generator)
                if s not in votes:
                    return s
        return None

    def agenda(self) -> list[Issue]:
        """The issues that can be put on the table now."""
        return self.scenario.agenda(self.state.status) if self.state.status not in TERMINAL else []

    def levers(self, seat: str) -> list[Lever]:
        """The levers this seat can pull now (none if it already pulled one).
        A lever an inject pulled is the inject's doing: the seat keeps its own."""
        if self._pulled_own_lever(seat):
            return []
        return list(play_tables(self.scenario).levers.get(seat, ()))

    def _pulled_own_lever(self, seat: str) -> bool:
        if pulled_this_round(self.state, seat):
            for event in reversed(self.events):
                if isinstance(event, e.RoundStarted):
                    break
                if isinstance(event, e.LeverUsed) and event.seat == seat and event.by_inject() is None:
                    return True
        return False

    def legal(self, seat: str) -> Legal:
        """What `seat` may do now."""
        st = self.state
        step = st.step
        if step == "over" or st.paused or self.to_act() != seat:
            return Legal(seat, "wait")
        if step == "voting":
            return Legal(seat, "vote")
        tables = play_tables(self.scenario)
        levers = [] if self._pulled_own_lever(seat) else list(tables.lever_ids.get(seat, ()))
        return Legal(seat, "turn", dict(tables.options.get(st.status, {})), levers)

    def preview(self, action: a.Action) -> Preview:
        """The events `submit(action)` would record and the state they would
        leave, without recording anything. Refused as `submit` would refuse it."""
        events = self._decide(action)
        folded = events.take(self.state) if isinstance(events, Batch) else None
        if folded is not None:
            return Preview(events, folded)
        state = self.state.fork()
        for event in events:
            apply(self.scenario, state, event)
        return Preview(events, state)

    def signatories(self, terms: dict[str, str] | None = None) -> list[str]:
        """Who must sign the text: the phase's signatories and every seat an
        option commits (nothing about a seat without that seat)."""
        terms = self.state.table_terms() if terms is None else terms
        return signatories(self.scenario, self.state.status, terms)

    # ---- acting ---------------------------------------------------------

    def submit(self, action: a.Action) -> list[e.Event]:
        """Check an action, record its events, and return them.

        Raises a `RefusedAction` subclass, with a message that says why and
        what would be legal, and changes nothing, if the action is refused.
        """
        events = self._decide(action)
        self._commit(events)
        return events

    def _commit(self, events: list[e.Event], decided: list[e.Event] | None = None) -> None:
        """Record `events`: fold each, then hand it to the listeners.

        `decided` (default: `events` themselves) is what the rules made of the
        action, equal to `events`; if adjudication already folded it on a copy
        of this very state (a `Batch`), and no listener reads the state along
        the way, the game takes that copy's state instead of folding again.
        """
        batch = events if decided is None else decided
        if isinstance(batch, Batch):
            if not self._listeners and batch.adopt(self.state):
                self.events.extend(events)
                return
            batch.release()  # folded below instead; callers may keep the events, not the states
        for event in events:
            self._record(event)
            for listener in self._listeners:
                listener(event)

    def _record(self, event: e.Event) -> None:
        apply(self.scenario, self.state, event)
        self.events.append(event)

    # ---- deciding -------------------------------------------------------

    def _decide(self, action: a.Action) -> list[e.Event]:
        if type(action) in _SEAT_MOVES:  # nearly every action: without walking the facilitator's kinds first
            return self._move(action)  # type: ignore[arg-type]  # (no `cast`: it is a call)
        st = self.state
        if isinstance(action, a.Steer):
            return facilitate(self.scenario, st, self.events, action)
        if isinstance(action, a.UnqueueInject):
            return [self._unqueue(action)]
        if st.over:
            raise GameOver(f"the game is over ({st.status}); start a new one or branch from the replay")
        if isinstance(action, a.FireInject):
            return self._inject(action)
        if isinstance(action, a.HandOver):
            return [self._hand_over(action)]
        if isinstance(action, a.QueueInject):
            return [self._queue(action)]
        return self._move(action)  # a seat's move of a subclass of the kinds

    def _move(self, move: SeatMove) -> list[e.Event]:
        """A seat's own move: refused when the game is over or paused, or when
        it is not the seat's turn (a vote excepted: it has its own checks)."""
        st = self.state
        if st.over:
            raise GameOver(f"the game is over ({st.status}); start a new one or branch from the replay")
        if move.seat not in play_tables(self.scenario).seats:
            self._known("seat", move.seat)  # refused, naming the seats
        if st.paused:
            raise RefusedAction("the facilitator has paused the game; wait until it resumes")
        if isinstance(move, a.Respond):
            return self._vote(move)
        if st.step != "turns" or self.to_act() != move.seat:
            who = self.to_act()
            step = "voting on the text" if st.step == "voting" else f"{who}'s turn"
            raise NotYourTurn(f"it is not {move.seat}'s turn: it is {step}")
        if isinstance(move, a.Message):
            return [self._message(move)]
        if isinstance(move, a.EndTurn):
            return self._end_turn(move)
        if isinstance(move, a.Propose):
            return [self._propose(move)]
        return [self._lever(move)]

    def _known(self, kind: str, item: str) -> None:
        known(self.scenario, kind, item)

    def _propose(self, action: a.Propose) -> e.Event:
        tables = play_tables(self.scenario)
        agenda = tables.agenda.get(self.state.status, frozenset())
        for issue_id, opt in action.terms.items():
            self._known("issue", issue_id)
            if issue_id not in agenda:
                phases = ", ".join(self.scenario.issue(issue_id).agenda)
                raise OffAgenda(
                    f"{issue_id} is not on the agenda of the {self.state.status} talks (it is on: {phases}); "
                    f"the agenda now is: {', '.join(sorted(agenda))}"
                )
            options = tables.options[self.state.status][issue_id]
            if opt not in options:
                raise UnknownId(f"unknown option {opt!r} for {issue_id}; the options are: {', '.join(options)}")
        return make(
            e.Proposed, {"kind": "proposed", "seat": action.seat, "terms": dict(action.terms), "why": action.why}
        )

    def _lever(self, action: a.UseLever) -> e.Event:
        self._known("lever", action.lever)
        lever = self.scenario.lever(action.lever)
        if lever.seat != action.seat:
            own = ", ".join(v.id for v in self.scenario.levers if v.seat == action.seat)
            raise LeverRefused(f"{action.lever} is {lever.seat}'s lever, not {action.seat}'s; yours: {own}")
        if not self.levers(action.seat):
            raise LeverRefused(f"{action.seat} has already pulled a lever this round (one a round)")
        deltas = {k: float(v) for k, v in lever.indicators.items()}
        return e.LeverUsed(
            kind="lever_used", seat=action.seat, lever=action.lever, deltas=deltas, why=action.why, cause="seat"
        )

    def _message(self, action: a.Message) -> e.Event:
        if action.to != "all":
            self._known("seat", action.to)
        if action.issue is not None:
            self._known("issue", action.issue)
        return make(
            e.MessageSent,
            {"kind": "message_sent", "seat": action.seat, "to": action.to, "text": action.text, "issue": action.issue},
        )

    def _end_turn(self, action: a.EndTurn) -> list[e.Event]:
        events: list[e.Event] = [make(e.TurnEnded, {"kind": "turn_ended", "seat": action.seat, "why": action.why})]
        if self.state.turn + 1 < len(self.scenario.turn_order):
            return events
        terms = self.state.table_terms()
        if not terms:
            return adjudicate(self.scenario, self.state, events)
        opened = make(e.VotingOpened, {"kind": "voting_opened", "signatories": self.signatories(terms), "terms": terms})
        return [*events, opened]

    def _vote(self, action: a.Respond) -> list[e.Event]:
        st = self.state
        if st.step != "voting":
            raise NotYourTurn("there is no vote now: the seats are still taking their turns")
        if action.seat not in st.voters:
            raise NotYourTurn(f"{action.seat} does not sign this text; the signatories are {', '.join(st.voters)}")
        if action.seat in st.round_votes:
            raise NotYourTurn(f"{action.seat} has already voted this round")
        crossed = red_lines(self.scenario, st, action.seat)
        events: list[e.Event] = []
        if action.response == "reject":
            reasons = list(action.reasons)
            for rule in [*crossed, *rejections(self.scenario, st, action.seat)]:
                if rule.id not in reasons:
                    reasons.append(rule.id)
            events.append(
                make(
                    e.VoteCast,
                    {
                        "kind": "vote_cast",
                        "seat": action.seat,
                        "response": "reject",
                        "reasons": reasons,
                        "crossed": [],  # given, not defaulted: the validator deep-copies a default list
                        "why": action.why,
                    },
                )
            )
        else:
            events.append(
                make(
                    e.VoteCast,
                    {
                        "kind": "vote_cast",
                        "seat": action.seat,
                        "response": "accept",
                        "reasons": list(action.reasons),
                        "crossed": [r.id for r in crossed],
                        "why": action.why,
                    },
                )
            )
            events += [crossing(self.scenario, st, rule, action.seat) for rule in crossed]
        for s in st.voters:  # the last vote closes the round (a loop: faster than `all` of a generator)
            if s not in st.round_votes and s != action.seat:
                return events
        return adjudicate(self.scenario, st, events)

    def _hand_over(self, action: a.HandOver) -> e.Event:
        self._known("seat", action.seat)
        if self.state.seats.get(action.seat) == action.player:
            raise RefusedAction(f"{action.seat} is already played by {action.player}")
        return e.SeatHandedOver(kind="seat_handed_over", seat=action.seat, player=action.player, reason=action.reason)

    def _queue(self, action: a.QueueInject) -> e.Event:
        st = self.state
        self._known("inject", action.inject)
        if action.round <= st.round:
            raise RefusedAction(
                f"round {action.round} has already started (this is round {st.round}): fire it now instead"
            )
        if action.round > st.max_rounds:
            raise RefusedAction(f"the game has {st.max_rounds} rounds; queue for round {st.round + 1}..{st.max_rounds}")
        queued = [r for r, name, _ in st.queued if name == action.inject]
        if not self.scenario.inject(action.inject).repeatable and (
            any(i == action.inject for _, i in st.injects) or queued
        ):
            raise RefusedAction(f"the inject {action.inject} is not repeatable and has already been fired or queued")
        if action.round in queued:
            raise RefusedAction(f"the inject {action.inject} is already queued for round {action.round}")
        return e.InjectQueued(kind="inject_queued", inject=action.inject, round=action.round, reason=action.reason)

    def _unqueue(self, action: a.UnqueueInject) -> e.Event:
        if not any(r == action.round and name == action.inject for r, name, _ in self.state.queued):
            raise RefusedAction(f"the inject {action.inject} is not queued for round {action.round}")
        return e.InjectUnqueued(kind="inject_unqueued", inject=action.inject, round=action.round, reason=action.reason)

    def _inject(self, action: a.FireInject) -> list[e.Event]:
        from wargame.engine.adjudicate import inject_events

        self._known("inject", action.inject)
        inject = self.scenario.inject(action.inject)
        if not inject.repeatable and any(i == inject.id for _, i in self.state.injects):
            raise RefusedAction(f"the inject {inject.id} has already been fired and is not repeatable")
        events = inject_events(
            self.scenario, self.state, inject, action.reason or "fired by the facilitator", "facilitator"
        )
        if action.queued_round is not None:
            events = [
                ev.model_copy(update={"queued_round": action.queued_round})
                if isinstance(ev, e.InjectFired) and ev.inject == inject.id
                else ev
                for ev in events
            ]
        if self.state.step == "voting" and any(_moves_the_vote(ev) for ev in events):
            # the signatories are voting on the text as tabled, in this phase
            raise RefusedAction(
                f"the inject {inject.id} changes the text or the phase, and the signatories are voting now; "
                "fire it once the vote is over"
            )
        return events


SeatMove = a.Message | a.EndTurn | a.Propose | a.UseLever | a.Respond
_SEAT_MOVES: frozenset[type] = frozenset({a.Message, a.EndTurn, a.Propose, a.UseLever, a.Respond})
"""The kinds of a seat's own move, decided first (`Game._decide`): by exact
class, so anything else (a subclass included) takes the general walk, which
ends in the same `Game._move`."""


def _moves_the_vote(event: e.Event) -> bool:
    """Would this event change the text being voted on, or the talks it belongs to?"""
    if isinstance(event, e.InjectFired):
        return bool(event.set_terms)
    return isinstance(event, e.PhaseChanged) and event.to not in TERMINAL


def signatories(scenario: Scenario, phase: str, terms: dict[str, str]) -> list[str]:
    if phase in TERMINAL:
        return []
    needed = set(scenario.phase(phase).signatories)
    commits = play_tables(scenario).commits
    for issue_id, opt_id in terms.items():
        seats = commits.get((issue_id, opt_id))
        if seats is not None:
            needed.update(seats)
            continue
        issue = scenario.issue(issue_id)
        option = next(o for o in issue.options if o.id == opt_id)
        if option.commits is not None:
            needed.update(option.commits)
        elif opt_id != issue.options[0].id:
            needed.update(issue.commits)
    return [s for s in scenario.turn_order if s in needed]
