"""The deal finder: every deal it lists is signed by each signatory's judge;
small agendas are searched whole; swings really swing."""

from __future__ import annotations

from tests.bots.conftest import bots, play, start
from wargame.bots.deals import EXHAUSTIVE_LIMIT, find_deals
from wargame.bots.explain import hint, report_text
from wargame.bots.personas import persona, seat_personas
from wargame.bots.voter import judge
from wargame.model.actions import EndTurn, Propose
from wargame.model.scenario import Persona, Scenario


def _conceders(scenario: Scenario) -> dict[str, Persona | None]:
    return {s: persona(scenario, s, "conceder") for s in scenario.seat_ids}


def _all_accept(scenario: Scenario, state, report, personas=None) -> None:  # type: ignore[no-untyped-def]
    personas = personas or seat_personas(scenario, state)
    for deal in report.deals:
        for seat in deal.verdicts:
            verdict = judge(
                scenario, state, seat, deal.terms, personas[seat], noise=0, by=dict.fromkeys(deal.terms, "bot")
            )
            assert verdict.accept, (seat, deal.terms, verdict.why)


def test_the_ceasefire_agenda_is_searched_whole(scenario: Scenario) -> None:
    state = start(scenario, lens="leverage").state
    report = find_deals(scenario, state, personas=_conceders(scenario))
    assert report.method == "exhaustive" and report.space <= EXHAUSTIVE_LIMIT
    assert report.deals
    _all_accept(scenario, state, report, _conceders(scenario))
    ranked = [(d.min_margin, d.joint_gain) for d in report.deals]
    assert ranked == sorted(ranked, reverse=True)


def test_the_framework_agenda_is_climbed_and_its_deals_hold(scenario: Scenario) -> None:
    game = play(start(scenario, seed=2, sequence="framework_first", lens="leverage"), bots(scenario), rounds=2)
    report = find_deals(scenario, game.state)
    if game.state.status == "framework":
        assert report.method == "local search" and report.space > EXHAUSTIVE_LIMIT
    _all_accept(scenario, game.state, report)


def test_a_swing_wins_the_refusing_seat(scenario: Scenario) -> None:
    game = start(scenario, seed=1, lens="leverage")
    terms = {"ceasefire": "thirty_day", "dmz": "international_monitoring", "foreign_forces": "european_peacekeepers"}
    game.submit(Propose(kind="propose", seat="us", terms=terms))
    for seat in scenario.turn_order:
        game.submit(EndTurn(kind="end_turn", seat=seat))
    report = find_deals(scenario, game.state, personas=_conceders(scenario))
    assert report.table is not None and "russia" in report.table.refusing
    swing = next(s for s in report.swings if s.seat == "russia")
    assert swing.after.verdicts["russia"].accept
    assert "To win Russia" in report_text(scenario, report)


def test_hint_speaks_to_the_seat(scenario: Scenario) -> None:
    game = start(scenario, seed=1, lens="leverage")
    game.submit(Propose(kind="propose", seat="us", terms={"ceasefire": "unconditional"}))
    text = hint(game, "ukraine")
    assert "of 100" in text and "every signatory" in text
    # On the score's scale and in the scenario's words: no reservations, no ids.
    assert "reservation" not in text and "margin" not in text and "ceasefire=" not in text
    assert scenario.issue("ceasefire").title in text
