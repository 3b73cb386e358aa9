"""The rule engine: which rules hold, which fire, what they do.

Rules are data (`model.scenario.Rule`). Three questions are asked of them:

* at a vote: which red lines does this text cross for a seat, and which rules
  make a seat's bot reject it (`red_lines`, `rejections`);
* at adjudication: which rules fire this round and with what effects
  (`fire_rules`), recorded as `RuleFired` events with their explanations;
  and, when the talks end in that round, the rules about how they ended
  (`fire_closing_rules`);
* at any time: which valuation modifiers hold now (`modifiers`), read by bots
  and by scoring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from wargame.model import conditions as c
from wargame.model.events import RuleFired
from wargame.model.per_scenario import per_scenario
from wargame.model.scenario import Effect, Rule, Scenario
from wargame.model.state import TERMINAL, GameState
from wargame.rules.book import BookTest, book_test
from wargame.rules.conditions import Test, compiled, holds, leaves
from wargame.rules.firing import RULE_FIRED, FireFn, firings
from wargame.rules.numbers import number as number  # (re-exported: callers read it here)
from wargame.rules.rng import draw


def params_of(
    scenario: Scenario, state: GameState, rule: Rule, indicators: dict[str, float] | None = None
) -> dict[str, float]:
    """The rule's parameters, with the game's lens overrides on top, and the
    indicators as they stand (`@momentum`), for effects that scale with them
    (`indicators`: `indicator_params(state)`, if the caller has it already)."""
    key = (id(scenario), state.lens, rule.id)
    hit = _STATIC_PARAMS.get(key)
    if hit is None or hit[0] is not scenario:
        if len(_STATIC_PARAMS) > 10_000:
            _STATIC_PARAMS.clear()
        static = {"days": float(scenario.days_per_round), **rule.params}
        if state.lens and scenario.has("lens", state.lens):
            override = scenario.lens(state.lens).rules.get(rule.id)
            if override:
                static.update(override.params)
        hit = _STATIC_PARAMS[key] = (scenario, static)
    return {**hit[1], **(indicator_params(state) if indicators is None else indicators)}


_STATIC_PARAMS: dict[tuple[int, str | None, str], tuple[Scenario, dict[str, float]]] = {}
"""(scenario, lens, rule) -> the rule's own parameters with the lens's on top:
fixed for a game, so made once, not once a rule a round."""


def indicator_params(state: GameState) -> dict[str, float]:
    """The indicators as number factors: `@momentum` is momentum's value now."""
    names = _AT
    out: dict[str, float] = {}
    for k, v in state.indicators.items():
        name = names.get(k)
        if name is None:
            name = names[k] = f"@{k}"
        out[name] = v
    return out


_AT: dict[str, str] = {}
"""Indicator id -> `@id`, its name as a number factor (made once)."""


@dataclass
class Applied:
    """The result of applying effect blocks: what a `RuleFired` or
    `InjectFired` event records."""

    deltas: dict[str, float] = field(default_factory=dict)
    standing: dict[str, float] = field(default_factory=dict)
    set_flags: list[str] = field(default_factory=list)
    clear_flags: list[str] = field(default_factory=list)
    phase: str | None = None
    rolls: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    blocks: int = 0


def apply_blocks(
    scenario: Scenario,
    state: GameState,
    blocks: list[Effect],
    params: dict[str, float],
    label: tuple[object, ...],
    allow: Any = None,
) -> Applied:
    """Apply the effect blocks whose `when` holds and whose chance comes up.

    `allow(block)` filters blocks by repeat policy (rules); injects allow all.
    """
    out = Applied()
    for i, block in enumerate(blocks):
        if allow is not None and not allow(block):
            continue
        if block.when is not None and not holds(block.when, scenario, state):
            continue
        if block.chance is not None:
            roll = draw(state.seed, *label, i)
            out.rolls.append(round(roll, 6))
            if roll >= number(block.chance, params):
                continue
        out.blocks += 1
        for ind, v in block.indicators.items():
            out.deltas[ind] = out.deltas.get(ind, 0.0) + number(v, params)
        for seat, v in block.standing.items():
            out.standing[seat] = out.standing.get(seat, 0.0) + number(v, params)
        out.set_flags += block.set_flags
        out.clear_flags += block.clear_flags
        if block.phase is not None and out.phase != "collapse":
            out.phase = block.phase
        if block.note:
            out.notes.append(block.note)
    return out


