"""Finishing an action that a crash interrupted half-way through its save.

One action can produce many events (the last vote of a round brings the
signature, the rules, the phase change and the next round). Each event is
saved as it is made, so a crash in between can leave a save that ends in the
middle of that batch: the action was submitted and saved, its consequences
only in part. Such a game is stuck (everyone voted, nobody moves on).

Every event follows deterministically from the state and the action, so the
batch can be made again: find the last event an action made, rebuild the
action from it, decide it again on the state before it, check that what was
saved is the beginning of what it makes, and return the rest. Nothing
submitted is lost, and nothing is invented.
"""

from __future__ import annotations

from pydantic import ValidationError

from wargame.engine.tables import play_tables
from wargame.model import actions as a
from wargame.model import events as e
from wargame.model.makers import make
from wargame.model.per_scenario import per_scenario
from wargame.model.scenario import Scenario
from wargame.model.state import GameState

SCHEDULED = "scheduled in the deck"
"""The reason of an inject fired by the round's start, not by an action
(how a save written before events carried a `cause` tells them apart)."""

INJECT_PULLED = e.INJECT_PULLED
"""How the `why` of a lever pulled by an inject begins (the same, for levers)."""


def by_an_action(event: e.Event) -> bool:
    """Was this event made first by an action (a seat's or the facilitator's),
    rather than as a consequence (an inject's effect, the schedule, the rules)?

    Read from the event's typed `cause` where one kind of event can be both (a
    lever a seat pulls or an inject pulls; an inject the facilitator fires or
    the schedule fires), from its kind otherwise.
    """
    if isinstance(event, e.LeverUsed):
        if event.cause is not None:
            return event.cause == "seat"
        return not event.why.startswith(INJECT_PULLED)
    if isinstance(event, e.InjectFired):
        if event.cause is not None:
            return event.cause == "facilitator"
        return event.reason != SCHEDULED
    return isinstance(
        event,
        (
            e.Proposed,
            e.MessageSent,
            e.TurnEnded,
            e.VoteCast,
            e.FacilitatorActed,
            e.SeatHandedOver,
            e.InjectQueued,
            e.InjectUnqueued,
        ),
    )


def action_of(event: e.Event) -> a.Action | None:
    """The action that made this event first in its batch, if an action did."""
    # the kinds of a seat's turn first (most events; always an action's), each
    # action validated as a player's would be, by its validator alone (`model.makers`)
    kind = type(event)
    if kind is e.MessageSent:
        msg: e.MessageSent = event  # type: ignore[assignment]  # (no `cast`: it is a call)
        return make(
            a.Message, {"kind": "message", "seat": msg.seat, "to": msg.to, "text": msg.text, "issue": msg.issue}
        )
    if kind is e.TurnEnded:
        ended: e.TurnEnded = event  # type: ignore[assignment]
        return make(a.EndTurn, {"kind": "end_turn", "seat": ended.seat, "why": ended.why})
    if not by_an_action(event):
        return None
    if isinstance(event, e.Proposed):
        return make(a.Propose, {"kind": "propose", "seat": event.seat, "terms": dict(event.terms), "why": event.why})
    if isinstance(event, e.VoteCast):
        return make(
            a.Respond,
            {
                "kind": "respond",
                "seat": event.seat,
                "response": event.response,
                "reasons": list(event.reasons),
                "why": event.why,
            },
        )
    if isinstance(event, e.LeverUsed):
        return a.UseLever(kind="lever", seat=event.seat, lever=event.lever, why=event.why)
    if isinstance(event, e.InjectFired):
        return a.FireInject(kind="inject", inject=event.inject, reason=event.reason, queued_round=event.queued_round)
    if isinstance(event, e.InjectQueued):
        return a.QueueInject(kind="queue_inject", inject=event.inject, round=event.round, reason=event.reason)
    if isinstance(event, e.InjectUnqueued):
        return a.UnqueueInject(kind="unqueue_inject", inject=event.inject, round=event.round, reason=event.reason)
    if isinstance(event, e.SeatHandedOver):
        return a.HandOver(kind="hand_over", seat=event.seat, player=event.player, reason=event.reason)
    if isinstance(event, e.FacilitatorActed):
        fields = {k: v for k in ("indicator", "value", "phase") if (v := getattr(event, k)) is not None}
        return a.FACILITATE.validate_python(
            {
                "kind": "facilitator",
                "command": event.command,
                "reason": event.reason,
                "announce": event.announce,
                **fields,
            }
        )
    return None


