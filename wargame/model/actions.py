"""Actions: the only way anything changes in a game (the one door).

A human's key press, a bot's choice, a facilitator's inject and a line of a
moves file all become one of these and go through `Game.submit`.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Action(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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


class Facilitate(_Action):
    """The facilitator steering the game: notes, indicator settings, pauses,
    forced or vetoed phase changes. Every one is recorded with its reason."""

    kind: Literal["facilitator"]
    command: Literal["note", "set_indicator", "pause", "resume", "force_phase", "veto_phase"]
    reason: str = ""
    indicator: str | None = None
    value: float | None = None
    phase: str | None = None
    announce: bool = False
    """Tell the teams the reason (else it is the facilitator's, for the debrief)."""


Action = Annotated[
    Union[Propose, UseLever, Message, EndTurn, Respond, FireInject, Facilitate],
    Field(discriminator="kind"),
]
ACTION = TypeAdapter(Action)
