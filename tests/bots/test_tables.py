"""A whole agenda judged at once (`bots.tables`) says what judging each text
alone says: the same verdicts, the same texts accepted by every signatory,
and every assignment numbered to the text it makes."""

from __future__ import annotations

import itertools

import pytest

from tests.bots.conftest import bots, play, start
from wargame.bots.deals import Finder
from wargame.bots.judge import mood
from wargame.bots.personas import seat_personas
from wargame.bots.tables import bits
from wargame.model.scenario import Scenario
from wargame.model.state import GameState


def _states(scenario: Scenario) -> list[GameState]:
    out = [start(scenario, seed=1).state, start(scenario, seed=3, lens="leverage").state]
    out.append(play(start(scenario, seed=4, lens="leverage"), bots(scenario), rounds=3).state)
    out.append(play(start(scenario, seed=2, sequence="framework_first"), bots(scenario), rounds=2).state)
    return [s for s in out if not s.over]


def _finder(scenario: Scenario, state: GameState, seat: str) -> Finder:
    """A finder as a bot's turn makes one: its mood, its name on new terms."""
    noises = {seat: mood(scenario, state, seat)}
    return Finder(scenario, state, seat_personas(scenario, state), noises, proposer=seat)


def _small_choices(finder: Finder) -> dict[str, list[str | None]]:
    """The agenda, cut to at most ~600 texts (the first free issues kept whole)."""
    out: dict[str, list[str | None]] = {}
    size = 1
    for issue, opts in finder.choices().items():
        keep = opts if size * len(opts) <= 600 else opts[:1]
        out[issue] = keep
        size *= len(keep)
    return out


@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_a_space_judges_as_each_text_alone(scenario: Scenario, index: int) -> None:
    states = _states(scenario)
    if index >= len(states):
        pytest.skip("that game has ended")
    state = states[index]
    seat = scenario.turn_order[index % len(scenario.turn_order)]
    fast, slow = _finder(scenario, state, seat), _finder(scenario, state, seat)
    choices = _small_choices(fast)
    space = fast.space(choices)
    fast._spaces.append(space)
    accepted = set(bits(space.accepted(fast.offset)))
    issues = list(choices)
    assert len(space.codes) == len(list(itertools.product(*choices.values())))
    for code, combo in enumerate(itertools.product(*(choices[i] for i in issues))):
        text = slow.text(dict(zip(issues, combo, strict=True)))
        r = space.codes[code]
        if not text:
            assert r == -1
            continue
        assert dict(space.rows[r][0]) == text
        assert space.find(text, fast.silent_as) == r
        alone = slow.deal(text)
        assert fast.deal(text).verdicts == alone.verdicts, text
        assert (r in accepted) == alone.accepted, text
        assert fast.known_verdict(seat, text) == slow.verdict(seat, text)
    assert fast.judged == 0  # nothing was judged one text at a time
    assert len(accepted) == sum(1 for d in slow._deals.values() if d.accepted)


def test_a_space_is_shared_only_where_its_inputs_are_the_same(scenario: Scenario) -> None:
    state = start(scenario, seed=1).state
    us, russia = _finder(scenario, state, "us"), _finder(scenario, state, "russia")
    choices = us.choices()
    assert us.space(choices) is _finder(scenario, state, "us").space(choices)
    later = play(start(scenario, seed=1), bots(scenario), rounds=1).state
    if not later.over and later.status == state.status:
        # another round with other offsets: the same judgements, other verdicts
        again = _finder(scenario, later, "us")
        if again.choices() == choices and again.table == us.table:
            assert again.space(choices).rows == us.space(choices).rows
    assert russia.space(russia.choices()).seats.keys() >= set(russia.base_signatories)


def test_acceptance_masks_cut_exactly_at_the_reservation(scenario: Scenario) -> None:
    """For offsets right at, just above and just below each text's value,
    the mask holds exactly the texts that `value >= round(offset + shift, 2)`
    and no outright refusal admit (as `SeatJudge.verdict` decides)."""
    state = start(scenario, seed=1).state
    finder = _finder(scenario, state, "us")
    space = finder.space(finder.choices())
    for seat, side in space.seats.items():
        slot = space.slot[seat]
        signing = [(r, row[2][slot]) for r, row in enumerate(space.rows) if seat in row[1]]
        steps = (-0.01, -0.004, 0.0, 0.004, 0.0051, 0.01)  # unrounded offsets, as a mood makes them
        offsets = sorted({v - sh + d for _, (v, sh, _) in signing[::7] for d in steps})
        for offset in offsets:
            want = {r for r, (v, sh, b) in signing if not b and v >= round(offset + sh, 2)}
            assert set(bits(side.accepts(offset))) == want, (seat, offset)
