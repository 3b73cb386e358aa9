"""Evaluating conditions against a game state, and saying them in words.

Pure functions over (scenario, state): rules, injects and bots all use them.
"""

from __future__ import annotations

from collections.abc import Iterator
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
    last_used = last_end = -1
    enders = {v.id for v in scenario.levers if v.ends == lever_id}
    for i, (_, _, lever) in enumerate(state.levers_used):
        if lever == lever_id:
            last_used = i
        elif lever in enders:
            last_end = i
    return last_used > last_end


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
    match cond:
        case c.AllOf():
            return all(holds(x, scenario, state) for x in cond.all)
        case c.AnyOf():
            return any(holds(x, scenario, state) for x in cond.any)
        case c.NotCond():
            return not holds(cond.not_, scenario, state)
        case c.AtLeast():
            n = sum(1 for x in cond.at_least.of if holds(x, scenario, state))
            return n >= cond.at_least.count
        case c.TermCond():
            t = cond.term
            if t.by is not None:
                tabled = state.table.get(t.issue)
                return tabled is not None and tabled.by == t.by and tabled.option in t.in_
            return term_value(scenario, state, t.issue, t.where) in t.in_
        case c.IndicatorCond():
            spec = cond.indicator
            v = state.indicators[spec.id]
            return (
                (spec.above is None or v > spec.above)
                and (spec.below is None or v < spec.below)
                and (spec.at_least is None or v >= spec.at_least)
                and (spec.at_most is None or v <= spec.at_most)
            )
        case c.PhaseCond():
            return state.status in cond.phase
        case c.RoundCond():
            r = cond.round
            return (r.at_least is None or state.round >= r.at_least) and (r.at_most is None or state.round <= r.at_most)
        case c.DeadlineCond():
            passed = state.deadline_round is not None and state.round > state.deadline_round
            return passed == cond.deadline_passed
        case c.AgreementCond():
            return all(p in state.agreements for p in cond.agreement)
        case c.LeverCond():
            lever = cond.lever
            if lever.used == "this_round":
                return any(r == state.round and lv == lever.id for r, _, lv in state.levers_used)
            if lever.used == "in_effect":
                return lever_in_effect(scenario, state, lever.id)
            ever = any(lv == lever.id for _, _, lv in state.levers_used)
            return ever if lever.used == "ever" else not ever
        case c.LensCond():
            return state.lens in cond.lens
        case c.FlagCond():
            return cond.flag in state.flags
        case c.StreakCond():
            return state.streaks.get(cond.streak.rule, 0) >= cond.streak.at_least
        case c.ReopenedCond():
            return bool(reopened_terms(scenario, state)) == cond.reopened
        case c.InForceCond():
            signed = state.agreements.get(cond.in_force.agreement)
            return signed is not None and state.round - signed.round + 1 >= cond.in_force.rounds_at_least
        case _:
            assert_never(cond)


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
