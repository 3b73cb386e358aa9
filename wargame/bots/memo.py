"""What a seat's judgements depend on, and the memos that make them cheap.

A seat's verdict on a text depends on the text and on the rules and stances
that concern the seat. Those read the table only through term conditions;
everything else they read (indicators, phase, round, levers, flags, streaks,
signed terms) comes to a handful of yes/no answers, the same for every text.
So the truth of those answers, the signed terms, the issues counted and the
lens make a seat's *signature*: two states with the same signature judge
every text alike, whatever their round or game. `SeatCore` holds the memos
for one signature and is shared by every context that has it: the rounds of
one phase, and the games of a batch, judge the same texts over and over.

Within a signature, each rule remembers whether it holds for each
combination of the few issues it reads, and each text's value is a sum of
precomputed points per option, valued in full only where a text-dependent
modifier changes an option's value.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, assert_never

from wargame.model import conditions as c
from wargame.model.scenario import Scenario, Stance
from wargame.rules.conditions import compiled
from wargame.rules.engine import SeatModifiers, number, params_of
from wargame.rules.valuation import deal_value, no_deal_value, option_value

if TYPE_CHECKING:
    from wargame.bots.judge import Context

KeyFn = Callable[[Mapping[str, str], Mapping[str, str], bool], tuple[Any, ...]]
Row = dict[str | None, float]
Core = tuple[float, float, tuple[str, ...]]
"""(value, reservation shift from rules and stances, outright refusals)."""


def stance_id(seat: str, stance: Stance) -> str:
    """The id a stance goes by in a vote's reasons."""
    return f"stance.{seat}.{stance.id}"


def reads(cond: c.Condition, table: set[str], by: set[str], leaves: list[c.Condition]) -> None:
    """Collect what a condition reads: issues from the table (and by whom),
    and the leaves that do not read the table at all."""
    match cond:
        case c.AllOf() | c.AnyOf() | c.NotCond() | c.AtLeast():
            for _, sub in c.parts(cond):
                reads(sub, table, by, leaves)
        case c.TermCond():
            if cond.term.by is not None:
                by.add(cond.term.issue)
                table.add(cond.term.issue)
            elif cond.term.where != "agreed":
                table.add(cond.term.issue)
        case (
            c.IndicatorCond()
            | c.PhaseCond()
            | c.RoundCond()
            | c.DeadlineCond()
            | c.AgreementCond()
            | c.LeverCond()
            | c.LensCond()
            | c.FlagCond()
            | c.StreakCond()
            | c.ReopenedCond()
            | c.InForceCond()
        ):
            leaves.append(cond)
        case _:
            assert_never(cond)


def key_fn(deps: tuple[str, ...], by_deps: tuple[str, ...]) -> KeyFn:
    """The memo key of a condition for a text: whether anything is said, and
    the options (and authors) of the issues it reads. Specialised for the
    usual one or two issues: this runs for every rule and candidate text."""
    if not by_deps and len(deps) == 1:
        (a,) = deps
        return lambda t, b, said: (said, t.get(a))
    if not by_deps and len(deps) == 2:
        a, c2 = deps
        return lambda t, b, said: (said, t.get(a), t.get(c2))
    return lambda t, b, said: (said, *[t.get(i) for i in deps], *[b.get(i) for i in by_deps])


class Item:
    """One rule or stance as it concerns a seat."""

    __slots__ = ("id", "cond", "deps", "by_deps", "key", "blocks", "reservation", "scale", "bonus", "leaves")

    def __init__(self, ident: str, cond: c.Condition) -> None:
        self.id = ident
        self.cond = cond
        table: set[str] = set()
        by: set[str] = set()
        self.leaves: list[c.Condition] = []
        reads(cond, table, by, self.leaves)
        self.deps = tuple(sorted(table))
        self.by_deps = tuple(sorted(by))
        self.key = key_fn(self.deps, self.by_deps)
        self.blocks = False
        self.reservation = 0.0
        self.scale: dict[str, float] = {}
        self.bonus: dict[tuple[str, str], float] = {}


