"""The bot-only baseline: how the same scenario goes when bots play every seat.

"Your class reached a framework in round 4; bots do so in 31% of games by
round 4." The baseline plays `games` bot-only games of the save's scenario,
lens and sequence with `wargame.session.simulate` (the same games as
`wargame simulate` with that seed), or, where that module is missing, with
the headless runner. Bot games take a while: the baseline is asked for
explicitly (`wargame report --baseline N`, or `B` in the replay).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wargame.model.scenario import Scenario
from wargame.review.outcome import Outcome


@dataclass
class Baseline:
    games: int
    how: str
    """Where the games came from, in words."""
    reached: dict[str, list[int | None]] = field(default_factory=dict)
    """Phase -> for each game, the round its agreement was first signed (None: never)."""
    statuses: Counter[str] = field(default_factory=Counter)
    rounds: list[int] = field(default_factory=list)
    scores: dict[str, list[float]] = field(default_factory=dict)
    """Seat -> its final score in each game."""

    def share_by(self, phase: str, rnd: int) -> float:
        """The share of games (0..1) that signed this phase's agreement by round `rnd`."""
        got = self.reached.get(phase, [])
        return sum(1 for r in got if r is not None and r <= rnd) / self.games if self.games else 0.0

    def share_ever(self, phase: str) -> float:
        got = self.reached.get(phase, [])
        return sum(1 for r in got if r is not None) / self.games if self.games else 0.0

    def median_round(self, phase: str) -> int | None:
        got = sorted(r for r in self.reached.get(phase, []) if r is not None)
        return got[len(got) // 2] if got else None

    def mean_score(self, seat: str) -> float | None:
        got = self.scores.get(seat, [])
        return round(sum(got) / len(got), 1) if got else None


Results = list[dict[str, Any]]
"""Per game: status, rounds, signed (phase -> round), scores (seat -> total)."""


def bot_baseline(
    scenario: Scenario,
    lens: str | None,
    sequence: str | None,
    games: int = 20,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
) -> Baseline:
    """Play `games` bot-only games of the scenario and collect when each phase was reached.

    `wargame.session.simulate.run_batch` plays them (in parallel unless
    `jobs=1`; a UI thread asks for 1)."""
    from wargame.session import simulate

    batch = simulate.Batch(games=games, seed=seed, lens=lens, sequence=sequence)
    results: Results = simulate.run_batch(scenario, batch, jobs=jobs, progress=progress)
    how = f"{games} bot-only games from wargame simulate, seed {seed}"
    base = Baseline(games=len(results), how=how)
    for phase in scenario.phases:
        base.reached[phase.id] = [r.get("signed", {}).get(phase.id) for r in results]
    for r in results:
        base.statuses[str(r.get("status"))] += 1
        base.rounds.append(int(r.get("rounds", 0)))
        for seat, total in (r.get("scores") or {}).items():
            base.scores.setdefault(seat, []).append(float(total))
    return base


def sentences(scenario: Scenario, outcome: Outcome, baseline: Baseline) -> list[str]:
    """The class's game against the baseline, one sentence per phase."""
    out: list[str] = []
    for phase in scenario.phases:
        title = phase.title or phase.id
        rnd = outcome.reached.get(phase.id)
        if rnd is not None:
            share = baseline.share_by(phase.id, rnd)
            out.append(
                f"Your class reached the {phase.id} agreement ({title}) in round {rnd}; "
                f"bots do so in {share:.0%} of games by round {rnd}."
            )
        else:
            ever = baseline.share_ever(phase.id)
            median = baseline.median_round(phase.id)
            when = f" (median round {median})" if median is not None else ""
            out.append(
                f"Your class did not reach the {phase.id} agreement ({title}); bots reach it in {ever:.0%} of games{when}."
            )
    for seat in scenario.seat_ids:
        mean = baseline.mean_score(seat)
        if mean is not None and seat in outcome.scores:
            out.append(f"{scenario.seat(seat).name} scored {outcome.scores[seat].total:g}; bots average {mean:g}.")
    ends = ", ".join(f"{status} {n / baseline.games:.0%}" for status, n in baseline.statuses.most_common())
    out.append(f"Bot games end in: {ends}. Your class's game: {outcome.status}. ({baseline.how}.)")
    return out
