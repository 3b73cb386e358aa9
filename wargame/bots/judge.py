"""Judging many texts against one state, fast: the core of bots and deal finder.

A bot on its turn and the deal finder judge hundreds of candidate texts that
differ only in the table. Everything else a judgement reads (indicators,
round, agreements, levers, flags, streaks) is the same for all of them, so a
`Context` factors it out; a `SeatJudge` judges texts for one seat with
memos that remember, for each rule and stance, whether it holds for each
combination of the few issues its condition reads (`bots.memo`). A
candidate then costs a handful of dict look-ups and a sum over the seat's
issues instead of a walk over the whole rulebook.

The answers are those of the plain functions (`rules.engine.red_lines`,
`rejections`, `modifiers`, `rules.valuation`); term conditions are read
here as `rules.conditions.term_value` reads them, everything else by
`rules.conditions.holds` itself. The tests compare both paths on random
texts; the explanation of a verdict is made by the plain functions.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple, assert_never

from wargame.bots.memo import SHARED, Item, SeatCore, stance_id
from wargame.model import conditions as c
from wargame.model.scenario import Persona, Scenario, Stance
from wargame.model.state import TERMINAL, GameState, TableTerm
from wargame.rules.conditions import binding, holds
from wargame.rules.engine import SeatModifiers
from wargame.rules.rng import draw
from wargame.rules.valuation import (
    base_offset,
    counted_issues,
    reservation,
    value_of,
    with_stances,
)

__all__ = [
    "BELOW_RESERVATION",
    "Context",
    "SeatJudge",
    "Text",
    "Verdict",
    "context",
    "forget_words",
    "mood",
    "stance_id",
]

Text = dict[str, str]
"""A table text: issue id -> option id (an issue left out is silent)."""

BELOW_RESERVATION = "reservation.not_met"
"""The reason a bot gives when a text is worth less to it than its alternative."""

BLOCK_PENALTY = 200.0
"""How far below any margin a text that a seat refuses outright scores, per
reason, so that a search prefers removing a red line to anything else."""


def mood(scenario: Scenario, state: GameState, seat: str) -> float:
    """This game's draw of the seat's uncertainty about its alternative, in
    [-noise, +noise]: private to the seat's bot, the same all game long."""
    noise = scenario.seat(seat).profile.reservation.noise
    if not noise:
        return 0.0
    key = (state.seed, seat, noise)
    found = _MOODS.get(key)
    if found is None:
        if len(_MOODS) > 4096:
            _MOODS.clear()
        found = _MOODS[key] = (2 * draw(state.seed, "bot", "mood", seat) - 1) * noise
    return found


_MOODS: dict[tuple[int, str, float], float] = {}
"""(seed, seat, noise) -> the mood: a draw asked for at every turn."""


class Verdict(NamedTuple):
    """What a seat's bot would answer to one text. (A named tuple: a search
    makes tens of thousands of them.)"""

    seat: str
    accept: bool
    value: float
    reservation: float
    blocks: tuple[str, ...] = ()
    """Red lines, `bot_rejects` rules and stances that make it refuse outright."""

    @property
    def margin(self) -> float:
        return round(self.value - self.reservation, 2)

    @property
    def score(self) -> float:
        """The margin, far below zero for each outright refusal: what a search climbs."""
        if self.blocks:
            return min(self.margin, 0.0) - BLOCK_PENALTY * len(self.blocks)
        return self.margin

    @property
    def reasons(self) -> list[str]:
        if self.blocks:
            return list(self.blocks)
        return [] if self.accept else [BELOW_RESERVATION]


