"""Print-ready paper for a seminar: `wargame print SCENARIO --seat S | --all -o DIR`.

Tabletop kits still print. For each team, a handout: its brief (the
situation, objectives, red lines, what it can trade), its levers, and the
term sheet in words (every issue, when it can be tabled, its options). For
the room, a one-page rules-of-play card (the round, the phases and who signs,
the clock, how a team is scored), and a debrief sheet: the turning points and
the questions of a played game (`--save`), or, before the game, space to note
them and the questions of the red lines.

Every page is HTML with print CSS that fits A4 and Letter alike (margins, no
fixed page size); open it in a browser and print. A handout holds one team's
brief only: hand each team its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wargame.model.debrief import Question
from wargame.model.scenario import Scenario, Seat
from wargame.review import words
from wargame.review.debrief import Debrief, environment
from wargame.review.questions import Asked


@dataclass
class TermSheetIssue:
    title: str
    description: str
    phases: str
    options: list[tuple[str, str]]
    """(label, description)."""


@dataclass
class Sheet:
    """Everything the printed pages show, in words."""

    scenario: Scenario
    issues: list[TermSheetIssue] = field(default_factory=list)
    phases: list[tuple[str, str]] = field(default_factory=list)
    """(phase title, who signs)."""
    sequences: list[str] = field(default_factory=list)
    indicators: list[tuple[str, str]] = field(default_factory=list)


def sheet_of(scenario: Scenario) -> Sheet:
    s = Sheet(scenario)
    for issue in scenario.issues:
        s.issues.append(
            TermSheetIssue(
                issue.title,
                issue.description,
                ", ".join(words.phase(scenario, p) for p in issue.agenda),
                [(o.label, o.description) for o in issue.options],
            )
        )
    s.phases = [(p.title, words.seats(scenario, p.signatories)) for p in scenario.phases]
    s.sequences = [" then ".join(words.phase(scenario, p) for p in seq) for seq in scenario.sequences.values()]
    s.indicators = [(i.name, i.description) for i in scenario.indicators]
    return s


def handout(scenario: Scenario, seat: Seat) -> str:
    sheet = sheet_of(scenario)
    levers = [v for v in scenario.levers if v.seat == seat.id]
    signs = [p.title for p in scenario.phases if seat.id in p.signatories]
    return (
        environment()
        .get_template("handout.html.j2")
        .render(sc=scenario, seat=seat, sheet=sheet, levers=levers, signs=signs, sources=scenario.sources)
    )


def rules_card(scenario: Scenario) -> str:
    return environment().get_template("rules_card.html.j2").render(sc=scenario, sheet=sheet_of(scenario))


def debrief_sheet(scenario: Scenario, book: list[Question], played: Debrief | None = None, game: str = "") -> str:
    """The instructor's sheet: a game's turning points and questions, or (before
    the game) room for notes and the questions of the red lines."""
    if played is not None:
        asked = played.questions
    else:
        red = {r.id for r in scenario.rules if r.kind == "red_line"}
        asked = [
            Asked(q.rule, words.rule(scenario, q.rule), q.ask, "", [words.source(scenario, k) for k in q.sources])
            for q in book
            if q.rule in red
        ]
        first: dict[str, Asked] = {}
        for q in asked:
            first.setdefault(q.rule_id, q)
        asked = list(first.values())
    return environment().get_template("debrief_sheet.html.j2").render(sc=scenario, d=played, asked=asked, game=game)
