"""The deal finder's local search by number (`Finder._climb` over `bots.coded`).

From a point of the agenda's choices the climb moves one term at a time to
the change that most raises the lowest seat's score, screening each
neighbour with the seat that has it. Here a neighbour is the current number
with one issue's digit changed; a seat's verdict on it comes from its coded
core (one integer look-up once the text was judged anywhere), and its score
is computed once per text. The steps, ties and counts are those of the
climb over dicts (`Finder._climb`), which remains for the points this one
cannot take: the counts are part of a bot's reasons and of its budget.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from wargame.bots.coded import MAX_CODES, CodedCore, Items, Layout, coded_core, layout_of
from wargame.bots.judge import BLOCK_PENALTY, Verdict
from wargame.bots.report import Deal

if TYPE_CHECKING:
    from wargame.bots.deals import Finder

Found = dict[frozenset[tuple[str, str]], Deal]


class _Seat:
    """One seat's scores by canonical number, for one coded core and one
    offset: shared by every search with both (the finder's calls of a
    round, the bots of a round for the seats other than the proposer, whose
    offsets carry no mood). Floats only, which the collector never walks;
    the verdicts themselves are each search's."""

    __slots__ = ("seat", "coded", "offset", "scores")

    def __init__(self, seat: str, coded: CodedCore, offset: float) -> None:
        self.seat = seat
        self.coded = coded
        self.offset = offset
        self.scores: dict[int, float] = {}