class Context:
    """A state with its table factored out: judge any text against it."""

    def __init__(self, scenario: Scenario, state: GameState) -> None:
        self.scenario = scenario
        self.state = state
        self.agreed = state.agreed_terms()
        self.agreed_key = tuple(sorted(self.agreed.items()))
        """The agreed terms as part of a seat's signature (`bots.memo`)."""
        self._judges: dict[str, SeatJudge] = {}
        self._terms: dict[tuple[str, str, str], TableTerm] = {}
        self.constants: dict[int, bool] = {}
        """Conditions that read no term, by id: whether they hold here."""
        self.signed = bool(state.agreements)
        self.firsts = {i.id: i.options[0].id for i in scenario.issues if i.implied_when_silent}
        self._settled: dict[str, str] | None = None

    @property
    def settled(self) -> dict[str, str]:
        """The terms on this phase's agenda that the agreements in force bind
        (`bots.deals.settled_terms`; it reads only what the context's key holds)."""
        if self._settled is None:
            if self.state.status in TERMINAL:
                self._settled = {}
            else:
                agenda = {i.id for i in self.scenario.agenda(self.state.status)}
                self._settled = {i: o for i, o in binding(self.scenario, self.state).items() if i in agenda}
        return self._settled

    def constant(self, cond: c.Condition) -> bool:
        """A condition that does not read the table, in this context."""
        key = id(cond)
        held = self.constants.get(key)
        if held is None:
            held = self.constants[key] = holds(cond, self.scenario, self.state)
        return held

    def holds(self, cond: c.Condition, table: Mapping[str, str], by: Mapping[str, str]) -> bool:
        """`rules.conditions.holds` with `table` on the table, without building
        a state: term conditions are read here exactly as `term_value` reads
        them, everything else is a constant of the context."""
        match cond:
            case c.TermCond():
                t = cond.term
                if t.by is not None:
                    option = table.get(t.issue)
                    return option is not None and by.get(t.issue, "bot") == t.by and option in t.in_
                if t.where == "table":
                    value = table.get(t.issue)
                    if value is None and table:
                        value = self.firsts.get(t.issue)
                elif t.where == "agreed":
                    value = self.agreed.get(t.issue)
                    if value is None and self.signed:
                        value = self.firsts.get(t.issue)
                else:
                    value = table.get(t.issue)
                    if value is None:
                        value = self.agreed.get(t.issue)
                    if value is None and (table or self.signed):
                        value = self.firsts.get(t.issue)
                return value in t.in_
            case c.AllOf():
                return all(self.holds(x, table, by) for x in cond.all)
            case c.AnyOf():
                return any(self.holds(x, table, by) for x in cond.any)
            case c.NotCond():
                return not self.holds(cond.not_, table, by)
            case c.AtLeast():
                return sum(1 for x in cond.at_least.of if self.holds(x, table, by)) >= cond.at_least.count
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
                return self.constant(cond)  # reads no term: the same for every text
            case _:
                assert_never(cond)

    def judge(self, seat: str) -> SeatJudge:
        if seat not in self._judges:
            self._judges[seat] = SeatJudge(self, seat)
        return self._judges[seat]

    def view(self, table: Mapping[str, str], by: Mapping[str, str]) -> GameState:
        """The state with `table` on the table, each term tabled by the seat
        `by` names (conditions read who tabled a term, never when)."""
        st = self.state
        made = self._terms
        terms = {}
        for issue, option in table.items():
            key = (issue, option, by.get(issue, "bot"))
            term = made.get(key)
            if term is None:
                term = made[key] = TableTerm.model_construct(option=option, by=key[2], round=st.round)
            terms[issue] = term
        return st.model_copy(update={"table": terms})


Words = tuple[SeatModifiers, list[Stance], str]
"""A text's rules' modifiers and stances holding, and its value in words (`SeatJudge._worth`)."""

MAX_WORDS = 4096
"""Texts' words remembered (`_WORDS`) before starting over."""

_WORDS: dict[tuple[Any, ...], tuple[weakref.ref[SeatCore], Words]] = {}
"""(seat core's id, text, authors its rules read) -> the seat core (weakly:
the seat cores' own LRU decides how long it lives; a dead or other core is
a miss) and the text's words for it. Read only: never changed once made."""


def forget_words() -> None:
    """Forget every text's remembered words (the benchmark's cold start)."""
    _WORDS.clear()


