"""The bot's move toward agreement when no text wins every signatory.

`Bot.toward` changes up to `max_changes` free terms, keeping the `beam` best
texts at each step: a text ranks by the other signatories' red lines it
crosses (fewest first: a poison pill stalls the talks, src-003), then the
bot's own shortfall against what it asks, then the others' gap to theirs,
then its own value. Two forms, the same steps and ties:

- `over_rows`, over a space the finder judged whole (`bots.tables`): a text
  is a row number, a neighbour's number is its text's with one issue's
  digit changed, and a row's rank is made from the space's judgements and
  this turn's offsets (one reservation per seat and shift, a margin only
  for a seat below its reservation: one above it adds nothing to the gap);
- `over_texts`, over texts as dicts, for the points a space cannot take
  (a test runs both on the same turns).
"""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING

from wargame.bots.judge import BLOCK_PENALTY, Text, Verdict
from wargame.bots.tables import Space

if TYPE_CHECKING:
    from wargame.bots.deals import Choices, Finder
    from wargame.bots.player import Bot

Rank = tuple[float, float, float, float]
"""How `toward` ranks a text: others' red lines crossed, own shortfall, others' gap, own value."""

LOWEST: Rank = (-1e9, -1e9, -1e9, -1e9)
"""The rank of no text (an empty table): any text beats it."""

first = itemgetter(0)
"""A (rank, row) pair's rank: the beam sorts by it alone (ties keep their order)."""


def rank_of(seat: str, verdicts: list[Verdict], own: Verdict) -> Rank:
    """A text's rank for `seat`, from every signatory's verdict and its own."""
    blocked = -float(sum(1 for v in verdicts if v.seat != seat and v.blocks))
    gap = sum(min(v.score, 0.0) for v in verdicts if v.seat != seat)
    if own.blocks:
        return (blocked, -1000.0, gap, own.value)
    return (blocked, min(own.margin, 0.0), gap, own.value)


def over_texts(bot: Bot, finder: Finder, choices: Choices, free: list[str], current: Text) -> tuple[bool, Text]:
    """The beam over texts: (whether it moves, the text)."""

    def rank(text: Text) -> Rank:
        return rank_of(bot.seat, list(finder.deal(text).verdicts.values()), bot.own(finder, text))

    base = rank(current) if current else LOWEST
    beam: list[tuple[Rank, Text]] = [(base, current)]
    best = beam[0]
    for _ in range(bot.max_changes):
        nxt: dict[frozenset[tuple[str, str]], tuple[Rank, Text]] = {}
        for _, text in beam:
            assignment = {i: text.get(i) for i in choices}
            for issue in free:
                if text.get(issue) != current.get(issue):
                    continue
                for option in choices[issue]:
                    if option == assignment[issue]:
                        continue
                    cand = finder.text({**assignment, issue: option})
                    if cand:
                        nxt.setdefault(frozenset(cand.items()), (rank(cand), cand))
        if not nxt:
            break
        beam = sorted(nxt.values(), key=lambda rt: rt[0], reverse=True)[: bot.beam]
        if beam[0][0] > best[0]:
            best = beam[0]
    return (best[1] != current and best[0] > base), best[1]


def over_rows(bot: Bot, finder: Finder, space: Space, free: list[str], current: Text) -> tuple[bool, Text] | None:
    """The beam over a judged space's rows (see the module's docstring);
    None if a text of the beam is not a number of the space."""
    silent, rows, codes, strides, place = finder.silent_as, space.rows, space.codes, space.strides, space.place
    ranks: dict[int, Rank] = {}
    me = bot.seat
    slot = space.slot
    offsets = [finder.offset(s) for s in slot]  # by slot (the space's seats, in order)
    mine = slot.get(me, -1)
    reservations: list[dict[float, float]] = [{} for _ in offsets]
    """Per slot: a reservation shift -> `round(offset + shift, 2)` (a seat has few shifts)."""
    penalty = BLOCK_PENALTY
    others_of: dict[int, tuple[int, ...]] = {}
    """A row's signatories (by the tuple's id: the rows hold them while
    this runs, and rows share them) -> the slots of the others, in order."""

    def rank_rows(new: list[int]) -> None:
        # `rank_of` each row's verdicts, from the space's judgements, into
        # `ranks`: a step's new rows in one frame, not a call per row
        for r in new:
            items, seats, cores = rows[r]
            others = others_of.get(id(seats))
            if others is None:
                others = others_of[id(seats)] = tuple(slot[s] for s in seats if s != me)
            blocked = 0
            gap: float = 0  # an int, as `sum` starts
            for k in others:
                value, shift, blocks = cores[k]
                res = reservations[k].get(shift)
                if res is None:
                    res = reservations[k][shift] = round(offsets[k] + shift, 2)
                if blocks:
                    # `Verdict.score` of a refusal, `min(min(m, 0.0) - 200 n, 0.0)`:
                    # the outer `min` is its first term, below zero whatever m
                    blocked += 1
                    m = round(value - res, 2)
                    gap += (m if m < 0.0 else 0.0) - penalty * len(blocks)
                elif value < res:
                    # a margin below zero adds itself (`min(m, 0.0)` is m, the
                    # same float, when m rounds from below zero); one at or
                    # above adds 0.0, which changes no sum and no comparison
                    gap += round(value - res, 2)
            if mine < 0:  # the bot is no seat of the space: its own verdict
                v = bot.own(finder, dict(items))
                ranks[r] = (-float(blocked), -1000.0 if v.blocks else min(v.margin, 0.0), gap, v.value)
                continue
            # signatory or not, its verdict is the space's (`Finder.row_verdict`)
            value, shift, blocks = cores[mine]
            if blocks:
                ranks[r] = (-float(blocked), -1000.0, gap, value)
                continue
            res = reservations[mine].get(shift)
            if res is None:
                res = reservations[mine][shift] = round(offsets[mine] + shift, 2)
            # below its reservation `min(margin, 0.0)` is the margin; at or above, 0.0
            ranks[r] = (-float(blocked), round(value - res, 2) if value < res else 0.0, gap, value)

    start = space.code(current, silent)
    if start is None:
        return None
    steps = [(issue, current.get(issue), place[issue], list(place[issue].items()), strides[issue]) for issue in free]
    """Per free issue: its value in `current`, its options' digits and its stride."""
    here = codes[start]
    if current:
        rank_rows([here])
    base = ranks[here] if current else LOWEST
    beam: list[tuple[Rank, int]] = [(base, here)]
    best = beam[0]
    for _ in range(bot.max_changes):
        met: dict[int, None] = {}  # the step's candidates, in the order met
        for _, r in beam:
            text = dict(rows[r][0]) if r >= 0 else {}
            code = space.code(text, silent)
            if code is None:
                return None
            for issue, now, digits, options, stride in steps:
                was = text.get(issue)
                if was != now:
                    continue
                k = digits.get(was)
                if k is None:
                    k = digits[silent[issue]]
                for option, j in options:
                    if option == was:
                        continue
                    cand = codes[code + (j - k) * stride]
                    if cand >= 0:
                        met[cand] = None
        if not met:
            break
        rank_rows([c for c in met if c not in ranks])
        beam = sorted([(ranks[c], c) for c in met], key=first, reverse=True)[: bot.beam]
        if beam[0][0] > best[0]:
            best = beam[0]
    text = dict(rows[best[1]][0]) if best[1] >= 0 else {}
    return (best[1] != here and best[0] > base), text
