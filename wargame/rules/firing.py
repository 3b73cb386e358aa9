"""A rule's effects made ready once per scenario and lens: what firing it does.

When a rule fires, its effect blocks are applied: each block's repeat
policy, its `when`, its chance, and its numbers (`$per_day*$days`,
`$pull*$anchor - $pull*@momentum`). Read through `rules.engine.apply_blocks`
that is, every round, the rule's parameters merged with the lens's and the
indicators into one dict, each number text walked factor by factor, and an
`Applied` record filled; then the `RuleFired` validated field by field. A
round fires four or five rules, so this was about a third of adjudication.

Here each number becomes a small compiled function of the indicators, its
`$` parameters (fixed for a game: the rule's, with the lens's on top) folded
in as constants; the event's fixed fields are written once; firing fills in
what the round decides. The arithmetic is the same operations in the same
order (a product multiplies its factors left to right starting from its
sign, a sum adds and subtracts its products in turn, each delta starts from
0.0), so every float is the same bit for bit: `tests/test_engine_same_events.py`
holds the events of seeded games, and `tests/rules/test_firing.py` compares
each rule's firing with `apply_blocks` on random states.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wargame.model.events import RuleFired
from wargame.model.makers import Trusted
from wargame.model.per_scenario import per_scenario
from wargame.model.scenario import Rule, Scenario
from wargame.model.state import GameState
from wargame.rules.conditions import Test, compiled
from wargame.rules.numbers import parsed
from wargame.rules.rng import draw

Amount = Callable[[dict[str, float]], float]
"""A number of an effect: the indicators (by id) in, the number out."""

RULE_FIRED: Trusted[RuleFired] = Trusted(RuleFired)


def amount(value: Any, static: dict[str, float]) -> Amount:
    """`rules.numbers.number(value, {**static, **indicator_params(state)})` as a
    function of `state.indicators`, with the `$` parameters folded in."""
    if not isinstance(value, str):
        constant = float(value)
        return lambda ind: constant
    first, rest = parsed(value)
    consts: dict[str, object] = {"_static": static}

    def product(p: tuple[float, tuple[str | float, ...]]) -> str:
        sign, factors = p
        text = repr(sign)
        for factor in factors:
            if isinstance(factor, float):
                term = repr(factor)
            elif factor.startswith("@"):
                term = f"float(ind[{factor[1:]!r}])"
            elif factor in static and math.isfinite(float(static[factor])):
                term = repr(float(static[factor]))
            else:
                term = f"float(_static[{factor!r}])"  # unknown: a KeyError when used, as before
            text = f"({text} * {term})"
        return text

    source = product(first)
    for plus, term in rest:
        source = f"({source} {'+' if plus else '-'} {product(term)})"
    code = compile(f"lambda ind: {source}", f"<number {value!r}>", "eval")
    fn: Amount = eval(code, consts)  # our own source, written from a parsed number
    return fn


@dataclass(frozen=True)
class _Block:
    policy: str
    when: Test | None
    chance: Amount | None
    indicators: tuple[tuple[str, Amount], ...]
    standing: tuple[tuple[str, Amount], ...]
    set_flags: tuple[str, ...]
    clear_flags: tuple[str, ...]
    phase: str | None
    note: str


class Firing:
    """One rule's effects for one game's lens: `fire` makes its `RuleFired`."""

    __slots__ = ("rule", "blocks", "explanation")

    def __init__(self, scenario: Scenario, rule: Rule, static: dict[str, float]) -> None:
        self.rule = rule
        self.explanation = rule.explanation.strip()
        self.blocks = tuple(
            _Block(
                policy=block.repeat or rule.repeat,
                when=None if block.when is None else compiled(scenario, block.when),
                chance=None if block.chance is None else amount(block.chance, static),
                indicators=tuple((k, amount(v, static)) for k, v in block.indicators.items()),
                standing=tuple((k, amount(v, static)) for k, v in block.standing.items()),
                set_flags=tuple(block.set_flags),
                clear_flags=tuple(block.clear_flags),
                phase=block.phase,
                note=block.note,
            )
            for block in rule.effects
        )

    def fire(
        self, state: GameState, view: GameState, entering: bool, first: bool, starts: bool, seat: str | None = None
    ) -> RuleFired | None:
        """`rules.engine._fire` for a rule with effects: the blocks that apply
        (read against `view`), and the event, or None if nothing applies and
        the rule does not mark its start (`starts`). With `seat`: the seat
        crossing its red line (`rules.engine.crossing`: every block, the seat
        in the dice's label and the event, outcome `crossed`)."""
        rule = self.rule
        ind = state.indicators
        deltas: dict[str, float] = {}
        standing: dict[str, float] = {}
        set_flags: list[str] = []
        clear_flags: list[str] = []
        phase: str | None = None
        rolls: list[float] = []
        notes: list[str] = []
        applied = 0
        for i, block in enumerate(self.blocks):
            policy = block.policy
            if (policy == "on_entry" and not entering) or (policy == "once" and not first):
                continue
            if block.when is not None and not block.when(view):
                continue
            if block.chance is not None:
                roll = (
                    draw(state.seed, state.round, rule.id, i)
                    if seat is None
                    else draw(state.seed, state.round, rule.id, seat, i)
                )
                rolls.append(round(roll, 6))
                if roll >= block.chance(ind):
                    continue
            applied += 1
            for k, f in block.indicators:
                deltas[k] = deltas.get(k, 0.0) + f(ind)
            for k, f in block.standing:
                standing[k] = standing.get(k, 0.0) + f(ind)
            set_flags += block.set_flags
            clear_flags += block.clear_flags
            if block.phase is not None and phase != "collapse":
                phase = block.phase
            if block.note:
                notes.append(block.note)
        if not applied and not starts:
            return None
        return RULE_FIRED(
            {
                "kind": "rule_fired",
                "rule": rule.id,
                "rule_kind": rule.kind,
                "outcome": "fired" if seat is None else "crossed",
                "seat": seat or rule.seat,
                "title": rule.title,
                "explanation": " ".join([self.explanation, *notes]) if notes else self.explanation,
                "sources": list(rule.sources),
                "deltas": deltas,
                "standing": standing,
                "set_flags": set_flags,
                "clear_flags": clear_flags,
                "phase_trigger": phase,
                "rolls": rolls,
            }
        )


@per_scenario
def _by_lens(scenario: Scenario) -> dict[str | None, dict[str, Firing]]:
    return {}


def firings(scenario: Scenario, lens: str | None) -> dict[str, Firing]:
    """Rule id -> its `Firing` under `lens`, for the rules with effects (made once)."""
    held = _by_lens(scenario)
    out = held.get(lens)
    if out is None:
        override = scenario.lens(lens).rules if lens and scenario.has("lens", lens) else {}
        out = {}
        for rule in scenario.rules:
            if not rule.effects:
                continue
            static = {"days": float(scenario.days_per_round), **rule.params}
            if rule.id in override:
                static.update(override[rule.id].params)
            out[rule.id] = Firing(scenario, rule, static)
        held[lens] = out
    return out
