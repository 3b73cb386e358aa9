"""Texts as numbers: what the local search and the spaces read, by number.

The framework talks' agenda has some 300,000 texts: too many to judge whole
(`bots.tables`), so the finder climbs (`Finder.search`), a thousand or so
neighbours a call. Built as dicts, each neighbour cost its text, its key,
its authors and a memo look-up per seat under that key. Here, over the
numbers `bots.numbering` gives texts (a `Canon` per scenario, a `Layout`
per agenda), a `CodedCore` judges a text by its number (`SeatCore.core`:
value, reservation shift, refusals), remembered under that one integer.
Each rule and stance that reads the table holds or not by the digits of the
few issues it reads (a list per rule, filled by the seat core's own test
the first time), the pattern of those that hold gives the refusals, the
shift and the table of points, and the value is one entry per issue
counted, added in `SeatCore.core`'s order, so the floats are the same bit
for bit.

A coded core is keyed on its seat core and, if its rules read who tabled a
term, on the table's authors of those terms and the proposer.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from wargame.bots.across import clear as across_clear
from wargame.bots.across import grouped
from wargame.bots.memo import Core, SeatCore
from wargame.bots.numbering import LAYOUTS, MAX_CODES, Layout, canon
from wargame.bots.tables import Row, SeatMask, Space

if TYPE_CHECKING:
    from wargame.bots.judge import Context

Entries = list[tuple[int, int, list[float]]]
"""A value's sum: per issue counted, its field's shift and mask and the points by digit."""

Pattern = tuple[tuple[str, ...], float, Entries]
"""What a pattern of rules holding makes of a text: refusals, shift, the value's sum."""

MAX_COLUMNS = 64
"""Layouts whose column a coded core keeps (`CodedCore.column`) before
starting over (a batch meets a few per phase)."""

MAX_JUDGED = 1_000_000
"""Judgements remembered by all coded cores together (some 100 MB) before
they all start over: a bound for a long-running app, far above a batch's."""

_judged = [0]

_LOCK = threading.Lock()
"""The app's workers may judge at the same time (see `memo._Shared`)."""


class CodedCore:
    """One seat core's judgement (`SeatCore.core`) of texts by their
    canonical numbers, made from the digits (see the module's docstring)."""

    def __init__(
        self,
        core: SeatCore,
        table: Mapping[str, str],
        by: Mapping[str, str],
        proposer: str,
        ctx: Context | None = None,
    ) -> None:
        # `ctx` (of the core's signature), if given: a new seat core's groups
        # that read no author take the tables of an older seat core's groups
        # whose rules read the same (`across.grouped`)
        self.core = core
        self.canon = canon(core.scenario)
        self.memo: dict[int, Core] = {}
        self._same: dict[Core, Core] = {}
        """One tuple per distinct judgement, shared by every text judged
        so (texts far outnumber judgements): a memo that kept a new tuple
        per text would hand the collector tens of thousands of objects to
        walk per search."""
        self._table = dict(table)
        self._by = dict(by)
        self._proposer = proposer
        tables, groups = grouped(core, self.canon.field, ctx)
        self._groups: list[tuple[int, dict[int, int], tuple[int, ...]]] = groups
        """The rules and stances reading the table, grouped by the bits of
        the issues they read: for each group, the bits (of `core.dynamic`)
        of those that hold, by those issues' bits and whether the text says
        anything (the lowest bit). A group none of whose rules reads an
        author has one table for every coded core of the seat core."""
        self._free = tables.free
        self._items = tables.items
        self._patterns: dict[int, Pattern] = tables.patterns
        self._sums: dict[tuple[str, ...], list[tuple[int, int, list[float]]]] = tables.sums
        """What a pattern of rules holding makes of a text, and the sums a
        pattern's valuing rules make: the seat core's alone (every coded
        core of it shares them)."""
        self._columns: dict[int, tuple[weakref.ref[Layout], tuple[Core, ...], SeatMask]] = {}
        """Layout's id -> (the layout, weakly: the layouts' own LRU decides
        how long it lives; this core's judgement of each of its rows; the
        seat's side of a space over them), for `column`."""

    def column(self, ctx: Context, layout: Layout) -> tuple[tuple[Core, ...], SeatMask]:
        """This core's judgement of every row of `layout` (`Layout.rows`),
        and its seat's side of a space over them: made once per layout, the
        same as judging row by row (a space is built from its seats'
        columns, and a batch's spaces share most of them)."""
        held = self._columns.get(id(layout))
        if held is not None and held[0]() is layout:
            return held[1], held[2]
        rows = layout.rows()[0]
        column = tuple(self.judgements(ctx, [whole for _, _, whole in rows]))
        side = SeatMask.of(self.core.seat, [seats for _, seats, _ in rows], column)
        if len(self._columns) >= MAX_COLUMNS:
            self._columns.clear()
        self._columns[id(layout)] = (weakref.ref(layout), column, side)
        return column, side

    def authors(self, text: Mapping[str, str]) -> dict[str, str]:
        """`Finder.authors` with this core's table, authors and proposer."""
        table, by, me = self._table, self._by, self._proposer
        return {i: (by[i] if table.get(i) == o else me) for i, o in text.items()}

    def judgement(self, ctx: Context, code: int) -> Core:
        """The judgement of the text numbered `code` (remembered), in a
        context with the core's signature."""
        found = self.memo.get(code)
        if found is not None:
            return found
        return self.judgements(ctx, (code,))[0]

    def judgements(self, ctx: Context, codes: Sequence[int]) -> list[Core]:
        """`judgement` of each of `codes`, in order, in one frame (a column
        judges a layout's rows: what every text reads is looked up once)."""
        memo, groups, patterns, same = self.memo, self._groups, self._patterns, self._same
        core = self.core
        dynamic, total = core.dynamic, core.total
        nothing = core.nothing if not ctx.agreed else None  # the value of the empty text
        out: list[Core] = []
        for code in codes:
            found = memo.get(code)
            if found is not None:
                out.append(found)
                continue
            said = code != 0
            low = int(said)
            pattern = 0
            text: dict[str, str] | None = None
            by: dict[str, str] = {}
            for mask, known, members in groups:
                at = (code & mask) << 1 | low
                bits = known.get(at)
                if bits is None:
                    bits = 0
                    if text is None:
                        text = self.canon.text(code)
                        by = self.authors(text)
                    for n in members:
                        item, held = dynamic[n]
                        key = item.key(text, by, said)
                        h = held.get(key)
                        if h is None:
                            h = held[key] = ctx.holds(item.cond, text, by)
                        if h:
                            bits |= 1 << n
                    known[at] = bits
                pattern |= bits
            made = patterns.get(pattern)
            if made is None:
                made = patterns[pattern] = self._pattern(ctx, pattern)
            blocks, shift, entries = made
            if not said and nothing is not None:
                value = nothing
            else:
                points = 0.0
                for at, bits, vals in entries:
                    points += vals[(code >> at) & bits]
                value = round(100 * points / total, 2) if total else 0.0
            made_now = (value, shift, blocks)
            found = same.setdefault(made_now, made_now)
            if len(memo) >= MAX_CODES:
                memo.clear()
                same.clear()
            _judged[0] += 1
            if _judged[0] > MAX_JUDGED:
                forget_judgements()
            memo[code] = found
            out.append(found)
        return out

    def _pattern(self, ctx: Context, pattern: int) -> Pattern:
        """What the rules and stances holding in `pattern` make of a text,
        added up as `SeatCore.core` adds them."""
        core = self.core
        blocks = list(core.const_blocks)
        shift = core.const_reservation
        valuing = []
        for n, (item, _) in enumerate(core.dynamic):
            if not pattern >> n & 1:
                continue
            if item.blocks:
                blocks.append(item.id)
            shift += item.reservation
            if item.scale or item.bonus:
                valuing.append(item)
        vkey = tuple(item.id for item in valuing)
        entries = self._sums.get(vkey)
        if entries is None:
            rows = core.rows(tuple(valuing)) if valuing else core.points
            entries = self._sums[vkey] = self._entries(ctx, rows)
        return tuple(blocks), shift, entries

    def _entries(
        self, ctx: Context, rows: Mapping[str, Mapping[str | None, float]]
    ) -> list[tuple[int, int, list[float]]]:
        """One entry per issue counted, in order: (its field's shift and
        mask, the points by digit: the agreed term's, or silence's, at 0)."""
        numbering, agreed = self.canon, ctx.agreed
        out: list[tuple[int, int, list[float]]] = []
        for issue, row in rows.items():
            k = numbering.place[issue]
            vals = [row[agreed.get(issue)], *(row[o] for o in numbering.options[k])]
            out.append((numbering.shifts[k], numbering.masks[k], vals))
        return out


