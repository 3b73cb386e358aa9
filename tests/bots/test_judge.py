"""The fast judge gives the answers of the plain rule and valuation functions.

Bots and the deal finder judge thousands of texts through `bots.judge`, which
remembers rule conditions per combination of the issues they read; these
tests compare it, on random texts in several states, with
`rules.engine.red_lines`, `rejections`, `modifiers` and `rules.valuation`.
"""

from __future__ import annotations

import random

import pytest

from tests.bots.conftest import bots, play, start
from wargame.bots.deals import Finder
from wargame.bots.judge import Context, stance_id
from wargame.model.scenario import Scenario
from wargame.model.state import GameState, TableTerm
from wargame.rules.conditions import holds
from wargame.rules.engine import modifiers, red_lines, rejections
from wargame.rules.valuation import reservation, stances_holding, value_of, with_stances


def _states(scenario: Scenario) -> list[GameState]:
    out = [start(scenario, seed=1).state, start(scenario, seed=1, sequence="framework_first").state]
    game = play(start(scenario, seed=4, lens="leverage"), bots(scenario), rounds=4)
    out.append(game.state)
    return out


def _view(state: GameState, table: dict[str, str], by: str = "us") -> GameState:
    terms = {i: TableTerm(option=o, by=by, round=state.round) for i, o in table.items()}
    return state.model_copy(update={"table": terms})


@pytest.mark.parametrize("index", [0, 1, 2])
def test_fast_verdicts_match_the_plain_functions(scenario: Scenario, index: int) -> None:
    state = _states(scenario)[index]
    if state.over:
        pytest.skip("that game has ended")
    finder = Finder(scenario, state)
    choices = finder.choices()
    rng = random.Random(index)
    ctx = Context(scenario, state)
    for _ in range(60):
        table = finder.text({i: rng.choice(opts) for i, opts in choices.items()})
        view = _view(state, table)
        by = {i: "us" for i in table}
        for seat in scenario.seat_ids:
            verdict = ctx.judge(seat).verdict(table, by)
            stances = stances_holding(scenario, view, seat)
            blocks = {r.id for r in [*red_lines(scenario, view, seat), *rejections(scenario, view, seat)]}
            blocks |= {stance_id(seat, s) for s in stances if s.rejects}
            assert set(verdict.blocks) == blocks, (seat, table)
            mods = modifiers(scenario, view, seat)
            value = value_of(scenario, view, seat, view.deal_terms(), with_stances(scenario, view, seat, mods))
            assert verdict.value == value.value, (seat, table)
            parts = ctx.judge(seat).core.parts(ctx, table, by)
            assert parts == value.parts, (seat, table)  # the bots' reasons quote these
            res = reservation(scenario, view, seat, None, mods, stances)
            assert verdict.reservation == pytest.approx(res.value, abs=0.011), (seat, table)


def test_conditions_read_from_the_table_as_the_engine_reads_them(scenario: Scenario) -> None:
    for state in _states(scenario):
        ctx = Context(scenario, state)
        rng = random.Random(7)
        finder = Finder(scenario, state)
        choices = finder.choices()
        for _ in range(40):
            table = finder.text({i: rng.choice(opts) for i, opts in choices.items()})
            by = {i: rng.choice(["russia", "us"]) for i in table}
            view = _view(state, table)
            view.table = {i: TableTerm(option=o, by=by[i], round=state.round) for i, o in table.items()}
            for rule in scenario.rules:
                assert ctx.holds(rule.condition, table, by) == holds(rule.condition, scenario, view), rule.id


def test_signatories_match_the_engine(scenario: Scenario) -> None:
    from wargame.engine.game import signatories

    game = start(scenario, sequence="framework_first")
    finder = Finder(scenario, game.state)
    rng = random.Random(3)
    choices = finder.choices()
    for _ in range(100):
        text = finder.text({i: rng.choice(opts) for i, opts in choices.items()})
        assert finder.signatories(text) == signatories(scenario, game.state.status, text)


def test_an_explanation_remembered_is_the_one_made_afresh(scenario: Scenario) -> None:
    """`SeatJudge.explain` remembers a text's words under its seat core, the
    text and the authors its rules read (`judge._WORDS`): in other states,
    other games and with other authors they are what it makes from nothing."""
    from wargame.bots import judge as judging

    rng = random.Random(3)
    states = [s for s in _states(scenario) if not s.over]
    states.append(play(start(scenario, seed=8), bots(scenario), rounds=3).state)
    asked = []
    for state in states:
        ctx = Context(scenario, state.fork())
        for _ in range(120):
            seat = scenario.seat_ids[rng.randrange(len(scenario.seat_ids))]
            table = {
                i.id: i.options[rng.randrange(len(i.options))].id
                for i in scenario.agenda(state.status)
                if rng.random() < 0.6
            }
            by = {i: scenario.seat_ids[rng.randrange(len(scenario.seat_ids))] for i in table}
            asked.append((ctx, seat, table, by, ctx.judge(seat).explain(table, by, noise=0.5)))
    assert len({words for *_, words in asked}) > 40
    for ctx, seat, table, by, remembered in asked:
        judging._WORDS.clear()
        assert ctx.judge(seat).explain(table, by, noise=0.5) == remembered
