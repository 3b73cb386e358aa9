"""Texts as numbers (`bots.coded`, `bots.climb`) say what the dict path says:
a coded seat core judges every text as `SeatCore.core` does, a space built
by number has the rows `tables.build_space` makes, and the climb by number
takes the same steps, finds the same deals and counts the same work as the
climb over dicts."""

from __future__ import annotations

import itertools
import random

import pytest

from tests.bots.conftest import bots, play, start
from wargame.bots import deals
from wargame.bots import grab as grabbing
from wargame.bots.coded import coded_core
from wargame.bots.deals import Finder
from wargame.bots.judge import context, mood
from wargame.bots.memo import Core
from wargame.bots.numbering import canon
from wargame.bots.personas import seat_personas
from wargame.bots.report import Deal
from wargame.bots.tables import Space, build_space
from wargame.model.scenario import Scenario
from wargame.model.state import GameState
from wargame.rules.valuation import base_offset, base_reservation


def _states(scenario: Scenario) -> list[GameState]:
    out = [start(scenario, seed=1).state, start(scenario, seed=2, sequence="framework_first").state]
    out.append(play(start(scenario, seed=4, lens="leverage"), bots(scenario), rounds=3).state)
    out.append(play(start(scenario, seed=2, sequence="framework_first"), bots(scenario), rounds=2).state)
    out.append(play(start(scenario, seed=5), bots(scenario), rounds=6).state)
    return [s for s in out if not s.over]


def _finder(scenario: Scenario, state: GameState, seat: str) -> Finder:
    return Finder(scenario, state, seat_personas(scenario, state), {seat: mood(scenario, state, seat)}, proposer=seat)


def test_a_coded_core_judges_every_text_as_the_seat_core(scenario: Scenario) -> None:
    rng = random.Random(7)
    numbering = canon(scenario)
    for state in _states(scenario):
        ctx = context(scenario, state)
        table = state.table_terms()
        by = {i: t.by for i, t in state.table.items()}
        for seat in scenario.seat_ids:
            core = ctx.judge(seat).core
            proposer = scenario.seat_ids[rng.randrange(len(scenario.seat_ids))]
            coded = coded_core(core, table, by, proposer)
            for n in range(150):
                text: dict[str, str] = {}
                code = 0
                for k, issue in enumerate(scenario.issues):
                    # keep the table's own terms often: their authors differ
                    if issue.id in table and rng.random() < 0.3:
                        option = [o.id for o in issue.options].index(table[issue.id])
                    elif n and rng.random() < 0.5:
                        option = rng.randrange(len(issue.options))
                    else:
                        continue
                    text[issue.id] = issue.options[option].id
                    code |= (option + 1) << numbering.shifts[k]
                authors = {i: (by[i] if table.get(i) == o else proposer) for i, o in text.items()}
                assert coded.judgement(ctx, code) == core.core(ctx, text, authors, frozenset(text.items())), text


