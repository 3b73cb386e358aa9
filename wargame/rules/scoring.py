"""Each seat's score against its brief, at any point and at the end.

A score starts at 50 (no better, no worse than the war going on) and is led
by the brief: what the seat set out to get and what it would not give.

* **objectives**: the seat's goals (its profile's `goals`, the brief's
  objectives as data, some only under a lens) read on the signed
  agreements: each met adds its points, each missed takes half of them
  away, scaled to +-30. Nothing signed, nothing counted;
* **red lines**: each of its red lines that a text put before it and that
  the signed deal does not cross, +3 (up to +9); its domestic standing, which
  every red line it crossed cost (`standing`);
* **signed terms**: the agreed terms, weighted by what the seat cares about
  (its profile's weights and values, with the bonuses of the rules that
  hold), up to +-15;
* **indicators**: the indicators its brief cares about, from where they
  started, up to +-15 (the deal's durability is counted on its own);
* **durability**: how likely the signed deal is to hold, up to +10 once
  something is signed: a part of the score, not the whole of it.

Every part says what moved it, so the review can explain the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wargame.model.scenario import Goal, Scenario
from wargame.model.state import GameState
from wargame.rules.conditions import holds
from wargame.rules.engine import modifiers
from wargame.rules.valuation import option_value

OBJECTIVES_SPAN = 30.0
"""The most the objectives can move a score, either way."""
TERMS_SPAN = 15.0
"""The most the signed terms can move a score, either way."""
INDICATORS_CAP = 15.0
"""The most the indicators can move a score, either way."""
_SOURCES = re.compile(r"\s*\((?:src-[^)]*)\)")
"""The source keys a goal's text cites, left out where a student reads it."""
DURABILITY_SPAN = 10.0
"""Points for a signed deal at full durability (100)."""
KEPT_OFF = 3.0
"""Points for each red line a seat kept out of the signed deal."""
KEPT_OFF_CAP = 9.0


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
    if state.lens and scenario.has("lens", state.lens):
        starts.update(scenario.lens(state.lens).indicators)
    return starts


def _terms_part(scenario: Scenario, state: GameState, seat: str) -> tuple[str, float, str] | None:
    profile = scenario.seat(seat).profile
    total_weight = sum(w for w in profile.weights.values() if w > 0) * 10
    if not total_weight:
        return None
    agreed = state.agreed_terms()
    if not agreed:
        return ("signed terms", 0.0, "no agreement signed yet")
    mods = modifiers(scenario, state, seat)
    points = 0.0
    good: list[str] = []
    bad: list[str] = []
    for issue, option in agreed.items():
        w = profile.weights.get(issue, 0.0)
        if w <= 0:
            continue
        v = option_value(scenario, seat, issue, option, mods)
        points += w * v
        if v > 0:
            good.append(_term(scenario, issue, option))
        elif v < 0:
            bad.append(_term(scenario, issue, option))
    name = scenario.seat(seat).name.split(" (")[0]
    why = f"good for {name}: {'; '.join(good) or 'nothing'}; bad: {'; '.join(bad) or 'nothing'}"
    moved = sorted(
        {
            rid
            for rid in mods.because
            if any((issue, option) in _bonuses(scenario, rid, seat) for issue, option in agreed.items())
        }
    )
    if moved:
        why += f" (valued with the rules: {'; '.join(scenario.rule(r).title for r in moved)})"
    return ("signed terms", round(TERMS_SPAN * points / total_weight, 1), why)


def _bonuses(scenario: Scenario, rule_id: str, seat: str) -> set[tuple[str, str]]:
    bonus = scenario.rule(rule_id).modifiers.option_bonus.get(seat, {})
    return {(issue, opt) for issue, opts in bonus.items() for opt in opts}


def _kept_part(scenario: Scenario, state: GameState, seat: str) -> tuple[str, float, str] | None:
    """Red lines of the seat that a text put before it, which the signed deal
    does not cross: what it kept off the table."""
    faced = {rid for v in state.votes if v.seat == seat and v.response == "reject" for rid in v.reasons}
    signed = state.model_copy(update={"table": {}})
    kept = sorted(
        r.id
        for r in scenario.rules
        if r.kind == "red_line"
        and r.seat == seat
        and r.id in faced
        and not (state.agreements and holds(r.condition, scenario, signed))
    )
    if not kept:
        return None
    titles = "; ".join(scenario.rule(r).title for r in kept)
    return ("kept off the table", min(KEPT_OFF_CAP, KEPT_OFF * len(kept)), "refused and kept out: " + titles)


