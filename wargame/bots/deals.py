"""The deal finder: the zone of possible agreement on the agenda, now.

For the current state and phase it looks for the texts that every required
signatory's bot would sign (each judged as the whole deal it makes, by its
profile, persona and the rules that would hold), ranks them by the lowest
seat's margin and then the joint gain, and, for the text on the table, finds
the single change that would bring each refusing seat over.

When the agenda is small (the ceasefire talks: 96 texts) every text is
judged. When it is not (the framework: some 300,000 texts; the treaty: tens
of millions) it climbs: from the text on the table, from each signatory's
own ideal and from a few seeded random texts, it moves one term at a time to
the change that most raises the lowest seat's score (a red line counts far
below any margin), and keeps every text it meets that all would sign. That
finds the agreements near where the talks are, which is what a delegation
needs; the report says which method it used and how many texts it judged.

The bots call the same code on their turn, with the terms other seats tabled
this round held fixed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from wargame.bots.climb import CodedSearch, climb
from wargame.bots.coded import coded_core, coded_space
from wargame.bots.grab import grab
from wargame.bots.judge import Context, Text, Verdict, context
from wargame.bots.memo import Core
from wargame.bots.numbering import commitments, layout_of
from wargame.bots.personas import seat_personas
from wargame.bots.report import Deal, DealReport, Swing, rank
from wargame.bots.tables import SPACES, Space, bits, build_space
from wargame.rules.conditions import binding
from wargame.rules.rng import generator

if TYPE_CHECKING:
    from wargame.engine.game import Game
from wargame.model.scenario import Persona, Scenario
from wargame.model.state import TERMINAL, GameState

Choices = dict[str, list[str | None]]
"""Issue id -> the options a text may give it (None: the text stays silent)."""

EXHAUSTIVE_LIMIT = 5_000
"""Agendas with at most this many texts are searched exhaustively."""


class Finder:
    """Judges texts on the current agenda for every signatory, with caches."""

    def __init__(
        self,
        scenario: Scenario,
        state: GameState,
        personas: Mapping[str, Persona | None] | None = None,
        noises: Mapping[str, float] | None = None,
        proposer: str | None = None,
    ) -> None:
        self.scenario = scenario
        self.state = state
        self.ctx: Context = context(scenario, state)
        self.personas = dict(seat_personas(scenario, state) if personas is None else personas)
        self.noises = dict(noises or {})
        self.proposer = proposer or "bot"
        self.table = state.table_terms()
        self.by = {i: t.by for i, t in state.table.items()}
        self.phase = state.status
        self.base_signatories = set(scenario.phase(state.status).signatories) if state.status not in TERMINAL else set()
        self.commits = commitments(scenario)
        self.order = list(scenario.turn_order)
        table = self.table
        self.silent_as: dict[str, str] = {i: o for i, o in self.ctx.firsts.items() if i not in table}
        """Issues whose status quo, not on the table, is the same as silence."""
        self._offsets: dict[str, float] = {}
        self.judged = 0
        """Texts judged by every signatory."""
        self.screened = 0
        """Single verdicts asked for outside a whole text's judging."""
        self._deals: dict[frozenset[tuple[str, str]], Deal] = {}
        self._screens: dict[tuple[str, frozenset[tuple[str, str]]], Verdict] = {}
        """Single verdicts given so far (each still counts as screened)."""
        self._spaces: list[Space] = []
        """Whole agendas judged at once (`bots.tables`): their texts count
        as judged, and become deals when asked for."""
        self._coded: CodedSearch | None = None
        """The local search by number (`bots.coded`), once one began."""
        self.settled = dict(self.ctx.settled)
        """Terms on this agenda that an agreement in force already settles:
        a bot never reopens them (only every signatory together may)."""

    # ---- judging --------------------------------------------------------

    @property
    def cost(self) -> float:
        """The work done so far, in whole texts judged (a single verdict
        counts as a quarter of one)."""
        return self.judged + self.screened / 4

    def signatories(self, text: Mapping[str, str]) -> list[str]:
        """Who must sign `text` (as `engine.game.signatories` says)."""
        needed = set(self.base_signatories)
        commits = self.commits
        for ko in text.items():
            seats = commits.get(ko)
            if seats:
                needed.update(seats)
        return [s for s in self.order if s in needed]

    def offset(self, seat: str) -> float:
        if seat not in self._offsets:
            sj = self.ctx.judge(seat)
            self._offsets[seat] = sj.offset(self.personas.get(seat), self.noises.get(seat, 0.0))
        return self._offsets[seat]

    def authors(self, text: Mapping[str, str]) -> dict[str, str]:
        """Who tables each term: as on the table if unchanged, else the proposer."""
        table, by, me = self.table, self.by, self.proposer
        return {i: (by[i] if table.get(i) == o else me) for i, o in text.items()}

    def verdict(self, seat: str, text: Text) -> Verdict:
        """One seat's verdict on `text`, signatory or not."""
        return self._verdict(seat, text, frozenset(text.items()))

    def _verdict(
        self, seat: str, text: Text, key: frozenset[tuple[str, str]], by: Mapping[str, str] | None = None
    ) -> Verdict:
        found = self._deals.get(key)
        if found is None and (self._spaces or self._coded):
            found = self._judged(text, key)
        if found is not None and seat in found.verdicts:
            return found.verdicts[seat]
        self.screened += 1
        verdict = self._screens.get((seat, key))
        if verdict is None:
            by = self.authors(text) if by is None else by
            verdict = self.ctx.judge(seat).verdict(text, by, offset=self.offset(seat), key=key)
            self._screens[(seat, key)] = verdict
        return verdict

    def known_verdict(self, seat: str, text: Text) -> Verdict | None:
        """A seat's verdict, signatory or not, on a text this finder has
        judged already (whole, or in a space); None for any other text."""
        found = self._deals.get(frozenset(text.items()))
        if found is None and self._coded is not None:
            found = self._coded.deal_of(self, text)
        if found is not None and seat in found.verdicts:
            return found.verdicts[seat]
        for space in self._spaces:
            r = space.find(text, self.silent_as)
            if r is not None and seat in space.slot:
                return self.row_verdict(space, r, seat)
        return None

    def deal(self, text: Text) -> Deal:
        return self._deal(text, frozenset(text.items()))

    def _deal(self, text: Text, key: frozenset[tuple[str, str]], by: Mapping[str, str] | None = None) -> Deal:
        found = self._deals.get(key)
        if found is None and (self._spaces or self._coded):
            found = self._judged(text, key)
        if found is not None:
            return found
        if self._coded is not None and text:
            code = self._coded.code_of(text)
            if code is not None:  # a text of the climb's layout: judged by number
                return self._coded.fresh_deal(self, code)
        self.judged += 1
        by = self.authors(text) if by is None else by
        screens = self._screens
        verdicts = {
            s: screens.get((s, key)) or self.ctx.judge(s).verdict(text, by, offset=self.offset(s), key=key)
            for s in self.signatories(text)
        }
        found = Deal(dict(text), verdicts)
        self._deals[key] = found
        return found

    def _judged(self, text: Text, key: frozenset[tuple[str, str]]) -> Deal | None:
        """The deal of a text that a space or the climb by number judged, if
        one did (the climb makes deals only for the texts it keeps)."""
        if self._coded is not None:
            found = self._coded.deal_of(self, text)
            if found is not None:
                return found
        for space in self._spaces:
            r = space.find(text, self.silent_as)
            if r is not None:
                return self._deal_of(space, r, key)
        return None

    def judged_space(self, choices: Choices) -> Space | None:
        """The space this finder judged for exactly these choices, if any."""
        items = list(choices.items())
        for space in self._spaces:
            if list(space.choices.items()) == items:
                return space
        return None

    def _deal_of(self, space: Space, r: int, key: frozenset[tuple[str, str]] | None = None) -> Deal:
        """Row `r` of a space as a deal, with this finder's offsets (what
        `deal` would make of it: `SeatJudge.verdict`'s sums)."""
        items, seats, _ = space.rows[r]
        key = frozenset(items) if key is None else key
        found = self._deals.get(key)
        if found is not None:
            return found
        found = self._deals[key] = Deal(dict(items), {s: self.row_verdict(space, r, s) for s in seats})
        return found

    def row_verdict(self, space: Space, r: int, seat: str) -> Verdict:
        """A seat's verdict on row `r` of a space, signatory or not (what
        `SeatJudge.verdict` says with this finder's offset)."""
        value, shift, blocks = space.rows[r][2][space.slot[seat]]
        res = round(self.offset(seat) + shift, 2)
        return Verdict(seat, not blocks and value >= res, value, res, blocks)

    def space(self, choices: Choices) -> Space:
        """Every text within `choices`, judged by every seat that may sign
        it and by the proposer: built once for what it reads, then shared
        (`bots.tables`)."""
        needed = set(self.base_signatories)
        needed.add(self.proposer)
        for issue, opts in choices.items():
            for option in opts:
                if option is not None:
                    needed.update(self.commits.get((issue, option), ()))
        seats = tuple(s for s in self.order if s in needed)
        cores = tuple(self.ctx.judge(s).core for s in seats)
        by_issues = sorted({i for core in cores for i in core.rules.by_issues})
        key = (
            id(self.scenario),
            self.phase,
            tuple((i, tuple(opts)) for i, opts in choices.items()),
            tuple((i, self.silent_as[i]) for i in choices if i in self.silent_as),
            seats,
            tuple(id(core) for core in cores),
            tuple((i, self.table.get(i), self.by.get(i)) for i in by_issues),
            self.proposer if by_issues else None,
        )
        ctx = self.ctx

        def judge(text: Text, key: frozenset[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[Core, ...]]:
            by = self.authors(text)
            return tuple(self.signatories(text)), tuple(ctx.judge(s).core.core(ctx, text, by, key) for s in seats)

        def build() -> Space:
            layout = layout_of(self, choices)
            if not layout.exact:
                return build_space(choices, seats, self.text, judge)
            coded = [coded_core(core, self.table, self.by, self.proposer) for core in cores]
            return coded_space(layout, choices, seats, coded, ctx)

        return SPACES.get(key, cores, build)

    # ---- the space of texts ---------------------------------------------

    def choices(self, fixed: Mapping[str, str] | None = None) -> Choices:
        """What each agenda issue may be: the locked ones as they stand; an
        issue whose silence implies nothing may stay silent only while the
        table is silent on it (a tabled term cannot be withdrawn)."""
        fixed = fixed or {}
        out: Choices = {}
        if self.phase in TERMINAL:
            return out
        for issue in self.scenario.agenda(self.phase):
            if issue.id in fixed or issue.id in self.settled:
                out[issue.id] = [fixed.get(issue.id) or self.settled[issue.id]]
                continue
            opts: list[str | None] = [o.id for o in issue.options]
            if issue.id not in self.table and not issue.implied_when_silent:
                opts.insert(0, None)
            out[issue.id] = opts
        return out

    def text(self, assignment: Mapping[str, str | None]) -> Text:
        """A text from an assignment: silent where None, and silent on a
        status quo the table does not mention (the same text to the rules)."""
        silent = self.silent_as
        return {i: o for i, o in assignment.items() if o is not None and silent.get(i) != o}

    def start(self, choices: Choices) -> dict[str, str | None]:
        """The table as it stands, within `choices`."""
        out: dict[str, str | None] = {}
        for issue, opts in choices.items():
            now = self.table.get(issue)
            if now in opts:
                out[issue] = now
            elif None in opts:
                out[issue] = None
            else:
                out[issue] = opts[0]
        return out

    def ideal(self, seat: str, choices: Choices) -> dict[str, str | None]:
        """The seat's favourite option on every issue, by its profile alone."""
        values = self.scenario.seat(seat).profile.values
        out: dict[str, str | None] = {}
        for issue, opts in choices.items():
            vals = values.get(issue, {})
            out[issue] = max(opts, key=lambda o: vals.get(o, 0.0) if o is not None else -0.5)
        return out

    # ---- searching ------------------------------------------------------

    def search(
        self,
        choices: Choices,
        budget: int = 6_000,
        starts: list[dict[str, str | None]] | None = None,
        seed: int = 0,
        exhaustive: int = EXHAUSTIVE_LIMIT,
        steps: int = 1_000,
    ) -> tuple[str, int, list[Deal]]:
        """Every text within `choices` that all signatories accept (as far as
        the search reaches): (method, size of the space, deals). A space of
        at most `exhaustive` texts is judged whole."""
        size = math.prod(len(v) for v in choices.values()) if choices else 0
        found: dict[frozenset[tuple[str, str]], Deal] = {}
        if size <= exhaustive:
            space = self.space(choices)
            if self._deals or self._spaces or self._coded is not None:
                silent = self.silent_as
                self.judged += sum(
                    1
                    for items, _, _ in space.rows
                    if frozenset(items) not in self._deals
                    and not (self._coded is not None and self._coded.knows(dict(items)))
                    and not any(other.find(dict(items), silent) is not None for other in self._spaces)
                )
            else:
                self.judged += len(space.rows)
            self._spaces.append(space)
            deals = [self._deal_of(space, r) for r in bits(space.accepted(self.offset))]
            return "exhaustive", size, deals
        points = list(starts) if starts is not None else self.default_starts(choices, seed)
        spent = self.cost + budget
        for point in points:
            if self.cost >= spent:
                break
            self._climb(point, choices, spent, found, steps)
        return "local search", size, list(found.values())

    def default_starts(self, choices: Choices, seed: int, randoms: int = 2) -> list[dict[str, str | None]]:
        seats = self.signatories({i: o for i, opts in choices.items() for o in opts if o is not None})
        points = [self.start(choices), *(self.ideal(s, choices) for s in seats)]
        rng = generator(self.state.seed, "deals", self.state.round, seed)
        for _ in range(randoms):
            points.append({i: opts[rng.randrange(len(opts))] for i, opts in choices.items()})
        return points

    def _climb(
        self,
        point: dict[str, str | None],
        choices: Choices,
        spent: float,
        found: dict[frozenset[tuple[str, str]], Deal],
        steps: int,
    ) -> None:
        if climb(self, point, choices, spent, found, steps):
            return
        current = dict(point)
        here = self._visit(current, found)
        for _ in range(steps):
            if self.cost >= spent:
                return
            best: tuple[float, str, str | None] | None = None
            # A step can only raise the lowest score by raising the score of
            # the seat that has it: screen each neighbour with that seat alone.
            worst = min(here.verdicts.values(), key=lambda v: v.score) if here is not None else None
            bar = worst.score + 1e-9 if worst is not None else 0.0
            for issue, opts in choices.items():
                was = current[issue]
                for option in opts:
                    if option == was:
                        continue
                    current[issue] = option
                    text = self.text(current)
                    if not text:
                        continue  # the empty text is no deal (as `_visit` says)
                    key = frozenset(text.items())
                    by = self.authors(text)
                    if worst is not None and self._verdict(worst.seat, text, key, by).score <= bar:
                        continue
                    deal = self._deal(text, key, by)
                    if deal.accepted:
                        found.setdefault(key, deal)
                    if best is None or deal.score > best[0]:
                        best = (deal.score, issue, option)
                current[issue] = was
            if best is None or (here is not None and best[0] <= here.score + 1e-9):
                return
            current[best[1]] = best[2]
            here = self._visit(current, found)

    def grab(self, deal: Deal, seat: str, choices: Choices, steps: int = 3) -> Deal:
        """From a text every signatory signs, the single changes, one after
        another, that most raise `seat`'s value while every signatory still
        signs: a delegation taking what the others would still give."""
        return grab(self, deal, seat, choices, steps)

    def _visit(self, assignment: dict[str, str | None], found: dict[frozenset[tuple[str, str]], Deal]) -> Deal | None:
        text = self.text(assignment)
        if not text:
            return None
        deal = self.deal(text)
        if deal.accepted:
            found.setdefault(frozenset(text.items()), deal)
        return deal

    def swings(self, text: Text, choices: Choices) -> list[Swing]:
        """For each seat refusing `text`, the best single change that brings
        it over: one that wins everyone if there is one, else one that loses
        the fewest others, then the widest margin for the seat."""
        base = self.deal(text)
        out: list[Swing] = []
        assignment: dict[str, str | None] = {i: text.get(i) for i in choices}
        for seat in base.refusing:
            best: tuple[tuple[float, ...], Swing] | None = None
            for issue, opts in choices.items():
                for option in opts:
                    if option == assignment[issue]:
                        continue
                    changed = self.text({**assignment, issue: option})
                    if not changed:
                        continue
                    after = self.deal(changed)
                    v = after.verdicts.get(seat)
                    if v is None or not v.accept:
                        continue
                    rank = (float(after.accepted), -len(after.refusing), v.margin)
                    if best is None or rank > best[0]:
                        best = (rank, Swing(seat, issue, option, base.verdicts[seat], after))
            if best is not None:
                out.append(best[1])
        return out


def settled_terms(scenario: Scenario, state: GameState) -> dict[str, str]:
    """The terms the agreements in force bind (`rules.conditions.binding`)
    that are on the current agenda: what a signed framework binds stays bound
    in the treaty. (A text that changes one is a reopening: the rule reading
    `reopened` says so.)"""
    if state.status in TERMINAL:
        return {}
    agenda = {i.id for i in scenario.agenda(state.status)}
    return {i: o for i, o in binding(scenario, state).items() if i in agenda}


def find_deals(
    scenario: Scenario,
    state: GameState,
    personas: Mapping[str, Persona | None] | None = None,
    limit: int = 10,
    budget: int = 6_000,
) -> DealReport:
    """The zone of possible agreement now, for the whole agenda, ranked, with
    the single changes that would win each seat refusing the table's text.
    Each seat is judged by its profile and persona (the default persona for a
    seat that no bot plays), without any bot's private mood."""
    if state.status in TERMINAL:
        return DealReport(phase=state.status, round=state.round, method="none (the game is over)", space=0)
    finder = Finder(scenario, state, personas)
    choices = finder.choices()
    method, size, deals = finder.search(choices, budget=budget)
    report = DealReport(phase=state.status, round=state.round, method=method, space=size)
    report.deals = rank(deals)[:limit]
    table = state.table_terms()
    if table:
        report.table = finder.deal(table)
        report.swings = finder.swings(table, choices)
    report.judged = finder.judged
    return report


def hint(game: Game, seat: str) -> str:
    """Advice for a seat at the table from the deal finder (for the UI): see
    `bots.explain.hint`."""
    from wargame.bots.explain import hint as advise

    return advise(game, seat)
