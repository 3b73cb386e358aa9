"""Adjudication: the end of a round, and the start of the next.

Pure functions from a state to events. Work is done on a private copy of the
state, folding each event as it is made, so later steps see earlier ones (the
rules see a signature made this round); the game records the events only when
all of them are made, so a failure half-way records nothing.
"""

from __future__ import annotations

from typing import Literal

from wargame.engine.fold import apply
from wargame.engine.phases import PhaseFlow, flow_at
from wargame.model import events as e
from wargame.model.makers import make
from wargame.model.per_scenario import per_scenario
from wargame.model.scenario import Inject, Scenario
from wargame.model.state import TERMINAL, GameState
from wargame.rules.conditions import holds
from wargame.rules.engine import apply_blocks, durability, fire_closing_rules, fire_rules, indicator_params, number
from wargame.rules.rng import draw


class Batch(list[e.Event]):
    """The events a decision made, with the state they fold to.

    Adjudication folds every event it makes into its private copy as it goes
    (later steps read earlier ones), so the state after the batch is already
    there: whoever records the batch onto the state it was decided on (`base`,
    unchanged since: the same count of events) can take `after` instead of
    folding the events a second time (`adopt`). A plain list to everyone else.
    """

    __slots__ = ("base", "base_events", "after")

    def __init__(self, events: list[e.Event], base: GameState, after: GameState) -> None:
        super().__init__(events)
        self.base: GameState | None = base
        self.base_events = base.events
        self.after: GameState | None = after

    def take(self, state: GameState) -> GameState | None:
        """The state after the batch, if the batch was decided on `state` as it
        stands (else None: fold the events then). Once only: the batch lets go
        of it, so nothing else shares its containers."""
        after = self.after
        if after is None or self.base is not state or state.events != self.base_events:
            return None
        self.release()
        return after

    def release(self) -> None:
        """Let go of both states: the batch is an event list like any other from now on."""
        self.base = self.after = None

    def adopt(self, state: GameState) -> bool:
        """Make `state` (in place) the state after the batch, as `take` allows;
        False, with nothing done, otherwise."""
        after = self.take(state)
        if after is None:
            return False
        state.__dict__.update(after.__dict__)
        return True


class _Work:
    """A private copy of the state that folds the events as they are made."""

    def __init__(self, scenario: Scenario, state: GameState, pending: list[e.Event], in_place: bool = False) -> None:
        self.scenario = scenario
        self.base = state
        self.state = state if in_place else state.fork()
        self.events: list[e.Event] = []
        for event in pending:
            self.emit(event)

    def emit(self, event: e.Event) -> None:
        apply(self.scenario, self.state, event)
        self.events.append(event)

    def emit_all(self, events: list[e.Event]) -> None:
        """Emit a batch decided on this work's state (taking the state it folds to, if it can)."""
        if isinstance(events, Batch) and events.adopt(self.state):
            self.events.extend(events)
            return
        for event in events:
            self.emit(event)

    def batch(self) -> Batch:
        return Batch(self.events, self.base, self.state)

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


