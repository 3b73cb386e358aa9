"""The wire format between a game host and its clients.

Every message is one pydantic model sent as one JSON text message over a
websocket (websockets does the framing; nothing here is home-made framing).
Actions and events are the game's own typed models, the same as in the save,
so a client speaks the game's vocabulary and the host checks it with the
same `Game.submit` as the hot seat.

A client says `Hello` with its join code, its device id and the last event
number it has; the host answers `Welcome` (or `Refused` with a reason and
closes), then sends the events after that number, filtered for the seat.
The client submits actions with an idempotency key; the host answers each
with an `Ack` (applied, a duplicate of one applied before, or refused with
the game's reason) and pushes the resulting events to every client.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from wargame.model.actions import Action
from wargame.model.events import Event

PROTOCOL = 1
"""Bumped when a message changes in a way an older client cannot read."""

MAX_MESSAGE = 1 << 20
"""The largest message a host accepts from a client (1 MiB)."""


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ---- client -> host ------------------------------------------------------------


class Hello(_Message):
    kind: Literal["hello"]
    code: str = Field(max_length=64)
    device: str = Field(min_length=8, max_length=64)
    """A random id the client keeps for this device: a code works for one device only."""
    last_seq: int = Field(default=0, ge=0)
    """The last event number the client has; the host sends the ones after it."""
    pin: str = Field(default="", max_length=64)
    """The facilitator's PIN, when the game has one."""
    protocol: int = PROTOCOL


class Submit(_Message):
    kind: Literal["submit"]
    key: str = Field(min_length=8, max_length=64)
    """The idempotency key: the same key sent twice is applied once."""
    action: Action


class QueueInject(_Message):
    """The facilitator queues an inject for the start of a later round."""

    kind: Literal["queue"]
    key: str = Field(min_length=8, max_length=64)
    inject: str
    round: int = Field(ge=1)
    reason: str = ""


class Revoke(_Message):
    """The facilitator revokes a seat's code; the host answers with a new one."""

    kind: Literal["revoke"]
    seat: str


ClientMessage = Annotated[Union[Hello, Submit, QueueInject, Revoke], Field(discriminator="kind")]
CLIENT_MESSAGE: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)


# ---- host -> client ------------------------------------------------------------


class Welcome(_Message):
    kind: Literal["welcome"]
    game: str
    seat: str | None
    """The client's seat; None for the facilitator."""
    scenario: dict[str, Any]
    """The scenario as this seat may see it (other seats' briefs sealed)."""
    house_rules: dict[str, Any] = {}
    """Press rules and hints (never the PIN's hash)."""
    head: int
    """How many events the game has now."""
    caught_up_at: int = 0
    """The number of the last event of the catch-up that follows (0: none
    follows): the client has the game as it stands once it has that one."""
    protocol: int = PROTOCOL


class Refused(_Message):
    """A hello the host turns down (unknown or revoked code, another device, wrong PIN)."""

    kind: Literal["refused"]
    reason: str


class Numbered(_Message):
    seq: int
    event: Event


class Events(_Message):
    kind: Literal["events"]
    events: list[Numbered]


class Ack(_Message):
    kind: Literal["ack"]
    key: str
    ok: bool
    reason: str = ""
    """Why the game refused the action (the game's own message)."""
    duplicate: bool = False
    """This key was applied before; nothing was done again."""
    first: int = 0
    last: int = 0
    """The event numbers the action made (0, 0 when it made none)."""


class Presence(_Message):
    """Who is connected, for the facilitator's console."""

    kind: Literal["presence"]
    seats: dict[str, int]


class NewCode(_Message):
    kind: Literal["new_code"]
    seat: str
    code: str


HostMessage = Annotated[Union[Welcome, Refused, Events, Ack, Presence, NewCode], Field(discriminator="kind")]
HOST_MESSAGE: TypeAdapter[HostMessage] = TypeAdapter(HostMessage)


def dump(message: BaseModel) -> str:
    """One message as JSON text (aliases as in the save: `from` for a phase change)."""
    return message.model_dump_json(by_alias=True)


def events_message(pairs: list[tuple[int, Event]]) -> str:
    return dump(Events(kind="events", events=[Numbered(seq=s, event=ev) for s, ev in pairs]))
