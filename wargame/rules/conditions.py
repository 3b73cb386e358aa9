"""Evaluating conditions against a game state, and saying them in words.

Pure functions over (scenario, state): rules, injects and bots all use them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import assert_never

from wargame.model import conditions as c
from wargame.model.scenario import Scenario
from wargame.model.state import GameState


def term_value(scenario: Scenario, state: GameState, issue_id: str, where: str = "deal") -> str | None:
    """The option that stands for an issue in `where` (table, agreed or deal).

    A text silent on an issue means its status quo, unless the issue says a
    silence implies nothing (`implied_when_silent: false`).
    """
    if where == "table":
        terms = state.table_terms()
    elif where == "agreed":
        terms = state.agreed_terms()
    else:
        terms = state.deal_terms()
    if issue_id in terms:
        return terms[issue_id]
    issue = scenario.issue(issue_id)
    if where == "table" and not state.table:
        return None
    if where == "agreed" and not state.agreements:
        return None
    if where == "deal" and not state.table and not state.agreements:
        return None
    return issue.options[0].id if issue.implied_when_silent else None


def lever_in_effect(scenario: Scenario, state: GameState, lever_id: str) -> bool:
    """Used, and not since switched off by the lever that ends it."""
    enders = {v.id for v in scenario.levers if v.ends == lever_id}
    # the latest pull of the lever or of one that ends it decides (read from
    # the end: a long game's log is not walked whole at every evaluation)
    for _, _, lever in reversed(state.levers_used):
        if lever == lever_id:
            return True
        if lever in enders:
            return False
    return False


def binding(scenario: Scenario, state: GameState, before_round: int | None = None) -> dict[str, str]:
    """The terms that the agreements in force bind for the talks that follow:
    every phase's but the ceasefire's (a ceasefire's terms are about the
    ceasefire; a later text may refine them). Only agreements signed before
    `before_round`, if given."""
    cf = scenario.ceasefire_phase()
    out: dict[str, str] = {}
    for agreement in sorted(state.agreements.values(), key=lambda a: a.round):
        if agreement.phase == cf or (before_round is not None and agreement.round >= before_round):
            continue
        out.update(agreement.terms)
    return out


def reopened_terms(scenario: Scenario, state: GameState) -> dict[str, tuple[str, str]]:
    """Terms that an agreement signed this round changes from what earlier
    agreements still in force had settled (see `binding`): issue -> (was, now)."""
    bound = binding(scenario, state, before_round=state.round)
    now = [a for a in state.agreements.values() if a.round == state.round]
    if not bound or not now:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for agreement in now:
        for issue, option in agreement.terms.items():
            if issue in bound and bound[issue] != option:
                out[issue] = (bound[issue], option)
    return out


def holds(cond: c.Condition, scenario: Scenario, state: GameState) -> bool:
    """Does the condition hold in this state? (Compiled once per scenario and
    condition, see `compiled`.)"""
    return compiled(scenario, cond)(state)


Test = Callable[[GameState], bool]
"""A compiled condition: the state in, whether it holds out."""

_COMPILED: dict[int, tuple[Scenario, dict[int, tuple[c.Condition, Test]]]] = {}
"""Scenario id -> (the scenario, condition id -> (the condition, its test)).
The objects are kept with their tests so that an id is never reused while
cached; conditions are frozen, so a test stays right for its condition."""
_MAX_CACHED = 50_000


def compiled(scenario: Scenario, cond: c.Condition) -> Test:
    """The condition as a closure over the scenario, built on first use.

    Interpreting the typed form at each evaluation (a `match` per node, the
    deal's terms rebuilt per term test) was a third of the engine's time; the
    closure resolves everything the scenario fixes (an issue's status quo,
    the levers that end a lever) once, and reads only the state when run.
    """
    entry = _COMPILED.get(id(scenario))
    if entry is None or entry[0] is not scenario:
        if sum(len(t) for _, t in _COMPILED.values()) > _MAX_CACHED:
            _COMPILED.clear()
        entry = _COMPILED[id(scenario)] = (scenario, {})
    table = entry[1]
    hit = table.get(id(cond))
    if hit is not None and hit[0] is cond:
        return hit[1]
    test = _compile(cond, scenario)
    table[id(cond)] = (cond, test)
    return test


def _compile(cond: c.Condition, scenario: Scenario) -> Test:
    match cond:
        case c.AllOf():
            subs = tuple(compiled(scenario, x) for x in cond.all)
            if len(subs) == 2:  # the usual rule: one call fewer than the loop below
                first, second = subs
                return lambda st: first(st) and second(st)
            if len(subs) == 3:
                a, b, d = subs
                return lambda st: a(st) and b(st) and d(st)

            def every(st: GameState) -> bool:
                for f in subs:  # noqa: SIM110 - a loop is faster than a generator here (hot path)
                    if not f(st):
                        return False
                return True

            return every
        case c.AnyOf():
            subs = tuple(compiled(scenario, x) for x in cond.any)
            if len(subs) == 2:
                one, other = subs
                return lambda st: one(st) or other(st)
            if len(subs) == 3:
                x, y, z = subs
                return lambda st: x(st) or y(st) or z(st)

            def some(st: GameState) -> bool:
                for f in subs:  # noqa: SIM110 - a loop is faster than a generator here (hot path)
                    if f(st):
                        return True
                return False

            return some
        case c.NotCond():
            sub = compiled(scenario, cond.not_)
            return lambda st: not sub(st)
        case c.AtLeast():
            subs = tuple(compiled(scenario, x) for x in cond.at_least.of)
            count = cond.at_least.count
            return lambda st: sum(1 for f in subs if f(st)) >= count
        case c.TermCond():
            return _term_test(cond.term, scenario)
        case c.IndicatorCond():
            return _indicator_test(cond.indicator)
        case c.PhaseCond():
            phases = frozenset(cond.phase)
            return lambda st: st.status in phases
        case c.RoundCond():
            lo, hi = cond.round.at_least, cond.round.at_most
            return lambda st: (lo is None or st.round >= lo) and (hi is None or st.round <= hi)
        case c.DeadlineCond():
            want = cond.deadline_passed
            return lambda st: (st.deadline_round is not None and st.round > st.deadline_round) == want
        case c.AgreementCond():
            needed = tuple(cond.agreement)
            return lambda st: all(p in st.agreements for p in needed)
        case c.LeverCond():
            return _lever_test(cond.lever, scenario)
        case c.LensCond():
            lenses = tuple(cond.lens)
            return lambda st: st.lens in lenses
        case c.FlagCond():
            flag = cond.flag
            return lambda st: flag in st.flags
        case c.StreakCond():
            rule, rounds = cond.streak.rule, cond.streak.at_least
            return lambda st: st.streaks.get(rule, 0) >= rounds
        case c.ReopenedCond():
            want = cond.reopened
            return lambda st: bool(reopened_terms(scenario, st)) == want
        case c.InForceCond():
            phase, rounds = cond.in_force.agreement, cond.in_force.rounds_at_least

            def in_force(st: GameState) -> bool:
                signed = st.agreements.get(phase)
                return signed is not None and st.round - signed.round + 1 >= rounds

            return in_force
        case _:
            assert_never(cond)


def _agreed(state: GameState, issue: str) -> str | None:
    """The agreed option for an issue, as `GameState.agreed_terms()[issue]`
    would give it (the latest agreement naming it; on a tie of rounds, the
    later in force) without building the whole dict."""
    best = None
    for agreement in state.agreements.values():
        if issue in agreement.terms and (best is None or agreement.round >= best.round):
            best = agreement
    return None if best is None else best.terms[issue]


def _term_test(t: c.TermSpec, scenario: Scenario) -> Test:
    """`term_value(...) in t.in_`, with the issue's silence resolved once."""
    wanted = frozenset(t.in_)
    issue_id, by = t.issue, t.by
    if by is not None:

        def tabled_by(st: GameState) -> bool:
            tabled = st.table.get(issue_id)
            return tabled is not None and tabled.by == by and tabled.option in wanted

        return tabled_by
    issue = scenario.issue(issue_id)
    silent = issue.options[0].id if issue.implied_when_silent else None
    silent_holds = silent in wanted
    where = t.where
    if where == "table":

        def on_table(st: GameState) -> bool:
            tabled = st.table.get(issue_id)
            if tabled is not None:
                return tabled.option in wanted
            return bool(st.table) and silent_holds

        return on_table
    if where == "agreed":

        def agreed(st: GameState) -> bool:
            value = _agreed(st, issue_id)
            if value is not None:
                return value in wanted
            return bool(st.agreements) and silent_holds

        return agreed

    def in_deal(st: GameState) -> bool:
        tabled = st.table.get(issue_id)
        if tabled is not None:
            return tabled.option in wanted
        value = _agreed(st, issue_id)
        if value is not None:
            return value in wanted
        return bool(st.table or st.agreements) and silent_holds

    return in_deal


def _indicator_test(spec: c.IndicatorSpec) -> Test:
    ind, above, below, at_least, at_most = spec.id, spec.above, spec.below, spec.at_least, spec.at_most

    def test(st: GameState) -> bool:
        v = st.indicators[ind]
        return (
            (above is None or v > above)
            and (below is None or v < below)
            and (at_least is None or v >= at_least)
            and (at_most is None or v <= at_most)
        )

    return test


def pulls_this_round(state: GameState) -> Iterator[tuple[str, str]]:
    """(seat, lever) of this round's pulls, latest first. The log is in the
    order of the rounds, so it is read from its end and stops at the round's start."""
    for r, seat, lever in reversed(state.levers_used):
        if r < state.round:
            return
        if r == state.round:
            yield seat, lever


def pulled_this_round(state: GameState, seat: str) -> bool:
    """Has the seat pulled a lever this round (one a round)?"""
    return _pulled_now(state, 1, seat)


def _pulled_now(state: GameState, field: int, value: str) -> bool:
    """Whether this round's pulls hold one whose `field` (1: the seat, 2: the
    lever) is `value`: as `pulls_this_round`, without a generator (hot path)."""
    now = state.round
    for pull in reversed(state.levers_used):
        if pull[0] < now:
            return False
        if pull[0] == now and pull[field] == value:
            return True
    return False


def _lever_test(lever: c.LeverSpec, scenario: Scenario) -> Test:
    lever_id = lever.id
    if lever.used == "this_round":
        return lambda st: _pulled_now(st, 2, lever_id)
    if lever.used == "in_effect":
        return lambda st: lever_in_effect(scenario, st, lever_id)
    if lever.used == "ever":
        return lambda st: any(lv == lever_id for _, _, lv in st.levers_used)
    return lambda st: not any(lv == lever_id for _, _, lv in st.levers_used)


def leaves(cond: c.Condition) -> Iterator[c.Condition]:
    """Every condition inside `cond` (itself included), depth first."""
    yield cond
    for _, sub in c.parts(cond):
        yield from leaves(sub)


_WHERE = {"deal": "on the table or agreed", "table": "on the table", "agreed": "in a signed agreement"}


def _where(t: c.TermSpec) -> str:
    """Where a term is read: a term `by` a seat is read on the table only."""
    return f"on the table, tabled by {t.by}" if t.by else _WHERE[t.where]


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _negated(cond: c.Condition) -> str | None:
    """A negated test in plain words, where there is a natural way to say it
    (for the other forms, `describe` says "not (...)")."""
    match cond:
        case c.TermCond():
            return f"{cond.term.issue} is not {_either(cond.term.in_)} ({_where(cond.term)})"
        case c.AgreementCond():
            return f"no {' and '.join(cond.agreement)} agreement is in force"
        case c.FlagCond():
            return f"the flag {cond.flag} is not set"
        case c.StreakCond():
            return f"the rule {cond.streak.rule} has held fewer than {cond.streak.at_least} rounds running"
        case c.PhaseCond():
            return f"the talks are not in {_either(cond.phase)}"
        case _:
            return None


def describe(cond: c.Condition) -> str:
    """The condition in words, for `wargame explain` and the rules screen."""
    match cond:
        case c.AllOf():
            return "all of: " + "; ".join(describe(x) for x in cond.all)
        case c.AnyOf():
            return "any of: " + "; ".join(describe(x) for x in cond.any)
        case c.NotCond():
            return _negated(cond.not_) or f"not ({describe(cond.not_)})"
        case c.AtLeast():
            parts = "; ".join(describe(x) for x in cond.at_least.of)
            return f"at least {cond.at_least.count} of: {parts}"
        case c.TermCond():
            return f"{cond.term.issue} is {_either(cond.term.in_)} ({_where(cond.term)})"
        case c.IndicatorCond():
            s = cond.indicator
            bounds = [
                f"{word} {v:g}"
                for word, v in (
                    ("above", s.above),
                    ("below", s.below),
                    ("at least", s.at_least),
                    ("at most", s.at_most),
                )
                if v is not None
            ]
            return f"{s.id} {' and '.join(bounds)}"
        case c.PhaseCond():
            return f"the talks are in {_either(cond.phase)}"
        case c.RoundCond():
            r = cond.round
            bits = [f"at least {r.at_least}" if r.at_least else "", f"at most {r.at_most}" if r.at_most else ""]
            return "the round is " + " and ".join(b for b in bits if b)
        case c.DeadlineCond():
            return "the deadline has passed" if cond.deadline_passed else "the deadline has not passed"
        case c.AgreementCond():
            return f"a {' and a '.join(cond.agreement)} agreement is in force"
        case c.LeverCond():
            words = {
                "this_round": "was used this round",
                "ever": "has been used",
                "in_effect": "is in effect",
                "never": "has never been used",
            }
            return f"the lever {cond.lever.id} {words[cond.lever.used]}"
        case c.LensCond():
            return f"the lens is {_either(cond.lens)}"
        case c.FlagCond():
            return f"the flag {cond.flag} is set"
        case c.StreakCond():
            return f"the rule {cond.streak.rule} has held at least {cond.streak.at_least} rounds running"
        case c.InForceCond():
            f = cond.in_force
            return f"the {f.agreement} agreement has been in force at least {f.rounds_at_least} rounds (with that of signing)"
        case c.ReopenedCond():
            if cond.reopened:
                return "the agreement signed this round reopens terms an earlier agreement had settled"
            return "the agreement signed this round reopens nothing an earlier agreement had settled"
        case _:
            assert_never(cond)
