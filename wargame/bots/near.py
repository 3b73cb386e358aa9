"""A seat's judgement of the texts the climb meets, by the change of one term
and remembered as plain numbers (`bots.climb`).

A coded core (`bots.coded.CodedCore.judgement`) judges a text from its
canonical number: which rules and stances hold (a lookup per group of rules,
by the bits of the issues the group reads), the table of points that pattern
gives, and the value, one entry per issue counted added in order. The climb
asks, a few dozen times a step, for the texts that differ from its point in
one issue's digit. From the point's own judgement such a neighbour needs:

- only the groups that read the changed issue looked up again (the others
  hold as they hold at the point);
- where the same rules hold, the value moved by that one issue's entry: when
  every entry of the table is a whole number (most tables), their sums are
  exact in any order, so the change of one term gives the same float as
  adding every entry again in `SeatCore.core`'s order. Otherwise (other
  rules hold, a table with fractions) every entry is added, in that order.

What it makes is remembered as two numbers per text (`Flat`: the value, and
the pattern of rules holding, whose refusals and shift the coded core keeps
once), in dicts of ints and floats that the cyclic collector never walks:
the coded core's memo keeps a tuple per text, and the tens of thousands a
game's climbs made were what its young collections walked.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from wargame.bots.across import item_table
from wargame.bots.coded import CodedCore, Pattern
from wargame.bots.judge import BLOCK_PENALTY
from wargame.bots.memo import Core
from wargame.bots.numbering import MAX_CODES

if TYPE_CHECKING:
    from wargame.bots.judge import Context

EXACT = float(2**40)
"""Whole-number points up to this size add exactly in any order (a table's
sum stays far below 2**53)."""

Groups = list[tuple[int, dict[int, int], tuple[int, ...]]]
"""Groups of a coded core's rules: their mask, their bits by the text's bits
and their members (places in the seat core's `dynamic`)."""

Lane = tuple[int, "Groups", float | None, int, list[float] | None]
"""What the neighbours in one issue share (`Near._lane`)."""

Table = dict[int, int]
"""A pattern's entries (`CodedCore._entries`) by an issue's shift: the place of its entry."""


class Flat:
    """One coded core's judgements by canonical number, as numbers: the
    same judgement as `CodedCore.judgement` (a test compares them)."""

    __slots__ = ("coded", "values", "patterns", "touch", "exact")

    def __init__(self, coded: CodedCore) -> None:
        self.coded = coded
        self.values: dict[int, float] = {}
        self.patterns: dict[int, int] = {}
        """The pattern of rules holding (a key of the coded core's patterns)."""
        self.touch: dict[int, Groups] = {}
        """By an issue's field, the groups of rules that read it."""
        self.exact: dict[int, Table | None] = {}
        """By pattern, its entries by shift if every point is a whole number."""

    def judgement(self, ctx: Context, whole: int) -> Core:
        """`CodedCore.judgement` of a text that says something (`whole` > 0)."""
        value, pattern = self.judged(ctx, whole)
        blocks, shift, _ = self.coded._patterns[pattern]
        return value, shift, blocks

    def judged(self, ctx: Context, whole: int) -> tuple[float, int]:
        """The value of a text and the pattern of rules holding for it.
        (The pattern is read first and the value kept first, so that a
        search in another thread never finds one without the other.)"""
        pattern = self.patterns.get(whole)
        if pattern is not None:
            value = self.values.get(whole)
            if value is not None:
                return value, pattern
        return self.full(ctx, whole)

    def full(self, ctx: Context, whole: int) -> tuple[float, int]:
        """The judgement made from every group and every entry, as
        `CodedCore.judgement` makes it (filling the same group tables):
        the value and the pattern of rules holding."""
        coded = self.coded
        core = coded.core
        pattern = 0
        text: dict[str, str] | None = None
        by: dict[str, str] = {}
        for mask, known, members in coded._groups:
            bits = known.get((whole & mask) << 1 | 1)
            if bits is None:
                if text is None:
                    text = coded.canon.text(whole)
                    by = coded.authors(text)
                bits = self.fill(ctx, whole, known, mask, members, text, by)
            pattern |= bits
        entries = self.making(ctx, pattern)[2]
        points = 0.0
        for at, bits, vals in entries:
            points += vals[(whole >> at) & bits]
        value = round(100 * points / core.total, 2) if core.total else 0.0
        self.keep(whole, value, pattern)
        return value, pattern

    def fill(
        self,
        ctx: Context,
        whole: int,
        known: dict[int, int],
        mask: int,
        members: tuple[int, ...],
        text: dict[str, str] | None = None,
        by: dict[str, str] | None = None,
    ) -> int:
        """Which rules of a group hold for the text numbered `whole` (the
        bits of `core.dynamic`), tested as `CodedCore.judgement` tests them
        and remembered in the group's table."""
        coded = self.coded
        dynamic = coded.core.dynamic
        # a group that reads no author: each rule's table by the text's bits,
        # shared with the seat cores in which it reads the same; the seat
        # core's memo is read but not filled (a tuple per text it keeps)
        free = members in coded._free
        at = whole & mask
        bits = 0
        for n in members:
            item, memo = dynamic[n]
            table: dict[int, bool] | None = None
            if free:
                table = coded._items.get(n)
                if table is None:
                    table = item_table(coded, ctx, n)
                h = table.get(at)
                if h is not None:
                    if h:
                        bits |= 1 << n
                    continue
            if text is None or by is None:
                text = coded.canon.text(whole)
                by = coded.authors(text)
            key = item.key(text, by, True)
            h = memo.get(key)
            if h is None:
                h = ctx.holds(item.cond, text, by)
                if not free:
                    memo[key] = h
            if table is not None:
                table[at] = h
            if h:
                bits |= 1 << n
        known[at << 1 | 1] = bits
        return bits

    def making(self, ctx: Context, pattern: int) -> Pattern:
        """What a pattern of rules holding makes of a text (the coded core's, made once)."""
        made = self.coded._patterns.get(pattern)
        if made is None:
            made = self.coded._patterns[pattern] = self.coded._pattern(ctx, pattern)
        return made

    def keep(self, whole: int, value: float, pattern: int) -> None:
        if len(self.values) >= MAX_CODES:
            self.patterns.clear()
            self.values.clear()
        self.values[whole] = value
        self.patterns[whole] = pattern

    def reading(self, field: int) -> Groups:
        """The groups of rules that read the issue of `field`."""
        groups = self.touch.get(field)
        if groups is None:
            groups = self.touch[field] = [group for group in self.coded._groups if group[0] & field]
        return groups

    def table(self, pattern: int) -> Table | None:
        """A pattern's entries by shift, if every point is a whole number of
        moderate size (then any order of adding gives the same float), else
        None. (Ints by ints: a dict the collector does not track.)"""
        if pattern in self.exact:
            return self.exact[pattern]
        entries = self.coded._patterns[pattern][2]
        by_shift: Table = {}
        for n, (at, _, vals) in enumerate(entries):
            if at in by_shift or not all(v.is_integer() and -EXACT <= v <= EXACT for v in vals):
                break
            by_shift[at] = n
        table = by_shift if len(by_shift) == len(entries) else None
        self.exact[pattern] = table
        return table


class _Flats:
    """The process's flat memos, one per coded core, the least recently
    used dropped first. Each holds its coded core, so the `id` in its key is
    not reused meanwhile."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[int, Flat] = OrderedDict()

    def clear(self) -> None:
        self._items.clear()

    def get(self, coded: CodedCore) -> Flat:
        found = self._items.get(id(coded))
        if found is not None and found.coded is coded:
            self._items.move_to_end(id(coded))
            return found
        found = self._items[id(coded)] = Flat(coded)
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return found


FLATS = _Flats()


class Side:
    """One seat's scores by canonical number, for one coded core and one
    offset: shared by every search with both (the finder's calls of a
    round, the bots of a round for the seats other than the proposer, whose
    offsets carry no mood). Floats and booleans only, in dicts of ints,
    which the collector never walks; the verdicts themselves are each
    search's."""

    __slots__ = ("seat", "coded", "flat", "offset", "scores", "takes", "reservations")

    def __init__(self, seat: str, coded: CodedCore, offset: float) -> None:
        self.seat = seat
        self.coded = coded
        self.flat = FLATS.get(coded)
        self.offset = offset
        self.scores: dict[int, float] = {}
        """`Verdict.score` by canonical number."""
        self.takes: dict[int, bool] = {}
        """`Verdict.accept` by canonical number (filled with `scores`)."""
        self.reservations: dict[float, float] = {}
        """The reservation (`Verdict.reservation`) by the shift of the rules holding."""

    def keep(self, whole: int, made: Core) -> float:
        """The score and acceptance of a text from its judgement
        (`Verdict.score`, `Verdict.accept`), remembered."""
        value, shift, blocks = made
        res = self.reservations.get(shift)
        if res is None:
            res = self.reservations[shift] = round(self.offset + shift, 2)
        margin = round(value - res, 2)
        found = self.scores[whole] = min(margin, 0.0) - BLOCK_PENALTY * len(blocks) if blocks else margin
        self.takes[whole] = not blocks and value >= res
        return found


class Near:
    """One seat's scores of the texts one issue away from the text numbered
    `whole` (canonically; not the empty text)."""

    __slots__ = (
        "side",
        "flat",
        "ctx",
        "whole",
        "held",
        "lanes",
        "total",
        "pattern",
        "points",
        "table",
        "entries",
        "values",
        "patterns",
        "made",
        "scores",
        "takes",
        "reservations",
        "offset",
    )

    def __init__(self, side: Side, ctx: Context, whole: int) -> None:
        self.side = side
        self.flat = flat = side.flat
        self.ctx = ctx
        self.whole = whole
        pattern = flat.judged(ctx, whole)[1]  # every group now has the point's entry
        held: list[tuple[int, int]] = []
        for mask, known, _ in flat.coded._groups:
            bits = known[(whole & mask) << 1 | 1]
            if bits:
                held.append((mask, bits))
        self.held = held
        """The groups with a rule holding at the point: mask and bits."""
        self.lanes: dict[int, Lane] = {}
        """By an issue's field, what its neighbours share (`_lane`)."""
        self.total = flat.coded.core.total
        self.pattern = pattern
        self.table = flat.table(pattern)
        self.entries = entries = flat.coded._patterns[pattern][2]
        points = 0.0
        for at, bits, vals in entries:
            points += vals[(whole >> at) & bits]
        self.points = points
        # the tables read for every neighbour, held here (the same dicts)
        self.values, self.patterns, self.made = flat.values, flat.patterns, flat.coded._patterns
        self.scores, self.takes, self.reservations, self.offset = (
            side.scores,
            side.takes,
            side.reservations,
            side.offset,
        )

    def _lane(self, field: int, at: int) -> Lane:
        """What every neighbour in the issue of `field` (at shift `at`)
        shares: the rules holding at the point that do not read it, the
        groups that do, and, for the point's own rules and a whole-number
        table, the point's sum less that issue's entry (with the entry's
        bits and points; None where the issue is not counted)."""
        fixed = 0
        for mask, bits in self.held:
            if not mask & field:
                fixed |= bits
        groups = self.flat.touch.get(field)
        if groups is None:
            groups = self.flat.reading(field)
        lane: Lane = (fixed, groups, None, 0, None)
        if self.table is not None:
            n = self.table.get(at)
            if n is None:
                lane = (fixed, groups, self.points, 0, None)
            else:
                _, bits, vals = self.entries[n]
                lane = (fixed, groups, self.points - vals[(self.whole >> at) & bits], bits, vals)
        self.lanes[field] = lane
        return lane

    def score(self, whole: int, field: int, at: int) -> float:
        """The seat's score (`Side.keep`) of the text numbered `whole`,
        which differs from the point only in the issue whose digit is
        `field` (at shift `at`); remembered."""
        known_pattern = self.patterns.get(whole)
        value = self.values.get(whole) if known_pattern is not None else None
        if value is not None and known_pattern is not None:
            blocks, shift, _ = self.made[known_pattern]
        else:
            lane = self.lanes.get(field)
            if lane is None:
                lane = self._lane(field, at)
            pattern, groups, minus, bits, vals = lane
            for mask, known, members in groups:
                holding = known.get((whole & mask) << 1 | 1)
                if holding is None:  # a group not tested for these bits yet
                    holding = self.flat.fill(self.ctx, whole, known, mask, members)
                pattern |= holding
            if pattern == self.pattern and minus is not None:
                # the point's sum less this entry, plus the new one:
                # `points - old + new`, the same float
                points = minus if vals is None else minus + vals[(whole >> at) & bits]
                made = self.made[pattern]
            else:  # other rules hold, or a table with fractions: every entry, in order
                found = self.made.get(pattern)
                made = found if found is not None else self.flat.making(self.ctx, pattern)
                points = 0.0
                for at_, bits_, vals_ in made[2]:
                    points += vals_[(whole >> at_) & bits_]
            blocks, shift, _ = made
            total = self.total
            value = round(100 * points / total, 2) if total else 0.0
            self.flat.keep(whole, value, pattern)
        # `Side.keep`, inlined: this runs for every neighbour and seat
        res = self.reservations.get(shift)
        if res is None:
            res = self.reservations[shift] = round(self.offset + shift, 2)
        margin = round(value - res, 2)
        score = self.scores[whole] = min(margin, 0.0) - BLOCK_PENALTY * len(blocks) if blocks else margin
        self.takes[whole] = not blocks and value >= res
        return score
