"""Actions: the only way anything changes in a game (the one door).

A human's key press, a bot's choice, a facilitator's inject and a line of a
moves file all become one of these and go through `Game.submit`.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

from wargame.model import players


class _Action(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Propose(_Action):
    """Set the listed terms on the single negotiating text, keeping the rest."""

    kind: Literal["propose"]
    seat: str
    terms: dict[str, str] = Field(min_length=1)
    why: str = ""


class UseLever(_Action):
    kind: Literal["lever"]
    seat: str
    lever: str
    why: str = ""


class Message(_Action):
    kind: Literal["message"]
    seat: str
    to: str = "all"
    """A seat id for a private message, or `all` for a public one."""
    text: str = Field(min_length=1)
    issue: str | None = None


class EndTurn(_Action):
    """Done for this round (a pass, if nothing else was done)."""

    kind: Literal["end_turn"]
    seat: str
    why: str = ""


class Respond(_Action):
    """A signatory's vote on the text at the end of the round."""

    kind: Literal["respond"]
    seat: str
    response: Literal["accept", "reject"]
    reasons: list[str] = []
    why: str = ""


class FireInject(_Action):
    kind: Literal["inject"]
    inject: str
    reason: str = ""
    queued_round: int | None = None
    """The round it was queued for, when it fires from the facilitator's queue."""


class QueueInject(_Action):
    """Queue an inject for the start of a later round (the facilitator's queue)."""

    kind: Literal["queue_inject"]
    inject: str
    round: int
    reason: str = ""


class UnqueueInject(_Action):
    """Take a queued inject off the queue."""

    kind: Literal["unqueue_inject"]
    inject: str
    round: int
    reason: str = ""


class HandOver(_Action):
    """A seat changes hands: bots take it over, or give it back to people or
    to the moves file. Recorded as an event, so the state (and a bot reading
    who tabled a text) knows who plays the seat from then on."""

    kind: Literal["hand_over"]
    seat: str
    player: str
    """As a save writes it: `human`, `script`, `bot` or `bot:<persona>` (`model.players`)."""
    reason: str = ""

    @field_validator("player")
    @classmethod
    def _a_player(cls, value: str) -> str:
        players.player(value)  # ValueError names the forms
        return value


class Steer(_Action):
    """The facilitator steering the game. Every command is recorded (as a
    `FacilitatorActed` event) with its reason."""

    kind: Literal["facilitator"]
    reason: str = ""
    announce: bool = False
    """Tell the teams the reason (else it is the facilitator's, for the debrief)."""


class Note(Steer):
    """A note on the timeline, for the debrief (the seats do not see it)."""

    command: Literal["note"]


class SetIndicator(Steer):
    command: Literal["set_indicator"]
    indicator: str
    value: float


class Pause(Steer):
    command: Literal["pause"]


class Resume(Steer):
    command: Literal["resume"]


class ForcePhase(Steer):
    """Move the talks to a phase or an end state (resuming collapsed talks too)."""

    command: Literal["force_phase"]
    phase: str


class VetoPhase(Steer):
    """Undo the last phase change: the talks go back where they were."""

    command: Literal["veto_phase"]


Facilitate = Annotated[
    Union[Note, SetIndicator, Pause, Resume, ForcePhase, VetoPhase],
    Field(discriminator="command"),
]
"""A facilitator's command, told apart by `command` (all have kind `facilitator`)."""
FACILITATE: TypeAdapter[Facilitate] = TypeAdapter(Facilitate)


Action = Annotated[
    Union[Propose, UseLever, Message, EndTurn, Respond, FireInject, QueueInject, UnqueueInject, Facilitate, HandOver],
    Field(discriminator="kind"),
]
ACTION: TypeAdapter[Action] = TypeAdapter(Action)
