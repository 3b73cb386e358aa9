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
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from wargame.bots.memo import Core, SeatCore

if TYPE_CHECKING:
    from wargame.bots.judge import Text

Row = tuple[tuple[tuple[str, str], ...], tuple[str, ...], tuple[Core, ...]]
"""(text as its items (a tuple of strings, which the garbage collector stops
walking; a dict would keep it walking the row), its signatories in turn order, the judgement of every seat of
the space, in the space's order: a bot wants its own even where it does not sign)."""


class SeatMask:
    """One seat's side of a space: where it signs, and its acceptable rows
    by reservation shift (values sorted, with the mask of each suffix)."""

    __slots__ = ("signs", "groups")

    def __init__(self, seat: str, slot: int, rows: Sequence[Row]) -> None:
        self._fill(seat, [seats for _, seats, _ in rows], [cores[slot] for _, _, cores in rows])

    @classmethod
    def of(cls, seat: str, signatories: Sequence[tuple[str, ...]], column: Sequence[Core]) -> SeatMask:
        """The side of a seat whose judgement of row r is `column[r]`, the
        row's signatories `signatories[r]` (the same as from the rows)."""
        side = cls.__new__(cls)
        side._fill(seat, signatories, column)
        return side

    def _fill(self, seat: str, signatories: Sequence[tuple[str, ...]], column: Sequence[Core]) -> None:
        self.signs = 0
        by_shift: dict[float, list[tuple[float, int]]] = {}
        for r, seats in enumerate(signatories):
            if seat not in seats:
                continue
            self.signs |= 1 << r
            value, shift, blocks = column[r]
            if not blocks:
                by_shift.setdefault(shift, []).append((value, r))
        self.groups: list[tuple[float, tuple[float, ...], tuple[int, ...]]] = []
        for shift, members in by_shift.items():
            members.sort()
            suffix = [0] * (len(members) + 1)
            for k in range(len(members) - 1, -1, -1):
                suffix[k] = suffix[k + 1] | (1 << members[k][1])
            # tuples, not lists: the collector need not walk them
            self.groups.append((shift, tuple(v for v, _ in members), tuple(suffix)))

    def accepts(self, offset: float) -> int:
        """The rows this seat signs and accepts at this offset (as
        `SeatJudge.verdict`: no refusal and value >= round(offset + shift, 2))."""
        mask = 0
        for shift, values, suffix in self.groups:
            mask |= suffix[bisect_left(values, round(offset + shift, 2))]
        return mask


class Space:
    """Every text of an agenda, numbered, with each seat's judgement."""

    def __init__(
        self,
        rows: list[Row],
        seats: Sequence[str],
        choices: dict[str, list[str | None]],
        codes: list[int],
        sides: Sequence[SeatMask] | None = None,
    ) -> None:
        self.rows = rows
        self.codes = codes
        """Each assignment's row (-1: the empty text), numbered in the order
        of the product of the choices (the last issue counting fastest)."""
        self.choices = {i: list(opts) for i, opts in choices.items()}
        self.issues = list(choices)
        self.place = {i: {o: k for k, o in enumerate(opts)} for i, opts in choices.items()}
        self.strides: dict[str, int] = {}
        stride = 1
        for issue in reversed(self.issues):
            self.strides[issue] = stride
            stride *= len(choices[issue])
        self.full = (1 << len(rows)) - 1
        self.slot = {s: k for k, s in enumerate(seats)}
        self.seats = (
            {s: SeatMask(s, k, rows) for s, k in self.slot.items()}
            if sides is None
            else dict(zip(self.slot, sides, strict=True))
        )
        """Each seat's side (`sides`, in the seats' order, if the caller
        made them already: `coded.coded_space` keeps them per column)."""

    def accepted(self, offsets: Callable[[str], float]) -> int:
        """The rows every signatory accepts."""
        mask = self.full
        for seat, side in self.seats.items():
            if side.signs:
                mask &= side.accepts(offsets(seat)) | (self.full ^ side.signs)
                if not mask:
                    break
        return mask

    def find(self, text: Text, silent: Mapping[str, str]) -> int | None:
        """The row of `text`, if the space holds exactly that text. Found by
        its number, not by a table of keys: a space keeps no frozensets,
        which the garbage collector would have to walk."""
        code = self.code(text, silent)
        if code is None:
            return None
        r = self.codes[code]
        if r < 0:
            return None
        items = self.rows[r][0]
        return r if len(items) == len(text) and all(text.get(i) == o for i, o in items) else None

    def code(self, assignment: Mapping[str, str | None], silent: Mapping[str, str]) -> int | None:
        """An assignment's number (an issue left None where the choices have
        no None counts as its status quo, the same text), or None."""
        code = 0
        for issue in self.issues:
            place = self.place[issue]
            option = assignment.get(issue)
            k = place.get(option)
            if k is None and option is None and issue in silent:
                k = place.get(silent[issue])
            if k is None:
                return None
            code += k * self.strides[issue]
        return code


def bits(mask: int) -> Iterator[int]:
    """The rows of a mask, lowest first (the agenda's order)."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def build_space(
    choices: dict[str, list[str | None]],
    seats: Sequence[str],
    text: Callable[[dict[str, str | None]], Text],
    judge: Callable[[Text, frozenset[tuple[str, str]]], tuple[tuple[str, ...], tuple[Core, ...]]],
) -> Space:
    """Every non-empty text within `choices`, in the order of their product
    (a text met twice is kept where first met), judged by `judge`: (the
    text's signatories, every one of `seats`' judgement)."""
    issues = list(choices)
    rows: list[Row] = []
    codes: list[int] = []
    seen: dict[frozenset[tuple[str, str]], int] = {}
    for combo in itertools.product(*(choices[i] for i in issues)):
        t = text(dict(zip(issues, combo, strict=True)))
        if not t:
            codes.append(-1)
            continue
        key = frozenset(t.items())
        r = seen.get(key)
        if r is None:
            r = seen[key] = len(rows)
            sigs, cores = judge(t, key)
            rows.append((tuple(t.items()), sigs, cores))
        codes.append(r)
    return Space(rows, seats, choices, codes)


class _Spaces:
    """The process's spaces, the least recently used dropped first (under a
    lock: the app's workers may ask at the same time). Each space holds the
    seat cores its key names by id, so those ids are not reused meanwhile."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._items: OrderedDict[int, tuple[tuple[Any, ...], Space, tuple[SeatCore, ...]]] = OrderedDict()
        """The key's hash -> (the key, its space, the seat cores it names):
        a key is hashed once a look-up (see `judge._Contexts`)."""
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get(self, key: tuple[Any, ...], cores: tuple[SeatCore, ...], build: Callable[[], Space]) -> Space:
        h = hash(key)
        with self._lock:
            found = self._items.get(h)
            if found is not None and found[0] == key:
                self._items.move_to_end(h)
                return found[1]
            space = build()
            self._items[h] = (key, space, cores)
            self._items.move_to_end(h)
            if len(self._items) > self.size:
                self._items.popitem(last=False)
            return space


SPACES = _Spaces()
