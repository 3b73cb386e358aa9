"""What a game came to: its outcome, its agreements, and each seat's score over time.

A seat's score (`wargame.rules.scoring.score`) is read at the end of every
round by folding the events round by round; each step says what moved it: the
agreements signed or voided that round, and the rules, levers and injects whose
effects touch what the seat's brief cares about (its indicators, its standing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wargame.model import events as e
from wargame.model.state import Agreement, GameState
from wargame.review.timeline import Timeline
from wargame.rules.scoring import Score, scores


@dataclass
class ScoreStep:
    """A seat's score at the end of a round, and what moved it that round."""

    round: int
    total: float
    change: float
    parts: list[tuple[str, float, str]]
    movers: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    status: str
    rounds: int
    events: int
    agreements: dict[str, Agreement | None]
    """Phase -> the agreement in force at the end (None if none)."""
    history: list[Agreement]
    """Every agreement signed, in order, including voided ones."""
    reached: dict[str, int]
    """Phase -> the round its agreement was first signed."""
    indicators: dict[str, float]
    scores: dict[str, Score]


def outcome(timeline: Timeline) -> Outcome:
    st = timeline.final
    scenario = timeline.scenario
    reached: dict[str, int] = {}
    for agreement in st.history:
        reached.setdefault(agreement.phase, agreement.round)
    return Outcome(
        status=st.status,
        rounds=len(timeline.round_ends),
        events=len(timeline.events),
        agreements={p.id: st.agreements.get(p.id) for p in scenario.phases},
        history=list(st.history),
        reached=reached,
        indicators=dict(st.indicators),
        scores=scores(scenario, st),
    )


def score_history(timeline: Timeline, max_points: int = 400) -> dict[str, list[ScoreStep]]:
    """Seat -> its score at the start and at the end of each round, with what moved it.

    A game of more than `max_points` rounds is sampled evenly (the last round
    always included), so a very long save stays quick to chart.
    """
    scenario = timeline.scenario
    spans = [s for s in timeline.rounds if s.end is not None]
    if len(spans) > max_points:
        step = len(spans) / max_points
        keep = {int(k * step) for k in range(max_points)} | {len(spans) - 1}
        spans = [s for k, s in enumerate(spans) if k in keep]
    start = timeline.state_after(1)
    out: dict[str, list[ScoreStep]] = {}
    prev: dict[str, float] = {}
    for seat, sc in scores(scenario, start).items():
        out[seat] = [ScoreStep(0, sc.total, 0.0, list(sc.parts), ["the game starts"])]
        prev[seat] = sc.total
    begin = 0
    for span in spans:
        assert span.end is not None
        state = timeline.state_after(span.end + 1)
        movers = _movers(timeline, state, begin, span.end + 1)
        for seat, sc in scores(scenario, state).items():
            out[seat].append(
                ScoreStep(span.round, sc.total, round(sc.total - prev[seat], 1), list(sc.parts), movers[seat])
            )
            prev[seat] = sc.total
        begin = span.end + 1
    return out


def _movers(timeline: Timeline, state: GameState, begin: int, end: int) -> dict[str, list[str]]:
    """Seat -> what, in events[begin:end], could move its score."""
    scenario = timeline.scenario
    cares = {s.id: set(s.profile.indicators) for s in scenario.seats}
    out: dict[str, list[str]] = {s: [] for s in scenario.seat_ids}
    for event in timeline.events[begin:end]:
        if isinstance(event, e.AgreementSigned):
            for seat in out:
                out[seat].append(f"the {event.phase} agreement was signed")
        elif isinstance(event, e.AgreementVoided):
            for seat in out:
                out[seat].append(f"the {event.phase} agreement was voided")
        elif isinstance(event, e.RuleFired | e.InjectFired | e.LeverUsed):
            name = (
                f"rule {event.rule}"
                if isinstance(event, e.RuleFired)
                else f"inject {event.inject}"
                if isinstance(event, e.InjectFired)
                else f"{event.seat}'s lever {event.lever}"
            )
            standing = event.standing if isinstance(event, e.RuleFired) else {}
            for seat in out:
                touched = [f"{k} {v:+g}" for k, v in event.deltas.items() if k in cares[seat]]
                if seat in standing:
                    touched.append(f"standing {standing[seat]:+g}")
                if touched:
                    out[seat].append(f"{name}: {', '.join(touched)}")
    return out
