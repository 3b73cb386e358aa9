"""Texts as numbers: how the finder and the spaces number a scenario's texts.

- a `Canon` numbers every text of a scenario the same way whatever the
  agenda (one digit per issue: 0 where the text is silent, else 1 + the
  option's place), so a judgement of a text can be remembered under one
  integer, shared by every agenda, table, round and game (`bots.coded`);
- a `Layout` numbers the texts of one agenda's choices (a mixed-radix
  number, the last issue counting fastest, as `tables.Space` does), so a
  neighbour is the current number with one issue's digit changed, and keeps
  each number's text, signatories and canonical number.

A layout is keyed on exactly what its texts and signatories read (the
scenario, the phase, the choices, the issues whose silence is the status
quo). Kept apart from `bots.coded`, which judges the numbers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from wargame.model.per_scenario import per_scenario
from wargame.model.scenario import Scenario

if TYPE_CHECKING:
    from wargame.bots.deals import Finder

Items = tuple[tuple[str, str], ...]
"""A text as its items, in the agenda's order."""

MAX_CODES = 50_000
"""Numbers remembered per layout, per coded core and per seat in a search
before starting over (a search meets a few thousand)."""

MAX_TEXTS = 20_000
"""Texts (tuples) remembered per layout before starting over."""


class Canon:
    """Every text of a scenario as one number, whatever the agenda: a bit
    field per issue holding 0 where the text is silent, else 1 + the
    option's place (so a rule's issues are a mask of the number)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.issues = [i.id for i in scenario.issues]
        self.place = {issue: k for k, issue in enumerate(self.issues)}
        self.options = [[o.id for o in i.options] for i in scenario.issues]
        self.digit = [{o: n + 1 for n, o in enumerate(opts)} for opts in self.options]
        self.shifts: list[int] = []
        self.masks: list[int] = []
        shift = 0
        for opts in self.options:
            width = len(opts).bit_length()
            self.shifts.append(shift)
            self.masks.append((1 << width) - 1)
            shift += width

    def field(self, issue: str) -> int:
        """The bits of an issue's digit (0 for an issue the scenario lacks)."""
        k = self.place.get(issue)
        return 0 if k is None else self.masks[k] << self.shifts[k]

    def text(self, code: int) -> dict[str, str]:
        out = {}
        for issue, opts, shift, mask in zip(self.issues, self.options, self.shifts, self.masks, strict=True):
            d = (code >> shift) & mask
            if d:
                out[issue] = opts[d - 1]
        return out


_CANONS: dict[int, Canon] = {}


def canon(scenario: Scenario) -> Canon:
    """The scenario's numbering (once per scenario)."""
    held = _CANONS.get(id(scenario))
    if held is None or held.scenario is not scenario:
        if len(_CANONS) > 16:
            _CANONS.clear()
        held = _CANONS[id(scenario)] = Canon(scenario)
    return held


@per_scenario
def commitments(scenario: Scenario) -> dict[tuple[str, str], tuple[str, ...]]:
    """(issue, option) -> the seats an option commits, who must then sign
    (as `engine.game.signatories` reads them); once per scenario."""
    commits: dict[tuple[str, str], tuple[str, ...]] = {}
    for issue in scenario.issues:
        for k, option in enumerate(issue.options):
            if option.commits is not None:
                commits[(issue.id, option.id)] = tuple(option.commits)
            elif k:
                commits[(issue.id, option.id)] = tuple(issue.commits)
    return commits


