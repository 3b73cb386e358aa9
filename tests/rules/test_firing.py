"""A rule's effects made ready once (`rules.firing`) fire as `apply_blocks`
and `_event` fire them: the same blocks, rolls, floats bit for bit, notes and
event, for every rule with effects, every lens, on random states."""

from __future__ import annotations

import random

from tests.rules.test_book import _random_state
from wargame.engine.game import Game, Setup
from wargame.model.events import RuleFired, dump_event
from wargame.model.scenario import Effect, Scenario
from wargame.rules.engine import Applied, _event, apply_blocks, number, params_of
from wargame.rules.firing import amount, firings


def _plain(scenario, state, view, rule, entering, first, starts):  # type: ignore[no-untyped-def]
    def allow(block: Effect) -> bool:
        policy = block.repeat or rule.repeat
        return entering if policy == "on_entry" else first if policy == "once" else True

    applied: Applied = apply_blocks(
        scenario, view, rule.effects, params_of(scenario, state, rule), (state.round, rule.id), allow
    )
    return _event(rule, applied) if applied.blocks or starts else None


def test_every_rule_fires_as_apply_blocks_makes_it(scenario: Scenario) -> None:
    rng = random.Random(11)
    fired = 0
    for lens in [None, *(v.id for v in scenario.lenses)]:
        base = Game.start(scenario, Setup(seed=5, lens=lens)).state
        for _ in range(150):
            st = _random_state(scenario, rng, base)
            st.seed = rng.randint(0, 10**6)
            view = st.model_copy(update={"streaks": {r.id: rng.randint(0, 3) for r in scenario.rules}})
            for rule in scenario.rules:
                if not rule.effects:
                    continue
                entering, first = rng.random() < 0.5, rng.random() < 0.5
                starts = (rule.repeat == "on_entry" and entering) or (rule.repeat == "once" and first)
                want = _plain(scenario, st, view, rule, entering, first, starts)
                got = firings(scenario, lens)[rule.id].fire(st, view, entering, first, starts)
                assert (got is None) == (want is None), rule.id
                if got is not None and want is not None:
                    assert dump_event(got) == dump_event(want), rule.id
                    assert got == want and got.model_fields_set == want.model_fields_set
                    # made without the validator (`makers.Trusted`): what the validator makes of the same fields
                    validated = RuleFired.model_validate(got.model_dump())
                    assert validated.__dict__ == got.__dict__ and validated.model_fields_set == got.model_fields_set
                    assert [type(v) for v in validated.__dict__.values()] == [type(v) for v in got.__dict__.values()]
                    fired += 1
    assert fired > 1_000


def test_numbers_compile_to_the_same_floats() -> None:
    rng = random.Random(2)
    static = {"a": 0.1, "b": 3.0, "days": 7.0, "c": -0.3}
    texts = ["$a*$days", "-$a", "$a*$b - $a*@m", "$a*@m + $c*$b - @n", "0.7", "-$c*@m*$b", 2, 0.25]
    for _ in range(300):
        ind = {"m": rng.uniform(-100, 100), "n": rng.choice([0.0, -0.0, 1e-9, 33.3])}
        params = {**static, "@m": ind["m"], "@n": ind["n"]}
        for text in texts:
            got, want = amount(text, static)(ind), number(text, params)
            assert repr(got) == repr(want), text


def test_a_red_line_crossed_costs_what_apply_blocks_makes_it_cost(scenario: Scenario) -> None:
    rng = random.Random(13)
    checked = 0
    for lens in [None, *(v.id for v in scenario.lenses)]:
        base = Game.start(scenario, Setup(seed=3, lens=lens)).state
        for _ in range(100):
            st = _random_state(scenario, rng, base)
            st.seed = rng.randint(0, 10**6)
            for rule in scenario.rules:
                if rule.kind != "red_line" or not rule.effects:
                    continue
                seat = rng.choice(scenario.seat_ids)
                params = params_of(scenario, st, rule)
                want = _event(
                    rule, apply_blocks(scenario, st, rule.effects, params, (st.round, rule.id, seat)), "crossed", seat
                )
                got = firings(scenario, lens)[rule.id].fire(st, st, True, True, True, seat=seat)
                assert got is not None and dump_event(got) == dump_event(want), rule.id
                checked += 1
    assert checked > 500
