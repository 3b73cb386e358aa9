"""Events in words, and who may see them.

A review is shown in one of three kinds of view:

* `public`: what the whole class saw at the table (public messages, proposals,
  votes, rules, injects to all); private messages and briefs stay hidden;
* a seat id (`us`, `russia`, ...): what that delegation saw: the public record,
  its own private messages and injects, its own reasoning and its brief;
* `debrief`: everything, every private message and every brief, and the
  facilitator's notes: the after-action review.
"""

from __future__ import annotations

from wargame.model import events as e
from wargame.model.scenario import Scenario

PUBLIC = "public"
DEBRIEF = "debrief"


def views(scenario: Scenario) -> list[str]:
    """Every view, in the order the replay cycles through them."""
    return [PUBLIC, *scenario.seat_ids, DEBRIEF]


def view_name(scenario: Scenario, view: str) -> str:
    if view == DEBRIEF:
        return "debrief (everything revealed)"
    if view == PUBLIC:
        return "public (what the table saw)"
    return f"{scenario.seat(view).name} only"


def visible(event: e.Event, view: str) -> bool:
    """May this view see this event?"""
    if view == DEBRIEF:
        return True
    if isinstance(event, e.MessageSent):
        return event.to == "all" or view in (event.seat, event.to)
    if isinstance(event, e.InjectFired):
        return event.to == "all" or view == event.to
    if isinstance(event, e.FacilitatorActed):
        return event.command != "note"
    # the facilitator's queue is its plan: the debrief's, not the table's
    return not isinstance(event, e.InjectQueued | e.InjectUnqueued)


def shows_why(event: e.Event, view: str) -> bool:
    """May this view read the reasoning recorded with a move (a bot's or a team's `why`)?"""
    seat = getattr(event, "seat", None)
    return view == DEBRIEF or (seat is not None and seat == view)


def terms_text(terms: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in terms.items()) or "(empty)"


def deltas_text(deltas: dict[str, float]) -> str:
    if not deltas:
        return ""
    return " (" + ", ".join(f"{k} {v:+g}" for k, v in deltas.items()) + ")"


TAGS = (
    "start",
    "round",
    "propose",
    "lever",
    "message",
    "private",
    "turn",
    "vote",
    "signed",
    "rule",
    "crossed",
    "inject",
    "phase",
    "voided",
    "facilitator",
    "durability",
    "indicators",
    "end",
)
"""The kinds of line in a timeline, for colouring."""


def describe(event: e.Event) -> tuple[str, str]:
    """(tag, one line) for an event, as the debrief would show it."""
    if isinstance(event, e.GameStarted):
        seats = ", ".join(f"{s}: {who}" for s, who in event.seats.items())
        return (
            "start",
            f"Game of {event.scenario} ({event.lens or 'no lens'}, {event.sequence}, seed {event.seed}); {seats}",
        )
    if isinstance(event, e.RoundStarted):
        return "round", f"Round {event.round}: {event.phase} talks"
    if isinstance(event, e.Proposed):
        return "propose", f"{event.seat} proposes {terms_text(event.terms)}"
    if isinstance(event, e.LeverUsed):
        return "lever", f"{event.seat} pulls {event.lever}{deltas_text(event.deltas)}"
    if isinstance(event, e.MessageSent):
        if event.to == "all":
            return "message", f"{event.seat} to all: {event.text}"
        return "private", f"{event.seat} -> {event.to} (private): {event.text}"
    if isinstance(event, e.TurnEnded):
        return "turn", f"{event.seat} ends its turn"
    if isinstance(event, e.VotingOpened):
        return "vote", f"Vote on {terms_text(event.terms)}; signatories {', '.join(event.signatories)}"
    if isinstance(event, e.VoteCast):
        reasons = f" ({', '.join(event.reasons)})" if event.reasons else ""
        crossed = f", crossing its red lines {', '.join(event.crossed)}" if event.crossed else ""
        return "vote", f"{event.seat} votes {event.response}{reasons}{crossed}"
    if isinstance(event, e.AgreementSigned):
        return "signed", f"SIGNED the {event.phase} agreement: {terms_text(event.terms)}"
    if isinstance(event, e.RuleFired):
        tag = "crossed" if event.outcome == "crossed" else "rule"
        who = f" ({event.seat})" if event.seat else ""
        return tag, f"{'CROSSED' if tag == 'crossed' else 'Rule'} {event.rule}{who}{deltas_text(event.deltas)}"
    if isinstance(event, e.InjectFired):
        to = "" if event.to == "all" else f" to {event.to}"
        return "inject", f"INJECT{to}: {event.title}{deltas_text(event.deltas)}"
    if isinstance(event, e.PhaseChanged):
        return "phase", f"PHASE {event.from_} -> {event.to} ({event.reason})"
    if isinstance(event, e.AgreementVoided):
        return "voided", f"VOIDED the {event.phase} agreement ({event.reason})"
    if isinstance(event, e.FacilitatorActed):
        if event.command == "note":
            return "facilitator", f"Facilitator's note: {event.reason}"
        extra = f" {event.indicator}={event.value:g}" if event.indicator and event.value is not None else ""
        extra += f" {event.phase}" if event.phase else ""
        return "facilitator", f"Facilitator: {event.command}{extra} ({event.reason})"
    if isinstance(event, e.DurabilityAssessed):
        return "durability", f"The deal's durability from its terms: {event.value:g}"
    if isinstance(event, e.RoundEnded):
        return "indicators", f"End of round {event.round}"
    if isinstance(event, e.InjectQueued):
        why = f": {event.reason}" if event.reason else ""
        return "facilitator", f"Facilitator queued the inject {event.inject} for round {event.round}{why}"
    if isinstance(event, e.InjectUnqueued):
        why = f" ({event.reason})" if event.reason else ""
        return "facilitator", f"Facilitator took the inject {event.inject} for round {event.round} off the queue{why}"
    if isinstance(event, e.SeatHandedOver):
        why = f" ({event.reason})" if event.reason else ""
        return "facilitator", f"{event.seat} is now played by {event.player}{why}"
    return "end", f"Game over: {event.status} ({event.reason})"