def _dict_space(finder: Finder, choices: dict[str, list[str | None]], seats: list[str]) -> Space:
    """The space as `tables.build_space` judges it, one text at a time."""
    ctx = finder.ctx

    def judge(text: dict[str, str], key: frozenset[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[Core, ...]]:
        by = finder.authors(text)
        return tuple(finder.signatories(text)), tuple(ctx.judge(s).core.core(ctx, text, by, key) for s in seats)

    return build_space(choices, seats, finder.text, judge)


def test_a_space_by_number_has_the_rows_of_the_dict_path(scenario: Scenario) -> None:
    for state in _states(scenario):
        for seat in scenario.turn_order:
            finder = _finder(scenario, state, seat)
            choices = {i: opts if len(opts) < 6 else opts[:2] for i, opts in finder.choices().items()}
            cut: dict[str, list[str | None]] = {}
            size = 1
            for issue, opts in choices.items():
                cut[issue] = opts if size * len(opts) <= 400 else opts[:1]
                size *= len(cut[issue])
            space = finder.space(cut)
            slow = _dict_space(finder, cut, list(space.slot))
            assert space.rows == slow.rows
            assert space.codes == slow.codes
            # each seat's side, made once per layout with its column, is the one made from the rows
            for s in space.slot:
                assert (space.seats[s].signs, space.seats[s].groups) == (slow.seats[s].signs, slow.seats[s].groups)


@pytest.mark.parametrize("index", [0, 1, 2, 3, 4])
def test_the_climb_by_number_is_the_climb_over_dicts(
    scenario: Scenario, index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    states = _states(scenario)
    if index >= len(states):
        pytest.skip("that game has ended")
    state = states[index]
    for seat in (None, *scenario.turn_order[:2]):
        finders = [Finder(scenario, state) if seat is None else _finder(scenario, state, seat) for _ in range(2)]
        fast, slow = finders
        choices = fast.choices()
        got = fast.search(choices, budget=2_000, exhaustive=0)
        with monkeypatch.context() as m:
            m.setattr(deals, "climb", lambda *args: False)  # over dicts
            want = slow.search(choices, budget=2_000, exhaustive=0)
        assert fast._coded is not None and slow._coded is None
        assert got[:2] == want[:2]
        assert [(d.terms, d.verdicts, d.score) for d in got[2]] == [(d.terms, d.verdicts, d.score) for d in want[2]]
        for d in got[2]:  # a kept deal's figures from the seats' scores are its verdicts' own
            plain = Deal(dict(d.terms), dict(d.verdicts))
            assert (d.min_margin, d.joint_gain, d.accepted, d.score, d) == (
                plain.min_margin,
                plain.joint_gain,
                plain.accepted,
                plain.score,
                plain,
            )
        assert (fast.judged, fast.screened) == (slow.judged, slow.screened)
        # the climb by number makes deals only for the texts it keeps; the
        # rest it judged are made when asked for, the same and not counted again
        search = fast._coded
        assert {frozenset(search.layout.fresh(c)[0]) for c in search.judged} == slow._deals.keys()
        assert fast._deals.keys() <= slow._deals.keys()
        counts = (fast.judged, fast.screened)
        for key, deal in slow._deals.items():
            made = fast.deal(dict(key))
            assert (made.verdicts, made.score, made.accepted) == (deal.verdicts, deal.score, deal.accepted)
        assert (fast.judged, fast.screened) == counts
        table = state.table_terms()
        if table:  # what the report asks next reads the deals the climb made
            assert fast.deal(table).verdicts == slow.deal(table).verdicts
            assert [(s.seat, s.issue, s.option) for s in fast.swings(table, choices)] == [
                (s.seat, s.issue, s.option) for s in slow.swings(table, choices)
            ]
            assert (fast.judged, fast.screened) == (slow.judged, slow.screened)


def test_the_reservation_offset_is_the_sum_of_its_parts(scenario: Scenario) -> None:
    for state in _states(scenario):
        for seat in scenario.seat_ids:
            for persona in (None, *scenario.seat(seat).personas):
                for noise in (0.0, 0.37, -1.234):
                    parts = base_reservation(scenario, state, seat, persona, noise)
                    assert base_offset(scenario, state, seat, persona, noise) == sum(v for _, v in parts)


def test_grabbing_by_row_number_is_grabbing_over_dicts(scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    grabbed = 0
    for state in _states(scenario):
        for seat in scenario.turn_order:
            fast, slow = _finder(scenario, state, seat), _finder(scenario, state, seat)
            choices = fast.choices()
            if len(list(itertools.product(*choices.values()))) > 5_000:
                continue
            got, want = fast.search(choices), slow.search(choices)
            for deal in sorted(got[2], key=lambda d: sorted(d.terms.items()))[:6]:
                twin = slow.deal(deal.terms)
                mine = fast.grab(deal, seat, choices)
                with monkeypatch.context() as m:
                    m.setattr(grabbing, "by_row", lambda *args: None)  # over dicts
                    theirs = slow.grab(twin, seat, choices)
                assert (mine.terms, mine.verdicts) == (theirs.terms, theirs.verdicts)
                assert (fast.judged, fast.screened) == (slow.judged, slow.screened)
                grabbed += mine is not deal
            assert want[:2] == got[:2]
    assert grabbed  # some grab moved
