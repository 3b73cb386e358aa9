"""Each way an inject fires by itself: at a round, on a condition, by chance
(drawn from the game's seeded generator), never (manual); once or repeatable.
And the trigger's validation, with file:line:col errors."""

from __future__ import annotations

import pytest

from tests.facilitator.helpers import DECK, events_of, fired, pass_round, start, with_deck
from wargame.errors import ContentError
from wargame.model import events as e
from wargame.model.actions import FireInject
from wargame.rules.rng import draw

ROUND_DECK = """
injects:
  - id: at_three
    title: At round three
    text: It is round three.
    trigger: {at_round: 3}
    effects:
      - indicators: {escalation_risk: 1}
"""


def test_at_round_fires_at_the_start_of_that_round_only() -> None:
    game = start(with_deck(ROUND_DECK))
    for _ in range(5):
        pass_round(game)
    assert fired(game, "at_three") == [(3, "at_three")]
    i = next(i for i, ev in enumerate(game.events) if isinstance(ev, e.InjectFired))
    started = game.events[i - 1]
    assert isinstance(started, e.RoundStarted) and started.round == 3, "it fires before any seat moves"
    ev = game.events[i]
    assert isinstance(ev, e.InjectFired) and ev.reason == "scheduled in the deck"


CONDITION_DECK = """
injects:
  - id: set_flag
    title: Set a flag
    text: The facilitator sets a flag.
    effects:
      - set_flags: [test_signal]
  - id: on_flag
    title: When the flag is up
    text: The flag is up.
    trigger:
      when: {flag: test_signal}
  - id: on_manpower
    title: When manpower runs low
    text: Brigades are thin.
    trigger:
      when: {indicator: {id: ukraine_manpower, below: 41}}
"""


def test_a_condition_fires_at_the_first_round_start_at_which_it_holds() -> None:
    game = start(with_deck(CONDITION_DECK))
    pass_round(game)
    assert fired(game, "on_flag") == []
    game.submit(FireInject(kind="inject", inject="set_flag"))  # round 2
    pass_round(game)
    assert fired(game, "on_flag") == [(3, "on_flag")]
    while game.state.round < 8:
        pass_round(game)
    ends = {ev.round: ev.indicators["ukraine_manpower"] for ev in events_of(game, e.RoundEnded)}
    first = min(r + 1 for r, value in ends.items() if value < 41)
    assert fired(game, "on_manpower") == [(first, "on_manpower")], "once, at the first round it holds"


def test_a_condition_reads_the_phase_and_the_terms() -> None:
    deck = """
    injects:
      - id: framework_open
        title: The framework talks open
        text: On to the core questions.
        trigger:
          when: {all: [{phase: [framework]}, {round: {at_least: 2}}]}
    """
    game = start(with_deck(deck), sequence="framework_first")
    assert fired(game, "framework_open") == []
    pass_round(game)
    assert fired(game, "framework_open") == [(2, "framework_open")]


CHANCE_DECK = """
injects:
  - id: coin
    title: A coin comes up heads
    text: Heads.
    trigger: {chance: 0.5}
    repeatable: true
    effects:
      - indicators: {escalation_risk: 1}
  - id: rare_once
    title: A rare event, once
    text: Rare.
    trigger: {chance: 0.3}
"""


@pytest.mark.parametrize("seed", [3, 11, 2025])
def test_chance_is_drawn_from_the_seeded_generator(seed: int) -> None:
    scenario = with_deck(CHANCE_DECK)
    game = start(scenario, seed=seed)
    for _ in range(9):
        pass_round(game)
    rounds = range(1, 11)
    expected = [r for r in rounds if draw(seed, r, "inject", "coin") < 0.5]
    assert [r for r, _ in fired(game, "coin")] == expected
    first_rare = next((r for r in rounds if draw(seed, r, "inject", "rare_once") < 0.3), None)
    assert [r for r, _ in fired(game, "rare_once")] == ([first_rare] if first_rare else [])
    again = start(scenario, seed=seed)
    for _ in range(9):
        pass_round(again)
    assert again.events == game.events, "the same seed fires the same injects"


def test_chance_with_a_fixed_seed_is_known() -> None:
    """Seed 11, chance 0.5: heads in these rounds, and never in every one."""
    game = start(with_deck(CHANCE_DECK), seed=11)
    for _ in range(9):
        pass_round(game)
    rounds = [r for r, _ in fired(game, "coin")]
    assert 0 < len(rounds) < 10
    assert rounds == [r for r in range(1, 11) if draw(11, r, "inject", "coin") < 0.5]


def test_manual_injects_never_fire_by_themselves() -> None:
    game = start(with_deck(CONDITION_DECK))
    for _ in range(6):
        pass_round(game)
    assert fired(game, "set_flag") == []
    bundled = {i.id for i in game.scenario.injects if i.trigger.manual}
    assert not bundled & {i for _, i in fired(game)}


def test_once_by_default_repeatable_when_asked() -> None:
    deck = """
    injects:
      - id: every_round
        title: Every round
        text: Again.
        trigger: {when: {round: {at_least: 1}}}
        repeatable: true
      - id: just_once
        title: Just once
        text: Once.
        trigger: {when: {round: {at_least: 1}}}
    """
    game = start(with_deck(deck))
    for _ in range(3):
        pass_round(game)
    assert [r for r, _ in fired(game, "every_round")] == [1, 2, 3, 4]
    assert [r for r, _ in fired(game, "just_once")] == [1]


@pytest.mark.parametrize(
    ("trigger", "message"),
    [
        ("{}", "say when the inject fires"),
        ("{manual: true, at_round: 2}", "drop `manual: true` or drop at_round"),
        ("{chance: 1.5}", "chance 1.5 is a probability"),
        ("{at_round: 0}", "greater than or equal to 1"),
        ("{when: {indicator: {id: nonsense, above: 1}}}", "unknown indicator 'nonsense'"),
        ("{when: {weather: sunny}}", "a condition is a mapping with exactly one of"),
    ],
)
def test_a_bad_trigger_is_reported_at_its_line(trigger: str, message: str) -> None:
    deck = f"""
injects:
  - id: broken
    title: Broken
    text: Broken.
    trigger: {trigger}
"""
    with pytest.raises(ContentError) as err:
        with_deck(deck)
    text = str(err.value)
    assert f"{DECK}:6:" in text, text
    assert message in text
