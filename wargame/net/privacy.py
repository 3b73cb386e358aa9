"""What each seat may receive: filtering done by the host, before sending.

The host never sends a seat anything it must not see, so a modified client
cannot show it either. A seat receives:

- the scenario without the other seats' briefs, bot profiles and personas
  (its own brief stays), and without the inject deck (the facilitator's);
- every event, except the private messages between other seats and the
  facilitator's notes (dropped); in what it keeps, the words of a private
  inject to another seat, the other seats' vote reasons and the `why` of
  their moves, a bot's persona, and every reason the facilitator typed into
  the console are blanked.

The facilitator receives everything. The filtered log still folds into the
state every screen needs (whose turn, the text, the votes, the indicators):
only words are taken out, never a number the fold reads.
"""

from __future__ import annotations

from typing import Any

from wargame.model import events as e
from wargame.model.scenario import Scenario

FACILITATOR = "facilitator"
"""The role that sees everything."""

SEALED = "(sealed)"
"""What a seat reads in place of another seat's brief."""


def scenario_for(scenario: Scenario, seat: str | None) -> dict[str, Any]:
    """The scenario as JSON data for a seat (`None`: the facilitator's, whole)."""
    data = scenario.model_dump(mode="json", by_alias=True)
    if seat is None:
        return data
    # the inject deck is the facilitator's: its surprises (and its private
    # briefings to other seats) reach a seat only when fired, as events
    data["injects"] = []
    for item in data["seats"]:
        if item["id"] != seat:
            item["brief"] = {"summary": SEALED}
            item.pop("profile", None)
            item.pop("personas", None)
    return data


def visible(seat: str | None, event: e.Event, previous: e.Event | None = None) -> e.Event | None:
    """The event as `seat` may receive it, or None if it must not receive it.

    `seat` None is the facilitator (everything). `previous` is the event
    before this one in the log: a game ended by the facilitator carries the
    console's reason, which is the facilitator's.
    """
    if seat is None:
        return event
    if isinstance(event, e.GameStarted):
        # who plays a seat is public, a bot's persona (how hard it bargains) is not
        seats = {s: ("bot" if who.startswith("bot") else who) for s, who in event.seats.items()}
        return event if seats == event.seats else event.model_copy(update={"seats": seats})
    if isinstance(event, e.Proposed | e.LeverUsed | e.TurnEnded):
        # a seat's reasons (a team's note, a bot's reckoning) stay its own until the debrief
        return event if event.seat == seat or not event.why else event.model_copy(update={"why": ""})
    if isinstance(event, e.MessageSent):
        return event if event.to in ("all", seat) or event.seat == seat else None
    if isinstance(event, e.InjectFired):
        if event.to not in ("all", seat):
            # its effects on the world are public, its words are not
            return event.model_copy(update={"title": SEALED, "text": "", "reason": ""})
        return event.model_copy(update={"reason": ""}) if event.reason else event
    if isinstance(event, e.VoteCast):
        if event.seat == seat or not (event.reasons or event.crossed or event.why):
            return event
        return event.model_copy(update={"reasons": [], "crossed": [], "why": ""})
    if isinstance(event, e.FacilitatorActed):
        if event.command == "note":
            return None
        return event.model_copy(update={"reason": ""}) if event.reason else event
    if isinstance(event, e.PhaseChanged) and event.trigger in ("force_phase", "veto_phase"):
        return event.model_copy(update={"reason": ""})
    ended_by_console = isinstance(previous, e.PhaseChanged) and previous.trigger in ("force_phase", "veto_phase")
    if isinstance(event, e.GameEnded) and ended_by_console:
        return event.model_copy(update={"reason": "ended by the facilitator"})
    return event


def filter_log(
    seat: str | None, events: list[e.Event], first_seq: int, previous: e.Event | None
) -> list[tuple[int, e.Event]]:
    """`(seq, event)` pairs a seat may receive from a run of events numbered
    from `first_seq`; `previous` is the event just before the run."""
    out: list[tuple[int, e.Event]] = []
    for i, event in enumerate(events):
        shown = visible(seat, event, previous)
        if shown is not None:
            out.append((first_seq + i, shown))
        previous = event
    return out