def adjudicate(scenario: Scenario, state: GameState, pending: list[e.Event], in_place: bool = False) -> list[e.Event]:
    """Close the round: sign if every signatory accepted, fire the rules, move
    the phase machine, and open the next round (or end the game).

    `in_place`: fold the events onto `state` itself, not onto a copy, for a
    caller that drops the state if anything fails or differs (the save's check:
    a copy a round was a twentieth of its adjudication)."""
    w = _Work(scenario, state, pending, in_place)
    st = w.state
    phase = st.status
    signed = bool(st.voters) and bool(st.table) and all(st.round_votes.get(s) == "accept" for s in st.voters)
    if signed:
        w.emit(e.AgreementSigned(kind="agreement_signed", phase=phase, round=st.round, terms=st.table_terms()))
    fired, streaks = fire_rules(scenario, st)
    for rule_event in fired:
        w.emit(rule_event)
    triggers = {ev.phase_trigger: ev.rule for ev in fired if ev.phase_trigger}
    cf = _ceasefire(scenario)

    def machine() -> PhaseFlow:
        # the phase machine at the talks' state now: set only when a move is
        # asked (most rounds move nothing); each move below is followed by the
        # `PhaseChanged` to the machine's new state, so the two stay in step
        return flow_at(scenario.sequences[st.sequence], cf, st.status)

    if "collapse" in triggers:
        flow = machine()
        flow.collapse()
        w.move(flow, "collapse", "collapse", f"the talks collapsed ({triggers['collapse']})")
    else:
        if signed:
            flow = machine()
            dest = flow.after_signing(set(st.agreements))
            w.move(flow, "sign", dest, f"the {phase} agreement was signed by {', '.join(st.voters)}")
        ending = next((t for t in ("breakdown", "lapse") if t in triggers), None)
        if ending is not None and cf in st.agreements and (flow := machine()).can("break_down"):
            # a lapse is a ceasefire running out, a breakdown one broken by
            # violations: either way the fighting resumes and the talks go back
            verb = "broke down" if ending == "breakdown" else "lapsed"
            why = f"the ceasefire {verb} ({triggers[ending]})"
            w.emit(e.AgreementVoided(kind="agreement_voided", phase=cf, reason=why))
            flow.break_down()
            w.move(flow, "break_down", cf, why)
    if st.status not in TERMINAL and st.round >= st.max_rounds:
        flow = machine()
        flow.expire()
        w.move(flow, "expire", "expired", f"round {st.round} was the last and no treaty was signed")
    # The talks ended this round: the rules about how they ended fire now,
    # since no round follows in which they could.
    closing, streaks = fire_closing_rules(scenario, st, streaks)
    for rule_event in closing:
        w.emit(rule_event)
    if scenario.durability_indicator is not None:
        value, parts = durability(scenario, st)
        if value != st.durability_terms:
            w.emit(e.DurabilityAssessed(kind="durability_assessed", value=value, parts=parts))
    w.emit(
        make(
            e.RoundEnded,
            {"kind": "round_ended", "round": st.round, "indicators": dict(st.indicators), "streaks": streaks},
        )
    )
    if st.status in TERMINAL:
        w.emit(e.GameEnded(kind="game_ended", status=st.status, reason=_ending(st)))
    else:
        _open_round(scenario, w, st.round + 1)
    return w.batch()


def _ending(state: GameState) -> str:
    return {
        "peace": "every phase agreement was signed: a treaty ends the war",
        "collapse": "the talks collapsed",
        "expired": "time ran out before a treaty",
    }.get(state.status, state.status)


def round_start(scenario: Scenario, state: GameState, number_: int) -> list[e.Event]:
    """The events that open a round: the round itself, then the scheduled
    injects (at this round, or whose condition holds and whose chance comes up)."""
    w = _Work(scenario, state, [])
    _open_round(scenario, w, number_)
    return w.batch()


def _open_round(scenario: Scenario, w: _Work, number_: int) -> None:
    """`round_start`'s events, made and folded on `w` (adjudication opens the
    next round on its own copy, with no copy of its own)."""
    w.emit(make(e.RoundStarted, {"kind": "round_started", "round": number_, "phase": w.state.status}))
    seed = w.state.seed
    for inject in _scheduled(scenario):
        if w.state.over:
            break
        trig = inject.trigger
        if not inject.repeatable and any(i == inject.id for _, i in w.state.injects):
            continue
        if trig.at_round is not None and trig.at_round != number_:
            continue
        if trig.when is not None and not holds(trig.when, scenario, w.state):
            continue
        if trig.chance is not None and draw(seed, number_, "inject", inject.id) >= number(trig.chance, {}):
            continue
        w.emit_all(inject_events(scenario, w.state, inject, "scheduled in the deck", "schedule"))


