"""Choosing a seat's bot persona: by name, by default, or by difficulty.

Personas are data in the scenario (`seats[].personas`); a seat played by
`bot:<persona>` uses that one, a plain `bot` the default: the persona tagged
`difficulty: normal`, else the seat's first. A solo player picks a difficulty
instead: each persona may say which difficulty it stands for; failing that,
easy is the persona that asks least and hard the one that asks most. This
module is the one place that resolves them (the CLI, `simulate`, the app).
"""

from __future__ import annotations

from collections.abc import Iterable

from wargame.errors import UnknownId
from wargame.model import players
from wargame.model.scenario import Persona, Scenario, Seat
from wargame.model.state import GameState

DIFFICULTIES = ("easy", "normal", "hard")
DEFAULT_DIFFICULTY = "normal"


def default_persona(seat: Seat) -> Persona | None:
    """A plain bot's persona: the one the scenario tags `normal`, else the first."""
    tagged = (p for p in seat.personas if p.difficulty == DEFAULT_DIFFICULTY)
    return next(tagged, seat.personas[0] if seat.personas else None)


def persona(scenario: Scenario, seat: str, name: str | None) -> Persona | None:
    """The seat's persona called `name`, or its default; an unknown name is
    refused with the list of known ones."""
    spec = scenario.seat(seat)
    if not name:
        return default_persona(spec)
    for p in spec.personas:
        if p.id == name:
            return p
    known = ", ".join(p.id for p in spec.personas) or "none defined"
    raise UnknownId(f"unknown persona {name!r} for {seat}; its personas: {known}")


def persona_of_mode(scenario: Scenario, seat: str, mode: str) -> Persona | None:
    """The persona behind a seat mode (`bot`, `bot:hardliner`, `human`, ...):
    a seat no bot plays is judged by the default persona."""
    return persona(scenario, seat, players.persona_of(mode))


def seat_personas(scenario: Scenario, state: GameState) -> dict[str, Persona | None]:
    """Every seat's persona in this game, as its seat mode says (a new dict
    each call; the answer is remembered by the scenario and the seat modes,
    as the bots ask at every turn)."""
    modes = tuple(state.seats.get(s, "bot") for s in scenario.seat_ids)
    key = (id(scenario), modes)
    held = _PERSONAS.get(key)
    if held is None or held[0] is not scenario:
        if len(_PERSONAS) > 256:
            _PERSONAS.clear()
        found = {s: persona_of_mode(scenario, s, m) for s, m in zip(scenario.seat_ids, modes, strict=True)}
        held = _PERSONAS[key] = (scenario, found)
    return dict(held[1])


_PERSONAS: dict[tuple[int, tuple[str, ...]], tuple[Scenario, dict[str, Persona | None]]] = {}


def for_difficulty(scenario: Scenario, seat: str, difficulty: str) -> Persona | None:
    """The persona a seat's bot plays at this difficulty."""
    if difficulty not in DIFFICULTIES:
        raise UnknownId(f"unknown difficulty {difficulty!r}; choose one of {', '.join(DIFFICULTIES)}")
    personas = scenario.seat(seat).personas
    tagged = [p for p in personas if p.difficulty == difficulty]
    if tagged:
        return tagged[0]
    ranked = sorted(personas, key=lambda p: (p.reservation_shift, -p.concession_per_round))
    if not ranked:
        return None
    return {"easy": ranked[0], "hard": ranked[-1]}.get(difficulty, ranked[len(ranked) // 2])


def solo_personas(scenario: Scenario, difficulty: str, players: Iterable[str] = ()) -> dict[str, str]:
    """Seat -> persona id for every bot seat of a solo game at `difficulty`
    (the seats in `players` are played by people and left out)."""
    out: dict[str, str] = {}
    for seat in scenario.seat_ids:
        if seat in set(players):
            continue
        p = for_difficulty(scenario, seat, difficulty)
        if p is not None:
            out[seat] = p.id
    return out
