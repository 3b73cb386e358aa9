"""The rulebook's tests compiled into one Python function per scenario.

Adjudication reads every rule's condition each round. As closures
(`rules.conditions.compiled`) that is a call per node of every condition,
the deal's value of an issue looked up again by each term that reads it, and
the shared clauses (five rules ask "is a ceasefire in force?") evaluated once
per rule: about 30 µs a round for the bundled scenario's 37 rules. Here the
typed conditions are written out once as the source of a single function
(`book_test`): the state's fields are read into locals once, each issue's
standing option once, every clause that several rules share once, and each
condition becomes one inline `and`/`or` expression; `compile()` turns it into
code once per scenario and group of conditions.

The function answers exactly what the closures answer (the same tests, the
same silences, the same ties between agreements: `tests/rules/test_book.py`
compares them on the states of random games). Conditions are pure and
frozen, so a clause read once stands for every place it appears.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, assert_never

from wargame.model import conditions as c
from wargame.model.scenario import Scenario
from wargame.model.state import GameState
from wargame.rules.conditions import _pulled_now, reopened_terms

BookTest = Callable[[GameState], tuple[bool, ...]]
"""The compiled tests of a group of conditions: the state in, whether each holds out."""


def agreed_now(agreements: dict[str, Any]) -> dict[str, str]:
    """`GameState.agreed_terms` from the agreements dict: the latest agreement
    naming an issue wins, on a tie of rounds the later in force (as `_agreed`)."""
    if not agreements:
        return {}
    out: dict[str, str] = {}
    for agreement in sorted(agreements.values(), key=lambda a: a.round):
        out.update(agreement.terms)
    return out


def _ever(levers_used: Sequence[tuple[int, str, str]], lever_id: str) -> bool:
    return any(lv == lever_id for _, _, lv in levers_used)


def _in_effect(levers_used: Sequence[tuple[int, str, str]], lever_id: str, enders: frozenset[str]) -> bool:
    """`rules.conditions.lever_in_effect`, with the levers that end it found once."""
    for _, _, lever in reversed(levers_used):
        if lever == lever_id:
            return True
        if lever in enders:
            return False
    return False


class _Writer:
    """Builds the function's source: locals first, then one expression per condition."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.consts: dict[str, object] = {
            "_agreed_now": agreed_now,
            "_pulled_now": _pulled_now,
            "_in_effect": _in_effect,
            "_reopened": reopened_terms,
            "_ever": _ever,
            "_scenario": scenario,
        }
        self.const_ids: dict[tuple[str, object], str] = {}
        self.issues: dict[tuple[str, str], str] = {}
        """(issue, where) -> the local holding its standing option (None if silent)."""
        self.uses: dict[str, int] = {}
        self.shared: dict[str, str] = {}
        """Composite expression -> the local that holds it (clauses read by several rules)."""
        self.lines: list[str] = []

    def const(self, value: object) -> str:
        key = (type(value).__name__, value if not isinstance(value, set | frozenset) else tuple(sorted(value)))
        name = self.const_ids.get(key)
        if name is None:
            name = self.const_ids[key] = f"_k{len(self.const_ids)}"
            self.consts[name] = value
        return name

    def standing(self, issue: str, where: str) -> str:
        """The local holding the option that stands for `issue` in `where`."""
        name = self.issues.get((issue, where))
        if name is None:
            name = self.issues[(issue, where)] = f"_i{len(self.issues)}"
            key = repr(issue)
            if where == "table":
                self.lines.append(f"    _t = table.get({key}); {name} = None if _t is None else _t.option")
            elif where == "agreed":
                self.lines.append(f"    {name} = agreed.get({key})")
            else:
                self.lines.append(f"    _t = table.get({key}); {name} = agreed.get({key}) if _t is None else _t.option")
        return name

    def term(self, t: c.TermSpec) -> str:
        wanted = self.const(frozenset(t.in_))
        if t.by is not None:
            key = repr(t.issue)
            return f"((_t := table.get({key})) is not None and _t.by == {t.by!r} and _t.option in {wanted})"
        issue = self.scenario.issue(t.issue)
        silent = issue.options[0].id if issue.implied_when_silent else None
        value = self.standing(t.issue, t.where)
        if silent not in t.in_:
            return f"({value} in {wanted})"  # a silence (None) is never wanted
        nonempty = {"table": "bool(table)", "agreed": "bool(agreements)", "deal": "bool(table or agreements)"}[t.where]
        return f"(({value} in {wanted}) if {value} is not None else {nonempty})"

    def expr(self, cond: c.Condition) -> str:
        match cond:
            case c.AllOf():
                return "(" + " and ".join(self.expr(x) for x in cond.all) + ")"
            case c.AnyOf():
                return "(" + " or ".join(self.expr(x) for x in cond.any) + ")"
            case c.NotCond():
                return f"(not {self.expr(cond.not_)})"
            case c.AtLeast():
                subs = " + ".join(f"bool({self.expr(x)})" for x in cond.at_least.of)
                return f"(({subs}) >= {cond.at_least.count})"
            case c.TermCond():
                return self.term(cond.term)
            case c.IndicatorCond():
                s = cond.indicator
                v = f"ind[{s.id!r}]"
                tests = [
                    f"{v} {op} {bound!r}"
                    for op, bound in ((">", s.above), ("<", s.below), (">=", s.at_least), ("<=", s.at_most))
                    if bound is not None
                ]
                return "(" + " and ".join(tests) + ")" if tests else "True"
            case c.PhaseCond():
                return f"(status in {self.const(frozenset(cond.phase))})"
            case c.RoundCond():
                lo, hi = cond.round.at_least, cond.round.at_most
                tests = [f"rnd >= {lo!r}"] if lo is not None else []
                tests += [f"rnd <= {hi!r}"] if hi is not None else []
                return "(" + " and ".join(tests) + ")" if tests else "True"
            case c.DeadlineCond():
                passed = "(st.deadline_round is not None and rnd > st.deadline_round)"
                return passed if cond.deadline_passed else f"(not {passed})"
            case c.AgreementCond():
                return "(" + " and ".join(f"{p!r} in agreements" for p in cond.agreement) + ")"
            case c.LeverCond():
                # each asks the levers pulled, and none holds before a first pull:
                # `pulled and` spares most rounds the call
                lever_id, used = repr(cond.lever.id), cond.lever.used
                if used == "this_round":
                    return f"(pulled and _pulled_now(st, 2, {lever_id}))"
                if used == "in_effect":
                    enders = self.const(frozenset(v.id for v in self.scenario.levers if v.ends == cond.lever.id))
                    return f"(pulled and _in_effect(levers, {lever_id}, {enders}))"
                if used == "ever":
                    return f"(pulled and _ever(levers, {lever_id}))"
                return f"(not (pulled and _ever(levers, {lever_id})))"
            case c.LensCond():
                return f"(st.lens in {self.const(tuple(cond.lens))})"
            case c.FlagCond():
                return f"({cond.flag!r} in flags)"
            case c.StreakCond():
                return f"(streaks.get({cond.streak.rule!r}, 0) >= {cond.streak.at_least!r})"
            case c.ReopenedCond():
                # no term is reopened without an agreement in force (`reopened_terms`)
                return f"(bool(agreements and _reopened(_scenario, st)) == {cond.reopened!r})"
            case c.InForceCond():
                phase, rounds = repr(cond.in_force.agreement), cond.in_force.rounds_at_least
                return f"((_a := agreements.get({phase})) is not None and rnd - _a.round + 1 >= {rounds!r})"
            case _:
                assert_never(cond)

    def count(self, cond: c.Condition) -> None:
        """Count the composite clauses (to read those that appear more than once once)."""
        if c.parts(cond):
            key = cond.model_dump_json()
            self.uses[key] = self.uses.get(key, 0) + 1
            for _, sub in c.parts(cond):
                self.count(sub)

    def shared_expr(self, cond: c.Condition) -> str:
        """`expr`, with a clause that several conditions share read into a local once."""
        parts = c.parts(cond)
        if not parts:
            return self.expr(cond)
        key = cond.model_dump_json()
        if key in self.shared:
            return self.shared[key]
        match cond:
            case c.AllOf():
                text = "(" + " and ".join(self.shared_expr(x) for x in cond.all) + ")"
            case c.AnyOf():
                text = "(" + " or ".join(self.shared_expr(x) for x in cond.any) + ")"
            case c.NotCond():
                text = f"(not {self.shared_expr(cond.not_)})"
            case _:
                text = self.expr(cond)
        if self.uses.get(key, 0) > 1 and _cannot_raise(cond):
            name = f"_s{len(self.shared)}"
            self.lines.append(f"    {name} = {text}")
            self.shared[key] = name
            return name
        return text


