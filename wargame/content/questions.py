"""Checks on a scenario's discussion questions (its debrief file).

Every question names a rule of the scenario and sources from its list; a rule
carries at most `PER_RULE` of them (a debrief has no time for more). Problems
come back as (location in the file, message), like the scenario's own checks,
and the loader turns them into `file:line:col: ...`.
"""

from __future__ import annotations

from typing import Any

from wargame.content.checks import unknown
from wargame.model.debrief import Question
from wargame.model.scenario import Scenario

PER_RULE = 2
"""The most questions one rule may carry."""


def check_questions(scenario: Scenario, questions: list[Question]) -> list[tuple[tuple[Any, ...], str]]:
    problems: list[tuple[tuple[Any, ...], str]] = []
    rule_ids = [r.id for r in scenario.rules]
    count: dict[str, int] = {}
    for i, q in enumerate(questions):
        if not scenario.has("rule", q.rule):
            problems.append((("questions", i, "rule"), unknown("rule", q.rule, rule_ids)))
        count[q.rule] = count.get(q.rule, 0) + 1
        if count[q.rule] == PER_RULE + 1:
            problems.append(
                (("questions", i, "rule"), f"rule {q.rule!r} already has {PER_RULE} questions; keep the best two")
            )
        for k, key in enumerate(q.sources):
            if scenario.sources and key not in scenario.sources:
                problems.append((("questions", i, "sources", k), unknown("source key", key, list(scenario.sources))))
        if not q.ask.rstrip().endswith("?"):
            problems.append((("questions", i, "ask"), "a question ends with a question mark"))
    return problems
