"""What a deal is worth to a seat, and what it must be worth to sign.

Read by the bots (to vote and to amend the text), by the deal finder and by
scoring. Values come from the seat's profile in the scenario, adjusted by the
rules' modifiers that hold now (sanctions relief that Congress may block counts
at half for Russia, and so on) and by the seat's own stances.

A text is judged as the whole deal it would make: the agreed terms with the
table on top, over every issue the seat cares about that has been on the
agenda so far. An issue the deal leaves unsettled counts at what the seat
expects without a deal on it (`Profile.no_deal`). Averaging only over the
issues a text happens to mention made a bad term cheap to hide among good
ones: Russia signed a treaty giving back every occupied province because the
rest of the text pleased it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wargame.model.scenario import Persona, Scenario, Stance
from wargame.model.state import TERMINAL, GameState
from wargame.rules.conditions import holds
from wargame.rules.engine import SeatModifiers, modifiers


@dataclass
class Valuation:
    value: float
    """-100 (every issue the seat cares about at its worst) .. 100 (at its best)."""
    parts: list[tuple[str, str, float]] = field(default_factory=list)
    """(issue, option or `unsettled`, weighted points) for each issue counted."""
    because: list[str] = field(default_factory=list)
    """Rules and stances whose modifiers changed the value."""


def option_value(scenario: Scenario, seat: str, issue: str, option: str, mods: SeatModifiers) -> float:
    """One option's value to the seat (-10..10), with the modifiers' bonuses."""
    profile = scenario.seat(seat).profile
    base = profile.values.get(issue, {}).get(option, 0.0)
    return max(-10.0, min(10.0, base + mods.option_bonus.get((issue, option), 0.0)))


def phases_reached(scenario: Scenario, state: GameState) -> set[str]:
    """The phases whose agenda has come up: the sequence up to the current
    phase, and every phase that ever signed an agreement."""
    seq = scenario.sequences.get(state.sequence) or [p.id for p in scenario.phases]
    if state.status in TERMINAL:
        reached = set(seq)
    elif state.status in seq:
        reached = set(seq[: seq.index(state.status) + 1])
    else:
        reached = {state.status}
    return reached | {a.phase for a in state.history}


_COUNTED: dict[tuple[object, ...], tuple[Scenario, list[str]]] = {}


def counted_issues(scenario: Scenario, state: GameState, seat: str) -> list[str]:
    """The issues a deal is judged on: those the seat cares about that have
    been on the agenda so far, in the scenario's order. (Remembered by what
    it reads: the bots ask at every new state.)"""
    key = (id(scenario), seat, state.status, state.sequence, tuple(a.phase for a in state.history))
    held = _COUNTED.get(key)
    if held is not None and held[0] is scenario:
        return list(held[1])
    weights = scenario.seat(seat).profile.weights
    reached = phases_reached(scenario, state)
    out = [i.id for i in scenario.issues if weights.get(i.id, 0.0) > 0 and reached.intersection(i.agenda)]
    if len(_COUNTED) > 4096:
        _COUNTED.clear()
    _COUNTED[key] = (scenario, out)
    return list(out)


def no_deal_value(scenario: Scenario, seat: str, issue: str) -> float:
    """What the seat expects on an issue the deal leaves unsettled."""
    profile = scenario.seat(seat).profile
    if issue in profile.no_deal:
        return profile.no_deal[issue]
    spec = scenario.issue(issue)
    if spec.implied_when_silent:
        return profile.values.get(issue, {}).get(spec.options[0].id, 0.0)
    return 0.0


def deal_value(
    scenario: Scenario,
    seat: str,
    deal: dict[str, str],
    counted: list[str],
    mods: SeatModifiers,
    explain: bool = False,
) -> Valuation:
    """The seat's weighted satisfaction with `deal` (agreed terms with the
    table on top) over the `counted` issues.

    A deal that says anything implies the status quo on an issue it is silent
    on (as the rules read it), unless the issue says silence implies nothing;
    such an issue, or every issue when nothing is said at all, counts at the
    seat's no-deal expectation. A discounted issue (`issue_scale`) shrinks
    only the seat's gains on it; a loss counts in full.
    """
    profile = scenario.seat(seat).profile
    weights = profile.weights
    said = bool(deal)
    total = points = 0.0
    parts: list[tuple[str, str, float]] = []
    for issue in counted:
        full = weights[issue]
        option = deal.get(issue)
        if option is None and said:
            spec = scenario.issue(issue)
            if spec.implied_when_silent:
                option = spec.options[0].id
        if option is None:
            v = no_deal_value(scenario, seat, issue)
            weight = full
        else:
            v = option_value(scenario, seat, issue, option, mods)
            weight = full * mods.issue_scale.get(issue, 1.0) if v > 0 else full
        points += weight * v
        total += full * 10
        if explain:
            parts.append((issue, option or "unsettled", round(weight * v, 2)))
    value = 100 * points / total if total else 0.0
    return Valuation(value=round(value, 2), parts=parts, because=list(mods.because))


def value_of(
    scenario: Scenario, state: GameState, seat: str, terms: dict[str, str], mods: SeatModifiers | None = None
) -> Valuation:
    """The worth to the seat of the deal `terms` (agreed terms with the table
    on top), judged as a whole over the agenda so far; modifiers are those
    that hold in `state` unless given."""
    if mods is None:
        mods = with_stances(scenario, state, seat, modifiers(scenario, state, seat))
    return deal_value(scenario, seat, terms, counted_issues(scenario, state, seat), mods, explain=True)


def stances_holding(scenario: Scenario, state: GameState, seat: str) -> list[Stance]:
    """The seat's stances whose condition holds in this state."""
    return [st for st in scenario.seat(seat).profile.stances if holds(st.when, scenario, state)]