def _event(rule: Rule, applied: Applied, outcome: str = "fired", seat: str | None = None) -> RuleFired:
    explanation = " ".join([rule.explanation.strip(), *applied.notes])
    return RULE_FIRED(
        {
            "kind": "rule_fired",
            "rule": rule.id,
            "rule_kind": rule.kind,
            "outcome": outcome,
            "seat": seat or rule.seat,
            "title": rule.title,
            "explanation": explanation,
            "sources": list(rule.sources),
            "deltas": applied.deltas,
            "standing": applied.standing,
            "set_flags": applied.set_flags,
            "clear_flags": applied.clear_flags,
            "phase_trigger": applied.phase,
            "rolls": applied.rolls,
        },
    )


@dataclass(frozen=True)
class RuleIndex:
    """The rulebook sorted once per scenario by the question each rule answers,
    each rule with its compiled condition (`rules.conditions.compiled`), so a
    round walks short lists of closures instead of filtering every rule."""

    rules: tuple[tuple[Rule, Test], ...]
    """The rules that are not red lines, in the rulebook's order."""
    red_lines: dict[str, tuple[tuple[Rule, Test], ...]]
    """Seat -> its red lines."""
    rejects: dict[str, tuple[tuple[Rule, Test], ...]]
    """Seat -> the rules that make its bot reject a text."""
    closing: frozenset[str]
    """Ids of the rules that read whether the talks have ended."""
    book: BookTest
    """The tests of `rules`, all in one compiled function (`rules.book`): what a round reads."""
    ids: tuple[str, ...]
    """The ids of `rules`, in the same order."""
    red_books: dict[str, BookTest]
    """Seat -> the tests of its `red_lines`, in one compiled function (asked at every vote)."""
    reject_books: dict[str, BookTest]
    """Seat -> the tests of its `rejects`, in one compiled function."""
    durable: tuple[tuple[Rule, Test, Test | None], ...]
    """The rules with a durability modifier: each with its condition's test and its `durability_when`'s."""
    reads_streaks: bool
    """Does any effect block of `rules` have a `when` (read against the round's
    new streaks, on a copy of the state: made only if one does)?"""


@per_scenario
def rule_index(scenario: Scenario) -> RuleIndex:
    tested = [(r, compiled(scenario, r.condition)) for r in scenario.rules]
    red: dict[str, list[tuple[Rule, Test]]] = {}
    rejects: dict[str, list[tuple[Rule, Test]]] = {}
    for rule, test in tested:
        if rule.kind == "red_line":
            if rule.seat is not None:
                red.setdefault(rule.seat, []).append((rule, test))
            continue
        for seat in dict.fromkeys(rule.bot_rejects):
            rejects.setdefault(seat, []).append((rule, test))
    index = RuleIndex(
        rules=tuple((r, t) for r, t in tested if r.kind != "red_line"),
        red_lines={seat: tuple(v) for seat, v in red.items()},
        rejects={seat: tuple(v) for seat, v in rejects.items()},
        closing=frozenset(r.id for r, _ in tested if r.kind != "red_line" and reads_end_of_talks(r)),
        book=book_test(scenario, [r.condition for r, _ in tested if r.kind != "red_line"]),
        ids=tuple(r.id for r, _ in tested if r.kind != "red_line"),
        red_books={seat: book_test(scenario, [r.condition for r in rules]) for seat, rules in _rules_of(red).items()},
        reject_books={
            seat: book_test(scenario, [r.condition for r in rules]) for seat, rules in _rules_of(rejects).items()
        },
        durable=tuple(
            (
                r,
                t,
                None if r.modifiers.durability_when is None else compiled(scenario, r.modifiers.durability_when),
            )
            for r, t in tested
            if r.modifiers.durability
        ),
        reads_streaks=any(b.when is not None for r, _ in tested if r.kind != "red_line" for b in r.effects),
    )
    return index


def _rules_of(by_seat: dict[str, list[tuple[Rule, Test]]]) -> dict[str, list[Rule]]:
    return {seat: [r for r, _ in pairs] for seat, pairs in by_seat.items()}


def held_now(scenario: Scenario, state: GameState) -> dict[str, bool]:
    """Which non-red-line rules hold in this state."""
    return {r.id: test(state) for r, test in rule_index(scenario).rules}


