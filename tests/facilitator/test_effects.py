"""Each kind of inject effect: indicator deltas, flags the rulebook reads, a
forced phase change, a collapse or a breakdown, a lever pulled, terms tabled,
a briefing to all seats or to one; and every inject of the default deck."""

from __future__ import annotations

import pytest

from tests.conftest import SCENARIO
from tests.facilitator.helpers import DECK, events_of, pass_round, start, with_deck
from wargame.content.loader import load_scenario
from wargame.errors import ContentError, LeverRefused, RefusedAction
from wargame.model import events as e
from wargame.model.actions import EndTurn, FireInject, Message, Propose, Respond, UseLever
from wargame.model.scenario import Scenario
from wargame.session.facilitation import seat_messages

EFFECTS = """
injects:
  - id: deltas
    title: Deltas
    text: Numbers move.
    effects:
      - indicators: {momentum: 5, escalation_risk: -3}
      - indicators: {momentum: 1}
  - id: overflow
    title: Overflow
    text: Too much.
    repeatable: true
    effects:
      - indicators: {escalation_risk: 500}
  - id: flags
    title: Flags
    text: A flag.
    effects:
      - set_flags: [incident_european_troops]
  - id: gated
    title: Gated
    text: Only sometimes.
    effects:
      - when: {agreement: [ceasefire]}
        indicators: {deal_durability: -10}
        note: The ceasefire suffers.
      - when: {not: {agreement: [ceasefire]}}
        note: There is no ceasefire to suffer.
  - id: to_framework
    title: To the framework
    text: Forced on.
    force_phase: framework
    set_terms: {alignment: military_neutrality}
  - id: walkout
    title: Walkout
    text: They leave.
    force_phase: collapse
  - id: collapse_effect
    title: Collapse
    text: It all falls apart.
    effects:
      - phase: collapse
  - id: breakdown
    title: Breakdown
    text: The ceasefire breaks down.
    effects:
      - phase: breakdown
  - id: pause
    title: Pause
    text: Aid stops.
    levers: [pause_aid]
  - id: tabled
    title: Tabled
    text: Terms appear.
    set_terms: {ceasefire: thirty_day, territory: de_facto_control}
  - id: to_us
    title: For the US only
    text: A secret for Washington.
    to: us
  - id: to_all
    title: For everyone
    text: News for all.
"""


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return with_deck(EFFECTS)


def fire(game, inject: str, reason: str = "test") -> list[e.Event]:  # type: ignore[no-untyped-def]
    return game.submit(FireInject(kind="inject", inject=inject, reason=reason))


def test_indicator_deltas_add_up_and_are_clamped(scenario: Scenario) -> None:
    game = start(scenario)
    before = dict(game.state.indicators)
    (ev,) = fire(game, "deltas")
    assert isinstance(ev, e.InjectFired)
    assert ev.deltas == {"momentum": 6, "escalation_risk": -3}
    assert game.state.indicators["momentum"] == before["momentum"] + 6
    fire(game, "overflow")
    assert game.state.indicators["escalation_risk"] == scenario.indicator("escalation_risk").max


def test_flags_are_read_by_the_rulebook(scenario: Scenario) -> None:
    game = start(scenario)
    fire(game, "flags")
    assert "incident_european_troops" in game.state.flags
    pass_round(game)
    rules = [ev.rule for ev in events_of(game, e.RuleFired)]
    assert "chain_ganging.attack_on_european_troops" in rules
    assert "incident_european_troops" not in game.state.flags, "the rule clears the flag it answered"


def test_an_effect_block_applies_only_when_its_condition_holds(scenario: Scenario) -> None:
    game = start(scenario)
    (ev,) = fire(game, "gated")
    assert isinstance(ev, e.InjectFired)
    assert ev.deltas == {} and "no ceasefire to suffer" in ev.text


def test_force_phase_moves_the_talks_and_tables_its_terms(scenario: Scenario) -> None:
    game = start(scenario)
    events = fire(game, "to_framework")
    changed = [ev for ev in events if isinstance(ev, e.PhaseChanged)]
    assert len(changed) == 1 and changed[0].to == "framework" and changed[0].trigger == "inject"
    assert game.state.status == "framework"
    assert game.state.table_terms() == {"alignment": "military_neutrality"}


@pytest.mark.parametrize("inject", ["walkout", "collapse_effect"])
def test_a_collapse_ends_the_game(scenario: Scenario, inject: str) -> None:
    game = start(scenario)
    fire(game, inject)
    assert game.over and game.state.status == "collapse"
    assert events_of(game, e.GameEnded)[-1].reason == f"forced by the inject {inject}"


def sign_ceasefire(scenario: Scenario):  # type: ignore[no-untyped-def]
    game = start(scenario)
    game.submit(
        Propose(kind="propose", seat="us", terms={"ceasefire": "thirty_day", "dmz": "international_monitoring"})
    )
    while game.state.step == "turns":
        game.submit(EndTurn(kind="end_turn", seat=game.to_act()))
    while game.state.step == "voting" and game.state.round == 1:
        game.submit(Respond(kind="respond", seat=game.to_act(), response="accept"))
    assert "ceasefire" in game.state.agreements and game.state.status == "framework"
    return game