def with_stances(
    scenario: Scenario, state: GameState, seat: str, mods: SeatModifiers, stances: list[Stance] | None = None
) -> SeatModifiers:
    """The rules' modifiers with the seat's holding stances' option bonuses added."""
    stances = stances_holding(scenario, state, seat) if stances is None else stances
    bonus = [st for st in stances if st.option_bonus]
    if not bonus:
        return mods
    out = SeatModifiers(
        reservation=mods.reservation,
        issue_scale=dict(mods.issue_scale),
        option_bonus=dict(mods.option_bonus),
        because=list(mods.because),
    )
    for st in bonus:
        out.because.append(f"stance.{seat}.{st.id}")
        for issue, opts in st.option_bonus.items():
            for opt, v in opts.items():
                out.option_bonus[(issue, opt)] = out.option_bonus.get((issue, opt), 0.0) + v
    return out


@dataclass
class Reservation:
    value: float
    parts: list[tuple[str, float]] = field(default_factory=list)
    """(what moved it, by how much): the indicators, the rounds, the rules."""


def concession(scenario: Scenario, state: GameState, seat: str, persona: Persona | None) -> float:
    """How far the seat has come down by this round: its per-round concession
    over the whole game, spread along the persona's curve (late for a
    hardliner, early for a conceder, steady by default)."""
    res = scenario.seat(seat).profile.reservation
    per_round = res.per_round + (persona.concession_per_round if persona else 0.0)
    rounds = max(1, (state.max_rounds or scenario.max_rounds) - 1)
    done = min(1.0, max(0, state.round - 1) / rounds)
    curve = persona.concession_curve if persona else 1.0
    return per_round * rounds * done**curve if done else 0.0


def phase_start(state: GameState) -> int:
    """The round the current talks began: after the last agreement signed."""
    return max((a.round for a in state.history), default=0) + 1


def opening(scenario: Scenario, state: GameState, persona: Persona | None) -> float:
    """What the seat asks above its walk-away point: its persona's whole
    opening margin when a phase's talks begin, given up along its concession
    curve over that phase's share of the game (each phase is bargained
    afresh: a framework signed fast does not make the treaty easy)."""
    if persona is None or not persona.opening:
        return 0.0
    seq = scenario.sequences.get(state.sequence) or [p.id for p in scenario.phases]
    span = max(1.0, (state.max_rounds or scenario.max_rounds) / max(1, len(seq)))
    done = min(1.0, max(0, state.round - phase_start(state)) / span)
    return float(persona.opening * (1 - done**persona.concession_curve))


