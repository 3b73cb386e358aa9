"""Events: what happened, the truth of a game. The state is a fold of them.

Every event is frozen, carries a required `kind` tag and everything the review
needs to explain it (a rule's explanation and sources, a vote's reasons), so a
save replays and explains itself even if the scenario file changes later.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

INJECT_PULLED = "pulled by the inject "
"""How the engine begins the `why` of a lever an inject's effect pulls."""


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class GameStarted(_Event):
    kind: Literal["game_started"]
    scenario: str
    seed: int
    lens: str | None
    sequence: str
    max_rounds: int
    deadline_round: int | None
    seats: dict[str, str]
    """Seat -> who plays it, as text: `human`, `script`, `bot` or `bot:<persona>` (`model.players`)."""


class RoundStarted(_Event):
    kind: Literal["round_started"]
    round: int
    phase: str


class Proposed(_Event):
    kind: Literal["proposed"]
    seat: str
    terms: dict[str, str]
    why: str = ""


class LeverUsed(_Event):
    kind: Literal["lever_used"]
    seat: str
    lever: str
    deltas: dict[str, float] = {}
    why: str = ""
    cause: Literal["seat", "inject"] | None = None
    """Who pulled it: the seat on its turn, or an inject's effect (which can
    come at any time, also out of that seat's turn). `None`: a save written
    before causes were recorded; read from `why`."""

    def by_inject(self) -> str | None:
        """The inject whose effect pulled this lever (not the seat's own move:
        the seat keeps its lever for the round), or None for a seat's pull."""
        if self.cause == "seat" or not self.why.startswith(INJECT_PULLED):
            return None
        return self.why.removeprefix(INJECT_PULLED)


class MessageSent(_Event):
    kind: Literal["message_sent"]
    seat: str
    to: str
    text: str
    issue: str | None = None


class TurnEnded(_Event):
    kind: Literal["turn_ended"]
    seat: str
    why: str = ""


class VotingOpened(_Event):
    kind: Literal["voting_opened"]
    signatories: list[str]
    terms: dict[str, str]


class VoteCast(_Event):
    kind: Literal["vote_cast"]
    seat: str
    response: Literal["accept", "reject"]
    reasons: list[str] = []
    crossed: list[str] = []
    """Red lines of this seat that the text crosses, accepted anyway."""
    why: str = ""


class AgreementSigned(_Event):
    kind: Literal["agreement_signed"]
    phase: str
    round: int
    terms: dict[str, str]


class RuleFired(_Event):
    kind: Literal["rule_fired"]
    rule: str
    rule_kind: str
    outcome: Literal["fired", "crossed"] = "fired"
    seat: str | None = None
    title: str
    explanation: str
    sources: list[str]
    deltas: dict[str, float] = {}
    standing: dict[str, float] = {}
    set_flags: list[str] = []
    clear_flags: list[str] = []
    phase_trigger: str | None = None
    rolls: list[float] = []


class InjectFired(_Event):
    kind: Literal["inject_fired"]
    inject: str
    title: str
    text: str
    to: str = "all"
    sources: list[str] = []
    deltas: dict[str, float] = {}
    set_terms: dict[str, str] = {}
    set_flags: list[str] = []
    clear_flags: list[str] = []
    reason: str = ""
    cause: Literal["facilitator", "schedule"] | None = None
    """What fired it: the facilitator (the console or a moves file), or the
    deck's schedule at the start of a round. `None`: a save written before
    causes were recorded; read from `reason`."""
    queued_round: int | None = None
    """The round it was queued for, when it fired from the facilitator's queue."""


class InjectQueued(_Event):
    """The facilitator queued an inject for the start of a later round."""

    kind: Literal["inject_queued"]
    inject: str
    round: int
    reason: str = ""


class InjectUnqueued(_Event):
    """A queued inject was taken off the queue (cancelled, or refused when due)."""

    kind: Literal["inject_unqueued"]
    inject: str
    round: int
    reason: str = ""


class PhaseChanged(_Event):
    kind: Literal["phase_changed"]
    from_: str = Field(alias="from")
    to: str
    trigger: str
    reason: str = ""
    table: dict[str, str] = {}
    """The text the new phase starts from (agreed terms on its agenda)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False)


class AgreementVoided(_Event):
    kind: Literal["agreement_voided"]
    phase: str
    reason: str


class FacilitatorActed(_Event):
    kind: Literal["facilitator"]
    command: str
    reason: str = ""
    indicator: str | None = None
    value: float | None = None
    phase: str | None = None
    announce: bool = False
    """The facilitator told the teams the reason (else only the debrief reads it)."""


class SeatHandedOver(_Event):
    """Who plays a seat from now on (bots taking over after a moves file, a
    branch played on by bots, a seat handed back to people)."""

    kind: Literal["seat_handed_over"]
    seat: str
    player: str
    """`human`, `script`, `bot` or `bot:<persona>` (`model.players`)."""
    reason: str = ""


class DurabilityAssessed(_Event):
    """The signed deal's durability from its terms, reassessed each round."""

    kind: Literal["durability_assessed"]
    value: float
    """From the terms: phase bases plus rule modifiers (events' deltas come on top)."""
    parts: dict[str, float] = {}
    """What makes it up: a phase agreement or a rule id -> points."""


class RoundEnded(_Event):
    kind: Literal["round_ended"]
    round: int
    indicators: dict[str, float]
    """The indicators at the end of the round, for charts and checks."""
    streaks: dict[str, int] = {}
    """Rules whose condition held, and for how many rounds running."""


class GameEnded(_Event):
    kind: Literal["game_ended"]
    status: str
    reason: str


Event = Annotated[
    Union[
        GameStarted,
        RoundStarted,
        Proposed,
        LeverUsed,
        MessageSent,
        TurnEnded,
        VotingOpened,
        VoteCast,
        AgreementSigned,
        RuleFired,
        InjectFired,
        PhaseChanged,
        AgreementVoided,
        FacilitatorActed,
        DurabilityAssessed,
        RoundEnded,
        GameEnded,
        SeatHandedOver,
        InjectQueued,
        InjectUnqueued,
    ],
    Field(discriminator="kind"),
]
EVENT: TypeAdapter[Event] = TypeAdapter(Event)


def dump_event(event: BaseModel) -> str:
    """Canonical JSON of an event: the hash chain and determinism depend on it."""
    return event.model_dump_json(by_alias=True)