def _indicators_part(scenario: Scenario, state: GameState, seat: str) -> tuple[str, float, str]:
    profile = scenario.seat(seat).profile
    starts = _starts(scenario, state)
    total = 0.0
    moved: list[str] = []
    for ind_id, weight in profile.indicators.items():
        if ind_id == scenario.durability_indicator:
            continue  # counted in its own part
        ind = scenario.indicator(ind_id)
        span = (ind.max - ind.min) if ind.max is not None else 1000.0
        change = state.indicators[ind_id] - starts[ind_id]
        pts = weight * change / span * 100
        if abs(pts) >= 0.05:
            moved.append(f"{ind.name} {change:+g} ({pts:+.1f})")
        total += pts
    capped = round(max(-INDICATORS_CAP, min(INDICATORS_CAP, total)), 1)
    why = ", ".join(moved) or "no change that this seat cares about"
    if capped != round(total, 1):
        why += f"; capped at {INDICATORS_CAP:g}"
    return ("indicators", capped, why)


def _standing_part(scenario: Scenario, state: GameState, seat: str) -> tuple[str, float, str] | None:
    standing = round(state.standing.get(seat, 0.0), 1)
    if not standing:
        return None
    rules = sorted({rid for v in state.votes if v.seat == seat for rid in v.crossed})
    titles = [scenario.rule(r).title if scenario.has("rule", r) else r for r in rules]
    return ("standing", standing, "red lines crossed: " + ("; ".join(titles) or "rule effects"))


def _term(scenario: Scenario, issue: str, option: str) -> str:
    """A term in the scenario's words: "EU membership: Russia endorses the path"."""
    spec = scenario.issue(issue)
    return f"{spec.title}: {next((o.label for o in spec.options if o.id == option), option)}"


def goals_for(scenario: Scenario, state: GameState, seat: str) -> list[Goal]:
    """The seat's goals under this game's lens."""
    return [g for g in scenario.seat(seat).profile.goals if not g.lenses or state.lens in g.lenses]


def goals_met(scenario: Scenario, state: GameState, seat: str) -> dict[str, bool]:
    """Goal id -> whether the signed agreements meet it (nothing signed: none)."""
    signed = state.model_copy(update={"table": {}})
    return {g.id: bool(state.agreements) and holds(g.when, scenario, signed) for g in goals_for(scenario, state, seat)}


def _goal_words(goal: Goal) -> str:
    """A goal as a person reads it: its text without the source keys."""
    return _SOURCES.sub("", goal.text).strip().rstrip(".")


def _objectives_part(scenario: Scenario, state: GameState, seat: str) -> tuple[str, float, str] | None:
    goals = goals_for(scenario, state, seat)
    if not goals:
        return None
    if not state.agreements:
        return ("objectives", 0.0, "nothing signed: no objective met or given up yet")
    met = goals_met(scenario, state, seat)
    total = sum(g.points for g in goals)
    points = sum(g.points if met[g.id] else -g.points / 2 for g in goals)
    got = [_goal_words(g) for g in goals if met[g.id]]
    missed = [_goal_words(g) for g in goals if not met[g.id]]
    why = f"met: {'; '.join(got) or 'none'}; missed: {'; '.join(missed) or 'none'}"
    return ("objectives", round(OBJECTIVES_SPAN * points / total, 1), why)


def _durability_part(scenario: Scenario, state: GameState) -> tuple[str, float, str] | None:
    ind = scenario.durability_indicator
    if ind is None or not state.agreements:
        return None
    value = state.indicators.get(ind, 0.0)
    name = scenario.indicator(ind).name if scenario.has("indicator", ind) else ind
    return ("durability", round(DURABILITY_SPAN * max(0.0, min(100.0, value)) / 100, 1), f"{name} {value:g} of 100")


def score(scenario: Scenario, state: GameState, seat: str) -> Score:
    found = [
        _objectives_part(scenario, state, seat),
        _terms_part(scenario, state, seat),
        _kept_part(scenario, state, seat),
        _indicators_part(scenario, state, seat),
        _durability_part(scenario, state),
        _standing_part(scenario, state, seat),
    ]
    parts = [p for p in found if p is not None]
    total = round(max(0.0, min(100.0, 50 + sum(p for _, p, _ in parts))), 1)
    return Score(seat=seat, total=total, parts=parts)


def scores(scenario: Scenario, state: GameState) -> dict[str, Score]:
    return {seat: score(scenario, state, seat) for seat in scenario.seat_ids}
