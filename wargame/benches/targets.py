"""Issue 14's speed targets, in one place, and how a bench says where a
figure stands against one.

Every bench prints its figures and, under them, a line per target it
measures: the target, the figure, and "met" or "not met", so a run of
`wargame bench` or `wargame bench-bots` answers "are we there?" without a
reader doing the arithmetic. The peer ratio itself is printed by
`../shared/tools/peer-bench` (it runs the peer engine), not here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    what: str
    limit: float
    unit: str
    at_least: bool
    """True: the figure must reach the limit (a rate); False: stay under it (a time)."""

    def met(self, figure: float) -> bool:
        return figure >= self.limit if self.at_least else figure < self.limit

    def line(self, figure: float, how: str = "") -> str:
        """`target: engine alone >= 400 games/s: 161 (median of 5): not met`."""
        sign = ">=" if self.at_least else "<"
        shown = f"{figure:.3g}" if abs(figure) < 100 else f"{figure:.0f}"
        note = f" ({how})" if how else ""
        return f"  target: {self.what} {sign} {self.limit:g} {self.unit}: {shown}{note}: " + (
            "met" if self.met(figure) else "not met"
        )


BOT_GAMES = Target("bot games on one core (7x the peer is about this here)", 200, "games per CPU-s", at_least=True)
ENGINE_GAMES = Target("engine alone, random legal games", 400, "games per CPU-s", at_least=True)
FINDER_P99 = Target("deal finder during play, p99", 20, "ms", at_least=False)
FINDER_MAX = Target("deal finder during play, max", 50, "ms", at_least=False)
LOAD_100K = Target("open + verify + fold 100k events", 1.0, "s CPU", at_least=False)
LOAD_GROWTH = Target("10x the events within", 11, "x the time", at_least=False)
FIRST_SCREEN = Target("first screen", 1000, "ms wall", at_least=False)
JOBS = Target("simulate --jobs 2 against --jobs 1", 1.8, "x", at_least=True)
