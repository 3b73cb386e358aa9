"""The rulebook compiled into one function (`rules.book`) answers what the
conditions' closures (`rules.conditions.compiled`) answer, condition by
condition: on the states of random games, on random tables and agreements
(every silence and tie), and for random conditions of every form."""

from __future__ import annotations

import random

from wargame.benches.engine import random_action
from wargame.engine.game import Game, Setup
from wargame.model import conditions as c
from wargame.model.scenario import Scenario
from wargame.model.state import Agreement, GameState, TableTerm
from wargame.rules.book import book_test
from wargame.rules.conditions import compiled
from wargame.rules.engine import rule_index


def _closures(scenario: Scenario, conds: list[c.Condition], state: GameState) -> tuple[bool, ...]:
    return tuple(bool(compiled(scenario, cond)(state)) for cond in conds)


def _random_state(scenario: Scenario, rng: random.Random, base: GameState) -> GameState:
    """`base` with a random table, agreements (ties of rounds included), flags, round and levers."""
    st = base.fork()
    issues = scenario.issues
    st.table = {
        i.id: TableTerm(option=rng.choice(i.options).id, by=rng.choice([*scenario.seat_ids, "agreed"]), round=1)
        for i in rng.sample(issues, rng.randint(0, min(4, len(issues))))
    }
    st.agreements = {}
    for phase in rng.sample([p.id for p in scenario.phases], rng.randint(0, len(scenario.phases))):
        terms = {i.id: rng.choice(i.options).id for i in rng.sample(issues, rng.randint(0, 3))}
        st.agreements[phase] = Agreement(phase=phase, round=rng.randint(1, 3), terms=terms)
    st.flags = rng.sample(["incident_european_troops", "x", "y"], rng.randint(0, 2))
    st.round = rng.randint(1, 12)
    st.status = rng.choice([*(p.id for p in scenario.phases), "collapse", "expired", "peace"])
    st.deadline_round = rng.choice([None, 3, 8])
    for lever in rng.sample(scenario.levers, rng.randint(0, 3)):
        st.levers_used.append((rng.choice([st.round, st.round - 1]), lever.seat, lever.id))
    st.streaks = {r.id: rng.randint(0, 4) for r in rng.sample(scenario.rules, 5)}
    # some exactly on the rulebook's bounds (and the random conditions' 30): `above` is not `at_least`
    bounds = [10.0, 20.0, 25.0, 30.0, 40.0, 800.0]
    st.indicators = {
        k: rng.choice(bounds) if rng.random() < 0.3 else v + rng.uniform(-30, 30) for k, v in st.indicators.items()
    }
    return st


def test_the_book_reads_the_rules_as_their_closures_in_random_games(scenario: Scenario) -> None:
    index = rule_index(scenario)
    conds = [r.condition for r, _ in index.rules]
    checked = 0
    for seed in range(6):
        lens = [None, *(v.id for v in scenario.lenses)][seed % (len(scenario.lenses) + 1)]
        sequence = list(scenario.sequences)[seed % len(scenario.sequences)]
        rng = random.Random(seed)
        game = Game.start(scenario, Setup(seed=seed, lens=lens, sequence=sequence))
        while not game.over:
            assert index.book(game.state) == _closures(scenario, conds, game.state)
            checked += 1
            game.submit(random_action(game, rng))
    assert checked > 500


def test_the_book_reads_random_tables_and_agreements_as_the_closures(scenario: Scenario) -> None:
    index = rule_index(scenario)
    conds = [r.condition for r, _ in index.rules] + [r.condition for r in scenario.rules if r.kind == "red_line"]
    book = book_test(scenario, conds)
    base = Game.start(scenario, Setup(seed=1)).state
    rng = random.Random(7)
    held = 0
    for _ in range(3_000):
        st = _random_state(scenario, rng, base)
        got = book(st)
        assert got == _closures(scenario, conds, st)
        held += sum(got)
    assert held > 1_000  # the random states make many rules hold, not only fail


def _random_cond(scenario: Scenario, rng: random.Random, depth: int = 0) -> dict[str, object]:
    issue = rng.choice(scenario.issues)
    leaves: list[dict[str, object]] = [
        {
            "term": {
                "issue": issue.id,
                "in": [o.id for o in rng.sample(issue.options, rng.randint(1, len(issue.options)))],
                "where": rng.choice(["deal", "table", "agreed"]),
                **({"by": rng.choice(scenario.seat_ids)} if rng.random() < 0.2 else {}),
            }
        },
        {
            "indicator": {
                "id": rng.choice(scenario.indicators).id,
                rng.choice(["above", "below", "at_least", "at_most"]): 30.0,
            }
        },
        {"phase": [rng.choice([p.id for p in scenario.phases]), "collapse"]},
        {"round": {"at_least": rng.randint(1, 6), **({"at_most": 9} if rng.random() < 0.5 else {})}},
        {"deadline_passed": rng.random() < 0.5},
        {"agreement": [p.id for p in rng.sample(scenario.phases, rng.randint(1, 2))]},
        {
            "lever": {
                "id": rng.choice(scenario.levers).id,
                "used": rng.choice(["this_round", "ever", "in_effect", "never"]),
            }
        },
        {"lens": [v.id for v in scenario.lenses[:1]]},
        {"flag": "incident_european_troops"},
        {"streak": {"rule": rng.choice(scenario.rules).id, "at_least": rng.randint(1, 3)}},
        {"reopened": rng.random() < 0.5},
        {"in_force": {"agreement": rng.choice(scenario.phases).id, "rounds_at_least": rng.randint(1, 4)}},
    ]
    if depth >= 2 or rng.random() < 0.4:
        return rng.choice(leaves)
    subs = [_random_cond(scenario, rng, depth + 1) for _ in range(rng.randint(1, 3))]
    return rng.choice(
        [
            {"all": subs},
            {"any": subs},
            {"not": subs[0]},
            {"at_least": {"count": rng.randint(1, len(subs)), "of": subs}},
        ]
    )


def test_random_conditions_of_every_form_compile_to_what_the_closures_say(scenario: Scenario) -> None:
    from pydantic import TypeAdapter

    adapter: TypeAdapter[c.Condition] = TypeAdapter(c.Condition)
    rng = random.Random(3)
    conds = [adapter.validate_python(_random_cond(scenario, rng)) for _ in range(400)]
    conds += conds[:50]  # repeated clauses: read once, used twice
    book = book_test(scenario, conds)
    base = Game.start(scenario, Setup(seed=1)).state
    for _ in range(300):
        st = _random_state(scenario, rng, base)
        assert book(st) == _closures(scenario, conds, st)