class SeatRules:
    """The rules and stances that concern a seat, with their numbers under a lens."""

    def __init__(self, ctx: Context, seat: str) -> None:
        scenario, state = ctx.scenario, ctx.state
        self.scenario = scenario
        """Held so that its id, a cache key, is not reused while cached."""
        self.items: list[Item] = []
        for rule in scenario.rules:
            blocks = (rule.kind == "red_line" and rule.seat == seat) or (
                rule.kind != "red_line" and seat in rule.bot_rejects
            )
            mods = rule.modifiers
            touches = seat in mods.reservation or seat in mods.issue_scale or seat in mods.option_bonus
            if not blocks and not touches:
                continue
            item = Item(rule.id, rule.condition)
            item.blocks = blocks
            if touches:
                params = params_of(scenario, state, rule)
                if seat in mods.reservation:
                    item.reservation = number(mods.reservation[seat], params)
                for issue, factor in mods.issue_scale.get(seat, {}).items():
                    item.scale[issue] = number(factor, params)
                for issue, opts in mods.option_bonus.get(seat, {}).items():
                    for opt, v in opts.items():
                        item.bonus[(issue, opt)] = number(v, params)
            self.items.append(item)
        self.stances: dict[str, Stance] = {}
        for stance in scenario.seat(seat).profile.stances:
            item = Item(stance_id(seat, stance), stance.when)
            item.blocks = stance.rejects
            item.reservation = stance.reservation
            for issue, values in stance.option_bonus.items():
                for opt, value in values.items():
                    item.bonus[(issue, opt)] = value
            self.stances[item.id] = stance
            self.items.append(item)
        self.leaves = [leaf for item in self.items for leaf in item.leaves]
        self.by_issues = tuple(sorted({i for item in self.items for i in item.by_deps}))
        self._tests = [(id(leaf), compiled(scenario, leaf)) for leaf in self.leaves]
        """Each leaf's compiled test (`rules.conditions.holds` runs the same)."""

    def signature(self, ctx: Context, counted: list[str]) -> tuple[Any, ...]:
        # `Context.constant` for every leaf, its memo filled as it fills it
        known, state = ctx.constants, ctx.state
        truths = []
        for key, test in self._tests:
            held = known.get(key)
            if held is None:
                held = known[key] = test(state)
            truths.append(held)
        return (tuple(truths), ctx.agreed_key, ctx.signed, tuple(counted))


