"""What the sources lead us to expect of bot games, checked on the bots' votes
(the 1,000-game check is `wargame simulate ... --games 1000`, not a test).

* Russia refuses an unconditional or 30-day ceasefire before a framework
  while it holds the momentum (src-003).
* European troops without a US backstop do not end up in a signed text
  (src-002, src-001).
* The leverage lens (Russia stuck, src-002) makes peace likelier than the
  restraint lens (Russia advancing, src-000, src-001, src-003).
* Games do not all end the same way.

The first two are asked of the bots directly (a scripted seat tables the
text, the bots vote on it), since bots that know Russia's price seldom table
such a text themselves and a count over zero votes proves nothing.
"""

from __future__ import annotations

import pytest

from wargame.bots.player import Bot
from wargame.engine.game import Game, Setup
from wargame.model.actions import EndTurn, Propose, Respond
from wargame.model.events import VoteCast
from wargame.model.scenario import Scenario
from wargame.session.simulate import Batch, run_batch, summarize


def bot_votes(scenario: Scenario, terms: dict[str, str], seed: int, **setup: str) -> dict[str, VoteCast]:
    """The bots' votes on a text the first seat (scripted) tables and accepts."""
    first = scenario.turn_order[0]
    seats = {s: ("script" if s == first else "bot") for s in scenario.seat_ids}
    game = Game.start(scenario, Setup(seed=seed, seats=seats, **setup))  # type: ignore[arg-type]
    game.submit(Propose(kind="propose", seat=first, terms=terms))
    game.submit(EndTurn(kind="end_turn", seat=first))
    while game.state.step == "turns":
        seat = game.to_act()
        assert seat is not None
        for action in Bot(seat=seat).turn(game):
            game.submit(action)
    assert game.state.step == "voting", "the text should go to the vote"
    votes: dict[str, VoteCast] = {}
    while game.state.step == "voting":
        seat = game.to_act()
        assert seat is not None
        action = Respond(kind="respond", seat=seat, response="accept") if seat == first else Bot(seat=seat).vote(game)
        for event in game.submit(action):
            if isinstance(event, VoteCast):
                votes[event.seat] = event
    return votes


@pytest.mark.parametrize("ceasefire", ["unconditional", "thirty_day"])
def test_russia_refuses_an_early_ceasefire_while_it_holds_the_momentum(scenario: Scenario, ceasefire: str) -> None:
    for seed in range(3):
        votes = bot_votes(scenario, {"ceasefire": ceasefire}, seed, lens="restraint", sequence="ceasefire_first")
        assert votes["russia"].response == "reject", (seed, votes["russia"])
        assert votes["russia"].reasons, "a refusal names the rule behind it"


def test_european_troops_without_a_us_backstop_are_refused(scenario: Scenario) -> None:
    terms = {"foreign_forces": "european_peacekeepers", "us_backstop": "none"}
    for lens in ("restraint", "leverage"):
        for seed in range(2):
            votes = bot_votes(scenario, terms, seed, lens=lens, sequence="framework_first")
            assert votes["russia"].response == "reject", (lens, seed)
            assert "redline.western_troops_in_ukraine" in votes["russia"].reasons


def test_bot_games_are_plausible(scenario: Scenario) -> None:
    out = {}
    for lens in ("restraint", "leverage"):
        batch = Batch(games=10, seed=1, lens=lens)
        out[lens] = summarize(scenario, batch, run_batch(scenario, batch, jobs=2))
    restraint, leverage = out["restraint"], out["leverage"]
    # With the momentum (restraint), every early-ceasefire vote Russia casts is a no.
    if restraint["checks"]["russia_early_ceasefire_votes"]:
        assert restraint["checks"]["russia_rejects_early_ceasefire_pct"] == 100.0
    for summary in out.values():
        assert summary["checks"]["troops_without_backstop_signed_in_games"] == 0
    assert leverage["outcomes_pct"]["peace"] > restraint["outcomes_pct"]["peace"]
    kinds = {k for s in out.values() for k, v in s["outcomes"].items() if v}
    assert len(kinds) >= 2
    assert restraint["outcomes_pct"] != leverage["outcomes_pct"]