def missing_tail(scenario: Scenario, events: list[e.Event]) -> list[e.Event]:
    """The events that the last action (or the game's start) should have made
    after what `events` holds; empty when the last batch is complete.

    Raises ValueError when the saved tail is not what the action makes (the
    save then is not a crash's, and must not be completed).
    """
    from wargame.engine.adjudicate import round_start
    from wargame.engine.fold import apply, fold
    from wargame.engine.game import Game

    last = max((i for i, ev in enumerate(events) if action_of(ev) is not None), default=None)
    if last is None:
        if not events or not isinstance(events[0], e.GameStarted):
            return []
        state = apply(scenario, fold(scenario, []), events[0])
        batch: list[e.Event] = [events[0], *round_start(scenario, state, 1)]
        done = events
    else:
        action = action_of(events[last])
        assert action is not None
        before = Game(scenario, events[:last])
        batch = before._decide(action)
        done = events[last:]
    if len(batch) < len(done) or not all(same_event(s, m) for s, m in zip(done, batch)):
        raise ValueError("the saved events after the last action are not what that action makes")
    return batch[len(done) :]


ADDED_FIELDS = frozenset({"cause"})
"""Event fields added after saves were first written: a saved event without
one is compared without it (the save predates it), not refused."""


def same_event(saved: e.Event, made: e.Event) -> bool:
    """Is the saved event the one the rules make (up to fields it predates)?"""
    if type(saved) is not type(made):
        return False
    if saved.__dict__ == made.__dict__:  # pydantic's `==` for frozen events without extras, faster
        return True
    absent = ADDED_FIELDS - saved.model_fields_set
    return saved.model_dump(exclude=set(absent)) == made.model_dump(exclude=set(absent))


class Forged(ValueError):
    """A saved event that the rules could not have made where it stands."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(f"event {index + 1}: {reason}")
        self.index = index
        self.reason = reason


def check_events(scenario: Scenario, events: list[e.Event]) -> GameState:
    """Replay the events against the scenario the way they were made: each
    action is rebuilt from the first event of its batch and decided again, and
    the saved batch must be what the rules make of it (the last batch may stop
    early: a crash's, which resuming completes). Raises `Forged` at the first
    event that does not fit. About as costly as playing the game without bots.

    Returns the state the saved events fold to (the check folds them as it
    goes), so that opening a save folds it once, not twice.
    """
    from wargame.engine.adjudicate import adjudicate
    from wargame.engine.fold import apply, fold
    from wargame.engine.game import Game, Setup
    from wargame.errors import RefusedAction

    if not events:
        return GameState()
    first = events[0]
    if not isinstance(first, e.GameStarted):
        raise Forged(0, f"a game starts with `game_started`, not `{first.kind}`")
    if first.scenario != scenario.id:
        raise Forged(0, f"the game is of scenario {first.scenario!r}, but the save holds {scenario.id!r}")
    for seat, player in first.seats.items():
        if not scenario.has("seat", seat):
            raise Forged(0, f"unknown seat {seat!r}; the seats are: {', '.join(scenario.seat_ids)}")
        persona = player.partition(":")[2]
        if player not in ("human", "script", "bot") and not (
            player.startswith("bot:") and persona in {p.id for p in scenario.seat(seat).personas}
        ):
            raise Forged(0, f"{seat} is played by {player!r}; a seat is played by human, script, bot or bot:<persona>")
    setup = Setup(
        seed=first.seed,
        lens=first.lens,
        sequence=first.sequence,
        max_rounds=first.max_rounds,
        deadline_round=first.deadline_round,
        seats=dict(first.seats),
    )
    try:
        game = Game.start(scenario, setup)
    except (RefusedAction, KeyError, ValueError) as exc:
        raise Forged(0, f"the game cannot start so: {exc}") from None
    i = _match(game.events, events, 0)
    quick = QUICK_TURNS
    order, seats, recipients, issues = _turn_tables(scenario)
    last_turn = len(order) - 1
    record, recorded, recorded_all = game._record, game.events.append, game.events.extend
    count = len(events)
    while i < count:
        event = events[i]
        kind = type(event)
        closing = False
        if quick and (kind is e.MessageSent or kind is e.TurnEnded):
            # a plain turn (see `QUICK_TURNS`), read with the scenario's tables at hand
            st = game.state
            turn = st.turn
            mover = event.seat  # type: ignore[union-attr]  # (both kinds have one; no `cast`: it is a call)
            if st.step == "turns" and not st.paused and turn <= last_turn and order[turn] == mover and mover in seats:
                if kind is e.MessageSent:
                    msg: e.MessageSent = event  # type: ignore[assignment]
                    if msg.text and msg.to in recipients and (msg.issue is None or msg.issue in issues):
                        # what the full path below does with it (see `QUICK_TURNS`):
                        # `Game._record`, written out
                        apply(scenario, st, event)
                        recorded(event)
                        i += 1
                        continue
                elif turn < last_turn:
                    apply(scenario, st, event)
                    recorded(event)
                    i += 1
                    continue
                else:
                    closing = not st.table
        if closing:
            action: a.Action | None = None
        else:
            try:
                action = action_of(event)
            except ValidationError as exc:  # e.g. a facilitator's command the console has not
                raise Forged(i, f"no action makes this `{event.kind}`: {exc.errors()[0]['msg']}") from None
            if action is None:
                raise Forged(i, f"a `{event.kind}` event follows from an action or the rules, and none made it here")
        try:
            # a round's last turn's end over an empty table: what `Game._end_turn`
            # makes of it, the saved event first (see `QUICK_TURNS`), without the
            # action read back and its event made again
            batch = adjudicate(scenario, game.state, [event], True) if action is None else game._decide(action)
        except RefusedAction as exc:
            raise Forged(i, f"the rules refuse this `{event.kind}`: {exc}") from None
        except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
            raise Forged(i, f"this `{event.kind}` does not fit the game ({type(exc).__name__}: {exc})") from None
        if len(batch) == 1 and type(batch[0]) is type(event) and batch[0].__dict__ == event.__dict__:
            # one event, the saved one (`same_event`'s first test): `_match` and
            # `_commit` below would fold it the same way, with more around it
            record(event)
            i += 1
            continue
        end = _match(batch, events, i)
        if action is None:
            # adjudicated in place: the state holds the whole batch, which the
            # save holds too, unless it ends inside it (a crash's, which resuming
            # completes): then the state is the fold of what the save holds
            recorded_all(events[i:end])
            if end - i < len(batch):
                return fold(scenario, events)
            i = end
            continue
        # the whole batch as the rules made it: the game may take the state
        # the decision already folded (see `Game._commit`)
        game._commit(events[i:end], batch if end - i == len(batch) else None)
        i = end
    return game.state


QUICK_TURNS = True
"""Let `check_events` take a plain message or turn's end by a shortcut (tests
turn it off to compare with the full path): would deciding this saved
message or turn's end again make exactly this event, refused by nothing?
Then the check only folds it.