def base_reservation(
    scenario: Scenario, state: GameState, seat: str, persona: Persona | None = None, noise: float = 0.0
) -> list[tuple[str, float]]:
    """The parts of the reservation that do not depend on the text: the
    base, the indicators, the rounds, the persona and this game's draw.

    Indicators count from the scenario's own starting values, not a lens's:
    a lens in which Russia starts the talks stuck and straining (src-002)
    lowers Russia's reservation from the first round, as it should."""
    res = scenario.seat(seat).profile.reservation
    parts: list[tuple[str, float]] = [("base", res.base)]
    starts = {i.id: i.start for i in scenario.indicators}
    for ind, coef in res.indicators.items():
        now = state.indicators.get(ind, starts[ind])
        shift = coef * (now - starts[ind])
        if shift:
            parts.append((f"{ind} {now:g} (vs {starts[ind]:g})", round(shift, 2)))
    conceded = concession(scenario, state, seat, persona)
    if conceded:
        parts.append((f"round {state.round} of talks", round(conceded, 2)))
    demand = opening(scenario, state, persona)
    if demand:
        parts.append(("opening demand", round(demand, 2)))
    if persona and persona.reservation_shift:
        parts.append((f"persona {persona.id}", persona.reservation_shift))
    if noise:
        parts.append(("this game's mood", round(noise, 2)))
    return parts


_STARTS: dict[int, tuple[Scenario, dict[str, float]]] = {}


def base_offset(
    scenario: Scenario, state: GameState, seat: str, persona: Persona | None = None, noise: float = 0.0
) -> float:
    """The sum of `base_reservation`'s parts, without their words: the same
    numbers summed in the same order by the same `sum` (the bots ask for it
    for every seat of every new state; it is not remembered: a state's
    indicators are rarely met twice, and a key of all it reads cost about
    as much as the sum)."""
    held = _STARTS.get(id(scenario))
    if held is None or held[0] is not scenario:
        if len(_STARTS) > 16:
            _STARTS.clear()
        held = _STARTS[id(scenario)] = (scenario, {i.id: i.start for i in scenario.indicators})
    starts = held[1]
    res = scenario.seat(seat).profile.reservation
    parts: list[float] = [res.base]
    indicators = state.indicators
    for ind, coef in res.indicators.items():
        start = starts[ind]
        shift = coef * (indicators.get(ind, start) - start)
        if shift:
            parts.append(round(shift, 2))
    conceded = concession(scenario, state, seat, persona)
    if conceded:
        parts.append(round(conceded, 2))
    if persona is not None:
        if persona.opening:
            demand = opening(scenario, state, persona)
            if demand:
                parts.append(round(demand, 2))
        if persona.reservation_shift:
            parts.append(persona.reservation_shift)
    if noise:
        parts.append(round(noise, 2))
    return sum(parts)


def reservation(
    scenario: Scenario,
    state: GameState,
    seat: str,
    persona: Persona | None = None,
    mods: SeatModifiers | None = None,
    stances: list[Stance] | None = None,
    noise: float = 0.0,
) -> Reservation:
    """How good a deal must be for the seat to sign, now.

    Moves with the indicators (each side's alternative to a deal gets better
    or worse as the war goes on), with the rounds (concession), with the
    persona, with the rules' modifiers and with the seat's stances.
    """
    mods = modifiers(scenario, state, seat) if mods is None else mods
    stances = stances_holding(scenario, state, seat) if stances is None else stances
    parts = base_reservation(scenario, state, seat, persona, noise)
    if mods.reservation:
        rules = [r for r in mods.because if not r.startswith("stance.")]
        parts.append(("rules: " + ", ".join(rules), mods.reservation))
    for st in stances:
        if st.reservation:
            parts.append((f"stance.{seat}.{st.id}", st.reservation))
    return Reservation(value=round(sum(v for _, v in parts), 2), parts=parts)
