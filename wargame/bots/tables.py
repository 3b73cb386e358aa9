"""Whole agendas judged once: acceptance as bitsets over the texts.

A bot on its turn, and the deal finder on a small agenda, judge every text
the agenda allows. What a seat makes of a text (its value, the shift of its
reservation by the rules and stances that hold, its outright refusals) does
not depend on the round or the game, only on the seat's signature (see
`bots.memo`), the text and who tabled its terms; what does depend on them is
one number per seat, the text-independent part of its reservation (its
offset: indicators, rounds, persona, mood). So a `Space` numbers the texts
of an agenda (row r is bit r), keeps each seat's judgement of each, and
groups the rows a seat does not refuse outright by their reservation shift,
sorted by value. For an offset, the rows a seat accepts are then, in each
group, those whose value reaches `round(offset + shift, 2)`: a suffix of the
group, one precomputed bitmask. Which texts every signatory accepts is the
AND of a few masks, in microseconds instead of a judgement per text.

A space is keyed on exactly what it reads: the scenario, the phase, the
choices, the issues whose silence is the status quo, the signature (`SeatCore`)
of every seat that may have to sign, and, for the issues a rule reads the
author of, who tabled them and who proposes. Any other change (a new round,
another game, another mood) reuses it; the answers are bit for bit those of
`Finder.deal`, which builds it.
"""

from __future__ import annotations

import itertools
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from wargame.bots.memo import Core, SeatCore

if TYPE_CHECKING:
    from wargame.bots.judge import Text

Row = tuple[frozenset[tuple[str, str]], "Text", tuple[str, ...], tuple[Core, ...]]
"""(key, text, its signatories in turn order, each one's judgement)."""


class SeatMask:
    """One seat's side of a space: where it signs, and its acceptable rows
    by reservation shift (values sorted, with the mask of each suffix)."""

    __slots__ = ("signs", "groups")

    def __init__(self, seat: str, rows: Sequence[Row]) -> None:
        self.signs = 0
        by_shift: dict[float, list[tuple[float, int]]] = {}
        for r, (_, _, seats, cores) in enumerate(rows):
            if seat not in seats:
                continue
            self.signs |= 1 << r
            value, shift, blocks = cores[seats.index(seat)]
            if not blocks:
                by_shift.setdefault(shift, []).append((value, r))
        self.groups: list[tuple[float, list[float], list[int]]] = []
        for shift, members in by_shift.items():
            members.sort()
            suffix = [0] * (len(members) + 1)
            for k in range(len(members) - 1, -1, -1):
                suffix[k] = suffix[k + 1] | (1 << members[k][1])
            self.groups.append((shift, [v for v, _ in members], suffix))

    def accepts(self, offset: float) -> int:
        """The rows this seat signs and accepts at this offset (as
        `SeatJudge.verdict`: no refusal and value >= round(offset + shift, 2))."""
        mask = 0
        for shift, values, suffix in self.groups:
            mask |= suffix[bisect_left(values, round(offset + shift, 2))]
        return mask


class Space:
    """Every text of an agenda, numbered, with each seat's judgement."""

    def __init__(self, rows: list[Row], seats: Sequence[str]) -> None:
        self.rows = rows
        self.index = {row[0]: r for r, row in enumerate(rows)}
        self.full = (1 << len(rows)) - 1
        self.seats = {s: SeatMask(s, rows) for s in seats}

    def accepted(self, offsets: Callable[[str], float]) -> int:
        """The rows every signatory accepts."""
        mask = self.full
        for seat, side in self.seats.items():
            if side.signs:
                mask &= side.accepts(offsets(seat)) | (self.full ^ side.signs)
                if not mask:
                    break
        return mask


def bits(mask: int) -> Iterator[int]:
    """The rows of a mask, lowest first (the agenda's order)."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def build_rows(
    choices: dict[str, list[str | None]],
    text: Callable[[dict[str, str | None]], Text],
    judge: Callable[[Text, frozenset[tuple[str, str]]], tuple[tuple[str, ...], tuple[Core, ...]]],
) -> list[Row]:
    """Every non-empty text within `choices`, in the order of their product
    (a text met twice is kept where first met), judged by `judge`."""
    issues = list(choices)
    rows: list[Row] = []
    seen: set[frozenset[tuple[str, str]]] = set()
    for combo in itertools.product(*(choices[i] for i in issues)):
        t = text(dict(zip(issues, combo, strict=True)))
        if not t:
            continue
        key = frozenset(t.items())
        if key in seen:
            continue
        seen.add(key)
        seats, cores = judge(t, key)
        rows.append((key, t, seats, cores))
    return rows


class _Spaces:
    """The process's spaces, the least recently used dropped first (under a
    lock: the app's workers may ask at the same time). Each space holds the
    seat cores its key names by id, so those ids are not reused meanwhile."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], tuple[Space, tuple[SeatCore, ...]]] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get(self, key: tuple[Any, ...], cores: tuple[SeatCore, ...], build: Callable[[], Space]) -> Space:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found[0]
            space = build()
            self._items[key] = (space, cores)
            if len(self._items) > self.size:
                self._items.popitem(last=False)
            return space


SPACES = _Spaces()