class SeatJudge:
    """One seat's bot, judging texts in one context (its memos are shared
    with every context of the same signature, see `bots.memo`)."""

    def __init__(self, ctx: Context, seat: str) -> None:
        self._ctx = weakref.ref(ctx)
        """Weak: the context holds its judges, and a judge that held its
        context would make a cycle only the collector frees (an evicted
        context, its state, its judges and their memos)."""
        self.seat = seat
        counted = counted_issues(ctx.scenario, ctx.state, seat)
        self.core = SHARED.core(ctx, seat, counted)
        self.stances = self.core.rules.stances
        self._offsets: dict[tuple[str | None, float], float] = {}

    @property
    def ctx(self) -> Context:
        """The judge's context (a judge is reached through it, which keeps it)."""
        ctx = self._ctx()
        if ctx is None:
            raise RuntimeError(f"the context of {self.seat}'s judge is gone: keep the context while judging")
        return ctx

    def holding(self, table: Mapping[str, str], by: Mapping[str, str]) -> Iterator[Item]:
        """The rules and stances concerning this seat that hold with `table`."""
        return self.core.holding(self.ctx, table, by)

    @property
    def base(self) -> float:
        """The text-independent reservation of the profile alone (no persona, no mood)."""
        return self.offset(None)

    def offset(self, persona: Persona | None, noise: float = 0.0) -> float:
        """The text-independent reservation for this persona and mood
        (made when first asked: a bot asks only for its persona's)."""
        key = (persona.id if persona else None, noise)
        if key not in self._offsets:
            self._offsets[key] = base_offset(self.ctx.scenario, self.ctx.state, self.seat, persona, noise)
        return self._offsets[key]

    def verdict(
        self,
        table: Mapping[str, str],
        by: Mapping[str, str] | None = None,
        persona: Persona | None = None,
        noise: float = 0.0,
        offset: float | None = None,
        key: Any = None,
    ) -> Verdict:
        """Would this seat's bot sign the deal with `table` on the table?
        (`key`: `frozenset(table.items())`, if the caller has it already.)"""
        value, shift, blocks = self.core.core(self.ctx, table, by or {}, key)
        res = round((self.offset(persona, noise) if offset is None else offset) + shift, 2)
        return Verdict(self.seat, not blocks and value >= res, value, res, blocks)

    def explain(
        self,
        table: Mapping[str, str],
        by: Mapping[str, str] | None = None,
        persona: Persona | None = None,
        noise: float = 0.0,
        verdict: Verdict | None = None,
    ) -> str:
        """The verdict in words: the blocking rules, or the terms that made the
        value and what moved the reservation (the plain functions, with parts).
        (`verdict`: `self.verdict` of the same arguments, if the caller has it.)"""
        by = by or {}
        scenario, seat = self.ctx.scenario, self.seat
        if verdict is None:
            verdict = self.verdict(table, by, persona, noise)
        if verdict.blocks:
            titles = []
            for rid in verdict.blocks:
                stance = self.stances.get(rid)
                title = stance.why if stance is not None else scenario.rule(rid).title
                titles.append(title.rstrip("."))
            return "Rejected: " + "; ".join(titles) + "."
        # The state itself, not a copy with `table` on the table: with the
        # modifiers and stances given, the functions below read no term.
        view = self.ctx.state
        rule_mods, stances, worth = self._worth(table, by)
        res = reservation(scenario, view, seat, persona, rule_mods, stances, noise)
        return f"{'Accepted' if verdict.accept else 'Rejected'}: {worth}; " + (
            f"reservation {res.value:g} ({describe_reservation(res.parts)})."
        )

    def _worth(self, table: Mapping[str, str], by: Mapping[str, str]) -> Words:
        """The rules' modifiers and the stances that hold with `table`, and
        the text's value in words: what they read (the rules and stances
        holding, the agreed terms, the issues counted) is the seat core's
        signature with the text and the authors its rules read, so they are
        remembered under exactly that, across contexts and games (the
        reservation's words read this game's indicators and mood: made at
        every vote)."""
        core = self.core
        key = (id(core), frozenset(table.items()), tuple(by.get(i) for i in core.rules.by_issues))
        held = _WORDS.get(key)
        if held is not None and held[0]() is core:
            return held[1]
        scenario, seat, view = self.ctx.scenario, self.seat, self.ctx.state
        holding = list(self.holding(table, by))
        stances = [self.stances[i.id] for i in holding if i.id in self.stances]
        rule_mods = SeatModifiers(because=[i.id for i in holding if i.id not in self.stances])
        for item in holding:
            if item.id in self.stances:
                continue
            rule_mods.reservation += item.reservation
            for issue, factor in item.scale.items():
                rule_mods.issue_scale[issue] = rule_mods.issue_scale.get(issue, 1.0) * factor
            for ko, v in item.bonus.items():
                rule_mods.option_bonus[ko] = rule_mods.option_bonus.get(ko, 0.0) + v
        mods = with_stances(scenario, view, seat, rule_mods, stances)
        val = value_of(scenario, view, seat, {**self.ctx.agreed, **table}, mods)
        words: Words = (rule_mods, stances, describe_value(val.parts, val.value, scenario))
        if len(_WORDS) >= MAX_WORDS:
            _WORDS.clear()
        _WORDS[key] = (weakref.ref(core), words)
        return words