class SeatCore:
    """A seat's memos for one signature: shared by every context that has it."""

    MAX_CORES = 20_000

    def __init__(self, ctx: Context, seat: str, rules: SeatRules, counted: list[str]) -> None:
        self.scenario: Scenario = ctx.scenario
        self.seat = seat
        self.rules = rules
        self.counted = counted
        const = SeatModifiers()
        self.const_reservation = 0.0
        self.const_blocks: list[str] = []
        self.always: list[Item] = []
        self.dynamic: list[tuple[Item, dict[tuple[Any, ...], bool]]] = []
        for item in rules.items:
            if item.deps:
                self.dynamic.append((item, {}))
                continue
            if not ctx.holds(item.cond, {}, {}):
                continue
            self.always.append(item)
            if item.blocks:
                self.const_blocks.append(item.id)
            self.const_reservation += item.reservation
            for issue, factor in item.scale.items():
                const.issue_scale[issue] = const.issue_scale.get(issue, 1.0) * factor
            for ko, v in item.bonus.items():
                const.option_bonus[ko] = const.option_bonus.get(ko, 0.0) + v
        self.const_mods = const
        weights = self.scenario.seat(seat).profile.weights
        self.total = sum(weights[i] * 10 for i in counted)
        self.points: dict[str, Row] = {issue: self.row(issue, const) for issue in counted}
        self.row_sets: dict[tuple[str, ...], dict[str, Row]] = {}
        self.nothing = deal_value(self.scenario, seat, {}, counted, const).value
        self.cores: OrderedDict[Any, Core] = OrderedDict()

    def holding(self, ctx: Context, table: Mapping[str, str], by: Mapping[str, str]) -> Iterator[Item]:
        """The rules and stances concerning this seat that hold with `table`."""
        yield from self.always
        yield from self._held(ctx, table, by)

    def _held(self, ctx: Context, table: Mapping[str, str], by: Mapping[str, str]) -> Iterator[Item]:
        """The text-dependent ones that hold, each reading remembered by its key
        (`core` walks the same memos inline: it is the hot path)."""
        said = bool(table)
        for item, memo in self.dynamic:
            k = item.key(table, by, said)
            held = memo.get(k)
            if held is None:
                held = memo[k] = ctx.holds(item.cond, table, by)
            if held:
                yield item

    def core(self, ctx: Context, table: Mapping[str, str], by: Mapping[str, str], key: Any = None) -> Core:
        by_issues = self.rules.by_issues
        if key is None:
            key = frozenset(table.items())
        key = (key, *[by.get(i) for i in by_issues]) if by_issues else (key,)
        found = self.cores.get(key)
        if found is not None:
            return found
        said = bool(table)
        blocks = list(self.const_blocks)
        shift = self.const_reservation
        valuing: list[Item] = []
        for item, memo in self.dynamic:
            k = item.key(table, by, said)
            held = memo.get(k)
            if held is None:
                held = memo[k] = ctx.holds(item.cond, table, by)
            if not held:
                continue
            if item.blocks:
                blocks.append(item.id)
            shift += item.reservation
            if item.scale or item.bonus:
                valuing.append(item)
        agreed = ctx.agreed
        if not said and not agreed:
            value = self.nothing
        else:
            rows = self.rows(tuple(valuing)) if valuing else self.points
            points = 0.0
            for issue, row in rows.items():
                option = table.get(issue)
                points += row[option if option is not None else agreed.get(issue)]
            value = round(100 * points / self.total, 2) if self.total else 0.0
        found = (value, shift, tuple(blocks))
        self.cores[key] = found
        if len(self.cores) > self.MAX_CORES:
            self.cores.popitem(last=False)
        return found

    def parts(self, ctx: Context, table: Mapping[str, str], by: Mapping[str, str]) -> list[tuple[str, str, float]]:
        """The value's parts, as `rules.valuation.deal_value` explains a
        text that says something: (issue, option or `unsettled`, points)."""
        said = bool(table)
        valuing = [item for item in self._held(ctx, table, by) if item.scale or item.bonus]
        rows = self.rows(tuple(valuing)) if valuing else self.points
        agreed = ctx.agreed
        out: list[tuple[str, str, float]] = []
        for issue, row in rows.items():
            option = table.get(issue)
            if option is None:
                option = agreed.get(issue)
            if option is None and (said or agreed):
                spec = self.scenario.issue(issue)
                if spec.implied_when_silent:
                    option = spec.options[0].id
            out.append((issue, option or "unsettled", round(row[option], 2)))
        return out

    def rows(self, valuing: tuple[Item, ...]) -> dict[str, Row]:
        """The table of points when these text-dependent modifiers hold too
        (the same products, summed in the same order, as `deal_value`)."""
        key = tuple(item.id for item in valuing)
        rows = self.row_sets.get(key)
        if rows is not None:
            return rows
        mods = SeatModifiers(
            issue_scale=dict(self.const_mods.issue_scale), option_bonus=dict(self.const_mods.option_bonus)
        )
        touched: set[str] = set()
        for item in valuing:
            for issue, factor in item.scale.items():
                mods.issue_scale[issue] = mods.issue_scale.get(issue, 1.0) * factor
                touched.add(issue)
            for (issue, opt), v in item.bonus.items():
                mods.option_bonus[(issue, opt)] = mods.option_bonus.get((issue, opt), 0.0) + v
                touched.add(issue)
        rows = dict(self.points)
        for issue in touched.intersection(rows):
            rows[issue] = self.row(issue, mods)
        self.row_sets[key] = rows
        return rows

    def row(self, issue: str, mods: SeatModifiers) -> Row:
        """One issue's weighted points per option (None: silent) under `mods`."""
        scenario, seat = self.scenario, self.seat
        spec = scenario.issue(issue)
        full = scenario.seat(seat).profile.weights[issue]
        row: Row = {}
        for option in spec.options:
            v = option_value(scenario, seat, issue, option.id, mods)
            weight = full * mods.issue_scale.get(issue, 1.0) if v > 0 else full
            row[option.id] = weight * v
        row[None] = row[spec.options[0].id] if spec.implied_when_silent else full * no_deal_value(scenario, seat, issue)
        return row


class _Shared:
    """The process's seat rules (per scenario, seat and lens) and seat cores
    (per signature besides), the least recently used dropped first.

    The app's workers (a bot's move, the deal finder's hint) may ask at the
    same time, so the memo is read and changed under a lock. Entries hold
    their scenario, so the `id` in a key cannot be reused while it is there."""

    def __init__(self, size: int = 96) -> None:
        self.size = size
        self.rules: dict[tuple[int, str, str | None], SeatRules] = {}
        self.cores: OrderedDict[tuple[Any, ...], SeatCore] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every memo (the benchmark measures cold calls with it)."""
        with self._lock:
            self.rules.clear()
            self.cores.clear()

    def core(self, ctx: Context, seat: str, counted: list[str]) -> SeatCore:
        with self._lock:
            return self._core(ctx, seat, counted)

    def _core(self, ctx: Context, seat: str, counted: list[str]) -> SeatCore:
        lens = ctx.state.lens
        rkey = (id(ctx.scenario), seat, lens)
        rules = self.rules.get(rkey)
        if rules is None or len(self.rules) > 64:
            if len(self.rules) > 64:
                self.rules.clear()
            rules = self.rules[rkey] = SeatRules(ctx, seat)
        key = (*rkey, rules.signature(ctx, counted))
        core = self.cores.get(key)
        if core is None:
            core = self.cores[key] = SeatCore(ctx, seat, rules, counted)
            if len(self.cores) > self.size:
                self.cores.popitem(last=False)
        else:
            self.cores.move_to_end(key)
        return core


SHARED = _Shared()
