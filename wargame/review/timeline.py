"""The timeline of a saved game: its events, and the state after any of them.

A replay steps through a game event by event, so the state at any point must be
cheap to get. `Timeline` folds the events once and keeps a snapshot of the
state every `SNAPSHOT_EVERY` events (`GameState.fork()` copies only the
containers); the state after any count of events is then the nearest snapshot
at or before it plus at most `SNAPSHOT_EVERY - 1` applied events. For a save of
10,000 events that is about 160 snapshots, built in well under a tenth of a
second, and every step costs a fork and a few dozen `apply` calls.

Positions are counts: `state_after(n)` is the fold of `events[:n]`; the replay's
cursor on event `i` shows `state_after(i + 1)`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from wargame.engine.fold import apply
from wargame.errors import WargameError
from wargame.model import events as e
from wargame.model.scenario import Scenario
from wargame.model.state import GameState
from wargame.review.describe import visible
from wargame.store.savefile import LoadedSave

SNAPSHOT_EVERY = 64
"""How many events apart the precomputed states are."""


def scenario_of(loaded: LoadedSave) -> Scenario:
    """The scenario embedded in a save, checked as the game's own was (about
    60 ms for the bundled scenario, so no separate fast path or cache)."""
    return loaded.scenario()


@dataclass(frozen=True)
class RoundSpan:
    """Where a round lies in the event list."""

    round: int
    phase: str
    start: int
    """Index of its `RoundStarted` event."""
    end: int | None
    """Index of its `RoundEnded` event (None while the round is unfinished)."""


class Timeline:
    """The events of a game and the state after any number of them."""

    def __init__(self, scenario: Scenario, events: list[e.Event]) -> None:
        if not events or not isinstance(events[0], e.GameStarted):
            raise WargameError("a game's events start with game_started; this save has no game in it")
        self.scenario = scenario
        self.events = events
        self.rounds: list[RoundSpan] = []
        """Every round, in order."""
        self.phase_changes: list[int] = []
        """Indices of the `PhaseChanged` events."""
        self.round_of: list[int] = []
        """The round each event belongs to (0 before the first round)."""
        self.round_ends: list[int] = []
        """Indices of the `RoundEnded` events."""
        self.by_kind: dict[str, list[int]] = {}
        """Event kind -> the indices of the events of that kind."""
        self._snaps: list[GameState] = []
        self._cache: tuple[int, GameState] | None = None
        self._series: dict[str, list[tuple[int, float]]] | None = None
        self._hidden: dict[str, list[int]] = {}
        state = GameState()
        rnd = 0
        open_round: tuple[int, str, int] | None = None
        for i, event in enumerate(events):
            if i % SNAPSHOT_EVERY == 0:
                self._snaps.append(state.fork())
            apply(scenario, state, event)
            self.by_kind.setdefault(event.kind, []).append(i)
            if isinstance(event, e.RoundStarted):
                rnd = event.round
                open_round = (event.round, event.phase, i)
            elif isinstance(event, e.RoundEnded) and open_round is not None:
                self.rounds.append(RoundSpan(open_round[0], open_round[1], open_round[2], i))
                self.round_ends.append(i)
                open_round = None
            elif isinstance(event, e.PhaseChanged):
                self.phase_changes.append(i)
            self.round_of.append(rnd)
        if open_round is not None:
            self.rounds.append(RoundSpan(open_round[0], open_round[1], open_round[2], None))
        self.final = state
        """The state after the last event."""

    @classmethod
    def of(cls, loaded: LoadedSave) -> Timeline:
        return cls(scenario_of(loaded), loaded.events)

    def __len__(self) -> int:
        return len(self.events)

    # ---- states ---------------------------------------------------------

    def state_after(self, count: int) -> GameState:
        """The state after the first `count` events. Read it, don't change it."""
        n = len(self.events)
        if not 0 <= count <= n:
            raise IndexError(f"there is no point after {count} events in a game of {n}")
        if count == n:
            return self.final
        cached = self._cache
        if cached is not None and cached[0] == count:
            return cached[1]
        base = count // SNAPSHOT_EVERY * SNAPSHOT_EVERY
        if cached is not None and base <= cached[0] < count:
            base, state = cached[0], cached[1].fork()
        else:
            state = self._snaps[base // SNAPSHOT_EVERY].fork()
        for event in self.events[base:count]:
            apply(self.scenario, state, event)
        self._cache = (count, state)
        return state

    def state_at(self, index: int) -> GameState:
        """The state just after the event at `index` (what the replay shows there)."""
        return self.state_after(index + 1)

    # ---- finding places -------------------------------------------------

    def round_span(self, number: int) -> RoundSpan:
        for span in self.rounds:
            if span.round == number:
                return span
        played = f"rounds 1-{self.rounds[-1].round}" if self.rounds else "no rounds"
        raise WargameError(f"round {number} was not played in this game ({played})")

    def next_round_start(self, index: int) -> int | None:
        starts = [s.start for s in self.rounds]
        k = bisect.bisect_right(starts, index)
        return starts[k] if k < len(starts) else None

    def prev_round_start(self, index: int) -> int | None:
        starts = [s.start for s in self.rounds]
        k = bisect.bisect_left(starts, index)
        return starts[k - 1] if k > 0 else None

    def next_phase_change(self, index: int) -> int | None:
        k = bisect.bisect_right(self.phase_changes, index)
        return self.phase_changes[k] if k < len(self.phase_changes) else None

    def prev_phase_change(self, index: int) -> int | None:
        k = bisect.bisect_left(self.phase_changes, index)
        return self.phase_changes[k - 1] if k > 0 else None

    def last_of(self, kinds: tuple[str, ...], count: int, limit: int | None = None) -> list[int]:
        """Indices of the events of these kinds among the first `count`, newest
        first (the newest `limit` of them)."""
        merged: list[int] = []
        for kind in kinds:
            idx = self.by_kind.get(kind, [])
            end = bisect.bisect_left(idx, count)
            merged += idx[max(0, end - limit) if limit is not None else 0 : end]
        merged.sort(reverse=True)
        return merged[:limit] if limit is not None else merged

    def hidden(self, view: str) -> list[int]:
        """Indices of the private messages and injects this view may not see."""
        if view not in self._hidden:
            idx = self.last_of(("message_sent", "inject_fired"), len(self.events))
            self._hidden[view] = sorted(i for i in idx if not visible(self.events[i], view))
        return self._hidden[view]

    # ---- series ---------------------------------------------------------

    def indicator_series(self) -> dict[str, list[tuple[int, float]]]:
        """Indicator -> (round, value) at the start (round 0) and each round's end."""
        if self._series is None:
            self._series = self._indicator_series()
        return self._series

    def _indicator_series(self) -> dict[str, list[tuple[int, float]]]:
        start = self.state_after(min(1, len(self.events)))
        series: dict[str, list[tuple[int, float]]] = {k: [(0, v)] for k, v in start.indicators.items()}
        for i in self.round_ends:
            ev = self.events[i]
            assert isinstance(ev, e.RoundEnded)
            for k, v in ev.indicators.items():
                series.setdefault(k, []).append((ev.round, v))
        return series
