"""The game state: a fold of the scenario and the events.

Unlike scenarios, actions and events, the state is not frozen: `engine.fold.apply`
changes the state it is handed in place, which keeps replaying 10,000 events
fast; a caller that must keep a state as it was forks it first
(`GameState.fork`). Code outside the engine only reads it.

The engine writes the state's fields tens of times an action and forks it at
every decision, so `GameState` is a plain class: a field write is an
attribute write and a fork a copy of its dict, with no pydantic on the way.
Pydantic stays at the edges: building a state from fields
(`GameState(**fields)`, `model_validate`, `model_validate_json`) validates
them against `StateModel`, generated from `GameState`'s own annotations, and
`model_dump`/`model_dump_json` serialize through it, so callers see the same
API and the same JSON as when the state was a pydantic model.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any, Literal, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

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


class GameState:
    """The state of a game: a fold of its scenario and its events."""

    scenario: str
    seed: int
    lens: str | None
    sequence: str
    max_rounds: int
    deadline_round: int | None
    seats: dict[str, str]

    status: str
    """The phase machine's state: a phase id, or peace, collapse, expired."""
    interrupted: str | None
    """The phase the talks were in when they collapsed (a facilitator may resume it)."""
    round: int
    step: Literal["setup", "turns", "voting", "over"]
    turn: int
    """Index into the turn order of the seat to move."""
    paused: bool

    indicators: dict[str, float]
    table: dict[str, TableTerm]
    agreements: dict[str, Agreement]
    """Agreements in force, by phase."""
    history: Log[Agreement]
    """Every agreement ever signed, including voided ones."""
    voters: list[str]
    votes: Log[Vote]
    round_votes: dict[str, str]
    levers_used: Log[tuple[int, str, str]]
    """(round, seat, lever) for every lever pulled."""
    messages: Log[Note]
    flags: list[str]
    standing: dict[str, float]
    streaks: dict[str, int]
    """Rule id -> consecutive rounds its condition has held (up to now)."""
    fired: Log[tuple[int, str]]
    """(round, rule id) for every rule that fired, in order."""
    injects: Log[tuple[int, str]]
    queued: list[tuple[int, str, str]]
    """(round, inject, reason) for every inject in the facilitator's queue, in the order queued."""
    notes: Log[Note]
    events: int
    durability_terms: float
    """The signed terms' part of the deal's durability (see DurabilityAssessed)."""
    durability_events: float
    """The sum of every event's deltas to the durability indicator."""

    _fired_index: tuple[Log[tuple[int, str]], int, frozenset[str]] | None
    """(the `fired` list read, how many of its entries, the rule ids in them):
    `fired` only grows, so the ids of the rules that ever fired are kept up
    to date from the new entries instead of rebuilt from the whole game at
    every adjudication (which made a long game's cost quadratic). A cache,
    not state: equality, dumps and copies leave it out."""

    def __init__(self, **fields: Any) -> None:
        """A new game's state; with `fields`, those validated (pydantic) over it."""
        self.scenario = ""
        self.seed = 0
        self.lens = None
        self.sequence = ""
        self.max_rounds = 0
        self.deadline_round = None
        self.seats = {}
        self.status = "setup"
        self.interrupted = None
        self.round = 0
        self.step = "setup"
        self.turn = 0
        self.paused = False
        self.indicators = {}
        self.table = {}
        self.agreements = {}
        self.history = Log()
        self.voters = []
        self.votes = Log()
        self.round_votes = {}
        self.levers_used = Log()
        self.messages = Log()
        self.flags = []
        self.standing = {}
        self.streaks = {}
        self.fired = Log()
        self.injects = Log()
        self.queued = []
        self.notes = Log()
        self.events = 0
        self.durability_terms = 0
        self.durability_events = 0
        self._fired_index = None
        if fields:
            self.__dict__.update(_validated(fields))

    # ---- the pydantic edge --------------------------------------------------

    @classmethod
    def model_validate(cls, obj: Any) -> GameState:
        """A state from a dict of fields, validated (unknown fields are refused);
        a state is returned as it is, as pydantic returns a model instance."""
        if isinstance(obj, GameState):
            return obj
        return cls(**obj) if obj else cls()

    @classmethod
    def model_validate_json(cls, data: str | bytes) -> GameState:
        state = cls()
        state.__dict__.update(StateModel.model_validate_json(data).__dict__)
        return state

    def _model(self) -> BaseModel:
        return StateModel.model_construct(**self._fields())

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        """As pydantic dumps a model (the same keyword arguments)."""
        return self._model().model_dump(**kwargs)

    def model_dump_json(self, **kwargs: Any) -> str:
        return self._model().model_dump_json(**kwargs)

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> GameState:
        """A copy with `update` on top, as pydantic's: shallow (the containers
        shared), or `deep` (everything copied). Not validated."""
        copy = GameState.__new__(GameState)
        if deep:
            fields = deepcopy(self._fields())
            if update:
                fields.update(update)
            copy.__dict__.update(fields)
            copy._fired_index = None
            return copy
        fields = self.__dict__.copy()  # (the index is last, and stays last; adjudication copies twice a round)
        if update:
            fields.update(update)
        fields["_fired_index"] = None
        copy.__dict__ = fields
        return copy

    def _fields(self) -> dict[str, Any]:
        fields = self.__dict__.copy()
        del fields["_fired_index"]
        return fields

    def __eq__(self, other: object) -> bool:
        """Equal fields (the private index above is a cache, not state)."""
        if not isinstance(other, GameState):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"GameState({', '.join(f'{k}={v!r}' for k, v in self._fields().items())})"

    # ---- reading ----------------------------------------------------------

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
        ids = self.fired_ids()
        copy = GameState.__new__(GameState)
        fields = self.__dict__.copy()
        for name in _CONTAINERS:
            fields[name] = fields[name].copy()
        copy.__dict__ = fields
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


def _state_model() -> type[BaseModel]:
    """The pydantic model of the state: `GameState`'s annotated fields with
    the defaults a new state has (so validation and JSON match the class)."""
    hints = get_type_hints(GameState)
    fresh = GameState()
    fields: dict[str, Any] = {}
    for name, value in fresh._fields().items():
        if isinstance(value, Log):
            fields[name] = (hints[name], Field(default_factory=Log))
        else:
            fields[name] = (hints[name], value)
    return create_model("StateModel", __config__=ConfigDict(extra="forbid"), **fields)


StateModel = _state_model()
"""The state as a pydantic model: validation and serialization at the edges."""

_CONTAINERS = tuple(name for name, value in GameState()._fields().items() if isinstance(value, list | dict | Log))
"""The fields a fork copies (the rest are immutable values)."""


def _validated(fields: dict[str, Any]) -> dict[str, Any]:
    return dict(StateModel.model_validate(fields).__dict__)
