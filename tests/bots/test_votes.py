"""A bot's vote: red lines and `bot_rejects` rules always refuse; stances
from the brief refuse; the whole deal is judged; every vote explains itself."""

from __future__ import annotations

import pytest

from tests.bots.conftest import bots, play, start
from wargame.bots.personas import persona
from wargame.bots.voter import judge, vote
from wargame.model import events as e
from wargame.model.actions import EndTurn, Propose
from wargame.model.scenario import Scenario


def _table(scenario: Scenario, terms: dict[str, str], **setup: object):  # type: ignore[no-untyped-def]
    game = start(scenario, **setup)
    game.submit(Propose(kind="propose", seat="us", terms=terms))
    for seat in scenario.turn_order:
        game.submit(EndTurn(kind="end_turn", seat=seat))
    return game


def test_russia_refuses_nato_country_troops_whatever_else_it_is_offered(scenario: Scenario) -> None:
    game = _table(scenario, {"ceasefire": "linked_to_framework", "foreign_forces": "european_peacekeepers"})
    for name in ("conceder", "pragmatist", "hardliner"):
        respond = vote(scenario, game.state, "russia", persona(scenario, "russia", name))
        assert respond.response == "reject"
        assert "redline.western_troops_in_ukraine" in respond.reasons
        assert scenario.rule("redline.western_troops_in_ukraine").title in respond.why  # in words; the id is in reasons


def test_russia_refuses_an_early_unconditional_ceasefire_while_advancing(scenario: Scenario) -> None:
    game = _table(scenario, {"ceasefire": "unconditional", "dmz": "international_monitoring"}, lens="restraint")
    respond = vote(scenario, game.state, "russia", persona(scenario, "russia", "conceder"))
    assert respond.response == "reject"
    assert "ceasefire.premature_unconditional" in respond.reasons


def test_a_text_is_judged_as_the_whole_deal(scenario: Scenario) -> None:
    """Good terms elsewhere do not buy Russia's signature on handing back
    every occupied province (its stance), nor an unsettled issue count as won."""
    game = start(scenario, sequence="framework_first")
    generous = {
        "territory": "full_restoration",
        "alignment": "nonaligned_demilitarized",
        "sanctions": "full_relief",
        "nato_expansion": "written_no_expansion",
        "security_guarantee": "none",
    }
    j = judge(scenario, game.state, "russia", generous, persona(scenario, "russia", "conceder"), noise=0)
    assert not j.accept and "stance.russia.keeps_held_land" in j.reasons
    # A text silent on territory and alignment is worth less to Russia than
    # the same text with its wishes on them: unsettled issues are not won.
    silent = {"sanctions": "phased_relief"}
    fuller = {**silent, "territory": "de_facto_control", "alignment": "military_neutrality"}
    assert (
        judge(scenario, game.state, "russia", silent, noise=0).value
        < judge(scenario, game.state, "russia", fuller, noise=0).value
    )


def test_every_vote_names_what_moved_it(scenario: Scenario) -> None:
    game = play(start(scenario, seed=2), bots(scenario), rounds=3)
    votes = [ev for ev in game.events if isinstance(ev, e.VoteCast)]
    assert votes
    for ev in votes:
        assert ev.why.startswith(("Accepted", "Rejected"))
        if ev.response == "reject":
            assert ev.reasons
        if not ev.reasons or ev.reasons == ["reservation.not_met"]:
            assert "worth" in ev.why and "reservation" in ev.why and "base" in ev.why


@pytest.mark.parametrize(("seed", "lens"), [(1, "restraint"), (2, "leverage"), (3, "restraint"), (4, "leverage")])
def test_bots_never_sign_across_their_red_lines(scenario: Scenario, seed: int, lens: str) -> None:
    game = play(start(scenario, seed=seed, lens=lens), bots(scenario, {"russia": "conceder", "ukraine": "conceder"}))
    for ev in game.events:
        if isinstance(ev, e.VoteCast):
            assert not ev.crossed, ev
        if isinstance(ev, e.RuleFired):
            assert ev.outcome != "crossed", ev
