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
from types import CodeType
from typing import Any, Protocol

from wargame.model.events import RuleFired
from wargame.model.makers import Trusted
from wargame.model.per_scenario import per_scenario
from wargame.model.scenario import Rule, Scenario
from wargame.model.state import GameState
from wargame.rules.conditions import compiled
from wargame.rules.numbers import parsed
from wargame.rules.rng import draw

Amount = Callable[[dict[str, float]], float]
"""A number of an effect: the indicators (by id) in, the number out."""

RULE_FIRED: Trusted[RuleFired] = Trusted(RuleFired)


def amount(value: Any, static: dict[str, float]) -> Amount:
    """`rules.numbers.number(value, {**static, **indicator_params(state)})` as a
    function of `state.indicators`, with the `$` parameters folded in."""
    consts: dict[str, object] = {"_static": static}
    source = amount_source(value, static, consts)
    code = compile(f"lambda ind: {source}", f"<number {value!r}>", "eval")
    fn: Amount = eval(code, consts)  # our own source, written from a parsed number
    return fn


def amount_source(value: Any, static: dict[str, float], consts: dict[str, object]) -> str:
    """The source of `amount(value, static)`'s expression, of the indicators
    as `ind`: the `$` parameters folded in as literals (`_static` in `consts`
    holds `static`, for those that are not finite numbers), a literal that is
    not a finite number held in `consts` too."""
    if not isinstance(value, str):
        constant = float(value)
        if math.isfinite(constant):
            return repr(constant)
        name = f"_c{len(consts)}"
        consts[name] = constant
        return name
    first, rest = parsed(value)

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
    return source


class FireFn(Protocol):
    """`Firing.fire`: (state, view, entering, first, starts, seat) -> the event, or None."""

    def __call__(
        self, state: GameState, view: GameState, entering: bool, first: bool, starts: bool, seat: str | None = None
    ) -> RuleFired | None: ...


class Firing:
    """One rule's effects for one game's lens: `fire` makes its `RuleFired`.

    `fire(state, view, entering, first, starts, seat=None)` is `rules.engine._fire`
    for a rule with effects: the blocks that apply (read against `view`), and
    the event, or None if nothing applies and the rule does not mark its start
    (`starts`). With `seat`: the seat crossing its red line
    (`rules.engine.crossing`: every block, the seat in the dice's label and
    the event, outcome `crossed`).

    It is one function written for the rule (`compile()`, once per scenario
    and lens), its blocks unrolled in order: each block's repeat policy, its
    `when`, its chance and its numbers inline, and only the parts of the
    event its blocks can fill (a rule without notes, flags or dice makes
    none of them). Four or five rules fire each round, so walking the blocks
    as data was a fifth of a round's adjudication. The operations are the
    ones the walk did, in its order (a delta starts from 0.0, a roll is
    compared as `roll >= chance` to skip), so every float is the same.
    """

    __slots__ = ("rule", "fire", "source")

    def __init__(self, scenario: Scenario, rule: Rule, static: dict[str, float]) -> None:
        self.rule = rule
        consts: dict[str, object] = {
            "_static": static,
            "_make": RULE_FIRED,
            "_draw": draw,
            "_sources": tuple(rule.sources),
            "_explanation": rule.explanation.strip(),
        }
        lines = [
            "def fire(state, view, entering, first, starts, seat=None):",
            "    ind = state.indicators",
            "    applied = False",
            "    deltas = {}",
            "    standing = {}",
        ]
        touched: set[tuple[str, str]] = set()
        flags = any(b.set_flags or b.clear_flags for b in rule.effects)
        dice = any(b.chance is not None for b in rule.effects)
        phases = any(b.phase is not None for b in rule.effects)
        notes = any(b.note for b in rule.effects)
        if flags:
            lines += ["    set_flags = []", "    clear_flags = []"]
        if phases:
            lines.append("    phase = None")
        if dice:
            lines.append("    rolls = []")
        if notes:
            lines.append("    notes = []")
        for i, block in enumerate(rule.effects):
            policy = block.repeat or rule.repeat
            tests = ["entering"] if policy == "on_entry" else ["first"] if policy == "once" else []
            if block.when is not None:
                consts[f"_when{i}"] = compiled(scenario, block.when)
                tests.append(f"_when{i}(view)")
            lines.append(f"    if {' and '.join(tests) or 'True'}:  # block {i}")
            pad = "        "
            if block.chance is not None:
                chance = amount_source(block.chance, static, consts)
                lines += [
                    f"{pad}roll = _draw(state.seed, state.round, {rule.id!r}, {i}) if seat is None "
                    f"else _draw(state.seed, state.round, {rule.id!r}, seat, {i})",
                    f"{pad}rolls.append(round(roll, 6))",
                    f"{pad}if not roll >= {chance}:",
                ]
                pad += "    "
            lines.append(f"{pad}applied = True")
            for where, values in (("deltas", block.indicators), ("standing", block.standing)):
                for k, v in values.items():
                    before = f"{where}.get({k!r}, 0.0)" if (where, k) in touched else "0.0"
                    touched.add((where, k))
                    lines.append(f"{pad}{where}[{k!r}] = {before} + {amount_source(v, static, consts)}")
            if block.set_flags:
                lines.append(f"{pad}set_flags += {list(block.set_flags)!r}")
            if block.clear_flags:
                lines.append(f"{pad}clear_flags += {list(block.clear_flags)!r}")
            if block.phase is not None:
                lines.append(f'{pad}if phase != "collapse":')
                lines.append(f"{pad}    phase = {block.phase!r}")
            if block.note:
                lines.append(f"{pad}notes.append({block.note!r})")
        explanation = '" ".join([_explanation, *notes]) if notes else _explanation' if notes else "_explanation"
        lines += [
            "    if not applied and not starts:",
            "        return None",
            "    return _make(",
            "        {",
            '            "kind": "rule_fired",',
            f'            "rule": {rule.id!r},',
            f'            "rule_kind": {rule.kind!r},',
            '            "outcome": "fired" if seat is None else "crossed",',
            f'            "seat": seat or {rule.seat!r},',
            f'            "title": {rule.title!r},',
            f'            "explanation": {explanation},',
            '            "sources": list(_sources),',
            '            "deltas": deltas,',
            '            "standing": standing,',
            f'            "set_flags": {"set_flags" if flags else "[]"},',
            f'            "clear_flags": {"clear_flags" if flags else "[]"},',
            f'            "phase_trigger": {"phase" if phases else "None"},',
            f'            "rolls": {"rolls" if dice else "[]"},',
            "        }",
            "    )",
        ]
        self.source = "\n".join(lines) + "\n"
        namespace: dict[str, Any] = dict(consts)
        exec(compiled_source(self.source, f"<firing of {rule.id}>"), namespace)  # our own source, from typed data
        self.fire: FireFn = namespace["fire"]


def compiled_source(source: str, name: str) -> CodeType:
    """`compile(source, name, "exec")`, once per source text.

    Opening a save builds its embedded scenario anew, and with it every
    per-scenario table; the generated functions' sources are the same for
    the same rulebook (their constants, which differ, are bound when the code
    runs), so their code is compiled once per process, not once per load.
    """
    key = (source, name)
    code = _CODE.get(key)
    if code is None:
        if len(_CODE) > 4_096:
            _CODE.clear()
        code = _CODE[key] = compile(source, name, "exec")
    return code


_CODE: dict[tuple[str, str], CodeType] = {}


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
