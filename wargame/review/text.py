"""A readable transcript of a game, round by round.

Used by `wargame run` without `--json`, and by the golden-transcript tests:
any change to adjudication shows up as a diff of these texts.
"""

from __future__ import annotations

from wargame.engine.game import Game
from wargame.model import events as e


def _terms(terms: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in terms.items()) or "(empty)"


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
            lines.append(f"  INJECT {ev.inject}: {ev.title}{_deltas(ev.deltas)}")
        elif isinstance(ev, e.Proposed):
            lines.append(f"  {ev.seat} proposes {_terms(ev.terms)}")
        elif isinstance(ev, e.LeverUsed):
            lines.append(f"  {ev.seat} pulls the lever {ev.lever}{_deltas(ev.deltas)}")
        elif isinstance(ev, e.MessageSent):
            lines.append(f"  {ev.seat} -> {ev.to}: {ev.text}")
        elif isinstance(ev, e.VotingOpened):
            lines.append(f"  Text on the table: {_terms(ev.terms)}")
            lines.append(f"  Signatories: {', '.join(ev.signatories)}")
        elif isinstance(ev, e.VoteCast):
            reasons = f" ({', '.join(ev.reasons)})" if ev.reasons else ""
            crossed = f" crossing its red lines: {', '.join(ev.crossed)}" if ev.crossed else ""
            lines.append(f"  {ev.seat} votes {ev.response}{reasons}{crossed}")
        elif isinstance(ev, e.AgreementSigned):
            lines.append(f"  SIGNED: the {ev.phase} agreement: {_terms(ev.terms)}")
        elif isinstance(ev, e.RuleFired):
            tag = "CROSSED" if ev.outcome == "crossed" else "RULE"
            lines.append(f"  {tag} {ev.rule} [{', '.join(ev.sources)}]{_deltas(ev.deltas)}")
        elif isinstance(ev, e.PhaseChanged):
            lines.append(f"  PHASE {ev.from_} -> {ev.to} ({ev.reason})")
        elif isinstance(ev, e.AgreementVoided):
            lines.append(f"  VOIDED: the {ev.phase} agreement ({ev.reason})")
        elif isinstance(ev, e.FacilitatorActed):
            lines.append(f"  FACILITATOR {ev.command}: {ev.reason}")
        elif isinstance(ev, e.RoundEnded):
            inds = ", ".join(f"{k} {v:g}" for k, v in ev.indicators.items())
            lines.append(f"  Indicators: {inds}")
        elif isinstance(ev, e.GameEnded):
            lines.append(f"\nGame over: {ev.status} ({ev.reason})")
    return "\n".join(lines)


def _deltas(deltas: dict[str, float]) -> str:
    if not deltas:
        return ""
    return " (" + ", ".join(f"{k} {v:+g}" for k, v in deltas.items()) + ")"