def describe_value(
    parts: list[tuple[str, str, float]], value: float, scenario: Scenario | None = None, top: int = 3
) -> str:
    """`worth 12 (best Alignment: military neutrality +54; worst ...)`, in the
    scenario's words when it is given (its ids otherwise)."""
    good = sorted((p for p in parts if p[2] > 0), key=lambda p: -p[2])[:top]
    bad = sorted((p for p in parts if p[2] < 0), key=lambda p: p[2])[:top]

    def term(issue: str, option: str) -> str:
        if scenario is None or not scenario.has("issue", issue):
            return f"{issue}={option}"
        spec = scenario.issue(issue)
        return f"{spec.title}: {next((o.label for o in spec.options if o.id == option), option)}"

    bits = []
    if good:
        bits.append("best " + ", ".join(f"{term(i, o)} {v:+g}" for i, o, v in good))
    if bad:
        bits.append("worst " + ", ".join(f"{term(i, o)} {v:+g}" for i, o, v in bad))
    return f"worth {value:g}" + (f" ({'; '.join(bits)})" if bits else "")


def describe_reservation(parts: list[tuple[str, float]]) -> str:
    return ", ".join(f"{k} {v:+g}" if k != "base" else f"base {v:g}" for k, v in parts)


class _Contexts:
    """A few recent contexts, shared by every bot and finder in the process:
    the bots of one round, and games that pass through the same state (every
    game of a batch starts from the same one), judge the same texts."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[int, tuple[tuple[Any, ...], Context]] = OrderedDict()
        """The fingerprint's hash -> (the fingerprint, its context): a long
        tuple is hashed once a look-up, not again to mark it recently used
        (two fingerprints of one hash: the later replaces the earlier)."""
        self._lock = threading.Lock()
        """The app's workers may ask at the same time (see `memo._Shared`)."""

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get(self, scenario: Scenario, state: GameState) -> Context:
        key = fingerprint(scenario, state)
        with self._lock:
            return self._get(key, scenario, state)

    def _get(self, key: tuple[Any, ...], scenario: Scenario, state: GameState) -> Context:
        h = hash(key)
        held = self._items.get(h)
        if held is not None and held[0] == key:
            self._items.move_to_end(h)
            return held[1]
        ctx = Context(scenario, state.fork())
        self._items[h] = (key, ctx)
        self._items.move_to_end(h)
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return ctx


def fingerprint(scenario: Scenario, state: GameState) -> tuple[Any, ...]:
    """Everything but the table that a judgement reads from a state."""
    return (
        id(scenario),
        state.status,
        state.sequence,
        state.lens,
        state.round,
        state.max_rounds,
        state.deadline_round,
        tuple(state.indicators.items()),
        tuple(state.levers_used),
        tuple(state.flags),
        tuple((a.phase, a.round, tuple(sorted(a.terms.items()))) for a in state.agreements.values()),
        tuple((a.phase, a.round) for a in state.history),
        tuple(sorted(state.streaks.items())),
    )


CONTEXTS = _Contexts()


def context(scenario: Scenario, state: GameState) -> Context:
    """The shared context for this state (built once, then reused)."""
    return CONTEXTS.get(scenario, state)
