"""A delegation taking what the others would still give (`Finder.grab`).

From a text every signatory signs, the single changes, one after another,
that most raise one seat's value while every signatory still signs. Over
the one space the finder judged for the choices, by row number (`by_row`);
otherwise text by text, as the finder judges them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from wargame.bots.judge import Verdict
from wargame.bots.report import Deal

if TYPE_CHECKING:
    from wargame.bots.deals import Finder


def grab(finder: Finder, deal: Deal, seat: str, choices: Mapping[str, Sequence[str | None]], steps: int) -> Deal:
    """`Finder.grab`: by row where the finder can, else text by text."""
    coded = by_row(finder, deal, seat, choices, steps)
    if coded is not None:
        return coded
    best = deal
    mine = finder.verdict(seat, best.terms)
    for _ in range(steps):
        assignment: dict[str, str | None] = {i: best.terms.get(i) for i in choices}
        step: tuple[Deal, Verdict] | None = None
        for issue, opts in choices.items():
            for option in opts:
                if option == assignment[issue]:
                    continue
                text = finder.text({**assignment, issue: option})
                if not text:
                    continue
                v = finder.verdict(seat, text)
                if v.value <= (step[1].value if step else mine.value) + 1e-9 or not v.accept:
                    continue
                other = finder.deal(text)
                if other.accepted:
                    step = (other, v)
        if step is None:
            break
        best, mine = step
    return best


def by_row(
    finder: Finder, deal: Deal, seat: str, choices: Mapping[str, Sequence[str | None]], steps: int
) -> Deal | None:
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
