"""Ids in words: what an instructor reads in a debrief instead of `ceasefire=thirty_day`.

Every id a debrief could show (seats, issues and options, phases, indicators,
levers, rules, injects) has a label in the scenario; these helpers look them
up, and `in_words` rewrites a sentence written with ids (a score part's
explanation, say) into one written with labels. An id the scenario does not
know is left as it is, so nothing is ever hidden by a failed look-up.
"""

from __future__ import annotations

import re

from wargame.model.per_scenario import per_scenario
from wargame.model.scenario import Scenario

END_STATES = {
    "peace": "peace (every agreement signed)",
    "collapse": "collapse of the talks",
    "expired": "time ran out",
    "setup": "not started",
}
"""The phase machine's end states in words."""


def seat(scenario: Scenario, seat_id: str) -> str:
    if seat_id == "all":
        return "everyone"
    return scenario.seat(seat_id).name if scenario.has("seat", seat_id) else seat_id


def seats(scenario: Scenario, seat_ids: list[str]) -> str:
    return ", ".join(seat(scenario, s) for s in seat_ids)


def issue(scenario: Scenario, issue_id: str) -> str:
    return scenario.issue(issue_id).title if scenario.has("issue", issue_id) else issue_id


def option(scenario: Scenario, issue_id: str, option_id: str) -> str:
    if not scenario.has("issue", issue_id):
        return option_id
    return next((o.label for o in scenario.issue(issue_id).options if o.id == option_id), option_id)


def term(scenario: Scenario, issue_id: str, option_id: str) -> str:
    return f"{issue(scenario, issue_id)}: {option(scenario, issue_id, option_id)}"


def terms(scenario: Scenario, chosen: dict[str, str], sep: str = "; ") -> str:
    return sep.join(term(scenario, i, o) for i, o in chosen.items()) or "nothing"


def phase(scenario: Scenario, phase_id: str) -> str:
    if scenario.has("phase", phase_id):
        return scenario.phase(phase_id).title
    return END_STATES.get(phase_id, phase_id)


def agreement(scenario: Scenario, phase_id: str) -> str:
    """`ceasefire` -> `Ceasefire agreement` (from the phase's title, `Ceasefire talks`)."""
    title = phase(scenario, phase_id)
    return (title[: -len(" talks")] if title.endswith(" talks") else title) + " agreement"


def indicator(scenario: Scenario, indicator_id: str) -> str:
    return scenario.indicator(indicator_id).name if scenario.has("indicator", indicator_id) else indicator_id


def deltas(scenario: Scenario, changes: dict[str, float]) -> str:
    return ", ".join(f"{indicator(scenario, k)} {v:+g}" for k, v in changes.items())


def lever(scenario: Scenario, lever_id: str) -> str:
    return scenario.lever(lever_id).title if scenario.has("lever", lever_id) else lever_id


def rule(scenario: Scenario, rule_id: str) -> str:
    return scenario.rule(rule_id).title if scenario.has("rule", rule_id) else rule_id


def inject(scenario: Scenario, inject_id: str) -> str:
    return scenario.inject(inject_id).title if scenario.has("inject", inject_id) else inject_id


def source(scenario: Scenario, key: str) -> str:
    title = scenario.sources.get(key)
    return f"{key}: {title}" if title else key


_TERM = re.compile(r"\b([a-z][a-z0-9_]*)=([a-z][a-z0-9_]*)\b")
_FOR_SEAT = re.compile(r"\b(good|bad) for ([a-z][a-z0-9_]*)\b")


def in_words(scenario: Scenario, text: str) -> str:
    """`text` with the scenario's ids replaced by their labels.

    `issue=option` becomes `Issue: Option`; rule, indicator and lever ids
    become their titles; `good for us` becomes `good for United States`.
    Plain English words that happen to be seat ids (`us`) are left alone
    except in that one phrase.
    """
    text = _TERM.sub(lambda m: term(scenario, m.group(1), m.group(2)), text)
    text = _FOR_SEAT.sub(lambda m: f"{m.group(1)} for {seat(scenario, m.group(2))}", text)
    for ind in scenario.indicators:
        if "_" not in ind.id:  # a one-word id is only an indicator when a change follows it
            text = re.sub(rf"\b{re.escape(ind.id)}(?= [+-]\d)", ind.name, text)
    pattern, table = _id_table(scenario)
    if pattern is None:
        return text
    return pattern.sub(lambda m: table[m.group(0)], text)


@per_scenario
def _id_table(scenario: Scenario) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """The ids to rewrite and a pattern matching any of them (kept per scenario:
    a scenario never changes once loaded)."""
    table: dict[str, str] = {}
    table.update({i.id: i.name for i in scenario.indicators if "_" in i.id})
    table.update({v.id: v.title for v in scenario.levers if "_" in v.id})
    table.update({r.id: f"\u201c{r.title}\u201d" for r in scenario.rules})
    if not table:
        return None, table
    names = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?![\w.])"), table
