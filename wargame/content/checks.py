"""Cross-reference checks: every id named anywhere must exist.

Pydantic checks the shape of a scenario; these check its meaning (an option in
a rule's condition that the issue does not have, a lens overriding an indicator
that does not exist). Each problem carries the location path of the offending
value so the loader can print its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from difflib import get_close_matches
from typing import Any, assert_never

from wargame.model import conditions as c
from wargame.model.scenario import Effect, Inject, Modifiers, Rule, Scenario
from wargame.model.state import TERMINAL

INJECT_ID = re.compile(r"[a-z][a-z0-9_]*")
"""An inject's id, as the CSV import requires it (the console and moves files type it)."""

Loc = tuple[Any, ...]
Problem = tuple[Loc, str]


def unknown(kind: str, value: str, known: Sequence[str]) -> str:
    """`unknown option 'foo'; did you mean 'food'? (known: ...)`"""
    close = get_close_matches(value, list(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    listing = ", ".join(known) if len(known) <= 12 else ", ".join(list(known)[:12]) + ", ..."
    return f"unknown {kind} {value!r}{hint} (known: {listing})"


class Checker:
    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        self.problems: list[Problem] = []

    def need(self, kind: str, value: str, known: Sequence[str], loc: Loc) -> bool:
        if value not in known:
            self.problems.append((loc, unknown(kind, value, known)))
            return False
        return True

    # ---- the scenario ---------------------------------------------------

    def run(self) -> list[Problem]:
        s = self.s
        seats = s.seat_ids
        phases = [p.id for p in s.phases]
        groups: tuple[tuple[str, Sequence[Any]], ...] = (
            ("seat", s.seats),
            ("issue", s.issues),
            ("phase", s.phases),
            ("indicator", s.indicators),
            ("lever", s.levers),
            ("lens", s.lenses),
            ("rule", s.rules),
            ("inject", s.injects),
        )
        for kind, items in groups:
            seen: set[str] = set()
            for i, item in enumerate(items):
                if item.id in seen:
                    self.problems.append(((f"{kind}s", i, "id"), f"{kind} id {item.id!r} is defined twice"))
                seen.add(item.id)
        for i, seat in enumerate(s.turn_order):
            self.need("seat", seat, seats, ("turn_order", i))
        missing = [x for x in seats if x not in s.turn_order]
        if missing:
            self.problems.append((("turn_order",), f"seats missing from the turn order: {', '.join(missing)}"))
        for i, phase in enumerate(s.phases):
            for j, seat in enumerate(phase.signatories):
                self.need("seat", seat, seats, ("phases", i, "signatories", j))
        for name, seq in s.sequences.items():
            for j, phase_id in enumerate(seq):
                self.need("phase", phase_id, phases, ("sequences", name, j))
            if len(set(seq)) != len(seq):
                self.problems.append((("sequences", name), "a sequence lists each phase once"))
        self.need("sequence", s.default_sequence, list(s.sequences), ("default_sequence",))
        if s.durability_indicator is not None:
            self.need("indicator", s.durability_indicator, [x.id for x in s.indicators], ("durability_indicator",))
        if s.default_lens is not None:
            self.need("lens", s.default_lens, [v.id for v in s.lenses], ("default_lens",))
        for i, issue in enumerate(s.issues):
            for j, phase_id in enumerate(issue.agenda):
                self.need("phase", phase_id, phases, ("issues", i, "agenda", j))
            for j, seat in enumerate(issue.commits):
                self.need("seat", seat, seats, ("issues", i, "commits", j))
            for j, opt in enumerate(issue.options):
                for k, seat in enumerate(opt.commits or []):
                    self.need("seat", seat, seats, ("issues", i, "options", j, "commits", k))
        for i, ind in enumerate(s.indicators):
            if ind.max is not None and not ind.min <= ind.start <= ind.max:
                self.problems.append((("indicators", i, "start"), f"start {ind.start} is outside {ind.min}..{ind.max}"))
        for i, lever in enumerate(s.levers):
            self.need("seat", lever.seat, seats, ("levers", i, "seat"))
            self.indicator_map(lever.indicators, ("levers", i, "indicators"))
            if lever.ends is not None:
                self.need("lever", lever.ends, [v.id for v in s.levers], ("levers", i, "ends"))
        for i, lens in enumerate(s.lenses):
            self.indicator_map(lens.indicators, ("lenses", i, "indicators"))
            for rule_id, override in lens.rules.items():
                if self.need("rule", rule_id, [r.id for r in s.rules], ("lenses", i, "rules", rule_id)):
                    params = s.rule(rule_id).params
                    for p in override.params:
                        self.need(
                            f"parameter of {rule_id}", p, list(params), ("lenses", i, "rules", rule_id, "params", p)
                        )
        for i, seat_def in enumerate(s.seats):
            self.profile(i, seat_def.profile)
        for i, rule in enumerate(s.rules):
            self.rule(rule, ("rules", i))
        for i, inject in enumerate(s.injects):
            self.inject(inject, ("injects", i))
        return self.problems

    def profile(self, i: int, profile: Any) -> None:
        loc: Loc = ("seats", i, "profile")
        for issue in profile.weights:
            self.need("issue", issue, [x.id for x in self.s.issues], (*loc, "weights", issue))
        for issue, values in profile.values.items():
            if self.need("issue", issue, [x.id for x in self.s.issues], (*loc, "values", issue)):
                opts = [o.id for o in self.s.issue(issue).options]
                for opt in values:
                    self.need(f"option of {issue}", opt, opts, (*loc, "values", issue, opt))
        self.indicator_map(profile.indicators, (*loc, "indicators"))
        self.indicator_map(profile.reservation.indicators, (*loc, "reservation", "indicators"))

    def indicator_map(self, mapping: dict[str, Any], loc: Loc) -> None:
        for ind in mapping:
            self.need("indicator", ind, [x.id for x in self.s.indicators], (*loc, ind))

    def seat_map(self, mapping: dict[str, Any], loc: Loc) -> None:
        for seat in mapping:
            self.need("seat", seat, self.s.seat_ids, (*loc, seat))

    def params(self, value: Any, params: dict[str, float], loc: Loc, indicators_ok: bool = True) -> None:
        """A number: literal, `$param`, `@indicator` (not in modifiers, which
        the bots memoize per state signature), or a sum of products of them."""
        if not isinstance(value, str):
            return
        known = ["days", *params]
        indicators = [x.id for x in self.s.indicators]
        for term in re.split(r"\s+[+-]\s+", value.strip()):
            for factor in term.strip().lstrip("-").split("*"):
                factor = factor.strip()
                m = re.fullmatch(r"([$@])(\w+)", factor)
                if m and m.group(1) == "$":
                    if m.group(2) not in known:
                        self.problems.append((loc, unknown("parameter", m.group(2), known)))
                    continue
                if m:
                    if not indicators_ok:
                        self.problems.append(
                            (
                                loc,
                                f"{value!r}: a modifier cannot read an indicator (@{m.group(2)}); use it in an effect",
                            )
                        )
                    elif m.group(2) not in indicators:
                        self.problems.append((loc, unknown("indicator", m.group(2), indicators)))
                    continue
                try:
                    float(factor)
                except ValueError:
                    self.problems.append(
                        (loc, f"{value!r} is not a number, a $parameter, an @indicator, or a sum of products of them")
                    )

    # ---- rules, effects and injects ---------------------------------------

    def rule(self, rule: Rule, loc: Loc) -> None:
        self.sources(rule.sources, loc)
        if rule.kind == "red_line" and rule.seat is None:
            self.problems.append(((*loc, "kind"), "a red line names its seat (`seat:`)"))
        if rule.seat is not None:
            self.need("seat", rule.seat, self.s.seat_ids, (*loc, "seat"))
        for j, seat in enumerate(rule.bot_rejects):
            self.need("seat", seat, self.s.seat_ids, (*loc, "bot_rejects", j))
        self.condition(rule.condition, (*loc, "condition"))
        for j, effect in enumerate(rule.effects):
            self.effect(effect, rule.params, (*loc, "effects", j))
        self.modifiers(rule.modifiers, rule.params, (*loc, "modifiers"))

    def effect(self, effect: Effect, params: dict[str, float], loc: Loc) -> None:
        if effect.when is not None:
            self.condition(effect.when, (*loc, "when"))
        self.params(effect.chance, params, (*loc, "chance"))
        self.indicator_map(effect.indicators, (*loc, "indicators"))
        for ind, v in effect.indicators.items():
            self.params(v, params, (*loc, "indicators", ind))
        self.seat_map(effect.standing, (*loc, "standing"))
        for seat, v in effect.standing.items():
            self.params(v, params, (*loc, "standing", seat))

    def modifiers(self, mods: Modifiers, params: dict[str, float], loc: Loc) -> None:
        self.params(mods.durability, params, (*loc, "durability"), indicators_ok=False)
        if mods.durability_when is not None:
            self.condition(mods.durability_when, (*loc, "durability_when"))
        self.seat_map(mods.reservation, (*loc, "reservation"))
        for seat, v in mods.reservation.items():
            self.params(v, params, (*loc, "reservation", seat), indicators_ok=False)
        for seat, issues in mods.issue_scale.items():
            if self.need("seat", seat, self.s.seat_ids, (*loc, "issue_scale", seat)):
                for issue, v in issues.items():
                    self.need("issue", issue, [x.id for x in self.s.issues], (*loc, "issue_scale", seat, issue))
                    self.params(v, params, (*loc, "issue_scale", seat, issue), indicators_ok=False)
        for seat, bonus in mods.option_bonus.items():
            if self.need("seat", seat, self.s.seat_ids, (*loc, "option_bonus", seat)):
                for issue, opts in bonus.items():
                    if self.need("issue", issue, [x.id for x in self.s.issues], (*loc, "option_bonus", seat, issue)):
                        known = [o.id for o in self.s.issue(issue).options]
                        for opt, v in opts.items():
                            self.need(f"option of {issue}", opt, known, (*loc, "option_bonus", seat, issue, opt))
                            self.params(v, params, (*loc, "option_bonus", seat, issue, opt), indicators_ok=False)

    def sources(self, sources: Sequence[str], loc: Loc) -> None:
        """Source keys must be the scenario's (when it lists its sources)."""
        for j, key in enumerate(sources):
            if self.s.sources:
                self.need("source key", key, list(self.s.sources), (*loc, "sources", j))

    def inject(self, inject: Inject, loc: Loc) -> None:
        if not INJECT_ID.fullmatch(inject.id):
            self.problems.append(
                (
                    (*loc, "id"),
                    f"inject id {inject.id!r}: use lower_snake_case (letters, digits and _), like oval_office_blowup",
                )
            )
        self.sources(inject.sources, loc)
        if inject.to != "all":
            self.need("seat", inject.to, ["all", *self.s.seat_ids], (*loc, "to"))
        if inject.trigger.when is not None:
            self.condition(inject.trigger.when, (*loc, "trigger", "when"))
        self.params(inject.trigger.chance, {}, (*loc, "trigger", "chance"))
        for j, effect in enumerate(inject.effects):
            self.effect(effect, {}, (*loc, "effects", j))
        for issue, opt in inject.set_terms.items():
            if self.need("issue", issue, [x.id for x in self.s.issues], (*loc, "set_terms", issue)):
                known = [o.id for o in self.s.issue(issue).options]
                self.need(f"option of {issue}", opt, known, (*loc, "set_terms", issue))
        for j, lever in enumerate(inject.levers):
            self.need("lever", lever, [v.id for v in self.s.levers], (*loc, "levers", j))
        if inject.force_phase is not None:
            self.need("phase", inject.force_phase, [*self.phase_ids(), *TERMINAL], (*loc, "force_phase"))

    def phase_ids(self) -> list[str]:
        return [p.id for p in self.s.phases]

    def condition(self, cond: c.Condition, loc: Loc) -> None:
        for sub, where in walk(cond, loc):
            self.leaf(sub, where)

    def leaf(self, cond: c.Condition, loc: Loc) -> None:
        """The ids one test names (a group's members are walked on their own)."""
        s = self.s
        match cond:
            case c.TermCond():
                t = cond.term
                if self.need("issue", t.issue, [x.id for x in s.issues], (*loc, "term", "issue")):
                    known = [o.id for o in s.issue(t.issue).options]
                    for j, opt in enumerate(t.in_):
                        self.need(f"option of {t.issue}", opt, known, (*loc, "term", "in", j))
                if t.by is not None:
                    self.need("seat", t.by, s.seat_ids, (*loc, "term", "by"))
            case c.IndicatorCond():
                self.need("indicator", cond.indicator.id, [x.id for x in s.indicators], (*loc, "indicator", "id"))
            case c.PhaseCond():
                for j, p in enumerate(cond.phase):
                    self.need("phase", p, [*self.phase_ids(), *TERMINAL], (*loc, "phase", j))
            case c.AgreementCond():
                for j, p in enumerate(cond.agreement):
                    self.need("phase", p, self.phase_ids(), (*loc, "agreement", j))
            case c.LeverCond():
                self.need("lever", cond.lever.id, [v.id for v in s.levers], (*loc, "lever", "id"))
            case c.LensCond():
                for j, v in enumerate(cond.lens):
                    self.need("lens", v, [x.id for x in s.lenses], (*loc, "lens", j))
            case c.StreakCond():
                self.need("rule", cond.streak.rule, [r.id for r in s.rules], (*loc, "streak", "rule"))
            case c.InForceCond():
                self.need("phase", cond.in_force.agreement, self.phase_ids(), (*loc, "in_force", "agreement"))
            case c.RoundCond() | c.DeadlineCond() | c.FlagCond() | c.ReopenedCond():
                pass  # names no id (a flag is any name a rule or an inject sets)
            case c.AllOf() | c.AnyOf() | c.NotCond() | c.AtLeast():
                pass  # a group: `walk` hands its members over one by one
            case _:
                assert_never(cond)


def walk(cond: c.Condition, loc: Loc) -> Iterator[tuple[c.Condition, Loc]]:
    """Every sub-condition with its location, depth first."""
    yield cond, loc
    for path, sub in c.parts(cond):
        yield from walk(sub, (*loc, *path))


def check(scenario: Scenario) -> list[Problem]:
    """Every cross-reference problem of a scenario, including the ids in its
    seats' bot profiles (stances, lever and demand policies)."""
    return Checker(scenario).run() + check_profiles(scenario)


def check_profiles(scenario: Scenario) -> list[Problem]:
    """The problems in every seat's bot profile, each with its location.

    Stances, lever, demand and hold policies and no-deal values are data a
    scenario author writes; a typo in one (a lever another seat owns, an option
    the issue lacks) would make a bot silently never act. `wargame simulate`
    and `wargame deals` refuse a scenario with such a problem, naming where it is.
    """
    checker = Checker(scenario)
    issues = [i.id for i in scenario.issues]
    for i, seat in enumerate(scenario.seats):
        loc: Loc = ("seats", i, "profile")
        profile = seat.profile
        for issue in profile.no_deal:
            checker.need("issue", issue, issues, (*loc, "no_deal", issue))
        for j, stance in enumerate(profile.stances):
            checker.condition(stance.when, (*loc, "stances", j, "when"))
            for issue, values in stance.option_bonus.items():
                if checker.need("issue", issue, issues, (*loc, "stances", j, "option_bonus", issue)):
                    known = [o.id for o in scenario.issue(issue).options]
                    for opt in values:
                        checker.need(f"option of {issue}", opt, known, (*loc, "stances", j, "option_bonus", issue, opt))
        own = [v.id for v in scenario.levers if v.seat == seat.id]
        for j, policy in enumerate(profile.levers):
            checker.need(f"lever of {seat.id}", policy.lever, own, (*loc, "levers", j, "lever"))
            if policy.when is not None:
                checker.condition(policy.when, (*loc, "levers", j, "when"))
            for k, other in enumerate(policy.after_refusal_by):
                checker.need("seat", other, scenario.seat_ids, (*loc, "levers", j, "after_refusal_by", k))
        for j, demand in enumerate(profile.demands):
            for issue, opt in demand.terms.items():
                if checker.need("issue", issue, issues, (*loc, "demands", j, "terms", issue)):
                    known = [o.id for o in scenario.issue(issue).options]
                    checker.need(f"option of {issue}", opt, known, (*loc, "demands", j, "terms", issue))
            if demand.when is not None:
                checker.condition(demand.when, (*loc, "demands", j, "when"))
        for j, hold in enumerate(profile.holds):
            checker.condition(hold.when, (*loc, "holds", j, "when"))
        for j, goal in enumerate(profile.goals):
            checker.condition(goal.when, (*loc, "goals", j, "when"))
            for k, lens in enumerate(goal.lenses):
                checker.need("lens", lens, [v.id for v in scenario.lenses], (*loc, "goals", j, "lenses", k))
    return checker.problems


def problems_text(problems: list[Problem]) -> str:
    return "\n".join(f"{'.'.join(str(x) for x in loc)}: {message}" for loc, message in problems)