def line(event: e.Event, view: str) -> tuple[str, str]:
    """(tag, line) for an event in a view; an event the view may not see is
    shown as the bare fact that something private happened."""
    if isinstance(event, e.FacilitatorActed) and view != DEBRIEF and event.command != "note" and not event.announce:
        tag, words = describe(event.model_copy(update={"reason": "reason kept for the debrief"}))
        return tag, words
    if visible(event, view):
        return describe(event)
    if isinstance(event, e.MessageSent):
        return "private", f"{event.seat} -> {event.to}: (a private message)"
    if isinstance(event, e.InjectFired):
        return "inject", f"INJECT to {event.to}: (a private briefing)"
    return "facilitator", "Facilitator's note (shown in the debrief)"


def details(scenario: Scenario, event: e.Event, view: str) -> list[str]:
    """More lines about an event: a rule's explanation and sources, a vote's
    reasons in words, an inject's text, the reasoning behind a move."""
    if not visible(event, view):
        return ["Reveal it in the debrief view."]
    out: list[str] = []
    if isinstance(event, e.RuleFired):
        out.append(event.title)
        out.append(event.explanation)
        out += [f"source {key}: {source_title(scenario, key)}" for key in event.sources]
        if event.rolls:
            out.append("dice: " + ", ".join(f"{r:.2f}" for r in event.rolls))
        if event.standing:
            out.append("standing: " + ", ".join(f"{k} {v:+g}" for k, v in event.standing.items()))
        if event.phase_trigger:
            out.append(f"moves the talks: {event.phase_trigger}")
    elif isinstance(event, e.VoteCast):
        for reason in [*event.reasons, *event.crossed]:
            out.append(f"{reason}: {rule_title(scenario, reason)}")
    elif isinstance(event, e.InjectFired):
        out.append(event.text)
        out += [f"source {key}: {source_title(scenario, key)}" for key in event.sources]
        if event.set_terms:
            out.append(f"puts on the table: {terms_text(event.set_terms)}")
        if event.reason and view == DEBRIEF:  # the facilitator's reason, for the debrief
            out.append(f"why: {event.reason}")
    elif isinstance(event, e.DurabilityAssessed):
        out += [f"{part}: {pts:+g}" for part, pts in event.parts.items()]
    elif isinstance(event, e.RoundEnded):
        out.append(", ".join(f"{k} {v:g}" for k, v in event.indicators.items()))
    why = getattr(event, "why", "")
    if why and shows_why(event, view):
        out.append(f"why: {why}")
    return out


def rule_title(scenario: Scenario, rule_id: str) -> str:
    return scenario.rule(rule_id).title if scenario.has("rule", rule_id) else "(a reason given by the seat)"


def source_title(scenario: Scenario, key: str) -> str:
    return scenario.sources.get(key, "(not in the scenario's list of sources)")