def test_a_breakdown_voids_the_ceasefire_and_sends_the_talks_back(scenario: Scenario) -> None:
    game = sign_ceasefire(scenario)
    events = fire(game, "breakdown")
    kinds = [ev.kind for ev in events]
    assert kinds == ["inject_fired", "agreement_voided", "phase_changed"]
    assert game.state.status == "ceasefire" and "ceasefire" not in game.state.agreements


def test_a_breakdown_without_a_ceasefire_changes_no_phase(scenario: Scenario) -> None:
    game = start(scenario)
    assert [ev.kind for ev in fire(game, "breakdown")] == ["inject_fired"]
    assert game.state.status == "ceasefire"


def test_a_lever_pulled_by_an_inject_leaves_the_seat_its_own(scenario: Scenario) -> None:
    game = start(scenario)
    events = fire(game, "pause")
    lever = [ev for ev in events if isinstance(ev, e.LeverUsed)]
    assert len(lever) == 1 and lever[0].seat == "us" and lever[0].lever == "pause_aid"
    assert (
        lever[0].cause == "inject" and lever[0].by_inject() == "pause" and "pulled by the inject pause" in lever[0].why
    )
    assert game.levers("us"), "the inject's pull is not the US's move: its lever is still there this round"
    game.submit(UseLever(kind="lever", seat="us", lever="bilateral_talks_with_russia"))
    assert game.levers("us") == []
    with pytest.raises(LeverRefused):
        game.submit(UseLever(kind="lever", seat="us", lever="pause_aid"))
    pass_round(game)
    assert "us.aid_pause_pressure" in [ev.rule for ev in events_of(game, e.RuleFired)]


def test_terms_off_the_agenda_are_named_not_tabled(scenario: Scenario) -> None:
    game = start(scenario)
    (ev,) = fire(game, "tabled")
    assert isinstance(ev, e.InjectFired)
    assert ev.set_terms == {"ceasefire": "thirty_day"}
    assert "not tabled: territory" in ev.text
    assert game.state.table["ceasefire"].by == "facilitator"
    assert "territory" not in game.state.table


def test_a_briefing_to_one_seat_is_read_by_that_seat_only(scenario: Scenario) -> None:
    game = start(scenario)
    fire(game, "to_us")
    fire(game, "to_all")
    game.submit(Message(kind="message", seat="us", to="russia", text="Between us."))
    assert [m.text for m in seat_messages(game.state, "us")] == [
        "For the US only: A secret for Washington.",
        "For everyone: News for all.",
        "Between us.",
    ]
    for seat in ("ukraine", "europe"):
        assert [m.text for m in seat_messages(game.state, seat)] == ["For everyone: News for all."]
    assert "Between us." in [m.text for m in seat_messages(game.state, "russia")]


def test_a_non_repeatable_inject_is_refused_the_second_time(scenario: Scenario) -> None:
    game = start(scenario)
    fire(game, "to_all")
    with pytest.raises(RefusedAction, match="already been fired"):
        fire(game, "to_all")
    fire(game, "overflow")
    fire(game, "overflow")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("levers: [launch_rockets]", "unknown lever 'launch_rockets'"),
        ("to: china", "unknown seat 'china'"),
        ("force_phase: armistice", "unknown phase 'armistice'"),
        ("set_terms: {ceasefire: forever}", "unknown option of ceasefire 'forever'"),
        ("effects: [{standing: {us: -5}}]", "cannot change a seat's standing"),
        ("effects: [{repeat: each_round, indicators: {momentum: 1}}]", "`repeat` belongs to rules"),
        ("effects: [{indicators: {morale: 3}}]", "unknown indicator 'morale'"),
    ],
)
def test_a_bad_effect_is_reported_at_its_line(body: str, message: str) -> None:
    deck = f"""
injects:
  - id: broken
    title: Broken
    text: Broken.
    {body}
"""
    with pytest.raises(ContentError) as err:
        with_deck(deck)
    assert f"{DECK}:" in str(err.value) and message in str(err.value), str(err.value)


DEFAULT = load_scenario(SCENARIO)[0]


@pytest.mark.parametrize("inject", [i.id for i in DEFAULT.injects])
def test_every_default_inject_fires_in_a_fresh_game(inject: str) -> None:
    game = start(DEFAULT)
    events = game.submit(FireInject(kind="inject", inject=inject, reason="test"))
    assert isinstance(events[0], e.InjectFired) and events[0].sources
    if not game.over:
        pass_round(game)


def test_the_default_ceasefire_violation_sets_the_flag_the_rulebook_reads() -> None:
    game = start(DEFAULT)
    game.submit(FireInject(kind="inject", inject="ceasefire_violation"))
    assert "ceasefire_violation" in game.state.flags
    flags = {f for r in DEFAULT.rules for b in r.effects for f in b.clear_flags}
    assert "ceasefire_violation" in flags and "incident_european_troops" in flags
