"""The deal finder's local search by number (`Finder._climb` over `bots.coded`).

From a point of the agenda's choices the climb moves one term at a time to
the change that most raises the lowest seat's score, screening each
neighbour with the seat that has it. Here a neighbour is the current number
with one issue's digit changed; a seat's score of it is made from the
point's judgement by the change of that one term (`bots.near`) and kept as
a float, shared by every search with that seat's coded core and offset. A
text judged is its deal's score under its number: a `Deal` is made only for
a text every signatory accepts (`Kept`, its verdicts made when read) and for
one the finder asks for later. The steps, ties and counts are those of the
climb over dicts (`Finder._climb`), which remains for the points this one
cannot take: the counts are part of a bot's reasons and of its budget.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from wargame.bots.coded import CodedCore, coded_core
from wargame.bots.judge import Verdict
from wargame.bots.near import Near, Side
from wargame.bots.numbering import MAX_CODES, Canon, Items, Layout, canon, layout_of
from wargame.bots.report import Deal

if TYPE_CHECKING:
    from wargame.bots.deals import Finder
    from wargame.bots.judge import Context

Found = dict[frozenset[tuple[str, str]], Deal]


class Kept(Deal):
    """A deal the climb keeps (every signatory accepts it), its verdicts made
    when first read: a call keeps dozens, and the report shows ten. Its
    score, lowest margin and joint gain come from the seats' scores, which
    for a text a seat accepts are its margins (the same floats, in the
    signatories' order)."""

    def __init__(self, items: Items, sides: list[Side], ctx: Context, whole: int, scores: list[float], total: float):
        # not `Deal.__init__`: `verdicts` is made by `__getattr__` when read
        self.terms = dict(items)
        self.__dict__["score"] = total  # where the property keeps it
        self.__dict__["accepted"] = True
        self._made = (sides, ctx, whole, scores)

    def __getattr__(self, name: str) -> dict[str, Verdict]:
        if name != "verdicts" or "_made" not in self.__dict__:
            raise AttributeError(name)
        sides, ctx, whole, _ = self._made
        verdicts = {}
        for side in sides:
            value, shift, blocks = side.flat.judgement(ctx, whole)
            res = round(side.offset + shift, 2)
            verdicts[side.seat] = Verdict(side.seat, not blocks and value >= res, value, res, blocks)
        self.verdicts = verdicts
        return verdicts

    def __eq__(self, other: object) -> bool:
        # `Deal`'s own compares deals of one class only
        if not isinstance(other, Deal):
            return NotImplemented
        return (self.terms, self.verdicts) == (other.terms, other.verdicts)

    __hash__ = None  # type: ignore[assignment]  # as `Deal`'s: a deal is not hashable

    @property
    def min_margin(self) -> float:
        return min(self._made[3])

    @property
    def joint_gain(self) -> float:
        return round(sum(self._made[3]), 2)


class _Sides:
    """The process's seats in searches, the least recently used dropped
    first (under a lock: the app's workers may search at the same time).
    Each holds its coded core, so the `id` in its key is not reused."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._items: OrderedDict[tuple[int, str, float], Side] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get(self, seat: str, coded: CodedCore, offset: float) -> Side:
        key = (id(coded), seat, offset)
        with self._lock:
            found = self._items.get(key)
            if found is not None and found.coded is coded:
                self._items.move_to_end(key)
            else:
                found = self._items[key] = Side(seat, coded, offset)
                if len(self._items) > self.size:
                    self._items.popitem(last=False)
            if len(found.scores) >= MAX_CODES:
                found.scores.clear()
                found.takes.clear()
            return found


SIDES = _Sides()


class CodedSearch:
    """A finder's local search over one layout, counted as `Finder._deal`
    and `Finder._verdict` count.

    A text the climb judges is a float (its `Deal.score`, from the seats'
    scores, the same floats added in the same order) under its number: most
    texts a climb meets are stepped over, so a `Deal`, with its terms and
    verdicts, is made only for a text every signatory accepts (the search
    keeps those) and for one the finder asks for later (`deal_of`), which
    then finds it judged already and does not count it again. A call in the
    framework talks judges some 600 texts and keeps a few dozen."""

    def __init__(self, layout: Layout, numbering: Canon) -> None:
        # the finder is passed to every method, not kept: a finder holds its
        # search, and a search that held its finder would be a cycle
        self.layout = layout
        self.judged: dict[int, float] = {}
        """The texts judged, by number: their deal's score."""
        self.deals: dict[int, Deal] = {}
        """The judged texts made deals (the finder's `_deals` too)."""
        self.accepted: dict[int, tuple[frozenset[tuple[str, str]], Deal]] = {}
        """The judged texts every signatory accepts (made deals at once), with their keys."""
        self._seats: dict[str, Side] = {}
        self._sides: dict[tuple[str, ...], list[Side]] = {}
        """The seats of each tuple of signatories."""
        self._verdicts: dict[str, dict[int, Verdict]] = {}
        self._signing: dict[int, tuple[str, ...]] = {0: ()}
        """Signatories by the bits of the seats who must sign (`Layout.signatories`)."""
        seats = {s: 1 << n for n, s in enumerate(layout.order)}
        self._bits = [
            [0 if t is None else sum(seats[s] for s in set(layout.commits.get(t, ())) if s in seats) for t in terms]
            for terms in layout.terms
        ]
        """Each digit's bits of the seats its term commits."""
        self._base = sum(seats[s] for s in layout.base if s in seats)
        self._silence = [next((d for d, t in enumerate(terms) if t is None), -1) for terms in layout.terms]
        """Each issue's digit of silence, or -1 where a text must say it."""
        places = [numbering.place[i] for i in layout.issues]
        self._shifts = [numbering.shifts[k] for k in places]
        self._fields = [numbering.masks[k] << numbering.shifts[k] for k in places]
        """Each issue's shift and bits in a canonical number (`Canon`)."""

    def _seat(self, f: Finder, seat: str) -> Side:
        held = self._seats.get(seat)
        if held is None:
            coded = coded_core(f.ctx.judge(seat).core, f.table, f.by, f.proposer, f.ctx)
            held = self._seats[seat] = SIDES.get(seat, coded, f.offset(seat))
        return held

    def score(self, f: Finder, seat: str, whole: int) -> float:
        """A seat's score (`Verdict.score`) for the text numbered `whole`
        (canonically), with the finder's offset; not counted."""
        side = self._seat(f, seat)
        found = side.scores.get(whole)
        if found is None:
            found = side.keep(whole, side.flat.judgement(f.ctx, whole))
        return found

    def verdict(self, f: Finder, seat: str, whole: int) -> Verdict:
        """A seat's verdict on the text numbered `whole`, as `SeatJudge.verdict`
        gives it with the finder's offset; not counted."""
        mine = self._verdicts.get(seat)
        if mine is None:
            mine = self._verdicts[seat] = {}
        found = mine.get(whole)
        if found is None:
            side = self._seat(f, seat)
            value, shift, blocks = side.flat.judgement(f.ctx, whole)
            res = round(side.offset + shift, 2)
            found = mine[whole] = Verdict(seat, not blocks and value >= res, value, res, blocks)
        return found

    def signatories(self, digits: Sequence[int]) -> tuple[str, ...]:
        """Who must sign the text of these digits (`Layout.signatories`)."""
        bits = self._base
        for k, d in enumerate(digits):
            bits |= self._bits[k][d]
        return self._signers(bits)

    def _signers(self, bits: int) -> tuple[str, ...]:
        found = self._signing.get(bits)
        if found is None:
            found = self._signing[bits] = tuple(s for n, s in enumerate(self.layout.order) if bits >> n & 1)
        return found

    def judge(
        self,
        f: Finder,
        code: int,
        whole: int,
        seats: tuple[str, ...],
        found: Found,
        near: tuple[int, int, dict[str, Near]] | None = None,
    ) -> float:
        """Judge the text numbered `code` (canonically `whole`, signed by
        `seats`) as `Finder._deal` does, counted once: its deal's score; a
        deal made, and kept in `found`, if every signatory accepts it.
        (`near`: the issue changed, the point and its judges, for a
        neighbour of the climb's point.)"""
        f.judged += 1
        scores = []
        takes = True
        sides = self._sides.get(seats)
        if sides is None:
            sides = self._sides[seats] = [self._seat(f, s) for s in seats]
        for side in sides:
            score = side.scores.get(whole)
            if score is None:
                if near is None:
                    score = side.keep(whole, side.flat.judgement(f.ctx, whole))
                else:
                    k, point, nears = near
                    judges = nears.get(side.seat)
                    if judges is None:
                        judges = nears[side.seat] = Near(side, f.ctx, point)
                    score = judges.score(whole, self._fields[k], self._shifts[k])
            scores.append(score)
            if takes and not side.takes[whole]:
                takes = False
        # `Deal.score`: the same floats in the same order
        total = self.judged[code] = min(scores) + 0.01 * sum(scores)
        if takes:
            items = self.items(code)
            deal = self.deals[code] = Kept(items, sides, f.ctx, whole, scores, total)
            key = frozenset(items)
            f._deals[key] = deal
            self.accepted[code] = (key, deal)
            found.setdefault(key, deal)
        return total

    def _make(
        self, f: Finder, code: int, whole: int, seats: tuple[str, ...], total: float
    ) -> tuple[frozenset[tuple[str, str]], Deal]:
        """The deal of a judged text (the finder's too) and its key, not counted."""
        items = self.items(code)
        deal = self.deals[code] = Deal(dict(items), {s: self.verdict(f, s, whole) for s in seats})
        deal.__dict__["score"] = total  # where the property keeps it
        key = frozenset(items)
        f._deals[key] = deal
        return key, deal

    def items(self, code: int) -> Items:
        """The text numbered `code` as its items (`Layout.fresh`'s, without
        its signatories)."""
        out = []
        rest = code
        for stride, terms in zip(self.layout.strides, self.layout.terms, strict=True):
            digit, rest = divmod(rest, stride)
            term = terms[digit]
            if term is not None:
                out.append(term)
        return tuple(out)

    def code_of(self, text: Mapping[str, str]) -> int | None:
        """The number of a text that is exactly the layout's text of that
        number (the same items), or None."""
        layout = self.layout
        code = 0
        said = 0
        for k, issue in enumerate(layout.issues):
            option = text.get(issue)
            if option is None:
                digit = self._silence[k]
            else:
                digit = layout.place[k].get(option, -1)
                if digit >= 0 and layout.terms[k][digit] is None:
                    return None  # a status quo said aloud: another key
                said += 1
            if digit < 0:
                return None
            code += digit * layout.strides[k]
        return code if said == len(text) else None

    def deal_of(self, f: Finder, text: Mapping[str, str]) -> Deal | None:
        """The deal of `text` if this search judged it (made now if need
        be, not counted again), else None."""
        code = self.code_of(text)
        if code is None:
            return None
        deal = self.deals.get(code)
        if deal is None:
            total = self.judged.get(code)
            if total is None:
                return None
            layout = self.layout
            digits = [(code // stride) % n for stride, n in zip(layout.strides, layout.radix, strict=True)]
            deal = self._make(f, code, layout.whole(code), self.signatories(digits), total)[1]
        return deal

    def fresh_deal(self, f: Finder, code: int) -> Deal:
        """Judge the text numbered `code`, not judged yet, as `Finder._deal`
        would (counted once), and make its deal."""
        layout = self.layout
        digits = [(code // stride) % n for stride, n in zip(layout.strides, layout.radix, strict=True)]
        whole, seats = layout.whole(code), self.signatories(digits)
        total = self.judge(f, code, whole, seats, {})
        deal = self.deals.get(code)
        return deal if deal is not None else self._make(f, code, whole, seats, total)[1]

    def knows(self, text: Mapping[str, str]) -> bool:
        """Whether this search judged `text`."""
        code = self.code_of(text)
        return code is not None and code in self.judged

    def _here(self, f: Finder, code: int, digits: list[int], found: Found) -> tuple[float, str, float] | None:
        """`Finder._visit` by number: the text's deal score and its lowest
        seat and score (the first of the lowest, as `min` takes it), or
        None for the empty text."""
        whole = self.layout.whole(code)
        if not whole:
            return None
        seats = self.signatories(digits)
        total = self.judged.get(code)
        if total is None:
            total = self.judge(f, code, whole, seats, found)
        else:
            kept = self.accepted.get(code)
            if kept is not None:
                found.setdefault(*kept)
        worst, low = seats[0], self.score(f, seats[0], whole)
        for s in seats[1:]:
            score = self.score(f, s, whole)
            if score < low:
                worst, low = s, score
        return total, worst, low

    def climb(self, f: Finder, code: int, spent: float, found: Found, steps: int) -> None:
        """`Finder._climb` by number: the same steps, ties and counts."""
        layout = self.layout
        strides, radix, judged, accepted = layout.strides, layout.radix, self.judged, self.accepted
        bits, signers, fields, canonical, shifts = self._bits, self._signing, self._fields, layout.canon, self._shifts
        digits = [(code // stride) % n for stride, n in zip(strides, radix, strict=True)]
        point = layout.whole(code)
        here = self._here(f, code, digits, found)
        for _ in range(steps):
            if f.cost >= spent:
                return
            best: tuple[float, int, int] | None = None
            # A step can only raise the lowest score by raising the score of
            # the seat that has it: screen each neighbour with that seat alone.
            nears: dict[str, Near] = {}
            """Each seat's judges of this point's neighbours, made when first asked."""
            if here is not None:
                _, seat, low = here
                bar = low + 1e-9
                screener = self._seat(f, seat)
                screen: dict[int, float] | None = screener.scores
            else:
                seat, bar, screen = "", 0.0, None
            screening: Near | None = None
            # the seats that must sign a neighbour: those of every other
            # issue's digit, and the changed issue's
            own = [row[d] for row, d in zip(bits, digits, strict=True)]
            before = [self._base] * (len(own) + 1)
            for k, b in enumerate(own):
                before[k + 1] = before[k] | b
            after = 0
            rest = [0] * len(own)
            for k in range(len(own) - 1, -1, -1):
                rest[k] = before[k] | after
                after |= own[k]
            for k, stride in enumerate(strides):
                was = digits[k]
                row, others = bits[k], rest[k]
                # the point's canonical number without this issue's digit
                bare, digit_bits = point & ~fields[k], canonical[k]
                for j in range(radix[k]):
                    if j == was:
                        continue
                    c = code + (j - was) * stride
                    whole = bare | digit_bits[j]
                    if not whole:
                        continue  # the empty text is no deal
                    total = judged.get(c)
                    seats: tuple[str, ...] | None = None
                    if screen is not None:
                        if total is None:
                            f.screened += 1
                        else:
                            m = others | row[j]
                            seats = signers.get(m)
                            if seats is None:
                                seats = self._signers(m)
                            if seat not in seats:
                                f.screened += 1
                        score = screen.get(whole)
                        if score is None:
                            if screening is None:
                                screening = nears.get(seat)
                                if screening is None:
                                    screening = nears[seat] = Near(screener, f.ctx, point)
                            score = screening.score(whole, fields[k], shifts[k])
                        if score <= bar:
                            continue
                    if total is None:
                        if seats is None:
                            m = others | row[j]
                            seats = signers.get(m)
                            if seats is None:
                                seats = self._signers(m)
                        total = self.judge(f, c, whole, seats, found, (k, point, nears) if point else None)
                    else:
                        kept = accepted.get(c)
                        if kept is not None:
                            found.setdefault(*kept)
                    if best is None or total > best[0]:
                        best = (total, k, j)
            if best is None or (here is not None and best[0] <= here[0] + 1e-9):
                return
            _, k, j = best
            code += (j - digits[k]) * strides[k]
            digits[k] = j
            point = (point & ~fields[k]) | canonical[k][j]
            here = self._here(f, code, digits, found)


def climb(
    finder: Finder,
    point: Mapping[str, str | None],
    choices: Mapping[str, Sequence[str | None]],
    spent: float,
    found: Found,
    steps: int,
) -> bool:
    """Climb from `point` by number if the finder can (False: it cannot,
    and must climb over dicts): its texts must be numbers of one layout,
    and every deal it made so far one of this search's."""
    if finder._spaces:
        return False
    layout = layout_of(finder, choices)
    if not layout.exact or list(point) != layout.issues:
        return False
    start = layout.code(point)
    if start is None:
        return False
    search = finder._coded
    if search is None:
        if finder._deals:
            return False
        search = finder._coded = CodedSearch(layout, canon(finder.scenario))
    elif search.layout is not layout or len(finder._deals) != len(search.deals):
        return False  # a deal the search did not make: over dicts from here on
    search.climb(finder, start, spent, found, steps)
    return True
