"""What a text is worth to a seat, and what it must be worth to sign.

Read by the bots (to vote and to amend the text), by the deal finder and by
scoring. Values come from the seat's profile in the scenario, adjusted by the
rules' modifiers that hold now (sanctions relief that Congress may block counts
at half for Russia, and so on).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wargame.model.scenario import Persona, Scenario
from wargame.model.state import GameState
from wargame.rules.engine import SeatModifiers, modifiers


@dataclass
class Valuation:
    value: float
    """-100 (every settled issue at its worst) .. 100 (at its best)."""
    parts: list[tuple[str, str, float]] = field(default_factory=list)
    """(issue, option, weighted points) for each settled issue the seat cares about."""
    because: list[str] = field(default_factory=list)
    """Rules whose modifiers changed the value."""


def option_value(scenario: Scenario, seat: str, issue: str, option: str, mods: SeatModifiers) -> float:
    profile = scenario.seat(seat).profile
    base = profile.values.get(issue, {}).get(option, 0.0)
    return max(-10.0, min(10.0, base + mods.option_bonus.get((issue, option), 0.0)))


def value_of(
    scenario: Scenario, state: GameState, seat: str, terms: dict[str, str], mods: SeatModifiers | None = None
) -> Valuation:
    """The seat's average satisfaction over the issues `terms` settles, weighted."""
    mods = modifiers(scenario, state, seat) if mods is None else mods
    weights = scenario.seat(seat).profile.weights
    total = points = 0.0
    parts: list[tuple[str, str, float]] = []
    for issue, option in terms.items():
        w = weights.get(issue, 0.0) * mods.issue_scale.get(issue, 1.0)
        if w <= 0:
            continue
        v = option_value(scenario, seat, issue, option, mods)
        # A discounted issue still counts fully against the seat, only its gains shrink.
        full = weights.get(issue, 0.0)
        weight = w if v > 0 else full
        points += weight * v
        total += full * 10
        parts.append((issue, option, round(weight * v, 2)))
    value = 100 * points / total if total else 0.0
    return Valuation(value=round(value, 2), parts=parts, because=list(mods.because))


@dataclass
class Reservation:
    value: float
    parts: list[tuple[str, float]] = field(default_factory=list)
    """(what moved it, by how much): the indicators, the rounds, the rules."""


def reservation(
    scenario: Scenario, state: GameState, seat: str, persona: Persona | None = None, mods: SeatModifiers | None = None
) -> Reservation:
    """How good a deal must be for the seat to sign, now.

    Moves with the indicators (each side's alternative to a deal gets better
    or worse as the war goes on), with the rounds (concession), with the
    persona, and with the rules' modifiers.
    """
    mods = modifiers(scenario, state, seat) if mods is None else mods
    res = scenario.seat(seat).profile.reservation
    parts: list[tuple[str, float]] = [("base", res.base)]
    starts = {i.id: i.start for i in scenario.indicators}
    if state.lens:
        starts.update(scenario.lens(state.lens).indicators)
    for ind, coef in res.indicators.items():
        shift = coef * (state.indicators.get(ind, starts[ind]) - starts[ind])
        if shift:
            parts.append((ind, round(shift, 2)))
    rounds = max(0, state.round - 1)
    per_round = res.per_round + (persona.concession_per_round if persona else 0.0)
    if per_round and rounds:
        parts.append(("rounds of talks", round(per_round * rounds, 2)))
    if persona and persona.reservation_shift:
        parts.append((f"persona {persona.id}", persona.reservation_shift))
    if mods.reservation:
        parts.append(("rules: " + ", ".join(mods.because), mods.reservation))
    return Reservation(value=round(sum(v for _, v in parts), 2), parts=parts)
