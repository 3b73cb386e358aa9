"""What the rules of play read of a scenario, sorted once per scenario.

`Game.legal` is asked before every action (by the bots, the UI, the random
player of the benches); building the agenda's issues and options and a seat's
levers from the scenario's lists each time was about a tenth of the engine's
time. The scenario is frozen, so they are built once and shared.
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.model.per_scenario import per_scenario
from wargame.model.scenario import Lever, Scenario


@dataclass(frozen=True)
class PlayTables:
    options: dict[str, dict[str, tuple[str, ...]]]
    """Phase -> the issues on its agenda (in the scenario's order) -> their
    option ids (tuples: shared, so no caller can change them)."""
    agenda: dict[str, frozenset[str]]
    """Phase -> the ids of the issues on its agenda."""
    levers: dict[str, tuple[Lever, ...]]
    """Seat -> its levers, in the scenario's order."""
    lever_ids: dict[str, tuple[str, ...]]
    """Seat -> the ids of its levers, in the scenario's order."""
    seats: frozenset[str]
    """The seats' ids (`Scenario.has("seat", ...)`, asked at every move)."""
    commits: dict[tuple[str, str], tuple[str, ...]]
    """(issue, option) -> the seats that option commits, who must sign a text
    holding it (`game.signatories`): the option's own list, else the issue's
    for any option but the status quo (the first), else none."""


@per_scenario
def play_tables(scenario: Scenario) -> PlayTables:
    """The tables of `scenario`."""
    phases = [p.id for p in scenario.phases]
    return PlayTables(
        options={p: {i.id: tuple(o.id for o in i.options) for i in scenario.agenda(p)} for p in phases},
        agenda={p: frozenset(i.id for i in scenario.agenda(p)) for p in phases},
        levers={s: tuple(v for v in scenario.levers if v.seat == s) for s in scenario.seat_ids},
        lever_ids={s: tuple(v.id for v in scenario.levers if v.seat == s) for s in scenario.seat_ids},
        seats=frozenset(scenario.seat_ids),
        commits={
            (i.id, o.id): tuple(o.commits) if o.commits is not None else tuple(i.commits) if k else ()
            for i in scenario.issues
            for k, o in enumerate(i.options)
        },
    )
