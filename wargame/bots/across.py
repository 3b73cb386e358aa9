"""What the coded cores of a seat share, so that a new one starts warm
(`bots.coded`, `bots.near`).

A coded core judges texts for one seat core and one set of authors; a seat
core lasts as long as its signature. Much of what a coded core finds does
not depend on either:

- the tables of the groups of rules that read no author, and what a pattern
  of rules holding makes of a text, are the seat core's (`Tables`): every
  coded core of it (other authors) shares them;
- whether a rule that reads no author holds for a text depends only on the
  text's bits, its leaves' truths, the agreed terms and whether anything is
  signed: one table for every seat core of the seat's rules in which those
  are the same (`across`, `item_table`), so a round's new signature does
  not test again the rules it leaves alone.

All of it is ints, floats and tuples of them, and nothing holds a coded core.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wargame.bots.coded import CodedCore, Pattern
    from wargame.bots.judge import Context
    from wargame.bots.memo import SeatCore

_LOCK = threading.Lock()
"""The app's workers may judge at the same time."""

_MAX_TABLES = 256


class Tables:
    """What every coded core of one seat core shares: the tables of the
    groups of rules that read no author (in the order of the groups), the
    patterns and the sums. Ints, floats and tuples of them, which the
    collector need not walk, and nothing that holds a coded core."""

    __slots__ = ("core", "groups", "free", "items", "patterns", "sums")

    def __init__(self, core: SeatCore, groups: int) -> None:
        self.core = core
        self.groups: list[Group | None] = [None] * groups
        """The groups of rules that read no author (mask, table, members), as
        the first coded core made them; None for the others."""
        self.free: set[tuple[int, ...]] = set()
        """The members of those groups."""
        self.items: dict[int, dict[int, bool]] = {}
        """By a rule's place in `core.dynamic` (one that reads no author),
        whether it holds by the text's bits (`item_table`)."""
        self.patterns: dict[int, Pattern] = {}
        self.sums: dict[tuple[str, ...], list[tuple[int, int, list[float]]]] = {}


_TABLES: OrderedDict[int, Tables] = OrderedDict()
"""By a seat core's id, the tables its coded cores share, the least recently
used dropped first (each holds its seat core, so the id is not reused)."""


Group = tuple[int, dict[int, int], tuple[int, ...]]
"""A group of rules (`CodedCore._groups`): the bits of the issues they read,
which hold by those bits, and their places in `core.dynamic`."""


def grouped(core: SeatCore, field: Callable[[str], int], ctx: Context | None) -> tuple[Tables, list[Group]]:
    """The tables a new coded core of `core` shares, and its groups of rules
    (by the bits of the issues they read, `field` giving an issue's): a group
    that reads no author is the seat core's, made by its first coded core
    (with `ctx`, of the core's signature: its table an older seat core's
    where its rules read the same); any other is the coded core's own."""
    by_mask: dict[int, list[int]] = {}
    for n, (item, _) in enumerate(core.dynamic):
        mask = 0
        for issue in item.deps:
            mask |= field(issue)  # an issue no text can say: always silent
        by_mask.setdefault(mask, []).append(n)
    with _LOCK:
        tables = _tables(core, len(by_mask))
        out: list[Group] = []
        for n, (mask, members) in enumerate(by_mask.items()):
            group = tables.groups[n]
            if group is None:
                group = (mask, {}, tuple(members))
                if all(not core.dynamic[m][0].by_deps for m in members):
                    if ctx is not None:
                        group = (mask, _across(core, ctx, mask, group[2]), group[2])
                    tables.groups[n] = group
                    tables.free.add(group[2])
            out.append(group)
        return tables, out


def _tables(core: SeatCore, groups: int) -> Tables:
    held = _TABLES.get(id(core))
    if held is None or held.core is not core:
        held = _TABLES[id(core)] = Tables(core, groups)
        if len(_TABLES) > _MAX_TABLES:
            _TABLES.popitem(last=False)
    else:
        _TABLES.move_to_end(id(core))
    return held


_ACROSS: OrderedDict[tuple[Any, ...], tuple[object, dict[int, Any]]] = OrderedDict()
"""A group of rules' table (which hold, by the text's bits) across the seat
cores of one seat's rules, by all that their holding reads besides the text
(`Context.holds`): the truths of their leaves, the agreed terms and whether
anything is signed. A round's new signature (another round, an indicator
moved) leaves most groups reading the same: their tests are not run again."""

_MAX_ACROSS = 4096


def _across(core: SeatCore, ctx: Context, mask: int, members: tuple[int, ...]) -> dict[int, int]:
    """The table of a group of rules that read no author (under `_LOCK`)."""
    items = [core.dynamic[m][0] for m in members]
    truths = tuple(ctx.constant(leaf) for item in items for leaf in item.leaves)
    key = (id(core.rules), mask, members, truths, ctx.agreed_key, ctx.signed)
    held = _ACROSS.get(key)
    if held is None or held[0] is not core.rules:
        held = _ACROSS[key] = (core.rules, {})
        if len(_ACROSS) > _MAX_ACROSS:
            _ACROSS.popitem(last=False)
    else:
        _ACROSS.move_to_end(key)
    return held[1]


def item_table(coded: CodedCore, ctx: Context, n: int) -> dict[int, bool]:
    """Whether the rule at place `n` of the seat core's `dynamic` (one that
    reads no author) holds, by the bits of the issues it reads in a text
    that says something: one table for every seat core of the seat's rules
    in which it reads the same (`_across`'s key, for the rule alone), so a
    rule a new signature leaves alone is not tested again."""
    with _LOCK:
        found = coded._items.get(n)
        if found is None:
            core = coded.core
            item = core.dynamic[n][0]
            truths = tuple(ctx.constant(leaf) for leaf in item.leaves)
            key = (id(core.rules), n, truths, ctx.agreed_key, ctx.signed)
            held = _ACROSS.get(key)
            if held is None or held[0] is not core.rules:
                held = _ACROSS[key] = (core.rules, {})
                if len(_ACROSS) > _MAX_ACROSS:
                    _ACROSS.popitem(last=False)
            found = coded._items[n] = held[1]  # type: ignore[assignment]
        return found


def clear() -> None:
    """Forget every shared table (with `coded.clear`)."""
    with _LOCK:
        _TABLES.clear()
        _ACROSS.clear()
