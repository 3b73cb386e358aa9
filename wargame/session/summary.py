"""The JSON summary of a game (the contract of `wargame run --json`)."""

from __future__ import annotations

from typing import Any

from wargame.engine.game import Game
from wargame.rules.scoring import scores


def summary(game: Game, save: str | None) -> dict[str, Any]:
    st, scenario = game.state, game.scenario
    agreements: dict[str, Any] = {}
    for phase in scenario.phases:
        a = st.agreements.get(phase.id)
        agreements[phase.id] = {"round": a.round, "terms": dict(a.terms)} if a else None
    return {
        "scenario": scenario.id,
        "lens": st.lens,
        "sequence": st.sequence,
        "seed": st.seed,
        "status": st.status,
        "round": sum(1 for ev in game.events if ev.kind == "round_ended"),
        "agreements": agreements,
        "indicators": dict(st.indicators),
        "votes": [
            {
                "round": v.round,
                "phase": v.phase,
                "seat": v.seat,
                "response": v.response,
                "reasons": list(v.reasons),
                **({"crossed": list(v.crossed)} if v.crossed else {}),
            }
            for v in st.votes
        ],
        "rules_fired": [{"round": r, "rule": ev.rule, "outcome": ev.outcome} for r, ev in _rules_with_rounds(game)],
        "injects": [{"round": r, "inject": i} for r, i in st.injects],
        "scores": {seat: s.as_dict() for seat, s in scores(scenario, st).items()},
        "events": len(game.events),
        "save": save,
    }


def _rules_with_rounds(game: Game) -> list[tuple[int, Any]]:
    out = []
    rnd = 0
    for ev in game.events:
        if ev.kind == "round_started":
            rnd = ev.round
        elif ev.kind == "rule_fired":
            out.append((rnd, ev))
    return out
