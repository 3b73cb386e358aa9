"""Adjudication: the end of a round, and the start of the next.

Pure functions from a state to events. Work is done on a private copy of the
state, folding each event as it is made, so later steps see earlier ones (the
rules see a signature made this round); the game records the events only when
all of them are made, so a failure half-way records nothing.
"""

from __future__ import annotations

from wargame.engine.fold import apply
from wargame.engine.phases import PhaseFlow
from wargame.engine.rng import draw
from wargame.model import events as e
from wargame.model.scenario import Inject, Scenario
from wargame.model.state import TERMINAL, GameState
from wargame.rules.conditions import holds
from wargame.rules.engine import apply_blocks, durability, fire_rules, number


class _Work:
    """A private copy of the state that folds the events as they are made."""

    def __init__(self, scenario: Scenario, state: GameState, pending: list[e.Event]) -> None:
        self.scenario = scenario
        self.state = state.fork()
        self.events: list[e.Event] = []
        for event in pending:
            self.emit(event)

    def emit(self, event: e.Event) -> None:
        apply(self.scenario, self.state, event)
        self.events.append(event)

    def move(self, flow: PhaseFlow, trigger: str, dest: str, reason: str) -> None:
        table = carried_terms(self.scenario, self.state, dest)
        self.emit(
            e.PhaseChanged.model_validate(
                {
                    "kind": "phase_changed",
                    "from": self.state.status,
                    "to": dest,
                    "trigger": trigger,
                    "reason": reason,
                    "table": table,
                }
            )
        )


def carried_terms(scenario: Scenario, state: GameState, phase: str) -> dict[str, str]:
    """The text a new phase starts from: what is agreed on the issues of its agenda."""
    if phase in TERMINAL:
        return {}
    return {i: v for i, v in state.agreed_terms().items() if phase in scenario.issue(i).agenda}


def adjudicate(scenario: Scenario, state: GameState, pending: list[e.Event]) -> list[e.Event]:
    """Close the round: sign if every signatory accepted, fire the rules, move
    the phase machine, and open the next round (or end the game)."""
    w = _Work(scenario, state, pending)
    st = w.state
    phase = st.status
    signed = bool(st.voters) and all(st.round_votes.get(s) == "accept" for s in st.voters)
    if signed:
        w.emit(e.AgreementSigned(kind="agreement_signed", phase=phase, round=st.round, terms=st.table_terms()))
    fired, streaks = fire_rules(scenario, st)
    for rule_event in fired:
        w.emit(rule_event)
    triggers = {ev.phase_trigger: ev.rule for ev in fired if ev.phase_trigger}
    flow = PhaseFlow(scenario.sequences[st.sequence], scenario.ceasefire_phase(), st.status)
    if "collapse" in triggers:
        flow.collapse()
        w.move(flow, "collapse", "collapse", f"the talks collapsed ({triggers['collapse']})")
    else:
        if signed:
            dest = flow.after_signing(set(st.agreements))
            w.move(flow, "sign", dest, f"the {phase} agreement was signed by {', '.join(st.voters)}")
        cf = scenario.ceasefire_phase()
        if "breakdown" in triggers and cf in st.agreements and flow.can("break_down"):
            w.emit(
                e.AgreementVoided(
                    kind="agreement_voided", phase=cf, reason=f"the ceasefire broke down ({triggers['breakdown']})"
                )
            )
            flow.break_down()
            w.move(flow, "break_down", cf, f"the ceasefire broke down ({triggers['breakdown']})")
    if scenario.durability_indicator is not None:
        value, parts = durability(scenario, st)
        if value != st.durability_terms:
            w.emit(e.DurabilityAssessed(kind="durability_assessed", value=value, parts=parts))
    w.emit(e.RoundEnded(kind="round_ended", round=st.round, indicators=dict(st.indicators), streaks=streaks))
    if st.status not in TERMINAL and st.round >= st.max_rounds:
        flow.expire()
        w.move(flow, "expire", "expired", f"round {st.round} was the last and no treaty was signed")
    if st.status in TERMINAL:
        w.emit(e.GameEnded(kind="game_ended", status=st.status, reason=_ending(st)))
    else:
        for event in round_start(scenario, st, st.round + 1):
            w.emit(event)
    return w.events


def _ending(state: GameState) -> str:
    return {
        "peace": "every phase agreement was signed: a treaty ends the war",
        "collapse": "the talks collapsed",
        "expired": "time ran out before a treaty",
    }.get(state.status, state.status)


def round_start(scenario: Scenario, state: GameState, number_: int) -> list[e.Event]:
    """The events that open a round: the round itself, then the scheduled
    injects (at this round, or whose condition holds and whose chance comes up)."""
    w = _Work(scenario, state, [e.RoundStarted(kind="round_started", round=number_, phase=state.status)])
    for inject in scenario.injects:
        if w.state.over:
            break
        trig = inject.trigger
        if trig.manual and trig.at_round is None and trig.when is None:
            continue
        if not inject.repeatable and any(i == inject.id for _, i in w.state.injects):
            continue
        if trig.at_round is not None and trig.at_round != number_:
            continue
        if trig.when is not None and not holds(trig.when, scenario, w.state):
            continue
        if trig.chance is not None and draw(state.seed, number_, "inject", inject.id) >= number(trig.chance, {}):
            continue
        for event in inject_events(scenario, w.state, inject, "scheduled in the deck"):
            w.emit(event)
    return w.events


def inject_events(scenario: Scenario, state: GameState, inject: Inject, reason: str) -> list[e.Event]:
    """An inject's briefing and effects, and the phase change it forces, if any."""
    applied = apply_blocks(scenario, state, inject.effects, {}, (state.round, "inject", inject.id))
    fired = e.InjectFired(
        kind="inject_fired",
        inject=inject.id,
        title=inject.title,
        text=" ".join([inject.text.strip(), *applied.notes]),
        to=inject.to,
        sources=list(inject.sources),
        deltas=applied.deltas,
        set_terms=dict(inject.set_terms),
        set_flags=applied.set_flags,
        clear_flags=applied.clear_flags,
        reason=reason,
    )
    events: list[e.Event] = [fired]
    target = inject.force_phase or ({"collapse": "collapse"}.get(applied.phase or ""))
    if target and target != state.status and state.status not in TERMINAL:
        w = _Work(scenario, state, events)
        flow = PhaseFlow(scenario.sequences[state.sequence], scenario.ceasefire_phase(), state.status)
        flow.force(target)
        w.move(flow, "inject", target, f"forced by the inject {inject.id}")
        if target in TERMINAL:
            w.emit(e.GameEnded(kind="game_ended", status=target, reason=f"forced by the inject {inject.id}"))
        events = w.events
    return events