def _cannot_raise(cond: c.Condition) -> bool:
    """A clause read ahead of the rules that need it must not fail where their
    short-circuit would have skipped it: terms, agreements, phases, flags and
    rounds only read what every state has."""
    if isinstance(cond, c.TermCond | c.AgreementCond | c.PhaseCond | c.FlagCond | c.RoundCond):
        return True
    parts = c.parts(cond)
    return bool(parts) and all(_cannot_raise(sub) for _, sub in parts)


def book_test(scenario: Scenario, conds: Sequence[c.Condition]) -> BookTest:
    """One function that tests every condition of `conds` on a state, in order."""
    w = _Writer(scenario)
    for cond in conds:
        w.count(cond)
    results = [w.shared_expr(cond) for cond in conds]
    head = [
        "def book(st):",
        "    table = st.table",
        "    agreements = st.agreements",
        "    agreed = _agreed_now(agreements)",
        "    ind = st.indicators",
        "    status = st.status",
        "    rnd = st.round",
        "    flags = st.flags",
        "    streaks = st.streaks",
        "    levers = st.levers_used",
        "    pulled = len(levers) > 0",
    ]
    body = [*head, *w.lines, "    return (" + "".join(f"\n        bool({r})," for r in results) + "\n    )"]
    source = "\n".join(body) + "\n"
    namespace: dict[str, Any] = dict(w.consts)
    exec(compile(source, f"<rulebook of {scenario.id}>", "exec"), namespace)  # our own source, written from typed data
    book: BookTest = namespace["book"]
    book.__doc__ = source  # what it runs, for a reader in a debugger
    return book