def _fire(
    scenario: Scenario,
    state: GameState,
    view: GameState,
    rule: Rule,
    entering: bool,
    first: bool,
) -> RuleFired | None:
    """Apply one rule that holds; the event, or None if nothing of it applies.

    `entering`: its condition has just started to hold (its streak is 1);
    `first`: it has never fired. Effect blocks follow their repeat policy (the
    block's, else the rule's) and are read against `view`.
    """
    starts = (rule.repeat == "on_entry" and entering) or (rule.repeat == "once" and first)
    if not rule.effects:  # a third of the rulebook: such a rule acts by its modifiers, its event marks its entry
        return _event(rule, Applied()) if starts else None
    # the effects made ready once per scenario and lens (`rules.firing`): the
    # same blocks, numbers and event as `apply_blocks` and `_event` would make
    return firings(scenario, state.lens)[rule.id].fire(state, view, entering, first, starts)


def fire_rules(scenario: Scenario, state: GameState) -> tuple[list[RuleFired], dict[str, int]]:
    """Adjudicate the round's rules against `state` (which already has the
    round's votes and any signature). Returns the events and the new streaks.

    All conditions are read from the same state, so the order of the rulebook
    does not change which rules fire, only the order they are reported in.
    """
    index = rule_index(scenario)
    held = index.book(state)  # `held_now`, all in one compiled function
    get = state.streaks.get
    streaks = dict.fromkeys(index.ids, 0)
    """Every rule's streak (0 if it does not hold): what the blocks' `when` read."""
    live: dict[str, int] = {}
    """The rules that hold, with their streaks: what the round records."""
    holding: list[tuple[_Ready, int]] = []
    for entry in compress(_ready(scenario, state.lens), held):  # the rules that hold, in order
        rid = entry[0]
        n = streaks[rid] = live[rid] = get(rid, 0) + 1
        holding.append((entry, n))
    events: list[RuleFired] = []
    if not holding:
        return events, live
    ever_fired = state.fired_ids()
    view = state.model_copy(update={"streaks": streaks}) if index.reads_streaks else state
    for (rid, rule, repeat, fire), n in holding:
        # `_fire`, with the rule's effects made ready once per lens
        entering, first = n == 1, rid not in ever_fired
        starts = (repeat == "on_entry" and entering) or (repeat == "once" and first)
        if fire is not None:
            event = fire(state, view, entering, first, starts)
        else:
            event = _event(rule, Applied()) if starts else None
        if event is not None:
            events.append(event)
    return events, live


_Ready = tuple[str, Rule, str, "FireFn | None"]
"""A rule of `RuleIndex.rules` as a round fires it: its id, the rule, its
repeat policy, and its effects' `Firing.fire` (None for a rule without effects)."""


@per_scenario
def _ready_by_lens(scenario: Scenario) -> dict[str | None, tuple[_Ready, ...]]:
    return {}


def _ready(scenario: Scenario, lens: str | None) -> tuple[_Ready, ...]:
    """`RuleIndex.rules` as a round fires them under `lens` (made once)."""
    held = _ready_by_lens(scenario)
    out = held.get(lens)
    if out is None:
        ready = firings(scenario, lens)
        out = held[lens] = tuple(
            (rule.id, rule, rule.repeat, ready[rule.id].fire if rule.effects else None)
            for rule, _ in rule_index(scenario).rules
        )
    return out


def reads_end_of_talks(rule: Rule) -> bool:
    """Does the rule's condition ask whether the talks have ended (a `phase`
    condition naming collapse, expired or peace)?"""
    return any(isinstance(x, c.PhaseCond) and set(x.phase) & set(TERMINAL) for x in leaves(rule.condition))


def fire_closing_rules(
    scenario: Scenario, state: GameState, streaks: dict[str, int]
) -> tuple[list[RuleFired], dict[str, int]]:
    """The rules about how the talks ended, read again once they have ended.

    The talks collapse or expire at the end of a round's adjudication, after the
    round's rules were read; no round follows. So a rule whose condition names
    an end state (`phase: [collapse, expired]`) is read once more against the
    final state, and if it holds now but did not at the round's reading, it
    fires in this same round. `streaks` are the round's; the ones returned add
    the rules that fired here.
    """
    out = dict(streaks)
    if state.status not in TERMINAL:
        return [], out
    ever_fired = state.fired_ids()
    view = state.model_copy(update={"streaks": out})
    events: list[RuleFired] = []
    index = rule_index(scenario)
    for rule, test in index.rules:
        if rule.id in streaks or rule.id not in index.closing:
            continue
        if not test(state):
            continue
        out[rule.id] = 1
        event = _fire(scenario, state, view, rule, True, rule.id not in ever_fired)
        if event is not None:
            events.append(event)
    return events, out


