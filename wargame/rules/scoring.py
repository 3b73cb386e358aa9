"""Each seat's score against its brief, at any point and at the end.

A score starts at 50 (no better, no worse than the war going on) and moves by:

* the signed terms, weighted by what the seat cares about (up to +-40);
* the indicators its brief cares about, from where they started (up to +-30);
* its standing: the cost of red lines it crossed, and similar rule effects.

Every part says what moved it, so the review can explain the number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wargame.model.scenario import Scenario
from wargame.model.state import GameState
from wargame.rules.engine import modifiers
from wargame.rules.valuation import option_value


@dataclass
class Score:
    seat: str
    total: float
    parts: list[tuple[str, float, str]] = field(default_factory=list)
    """(part, points, why)."""

    def as_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            "parts": [{"part": p, "points": v, "why": w} for p, v, w in self.parts],
        }


def _starts(scenario: Scenario, state: GameState) -> dict[str, float]:
    starts = {i.id: i.start for i in scenario.indicators}
    if state.lens:
        starts.update(scenario.lens(state.lens).indicators)
    return starts


def score(scenario: Scenario, state: GameState, seat: str) -> Score:
    profile = scenario.seat(seat).profile
    mods = modifiers(scenario, state, seat)
    parts: list[tuple[str, float, str]] = []
    agreed = state.agreed_terms()
    total_weight = sum(w for w in profile.weights.values() if w > 0) * 10
    if total_weight:
        points = 0.0
        best: list[str] = []
        worst: list[str] = []
        for issue, option in agreed.items():
            w = profile.weights.get(issue, 0.0)
            if w <= 0:
                continue
            v = option_value(scenario, seat, issue, option, mods)
            points += w * v
            if v > 0:
                best.append(f"{issue}={option}")
            elif v < 0:
                worst.append(f"{issue}={option}")
        terms_points = round(40 * points / total_weight, 1)
        why = (
            "no agreement signed yet"
            if not agreed
            else (f"good for {seat}: {', '.join(best) or 'nothing'}; bad: {', '.join(worst) or 'nothing'}")
        )
        parts.append(("signed terms", terms_points, why))
    starts = _starts(scenario, state)
    ind_points = 0.0
    moved: list[str] = []
    for ind_id, weight in profile.indicators.items():
        ind = scenario.indicator(ind_id)
        span = (ind.max - ind.min) if ind.max is not None else 1000.0
        change = state.indicators[ind_id] - starts[ind_id]
        pts = weight * change / span * 100
        if abs(pts) >= 0.05:
            moved.append(f"{ind_id} {change:+g}")
        ind_points += pts
    ind_points = round(max(-30.0, min(30.0, ind_points)), 1)
    parts.append(("indicators", ind_points, ", ".join(moved) or "no change that this seat cares about"))
    standing = round(state.standing.get(seat, 0.0), 1)
    if standing:
        rules = sorted({rid for v in state.votes if v.seat == seat for rid in v.crossed})
        parts.append(("standing", standing, "red lines crossed: " + (", ".join(rules) or "rule effects")))
    total = round(max(0.0, min(100.0, 50 + sum(p for _, p, _ in parts))), 1)
    return Score(seat=seat, total=total, parts=parts)


def scores(scenario: Scenario, state: GameState) -> dict[str, Score]:
    return {seat: score(scenario, state, seat) for seat in scenario.seat_ids}