class _Sides:
    """The process's seats in searches, the least recently used dropped
    first (under a lock: the app's workers may search at the same time).
    Each holds its coded core, so the `id` in its key is not reused."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._items: OrderedDict[tuple[int, str, float], _Seat] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get(self, seat: str, coded: CodedCore, offset: float) -> _Seat:
        key = (id(coded), seat, offset)
        with self._lock:
            found = self._items.get(key)
            if found is not None and found.coded is coded:
                self._items.move_to_end(key)
            else:
                found = self._items[key] = _Seat(seat, coded, offset)
                if len(self._items) > self.size:
                    self._items.popitem(last=False)
            if len(found.scores) >= MAX_CODES:
                found.scores.clear()
            return found


SIDES = _Sides()


class CodedSearch:
    """A finder's local search over one layout: its deals and verdicts by
    number, counted as `Finder._deal` and `Finder._verdict` count them."""

    def __init__(self, layout: Layout) -> None:
        # the finder is passed to every method, not kept: a finder holds its
        # search, and a search that held its finder would be a cycle
        self.layout = layout
        self.deals: dict[int, Deal] = {}
        self.keys: dict[int, frozenset[tuple[str, str]]] = {}
        self.texts: dict[int, tuple[Items, tuple[str, ...], int]] = {}
        self._seats: dict[str, _Seat] = {}
        self._verdicts: dict[str, dict[int, Verdict]] = {}

    def _seat(self, f: Finder, seat: str) -> _Seat:
        held = self._seats.get(seat)
        if held is None:
            coded = coded_core(f.ctx.judge(seat).core, f.table, f.by, f.proposer)
            held = self._seats[seat] = SIDES.get(seat, coded, f.offset(seat))
        return held

    def score(self, f: Finder, seat: str, whole: int) -> float:
        """A seat's score (`Verdict.score`) for the text numbered `whole`
        (canonically), with the finder's offset; not counted."""
        side = self._seat(f, seat)
        found = side.scores.get(whole)
        if found is None:
            value, shift, blocks = side.coded.judgement(f.ctx, whole)
            margin = round(value - round(side.offset + shift, 2), 2)
            found = side.scores[whole] = min(margin, 0.0) - BLOCK_PENALTY * len(blocks) if blocks else margin
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
            value, shift, blocks = side.coded.judgement(f.ctx, whole)
            res = round(side.offset + shift, 2)
            found = mine[whole] = Verdict(seat, not blocks and value >= res, value, res, blocks)
        return found

    def text(self, code: int) -> tuple[Items, tuple[str, ...], int]:
        """`Layout.text`, kept for this search."""
        found = self.texts.get(code)
        if found is None:
            found = self.texts[code] = self.layout.text(code)
        return found

    def screen(self, f: Finder, seat: str, code: int, whole: int) -> float:
        """`Finder._verdict`'s score by number (counted as it counts)."""
        deal = self.deals.get(code)
        if deal is None or seat not in deal.verdicts:
            f.screened += 1
        return self.score(f, seat, whole)

    def deal(self, f: Finder, code: int, text: tuple[Items, tuple[str, ...], int]) -> Deal:
        """`Finder._deal` by number (the deal is the finder's too)."""
        deal = self.deals.get(code)
        if deal is not None:
            return deal
        f.judged += 1
        items, seats, whole = text
        verdicts = {}
        scores = []
        for s in seats:
            verdicts[s] = self.verdict(f, s, whole)
            scores.append(self.score(f, s, whole))
        deal = self.deals[code] = Deal(dict(items), verdicts)
        # `Deal.score`, from the scores already made (the same floats, in
        # the same order): kept where the property keeps it
        deal.__dict__["score"] = min(scores) + 0.01 * sum(scores)
        f._deals[self.key(code)] = deal
        return deal

    def key(self, code: int) -> frozenset[tuple[str, str]]:
        found = self.keys.get(code)
        if found is None:
            found = self.keys[code] = frozenset(self.text(code)[0])
        return found

    def visit(self, f: Finder, code: int, found: Found) -> Deal | None:
        """`Finder._visit` by number."""
        text = self.text(code)
        if not text[0]:
            return None
        deal = self.deal(f, code, text)
        if deal.accepted:
            found.setdefault(self.key(code), deal)
        return deal

    def climb(self, f: Finder, code: int, spent: float, found: Found, steps: int) -> None:
        """`Finder._climb` by number: the same steps, ties and counts."""
        layout = self.layout
        strides, radix, wholes, deals = layout.strides, layout.radix, layout.wholes, self.deals
        digits = [(code // stride) % n for stride, n in zip(strides, radix, strict=True)]
        here = self.visit(f, code, found)
        for _ in range(steps):
            if f.cost >= spent:
                return
            best: tuple[float, int, int] | None = None
            worst = min(here.verdicts.values(), key=lambda v: v.score) if here is not None else None
            bar = worst.score + 1e-9 if worst is not None else 0.0
            # the screen (`screen`), inlined: this loop is the search
            screen = self._seat(f, worst.seat) if worst is not None else None
            seat = worst.seat if worst is not None else ""
            for k, stride in enumerate(strides):
                was = digits[k]
                for j in range(radix[k]):
                    if j == was:
                        continue
                    c = code + (j - was) * stride
                    whole = wholes.get(c)
                    if whole is None:
                        whole = layout.whole(c)
                    if not whole:
                        continue  # the empty text is no deal
                    deal = deals.get(c)
                    if screen is not None:
                        if deal is None or seat not in deal.verdicts:
                            f.screened += 1
                        score = screen.scores.get(whole)
                        if score is None:
                            score = self.score(f, seat, whole)
                        if score <= bar:
                            continue
                    if deal is None:
                        deal = self.deal(f, c, self.text(c))
                    if deal.accepted:
                        found.setdefault(self.key(c), deal)
                    if best is None or deal.score > best[0]:
                        best = (deal.score, k, j)
            if best is None or (here is not None and best[0] <= here.score + 1e-9):
                return
            _, k, j = best
            code += (j - digits[k]) * strides[k]
            digits[k] = j
            here = self.visit(f, code, found)


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
        search = finder._coded = CodedSearch(layout)
    elif search.layout is not layout or len(finder._deals) != len(search.deals):
        return False
    search.climb(finder, start, spent, found, steps)
    return True


def grab(finder: Finder, deal: Deal, seat: str, choices: Mapping[str, Sequence[str | None]], steps: int) -> Deal | None:
    """`Finder.grab` over the one space the finder judged for `choices`, by
    row number (None where it has not exactly one, or the seat has no
    judgement in it): the same candidates in the same order, the same
    verdicts and counts, and a deal made only for a text that passes."""
    if len(finder._spaces) != 1 or seat not in finder._spaces[0].slot:
        return None
    space = finder._spaces[0]
    if list(space.choices.items()) != [(i, list(o)) for i, o in choices.items()]:
        return None
    silent, codes, rows, strides, place = finder.silent_as, space.codes, space.rows, space.strides, space.place
    if space.code({i: deal.terms.get(i) for i in choices}, silent) is None:
        return None  # a text off the space (every later one is a row of it)
    best = deal
    mine = finder.verdict(seat, best.terms)
    for _ in range(steps):
        assignment: dict[str, str | None] = {i: best.terms.get(i) for i in choices}
        code = space.code(assignment, silent)
        assert code is not None
        step: tuple[Deal, Verdict] | None = None
        for issue, opts in choices.items():
            was = assignment[issue]
            digits = place[issue]
            k = digits.get(was)
            if k is None:
                k = digits[silent[issue]]
            stride = strides[issue]
            for j, option in enumerate(opts):
                if option == was:
                    continue
                r = codes[code + (j - k) * stride]
                if r < 0:
                    continue  # the empty text
                if seat not in rows[r][1]:
                    finder.screened += 1  # as `Finder.verdict` counts a seat that need not sign
                v = finder.row_verdict(space, r, seat)
                if v.value <= (step[1].value if step else mine.value) + 1e-9 or not v.accept:
                    continue
                other = finder._deal_of(space, r)
                if other.accepted:
                    step = (other, v)
        if step is None:
            break
        best, mine = step
    return best