@per_scenario
def _ceasefire(scenario: Scenario) -> str | None:
    """`Scenario.ceasefire_phase()`, found once (asked every round)."""
    return scenario.ceasefire_phase()


@per_scenario
def _scheduled(scenario: Scenario) -> tuple[Inject, ...]:
    """The injects the deck's schedule may fire, in the deck's order (the
    manual ones are the facilitator's: a round's start passes them over)."""
    return tuple(i for i in scenario.injects if not i.trigger.manual)


def inject_events(
    scenario: Scenario, state: GameState, inject: Inject, reason: str, cause: Literal["facilitator", "schedule"]
) -> list[e.Event]:
    """An inject's briefing and effects, the levers it pulls, and the phase
    change it forces or triggers (`force_phase`, or an effect's `collapse` or
    `breakdown`), if any.

    Terms are tabled only on the agenda of the talks the inject leaves the game
    in (a forced phase starts from its agreed terms plus the inject's); terms
    off that agenda are named in the briefing, not tabled.
    """
    params = indicator_params(state)
    applied = apply_blocks(scenario, state, inject.effects, params, (state.round, "inject", inject.id))
    target = inject.force_phase or ("collapse" if applied.phase == "collapse" else None)
    if target == state.status or state.status in TERMINAL:
        target = None
    talks = target or state.status
    agenda = {i.id for i in scenario.agenda(talks)} if talks not in TERMINAL else set()
    tabled = {i: v for i, v in inject.set_terms.items() if i in agenda}
    notes = list(applied.notes)
    left = [i for i in inject.set_terms if i not in agenda]
    if left:
        notes.append(f"(Not on the agenda of the {talks} talks, so not tabled: {', '.join(left)}.)")
    fired = e.InjectFired(
        kind="inject_fired",
        inject=inject.id,
        title=inject.title,
        text=" ".join([inject.text.strip(), *notes]),
        to=inject.to,
        sources=list(inject.sources),
        deltas=applied.deltas,
        set_terms=tabled,
        set_flags=applied.set_flags,
        clear_flags=applied.clear_flags,
        reason=reason,
        cause=cause,
    )
    w = _Work(scenario, state, [fired])
    for lever_id in inject.levers:
        lever = scenario.lever(lever_id)
        deltas = {k: float(v) for k, v in lever.indicators.items()}
        w.emit(
            e.LeverUsed(
                kind="lever_used",
                seat=lever.seat,
                lever=lever.id,
                deltas=deltas,
                why=f"{e.INJECT_PULLED}{inject.id}",
                cause="inject",
            )
        )
    flow = flow_at(scenario.sequences[state.sequence], scenario.ceasefire_phase(), state.status)
    if target is not None:
        flow.force(target)
        table = {**carried_terms(scenario, w.state, target), **tabled} if target not in TERMINAL else {}
        w.emit(
            e.PhaseChanged.model_validate(
                {
                    "kind": "phase_changed",
                    "from": state.status,
                    "to": target,
                    "trigger": "inject",
                    "reason": f"forced by the inject {inject.id}",
                    "table": table,
                }
            )
        )
        if target in TERMINAL:
            # the talks end here, with no round to adjudicate: the rules about
            # how they ended fire now (as at the end of a round)
            closing, _ = fire_closing_rules(scenario, w.state, dict(w.state.streaks))
            for rule_event in closing:
                w.emit(rule_event)
            w.emit(e.GameEnded(kind="game_ended", status=target, reason=f"forced by the inject {inject.id}"))
    elif applied.phase in ("breakdown", "lapse"):
        cf = scenario.ceasefire_phase()
        if cf is not None and cf in w.state.agreements and flow.can("break_down"):
            why = f"the ceasefire broke down (the inject {inject.id})"
            w.emit(e.AgreementVoided(kind="agreement_voided", phase=cf, reason=why))
            flow.break_down()
            w.move(flow, "break_down", cf, why)
    return w.batch()
