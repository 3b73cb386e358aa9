"""A readable transcript of a game, round by round.

Used by `wargame run` without `--json`, and by the golden-transcript tests:
any change to adjudication shows up as a diff of these texts. A round shows
its injects, each seat's proposals and levers, the text voted on, every vote
with its reasons, the signature, the rules that fired (with what they moved
and which of their effects applied), red lines crossed and their cost, phase
changes, the signed deal's durability and the indicators at the round's end.
"""

from __future__ import annotations

from wargame.engine.game import Game
from wargame.model import events as e
from wargame.model.scenario import Scenario
from wargame.review.describe import deltas_text, terms_text


def _notes(scenario: Scenario, ev: e.RuleFired) -> str:
    """What the rule's applied effect blocks added to its explanation."""
    if not scenario.has("rule", ev.rule):
        return ""
    base = scenario.rule(ev.rule).explanation.strip()
    if not ev.explanation.startswith(base):
        return ""
    extra = ev.explanation[len(base) :].strip()
    return f": {extra}" if extra else ""


def _rule_line(scenario: Scenario, ev: e.RuleFired) -> str:
    if ev.outcome == "crossed":
        cost = dict(ev.deltas)
        standing = ", ".join(f"standing of {s} {v:+g}" for s, v in ev.standing.items())
        moved = ", ".join([*(f"{k} {v:+g}" for k, v in cost.items()), *([standing] if standing else [])])
        return (
            f"  CROSSED {ev.rule} by {ev.seat} [{', '.join(ev.sources)}]"
            + (f" ({moved})" if moved else "")
            + (_notes(scenario, ev))
        )
    trigger = f" -> {ev.phase_trigger}" if ev.phase_trigger else ""
    return f"  RULE {ev.rule} [{', '.join(ev.sources)}]{deltas_text(ev.deltas)}{trigger}{_notes(scenario, ev)}"


def transcript(game: Game) -> str:
    lines: list[str] = []
    for ev in game.events:
        if isinstance(ev, e.GameStarted):
            seats = ", ".join(f"{s}: {who}" for s, who in ev.seats.items())
            lines.append(
                f"Game of {ev.scenario}: lens {ev.lens}, sequence {ev.sequence}, seed {ev.seed}, "
                f"up to {ev.max_rounds} rounds. Seats: {seats}."
            )
        elif isinstance(ev, e.RoundStarted):
            lines.append(f"\n== Round {ev.round}: {ev.phase} talks ==")
        elif isinstance(ev, e.InjectFired):
            lines.append(f"  INJECT {ev.inject}: {ev.title}{deltas_text(ev.deltas)}")
        elif isinstance(ev, e.Proposed):
            lines.append(f"  {ev.seat} proposes {terms_text(ev.terms)}")
        elif isinstance(ev, e.LeverUsed):
            lines.append(f"  {ev.seat} pulls the lever {ev.lever}{deltas_text(ev.deltas)}")
        elif isinstance(ev, e.MessageSent):
            lines.append(f"  {ev.seat} -> {ev.to}: {ev.text}")
        elif isinstance(ev, e.VotingOpened):
            lines.append(f"  Text on the table: {terms_text(ev.terms)}")
            lines.append(f"  Signatories: {', '.join(ev.signatories)}")
        elif isinstance(ev, e.VoteCast):
            reasons = f" ({', '.join(ev.reasons)})" if ev.reasons else ""
            crossed = f" crossing its red lines: {', '.join(ev.crossed)}" if ev.crossed else ""
            lines.append(f"  {ev.seat} votes {ev.response}{reasons}{crossed}")
        elif isinstance(ev, e.AgreementSigned):
            lines.append(f"  SIGNED: the {ev.phase} agreement: {terms_text(ev.terms)}")
        elif isinstance(ev, e.RuleFired):
            lines.append(_rule_line(game.scenario, ev))
        elif isinstance(ev, e.PhaseChanged):
            lines.append(f"  PHASE {ev.from_} -> {ev.to} ({ev.reason})")
        elif isinstance(ev, e.AgreementVoided):
            lines.append(f"  VOIDED: the {ev.phase} agreement ({ev.reason})")
        elif isinstance(ev, e.FacilitatorActed):
            lines.append(f"  FACILITATOR {ev.command}: {ev.reason}")
        elif isinstance(ev, e.DurabilityAssessed):
            parts = ", ".join(f"{k} {v:+g}" for k, v in ev.parts.items()) or "nothing signed"
            lines.append(f"  Durability of the signed terms: {ev.value:g} ({parts})")
        elif isinstance(ev, e.RoundEnded):
            inds = ", ".join(f"{k} {v:g}" for k, v in ev.indicators.items())
            lines.append(f"  Indicators: {inds}")
        elif isinstance(ev, e.GameEnded):
            lines.append(f"\nGame over: {ev.status} ({ev.reason})")
    return "\n".join(lines)
