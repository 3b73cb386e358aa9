"""The facilitator's console commands: what each records, checked first.

A note, an indicator set by hand, a pause, a forced or vetoed phase change:
`Game.submit` hands every `Steer` action here. Kept apart from the seats'
rules of play (`engine.game`) because they answer to a different person and
other checks (a reason for the debrief, the phase machine's moves, an
indicator's range), not to whose turn it is.
"""

from __future__ import annotations

import math
from typing import Any, assert_never

from wargame.engine.adjudicate import round_start
from wargame.engine.fold import apply
from wargame.engine.phases import flow_at
from wargame.errors import GameOver, RefusedAction, UnknownId
from wargame.model import actions as a
from wargame.model import events as e
from wargame.model.scenario import Scenario
from wargame.model.state import TERMINAL, GameState


def known(scenario: Scenario, kind: str, item: str) -> None:
    """Refuse an id the scenario does not have, naming the ones it has."""
    if not scenario.has(kind, item):
        items: Any = {
            "seat": scenario.seats,
            "issue": scenario.issues,
            "lever": scenario.levers,
            "indicator": scenario.indicators,
            "inject": scenario.injects,
        }[kind]
        raise UnknownId(f"unknown {kind} {item!r}; known: {', '.join(x.id for x in items)}")


def facilitate(scenario: Scenario, state: GameState, events: list[e.Event], action: a.Facilitate) -> list[e.Event]:
    """What a facilitator's console command records (`Game.submit`'s door for them)."""
    event = e.FacilitatorActed(
        kind="facilitator",
        command=action.command,
        reason=action.reason,
        indicator=action.indicator if isinstance(action, a.SetIndicator) else None,
        value=action.value if isinstance(action, a.SetIndicator) else None,
        phase=action.phase if isinstance(action, a.ForcePhase) else None,
        announce=action.announce,
    )
    match action:
        case a.Note():
            return [event]
        case a.SetIndicator() | a.Pause() | a.Resume() if state.over:
            raise GameOver(f"the game is over ({state.status}); only notes and phase changes are possible")
        case a.SetIndicator():
            _in_range(scenario, action.indicator, action.value)
            return [event]
        case a.Pause() | a.Resume():
            return [event]
        case a.ForcePhase():
            return _move_phase(scenario, state, action, action.phase, event)
        case a.VetoPhase():
            return _move_phase(scenario, state, action, _previous_status(events), event)
        case _:
            assert_never(action)


def _in_range(scenario: Scenario, indicator: str, value: float) -> None:
    """Refuse a value outside the indicator's range, naming the range (never clamped silently)."""
    known(scenario, "indicator", indicator)
    ind = scenario.indicator(indicator)
    top = "" if ind.max is None else f"..{ind.max:g}"
    if not math.isfinite(value) or value < ind.min or (ind.max is not None and value > ind.max):
        raise RefusedAction(f"{ind.name} takes values {ind.min:g}{top or ' and up'}; {value:g} is out of range")


def _move_phase(
    scenario: Scenario, st: GameState, action: a.ForcePhase | a.VetoPhase, target: str | None, event: e.Event
) -> list[e.Event]:
    """A forced or vetoed phase change, checked against the phase machine.
    Talks sent back to a phase have not signed it, nor anything after it:
    those agreements are voided, so the text and "in force" agree."""
    if not action.reason:
        raise RefusedAction(f"{action.command} needs a reason, for the debrief")
    if target is None:
        raise RefusedAction("there is no phase change to veto")
    flow = flow_at(scenario.sequences[st.sequence], scenario.ceasefire_phase(), st.status)
    valid = [*flow.sequence, *TERMINAL]
    if target not in valid or target == st.status:
        raise RefusedAction(f"cannot move the talks from {st.status} to {target}; choose one of {', '.join(valid)}")
    if st.step == "voting" and target not in TERMINAL:
        # the vote is on this phase's text, by this phase's signatories
        raise RefusedAction(
            f"the signatories are voting on the {st.status} text; change the phase once the vote is over "
            "(the talks can still be ended now: collapse or expired)"
        )
    if st.status == "collapse" and target in flow.sequence:
        flow.resume(target)
    else:
        flow.force(target)
    voided: list[e.Event] = []
    if target not in TERMINAL:
        later = flow.sequence[flow.sequence.index(target) :]
        what = "vetoed" if isinstance(action, a.VetoPhase) else f"the talks were sent back to {target}"
        voided = [
            e.AgreementVoided(kind="agreement_voided", phase=p, reason=f"by the facilitator: {what}")
            for p in later
            if p in st.agreements
        ]
    work = st.fork()
    for ev in [event, *voided]:
        work = apply(scenario, work, ev)
    table = {i: v for i, v in work.agreed_terms().items() if target in scenario.issue(i).agenda}
    said = action.reason if action.announce else "by the facilitator"
    changed = e.PhaseChanged.model_validate(
        {
            "kind": "phase_changed",
            "from": st.status,
            "to": target,
            "trigger": action.command,
            "reason": said,
            "table": table,
        }
    )
    if target in TERMINAL:
        ended = e.GameEnded(kind="game_ended", status=target, reason=said)
        return [event, changed] if st.over else [event, changed, ended]
    if not st.over:
        return [event, *voided, changed]
    if st.round >= st.max_rounds:
        raise RefusedAction("the last round has been played; there is no round left to resume in")
    work = apply(scenario, work, changed)
    return [event, *voided, changed, *round_start(scenario, work, st.round + 1)]


def _previous_status(events: list[e.Event]) -> str | None:
    for event in reversed(events):
        if isinstance(event, e.PhaseChanged):
            return event.from_
    return None
