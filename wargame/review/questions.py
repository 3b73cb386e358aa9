"""Discussion questions drawn from what fired in the game.

The questions are scenario data: a debrief file beside the scenario
(`ukraine-2025.yaml` -> `ukraine-2025.debrief.yaml`), or any included file
with a `questions:` list. Each names a rule; the review asks the questions of
the rules that fired in this game, that were crossed, or that blocked a text
(a red line named as a vote's reason), the turning points' rules first, so the
instructor leaves with questions tied to what this class did.

The file is checked like the rest of the content (`wargame validate`): an
unknown rule or source key is reported as `file:line:col: ...`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from wargame.content.loader import Addendum, ScenarioTexts
from wargame.content.questions import check_questions
from wargame.content.yamlfile import YamlDoc, parse
from wargame.errors import ContentError, Located
from wargame.model import events as e
from wargame.model.debrief import Question
from wargame.model.scenario import Scenario
from wargame.review import words
from wargame.review.describe import DEBRIEF, shows_why
from wargame.review.timeline import Timeline
from wargame.review.turning import TurningPoint

MOST = 10
"""At most this many questions in one debrief."""


def debrief_path(scenario_path: str) -> str:
    """Where a scenario's debrief file lies: beside it, `<name>.debrief.yaml`."""
    stem = scenario_path[: -len(".yaml")] if scenario_path.endswith(".yaml") else scenario_path
    return f"{stem}.debrief.yaml"


def read_questions(path: str, scenario: Scenario) -> list[Question]:
    """The questions of a debrief file, checked against the scenario; every
    problem raises `ContentError` with its line and column."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read(1_000_000)
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([(Located(path), f"cannot read the file: {exc}")]) from None
    return _checked(YamlDoc(path, text), scenario)


def _checked(doc: YamlDoc, scenario: Scenario) -> list[Question]:
    questions = parse(doc, Addendum).questions
    problems = [(doc.locate(loc), msg) for loc, msg in check_questions(scenario, questions)]
    if problems:
        raise ContentError(problems)
    return questions


def questions_of(scenario: Scenario, texts: ScenarioTexts | None, scenario_path: str | None = None) -> list[Question]:
    """The questions for a scenario: from its own texts (a save's embedded
    files), else from the debrief file beside it, else from the bundled
    scenarios folder. None found: an empty list (the report says so)."""
    if texts is not None:
        for name, text in texts.texts.items():
            if name != texts.main and re.search(r"^questions:", text, re.M):
                found = _checked(YamlDoc(name, text), scenario)
                if found:
                    return found
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    places = [scenario_path, texts.main if texts is not None else None]
    candidates = [debrief_path(p) for p in places if p]
    candidates.append(os.path.join(here, "scenarios", f"{scenario.id}.debrief.yaml"))
    for path in candidates:
        if os.path.exists(path):
            return read_questions(path, scenario)
    return []


@dataclass
class Asked:
    """A question put to the class, and why this game raises it."""

    rule_id: str
    rule: str
    """The rule's title."""
    ask: str
    because: str
    """What happened in this game that raises it, in words."""
    sources: list[str] = field(default_factory=list)
    anchor: str = ""
    """The timeline anchor of the moment that raised it."""


def asked(
    timeline: Timeline,
    book: list[Question],
    turning: list[TurningPoint] | None = None,
    most: int = MOST,
    view: str = DEBRIEF,
) -> list[Asked]:
    """The questions this game raises: the turning points' rules first, then
    every other rule in the order it first acted (a vote's reasons count only
    where the view may read them)."""
    sc = timeline.scenario
    by_rule: dict[str, list[Question]] = {}
    for q in book:
        by_rule.setdefault(q.rule, []).append(q)
    acted: dict[str, tuple[str, int]] = {}
    for i, ev in enumerate(timeline.events):
        rnd = timeline.round_of[i]
        if isinstance(ev, e.RuleFired) and ev.rule not in acted:
            verb = "was crossed" if ev.outcome == "crossed" else "fired"
            acted[ev.rule] = (f"it {verb} in round {rnd}", i)
        elif isinstance(ev, e.VoteCast) and shows_why(ev, view):
            for r in ev.reasons:
                if r not in acted and sc.has("rule", r):
                    acted[r] = (f"{words.seat(sc, ev.seat)} refused a text over it in round {rnd}", i)
    order = [t.rule_id for t in turning or [] if t.rule_id]
    order += sorted(acted, key=lambda r: acted[r][1])
    out: list[Asked] = []
    for rule_id in dict.fromkeys(order):
        if rule_id not in acted:
            continue
        because, index = acted[rule_id]
        for q in by_rule.get(rule_id, []):
            out.append(
                Asked(
                    rule_id=rule_id,
                    rule=words.rule(sc, rule_id),
                    ask=q.ask,
                    because=because,
                    sources=[words.source(sc, k) for k in q.sources],
                    anchor=f"ev-{index}",
                )
            )
    return out[:most]
