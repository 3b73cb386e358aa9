"""Checks of the bot parts of a seat's profile: every id they name must exist.

Stances, lever, demand and hold policies and no-deal values are data a
scenario author writes; a typo in one (a lever another seat owns, an option
the issue lacks) would make a bot silently never act. `wargame simulate`
and `wargame deals` refuse a scenario with such a problem, naming where it is.
"""

from __future__ import annotations

from wargame.content.checks import Checker, Loc, Problem
from wargame.model.scenario import Scenario


def check(scenario: Scenario) -> list[Problem]:
    """The problems in every seat's bot profile, each with its location."""
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
