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

from wargame.model import actions as a
from wargame.model import events as e
from wargame.model.scenario import Scenario

SCHEDULED = "scheduled in the deck"
"""The reason of an inject fired by the round's start, not by an action."""


def action_of(event: e.Event) -> a.Action | None:
    """The action that made this event first in its batch, if an action did."""
    if isinstance(event, e.Proposed):
        return a.Propose(kind="propose", seat=event.seat, terms=dict(event.terms), why=event.why)
    if isinstance(event, e.LeverUsed):
        return a.UseLever(kind="lever", seat=event.seat, lever=event.lever, why=event.why)
    if isinstance(event, e.MessageSent):
        return a.Message(kind="message", seat=event.seat, to=event.to, text=event.text, issue=event.issue)
    if isinstance(event, e.TurnEnded):
        return a.EndTurn(kind="end_turn", seat=event.seat, why=event.why)
    if isinstance(event, e.VoteCast):
        return a.Respond(
            kind="respond", seat=event.seat, response=event.response, reasons=list(event.reasons), why=event.why
        )
    if isinstance(event, e.InjectFired) and event.reason != SCHEDULED:
        return a.FireInject(kind="inject", inject=event.inject, reason=event.reason)
    if isinstance(event, e.SeatHandedOver):
        return a.HandOver(kind="hand_over", seat=event.seat, player=event.player, reason=event.reason)
    if isinstance(event, e.FacilitatorActed):
        fields = {k: v for k in ("indicator", "value", "phase") if (v := getattr(event, k)) is not None}
        return a.FACILITATE.validate_python(
            {"kind": "facilitator", "command": event.command, "reason": event.reason, **fields}
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
    saved = [e.dump_event(ev) for ev in done]
    made = [e.dump_event(ev) for ev in batch[: len(done)]]
    if saved != made:
        raise ValueError("the saved events after the last action are not what that action makes")
    return batch[len(done) :]
