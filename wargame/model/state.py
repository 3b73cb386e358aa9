"""The game state: a fold of the scenario and the events.

Unlike scenarios, actions and events, the state is not frozen: `engine.fold.apply`
changes the state it is handed in place, which keeps replaying 10,000 events
fast; a caller that must keep a state as it was forks it first
(`GameState.fork`). Code outside the engine only reads it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from wargame.model.log import Log

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
    history: Log[Agreement] = Field(default_factory=Log)
    """Every agreement ever signed, including voided ones."""
    voters: list[str] = []
    votes: Log[Vote] = Field(default_factory=Log)
    round_votes: dict[str, str] = {}
    levers_used: Log[tuple[int, str, str]] = Field(default_factory=Log)
    """(round, seat, lever) for every lever pulled."""
    messages: Log[Note] = Field(default_factory=Log)
    flags: list[str] = []
    standing: dict[str, float] = {}
    streaks: dict[str, int] = {}
    """Rule id -> consecutive rounds its condition has held (up to now)."""
    fired: Log[tuple[int, str]] = Field(default_factory=Log)
    """(round, rule id) for every rule that fired, in order."""
    injects: Log[tuple[int, str]] = Field(default_factory=Log)
    queued: list[tuple[int, str, str]] = []
    """(round, inject, reason) for every inject in the facilitator's queue, in the order queued."""
    notes: Log[Note] = Field(default_factory=Log)
    events: int = 0
    durability_terms: float = 0
    """The signed terms' part of the deal's durability (see DurabilityAssessed)."""
    durability_events: float = 0
    """The sum of every event's deltas to the durability indicator."""

    _fired_index: tuple[Log[tuple[int, str]], int, frozenset[str]] | None = PrivateAttr(default=None)
    """(the `fired` list read, how many of its entries, the rule ids in them):
    `fired` only grows, so the ids of the rules that ever fired are kept up
    to date from the new entries instead of rebuilt from the whole game at
    every adjudication (which made a long game's cost quadratic)."""

    def __eq__(self, other: object) -> bool:
        """Equal fields (the private index above is a cache, not state)."""
        if not isinstance(other, GameState):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def fired_ids(self) -> frozenset[str]:
        """The ids of every rule that has fired in this game."""
        fired = self.fired
        index = self._fired_index
        if index is not None and index[0] is fired and index[1] == len(fired):
            return index[2]
        if index is not None and index[0] is fired and index[1] < len(fired):
            ids = index[2] | {rid for _, rid in fired[index[1] :]}
        else:
            ids = frozenset(rid for _, rid in fired)
        self._fired_index = (fired, len(fired), ids)
        return ids

    def fork(self) -> GameState:
        """A copy to fold further events into without touching this one.

        The fold replaces the items of its lists and dicts but never changes an
        item in place, so copying the containers is enough (and far cheaper
        than a deep copy of a long game); the logs, which only grow and can be
        long, are forked in constant time (`model.log.Log`).
        """
        update = {
            name: (value.copy() if isinstance(value, list | dict | Log) else value)
            for name, value in self.__dict__.items()
        }
        ids = self.fired_ids()
        copy = self.model_copy(update=update)
        copy._fired_index = (copy.fired, len(copy.fired), ids)
        return copy

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