Most of a save is these two kinds (50k of 57k actions in a long class
game), and the full path costs three models around each: the action read
back, the event made from it, compared with the saved one. Their fields are
the saved event's, unchanged: a `Message` or `EndTurn` validates the same
`str` fields as `MessageSent` or `TurnEnded` (which the saved event passed),
with one more rule, a message's text not empty, and `_message` and
`_end_turn` copy them into the event as they are. So the event made is the
saved one whenever `_decide` would refuse nothing: the game not over nor
paused, the seat's turn, a known recipient and issue. A turn's end that does
not close the round is then only folded; one that closes it over an empty
table is what `Game._end_turn` adjudicates the round from, so the check
adjudicates from the saved event and compares what follows, as the full
path does. Anything else goes the full way, with its own refusal.
"""


@per_scenario
def _turn_tables(scenario: Scenario) -> tuple[tuple[str, ...], frozenset[str], frozenset[str], frozenset[str]]:
    """What the shortcut (`QUICK_TURNS`) reads of the scenario: the turn
    order, the seats, who a message may go to (a seat or `all`), and the issues."""
    seats = play_tables(scenario).seats
    return (
        tuple(scenario.turn_order),
        seats,
        seats | {"all"},
        frozenset(i.id for i in scenario.issues),  # (`Scenario.has("issue", ...)`: the same ids)
    )


def _match(made: list[e.Event], events: list[e.Event], start: int) -> int:
    """Check that the saved events from `start` are the batch the rules made
    (or, at the end of the save, its beginning); return where the batch ends."""
    for k, ev in enumerate(made):
        if start + k >= len(events):
            return len(events)
        saved = events[start + k]
        if type(saved) is type(ev) and saved.__dict__ == ev.__dict__:
            continue  # (`same_event`'s first test, without the call: most of a round's events)
        if not same_event(saved, ev):
            raise Forged(start + k, f"the rules make `{ev.kind}` here, not this `{saved.kind}`{_diff(saved, ev)}")
    return start + len(made)


def _diff(saved: e.Event, made: e.Event) -> str:
    if type(saved) is not type(made):
        return ""
    a, b = saved.model_dump(), made.model_dump()
    keys = [k for k in a if a.get(k) != b.get(k)]
    return f" (differs in {', '.join(keys[:4])})" if keys else ""