_CODED: OrderedDict[tuple[Any, ...], CodedCore] = OrderedDict()
"""(seat core's id, authors read) -> its coded judgements, the least recently
used dropped first. Kept here, not on the seat core: a seat core that held
its coded cores, each holding it, would be a cycle when the seat cores'
cache drops it."""

_MAX_CODED = 256


def coded_core(
    core: SeatCore, table: Mapping[str, str], by: Mapping[str, str], proposer: str, ctx: Context | None = None
) -> CodedCore:
    """A seat core's coded judgements, for this table's authors and proposer
    where its rules read who tabled a term (`ctx`: see `CodedCore`)."""
    by_issues = core.rules.by_issues
    key = (id(core), tuple((i, table.get(i), by.get(i)) for i in by_issues), proposer if by_issues else None)
    with _LOCK:
        held = _CODED.get(key)
        if held is None or held.core is not core:
            held = _CODED[key] = CodedCore(core, table, by, proposer, ctx)
            if len(_CODED) > _MAX_CODED:
                _CODED.popitem(last=False)
        else:
            _CODED.move_to_end(key)
        return held


def forget_judgements() -> None:
    """Empty every coded core's memo (they fill again as texts are judged)."""
    with _LOCK:
        for coded in _CODED.values():
            coded.memo.clear()
            coded._same.clear()
            coded._columns.clear()
        _judged[0] = 0


def clear() -> None:
    """Forget every layout and coded core (the benchmark's cold start)."""
    with _LOCK:
        _CODED.clear()
        across_clear()
        _judged[0] = 0
    LAYOUTS.clear()


def coded_space(
    layout: Layout,
    choices: Mapping[str, Sequence[str | None]],
    seats: Sequence[str],
    coded: Sequence[CodedCore],
    ctx: Context,
) -> Space:
    """Every text of the layout judged by every one of `seats` (`coded`, in
    that order): `tables.build_space` by number, the same rows, made of the
    seats' columns (`CodedCore.column`)."""
    columns = [c.column(ctx, layout) for c in coded]
    judged = zip(*(column for column, _ in columns), strict=True) if columns else iter(((),) * layout.size)
    texts, codes = layout.rows()
    rows: list[Row] = [(items, sigs, cores) for (items, sigs, _), cores in zip(texts, judged)]
    sides = [side for _, side in columns]
    return Space(rows, seats, {i: list(o) for i, o in choices.items()}, codes, sides)