def red_lines(scenario: Scenario, state: GameState, seat: str) -> list[Rule]:
    """The seat's red lines that the deal as it stands (table over agreed) crosses."""
    index = rule_index(scenario)
    book = index.red_books.get(seat)
    if book is None:
        return []
    return [r for (r, _), h in zip(index.red_lines[seat], book(state), strict=True) if h]


def rejections(scenario: Scenario, state: GameState, seat: str) -> list[Rule]:
    """Non-red-line rules that make this seat's bot reject the text now."""
    index = rule_index(scenario)
    book = index.reject_books.get(seat)
    if book is None:
        return []
    return [r for (r, _), h in zip(index.rejects[seat], book(state), strict=True) if h]


ALREADY_SIGNED = "The signed agreements already cross this red line: its cost was counted when they were signed."


def crossing(scenario: Scenario, state: GameState, rule: Rule, seat: str) -> RuleFired:
    """The event of a seat accepting a text across its own red line, with its cost.

    A red line that the signed agreements already cross (a term carried into
    the next phase's text) was paid for when they were signed, so accepting it
    again costs nothing more.
    """
    if state.agreements and holds(rule.condition, scenario, state.model_copy(update={"table": {}})):
        return _event(rule, Applied(notes=[ALREADY_SIGNED]), outcome="crossed", seat=seat)
    ready = firings(scenario, state.lens).get(rule.id)
    if ready is not None:  # its effects made ready once (`rules.firing`): every block, as below
        event = ready.fire(state, state, True, True, True, seat=seat)
        assert event is not None  # (`starts`: a crossing is always recorded)
        return event
    params = params_of(scenario, state, rule)
    applied = apply_blocks(scenario, state, rule.effects, params, (state.round, rule.id, seat))
    return _event(rule, applied, outcome="crossed", seat=seat)


@dataclass
class SeatModifiers:
    reservation: float = 0.0
    issue_scale: dict[str, float] = field(default_factory=dict)
    option_bonus: dict[tuple[str, str], float] = field(default_factory=dict)
    because: list[str] = field(default_factory=list)
    """Ids of the rules behind these modifiers."""


def modifiers(scenario: Scenario, state: GameState, seat: str) -> SeatModifiers:
    """The valuation modifiers for a seat from every rule that holds now."""
    out = SeatModifiers()
    for rule in scenario.rules:
        mods = rule.modifiers
        touches = seat in mods.reservation or seat in mods.issue_scale or seat in mods.option_bonus
        if not touches or not holds(rule.condition, scenario, state):
            continue
        params = params_of(scenario, state, rule)
        out.because.append(rule.id)
        if seat in mods.reservation:
            out.reservation += number(mods.reservation[seat], params)
        for issue, factor in mods.issue_scale.get(seat, {}).items():
            out.issue_scale[issue] = out.issue_scale.get(issue, 1.0) * number(factor, params)
        for issue, opts in mods.option_bonus.get(seat, {}).items():
            for opt, v in opts.items():
                out.option_bonus[(issue, opt)] = out.option_bonus.get((issue, opt), 0.0) + number(v, params)
    return out


def durability(scenario: Scenario, state: GameState) -> tuple[float, dict[str, float]]:
    """The signed deal's durability from its terms alone: the bases of the
    phase agreements in force plus the durability modifiers of the rules that
    hold on the signed agreements (the table does not count)."""
    parts: dict[str, float] = {}
    if not state.agreements:  # (most rounds: no base, no modifier can hold)
        return round(sum(parts.values()), 3), parts
    signed = state.model_copy(update={"table": {}})
    for phase in scenario.phases:
        if phase.id in state.agreements and phase.durability:
            parts[f"{phase.id} agreement"] = phase.durability
    if state.agreements:
        for rule, test, when in rule_index(scenario).durable:  # the rules with a durability modifier, in order
            if not test(signed):
                continue
            if when is not None and not when(signed):
                continue
            parts[rule.id] = number(rule.modifiers.durability, params_of(scenario, state, rule))
    return round(sum(parts.values()), 3), parts
