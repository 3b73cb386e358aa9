"""The game state: a fold of the scenario and the events.

Unlike scenarios, actions and events, the state is not frozen: `engine.fold.apply`
changes the state it is handed in place, which keeps replaying 10,000 events
fast; a caller that must keep a state as it was forks it first
(`GameState.fork`). Code outside the engine only reads it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

TERMINAL = ("peace", "collapse", "expired")
"""The end states of the phase machine (a contract of `wargame run --json`)."""


class TableTerm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    option: str
    by: str
    round: int


class Agreement(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phase: str
    round: int
    terms: dict[str, str]


class Vote(BaseModel):
    model_config = ConfigDict(extra="forbid")
    round: int
    phase: str
    seat: str
    response: Literal["accept", "reject"]
    reasons: list[str] = []
    crossed: list[str] = []


class Note(BaseModel):
    """A private or public message, or a facilitator's note on the timeline."""

    model_config = ConfigDict(extra="forbid")
    round: int
    seat: str
    to: str
    text: str
    issue: str | None = None


class GameState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scenario: str = ""
    seed: int = 0
    lens: str | None = None
    sequence: str = ""
    max_rounds: int = 0
    deadline_round: int | None = None
    seats: dict[str, str] = {}

    status: str = "setup"
    """The phase machine's state: a phase id, or peace, collapse, expired."""
    interrupted: str | None = None
    """The phase the talks were in when they collapsed (a facilitator may resume it)."""
    round: int = 0
    step: Literal["setup", "turns", "voting", "over"] = "setup"
    turn: int = 0
    """Index into the turn order of the seat to move."""
    paused: bool = False

    indicators: dict[str, float] = {}
    table: dict[str, TableTerm] = {}
    agreements: dict[str, Agreement] = {}
    """Agreements in force, by phase."""
    history: list[Agreement] = []
    """Every agreement ever signed, including voided ones."""
    voters: list[str] = []
    votes: list[Vote] = []
    round_votes: dict[str, str] = {}
    levers_used: list[tuple[int, str, str]] = []
    """(round, seat, lever) for every lever pulled."""
    messages: list[Note] = []
    flags: list[str] = []
    standing: dict[str, float] = {}
    streaks: dict[str, int] = {}
    """Rule id -> consecutive rounds its condition has held (up to now)."""
    fired: list[tuple[int, str]] = []
    """(round, rule id) for every rule that fired, in order."""
    injects: list[tuple[int, str]] = []
    queued: list[tuple[int, str, str]] = []
    """(round, inject, reason) for every inject in the facilitator's queue, in the order queued."""
    notes: list[Note] = []
    events: int = 0
    durability_terms: float = 0
    """The signed terms' part of the deal's durability (see DurabilityAssessed)."""
    durability_events: float = 0
    """The sum of every event's deltas to the durability indicator."""

    def fork(self) -> GameState:
        """A copy to fold further events into without touching this one.

        The fold replaces the items of its lists and dicts but never changes an
        item in place, so copying the containers is enough (and far cheaper
        than a deep copy of a long game).
        """
        update = {
            name: (value.copy() if isinstance(value, list | dict) else value) for name, value in self.__dict__.items()
        }
        return self.model_copy(update=update)

    @property
    def over(self) -> bool:
        return self.step == "over"

    def table_terms(self) -> dict[str, str]:
        return {issue: t.option for issue, t in self.table.items()}

    def agreed_terms(self) -> dict[str, str]:
        """Terms of the agreements in force; a later phase's overrides an earlier one."""
        out: dict[str, str] = {}
        for agreement in sorted(self.agreements.values(), key=lambda a: a.round):
            out.update(agreement.terms)
        return out

    def deal_terms(self) -> dict[str, str]:
        """What is agreed, with the table text on top: the deal as it would stand."""
        return {**self.agreed_terms(), **self.table_terms()}
