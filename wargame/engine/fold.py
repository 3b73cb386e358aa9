"""The fold: state = fold(scenario, events).

`apply` changes the state by one event and decides nothing: every choice
(a vote's reasons, a rule's dice, a phase change) was made when the event was
created and is in the event. That is what makes a replay exact. It matches on
the event's class and ends with `assert_never`, so mypy names this place when
an event kind is added.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import assert_never

from wargame.model import events as e
from wargame.model.makers import make
from wargame.model.per_scenario import per_scenario
from wargame.model.scenario import Scenario
from wargame.model.state import TERMINAL, Agreement, GameState, Note, TableTerm, Vote


def clamp(scenario: Scenario, indicator: str, value: float) -> float:
    ind = scenario.indicator(indicator)
    value = max(ind.min, value)
    if ind.max is not None:
        value = min(ind.max, value)
    return round(value, 3)


@per_scenario
def _bounds(scenario: Scenario) -> tuple[dict[str, tuple[float, float | None]], str | None]:
    """Indicator -> (min, max): what `clamp` reads, looked up once (the fold
    shifts four or five indicators a round); and the durability indicator."""
    return {i.id: (i.min, i.max) for i in scenario.indicators}, scenario.durability_indicator


def _shift(scenario: Scenario, state: GameState, deltas: dict[str, float]) -> None:
    """Each delta added and clamped as `clamp` does: `max(low, v)` is `v` only
    if `v > low`, `min(high, v)` is `v` only if `v < high` (what the builtins
    compare), then the same `round`."""
    if not deltas:
        return
    bounds, durable = _bounds(scenario)
    indicators = state.indicators
    for ind, d in deltas.items():
        low, high = bounds[ind]
        value = indicators[ind] + d
        if not value > low:
            value = low
        if high is not None and not value < high:
            value = high
        indicators[ind] = round(value, 3)
        if ind == durable:
            state.durability_events += d


def _flags(state: GameState, add: list[str], remove: list[str]) -> None:
    if add or remove:  # most rules and injects set none
        state.flags = [f for f in state.flags if f not in remove] + [f for f in add if f not in state.flags]


def _unqueue(state: GameState, inject: str, round_: int) -> None:
    """Take the first entry for this inject and round off the queue."""
    for i, (r, name, _) in enumerate(state.queued):
        if r == round_ and name == inject:
            state.queued = state.queued[:i] + state.queued[i + 1 :]
            return


def apply(scenario: Scenario, state: GameState, event: e.Event) -> GameState:
    """Fold one event into the state (in place) and return it."""
    state.events += 1
    match event:
        # the cases are tried in turn: the kinds a game makes most come first
        case e.MessageSent():
            state.messages.append(
                make(
                    Note,
                    {
                        "round": state.round,
                        "seat": event.seat,
                        "to": event.to,
                        "text": event.text,
                        "issue": event.issue,
                    },
                )
            )
        case e.TurnEnded():
            state.turn += 1
        case e.RuleFired():
            state.fired.append((state.round, event.rule))
            _shift(scenario, state, event.deltas)
            for seat, d in event.standing.items():
                state.standing[seat] = state.standing.get(seat, 0.0) + d
            _flags(state, event.set_flags, event.clear_flags)
        case e.Proposed():
            for issue, opt in event.terms.items():
                state.table[issue] = make(TableTerm, {"option": opt, "by": event.seat, "round": state.round})
        case e.VoteCast():
            state.round_votes[event.seat] = event.response
            state.votes.append(
                make(
                    Vote,
                    {
                        "round": state.round,
                        "phase": state.status,
                        "seat": event.seat,
                        "response": event.response,
                        "reasons": list(event.reasons),
                        "crossed": list(event.crossed),
                    },
                )
            )
        case e.RoundStarted():
            state.round = event.round
            state.step = "turns"
            state.turn = 0
            state.voters = []
            state.round_votes = {}
        case e.RoundEnded():
            state.indicators = dict(event.indicators)
            state.streaks = dict(event.streaks)
        case e.LeverUsed():
            state.levers_used.append((state.round, event.seat, event.lever))
            _shift(scenario, state, event.deltas)
        case e.GameStarted():
            state.scenario = event.scenario
            state.seed = event.seed
            state.lens = event.lens
            state.sequence = event.sequence
            state.max_rounds = event.max_rounds
            state.deadline_round = event.deadline_round
            state.seats = dict(event.seats)
            state.indicators = {i.id: i.start for i in scenario.indicators}
            if event.lens:
                state.indicators.update(scenario.lens(event.lens).indicators)
            state.standing = {s: 0.0 for s in scenario.seat_ids}
            state.status = scenario.sequences[event.sequence][0]
        case e.VotingOpened():
            state.step = "voting"
            state.voters = list(event.signatories)
        case e.AgreementSigned():
            agreement = Agreement(phase=event.phase, round=event.round, terms=dict(event.terms))
            state.agreements[event.phase] = agreement
            state.history.append(agreement)
        case e.InjectFired():
            state.injects.append((state.round, event.inject))
            if event.queued_round is not None:
                _unqueue(state, event.inject, event.queued_round)
            _shift(scenario, state, event.deltas)
            for issue, opt in event.set_terms.items():
                state.table[issue] = make(TableTerm, {"option": opt, "by": "facilitator", "round": state.round})
            _flags(state, event.set_flags, event.clear_flags)
            state.messages.append(
                Note(round=state.round, seat="facilitator", to=event.to, text=f"{event.title}: {event.text}")
            )
        case e.PhaseChanged():
            if event.to == "collapse":
                state.interrupted = event.from_
            state.status = event.to
            state.table = {
                issue: make(TableTerm, {"option": opt, "by": "agreed", "round": state.round})
                for issue, opt in event.table.items()
            }
            if event.to in TERMINAL:
                state.voters = []
        case e.AgreementVoided():
            state.agreements.pop(event.phase, None)
        case e.FacilitatorActed():
            if event.command == "note":
                state.notes.append(Note(round=state.round, seat="facilitator", to="debrief", text=event.reason))
            elif event.command == "set_indicator" and event.indicator is not None and event.value is not None:
                state.indicators[event.indicator] = clamp(scenario, event.indicator, event.value)
            elif event.command == "pause":
                state.paused = True
            elif event.command == "resume":
                state.paused = False
        case e.DurabilityAssessed():
            state.durability_terms = event.value
            ind = scenario.durability_indicator
            if ind is not None:
                state.indicators[ind] = clamp(scenario, ind, event.value + state.durability_events)
        case e.GameEnded():
            state.step = "over"
            state.status = event.status
        case e.SeatHandedOver():
            state.seats[event.seat] = event.player
        case e.InjectQueued():
            state.queued.append((event.round, event.inject, event.reason))
        case e.InjectUnqueued():
            _unqueue(state, event.inject, event.round)
        case _:
            assert_never(event)
    return state


def fold(scenario: Scenario, events: Iterable[e.Event]) -> GameState:
    state = GameState()
    for event in events:
        apply(scenario, state, event)
    return state