class Layout:
    """The texts of one agenda's choices, numbered."""

    def __init__(
        self,
        scenario: Scenario,
        choices: Mapping[str, Sequence[str | None]],
        silent: Mapping[str, str],
        base: set[str],
        commits: Mapping[tuple[str, str], tuple[str, ...]],
        order: Sequence[str],
    ) -> None:
        numbering = canon(scenario)
        self.issues = list(choices)
        self.options = [list(choices[i]) for i in self.issues]
        self.place = [{o: k for k, o in enumerate(opts)} for opts in self.options]
        self.radix = [len(opts) for opts in self.options]
        self.strides: list[int] = [0] * len(self.issues)
        self.size = 1
        for k in range(len(self.issues) - 1, -1, -1):
            self.strides[k] = self.size
            self.size *= self.radix[k]
        self.terms: list[list[tuple[str, str] | None]] = [
            [(i, o) if o is not None and silent.get(i) != o else None for o in opts]
            for i, opts in zip(self.issues, self.options, strict=True)
        ]
        """Each digit's term in a text: None where the text is silent."""
        self.exact = all(
            len(set(opts)) == len(opts)
            and sum(1 for t in terms if t is None) <= 1
            and i in numbering.place
            and all(t is None or t[1] in numbering.digit[numbering.place[i]] for t in terms)
            for i, opts, terms in zip(self.issues, self.options, self.terms, strict=True)
        )
        """Whether different numbers are always different texts (no option
        twice, silence at most one way) of the scenario's issues and options:
        the climb and the spaces by number rely on it."""
        self.canon: list[list[int]] = (
            [
                [
                    0
                    if t is None
                    else numbering.digit[numbering.place[i]][t[1]] << numbering.shifts[numbering.place[i]]
                    for t in terms
                ]
                for i, terms in zip(self.issues, self.terms, strict=True)
            ]
            if self.exact
            else []
        )
        """Each digit's bits in the text's canonical number."""
        self.base = frozenset(base)
        self.commits = commits
        self.order = tuple(order)
        self.wholes: dict[int, int] = {}
        self.texts: dict[int, tuple[Items, tuple[str, ...], int]] = {}
        self._signing: dict[tuple[str, ...], tuple[str, ...]] = {}
        """Signatories' tuples, one of each (texts share them)."""
        self._rows: tuple[list[tuple[Items, tuple[str, ...], int]], list[int]] | None = None

    def rows(self) -> tuple[list[tuple[Items, tuple[str, ...], int]], list[int]]:
        """Every non-empty text of the layout, numbers in order (`fresh`), and
        each number's place among them (-1: the empty text): a space's rows
        and codes, made once per layout."""
        if self._rows is None:
            rows: list[tuple[Items, tuple[str, ...], int]] = []
            codes: list[int] = []
            for code in range(self.size):
                made = self.fresh(code)
                codes.append(len(rows) if made[0] else -1)
                if made[0]:
                    rows.append(made)
            self._rows = (rows, codes)
        return self._rows

    def code(self, assignment: Mapping[str, str | None]) -> int | None:
        """The number of an assignment within the choices, or None."""
        code = 0
        for k, issue in enumerate(self.issues):
            digit = self.place[k].get(assignment.get(issue), -1) if issue in assignment else -1
            if digit < 0:
                return None
            code += digit * self.strides[k]
        return code

    def whole(self, code: int) -> int:
        """Number `code`'s canonical number (0: the empty text), remembered
        (an int: the collector does not walk it)."""
        found = self.wholes.get(code)
        if found is None:
            found = 0
            rest = code
            for k, stride in enumerate(self.strides):
                digit, rest = divmod(rest, stride)
                found |= self.canon[k][digit]
            if len(self.wholes) >= MAX_CODES:
                self.wholes.clear()
            self.wholes[code] = found
        return found

    def text(self, code: int) -> tuple[Items, tuple[str, ...], int]:
        """Number `code`'s text (as `Finder.text` makes it), its signatories
        and its canonical number (remembered: one tuple per text met)."""
        found = self.texts.get(code)
        if found is None:
            if len(self.texts) >= MAX_TEXTS:
                self.texts.clear()
            found = self.texts[code] = self.fresh(code)
        return found

    def fresh(self, code: int) -> tuple[Items, tuple[str, ...], int]:
        """`text`, made afresh and not remembered (a space keeps its own rows)."""
        items: list[tuple[str, str]] = []
        rest = code
        whole = 0
        for k, stride in enumerate(self.strides):
            digit, rest = divmod(rest, stride)
            term = self.terms[k][digit]
            if term is not None:
                items.append(term)
                whole |= self.canon[k][digit]
        text = tuple(items)
        return text, self.signatories(text) if text else (), whole

    def signatories(self, text: Items) -> tuple[str, ...]:
        """Who must sign (as `Finder.signatories` says)."""
        needed = set(self.base)
        commits = self.commits
        for ko in text:
            seats = commits.get(ko)
            if seats:
                needed.update(seats)
        seats = tuple(s for s in self.order if s in needed)
        return self._signing.setdefault(seats, seats)


class _Layouts:
    """The process's layouts, the least recently used dropped first (under
    a lock). Each holds its scenario, so the `id` in its key is not reused
    meanwhile."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], tuple[object, Layout]] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get(self, key: tuple[Any, ...], owner: object, build: Callable[[], Layout]) -> Layout:
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] is owner:
                self._items.move_to_end(key)
                return found[1]
            layout = build()
            self._items[key] = (owner, layout)
            if len(self._items) > self.size:
                self._items.popitem(last=False)
            return layout


LAYOUTS = _Layouts()


def layout_of(finder: Finder, choices: Mapping[str, Sequence[str | None]]) -> Layout:
    """The shared layout of a finder's choices."""
    silent = finder.silent_as
    key = (
        id(finder.scenario),
        finder.phase,
        tuple((i, tuple(opts)) for i, opts in choices.items()),
        tuple((i, silent[i]) for i in choices if i in silent),
    )
    return LAYOUTS.get(
        key,
        finder.scenario,
        lambda: Layout(finder.scenario, choices, silent, finder.base_signatories, finder.commits, finder.order),
    )
