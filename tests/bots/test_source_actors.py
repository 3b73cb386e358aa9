"""Bots try what the sources' actors tried (issue 10), and a lens changes
the deal they pursue, not only the odds:

* under restraint the US tables the short ceasefire early (src-000) and,
  refused, does not table it again (it learns, src-003);
* Russia restates its June 2024 terms when time is on its side (src-002);
* under leverage Ukraine tables the Norway model (Plan A), then the Israel
  model (Plan B), and refuses formal neutrality (src-002); under restraint
  the US leads with military neutrality for the EU path (src-003);
* no bot reopens a term a signed agreement settled.
"""

from __future__ import annotations

from tests.bots.conftest import bots, play, start
from wargame.bots.voter import vote
from wargame.model import events as e
from wargame.model.actions import Propose
from wargame.model.scenario import Scenario


def proposals(game_events: list[e.Event], seat: str) -> list[tuple[int, dict[str, str]]]:
    out, rnd = [], 0
    for ev in game_events:
        if isinstance(ev, e.RoundStarted):
            rnd = ev.round
        elif isinstance(ev, e.Proposed) and ev.seat == seat:
            out.append((rnd, dict(ev.terms)))
    return out


def test_the_us_tables_the_short_ceasefire_early_under_restraint_and_learns(scenario: Scenario) -> None:
    tabled_first = 0
    for seed in range(4):
        game = play(start(scenario, seed=seed, lens="restraint", sequence="ceasefire_first"), bots(scenario), rounds=4)
        mine = proposals(game.events, "us")
        rounds = [r for r, terms in mine if terms.get("ceasefire") == "thirty_day"]
        tabled_first += bool(rounds) and rounds[0] <= 2
        refused = any(
            isinstance(ev, e.VoteCast) and ev.seat == "russia" and "ceasefire.premature_unconditional" in ev.reasons
            for ev in game.events
        )
        if refused:
            assert len(rounds) == 1, f"seed {seed}: once refused, the US does not table it again ({rounds})"
    assert tabled_first >= 3


def test_the_us_does_not_table_the_short_ceasefire_first_under_leverage(scenario: Scenario) -> None:
    game = play(start(scenario, seed=0, lens="leverage", sequence="ceasefire_first"), bots(scenario), rounds=1)
    assert not any(t.get("ceasefire") == "thirty_day" and r == 1 for r, t in proposals(game.events, "us"))


def test_russia_restates_its_june_2024_terms_when_time_is_on_its_side(scenario: Scenario) -> None:
    def demanded(momentum: float) -> int:
        count = 0
        for seed in range(30):
            game = start(scenario, seed=seed, lens="restraint", sequence="framework_first")
            game.submit(_set(game, "momentum", momentum))
            russia = bots(scenario)["russia"]
            found = russia.demand(game, {})
            count += found is not None and found.plan.changes.get("territory") == "cede_four_oblasts"
        return count

    assert demanded(60) > demanded(0) + 3


def _set(game: object, indicator: str, value: float) -> object:
    from wargame.model.actions import SetIndicator

    return SetIndicator(kind="facilitator", command="set_indicator", indicator=indicator, value=value, reason="test")


def test_under_leverage_kyiv_and_washington_table_plan_a_then_plan_b_and_kyiv_refuses_neutrality(
    scenario: Scenario,
) -> None:
    both = 0
    for seed in range(4):
        game = play(start(scenario, seed=seed, lens="leverage", sequence="framework_first"), bots(scenario), rounds=4)
        mine = proposals(game.events, "ukraine") + proposals(game.events, "us")
        first_norway = min((r for r, t in mine if t.get("alignment") == "nato_norway"), default=None)
        first_israel = min((r for r, t in mine if t.get("security_guarantee") == "israel_model"), default=None)
        assert first_norway is not None and first_norway <= 2, seed
        if first_israel is not None:
            both += 1
            assert first_israel > first_norway, f"seed {seed}: Plan B comes after Plan A"
    assert both >= 2
    fresh = start(scenario, seed=1, lens="leverage", sequence="framework_first")
    fresh.submit(Propose(kind="propose", seat="us", terms={"alignment": "military_neutrality"}))
    assert "stance.ukraine.no_neutrality_with_leverage" in vote(scenario, fresh.state, "ukraine").reasons
    calm = start(scenario, seed=1, lens="restraint", sequence="framework_first")
    calm.submit(Propose(kind="propose", seat="us", terms={"alignment": "military_neutrality"}))
    assert "stance.ukraine.no_neutrality_with_leverage" not in vote(scenario, calm.state, "ukraine").reasons


def test_under_restraint_the_us_leads_with_neutrality_for_the_eu_path(scenario: Scenario) -> None:
    led = 0
    for seed in range(6):
        game = play(start(scenario, seed=seed, lens="restraint", sequence="framework_first"), bots(scenario), rounds=2)
        first = proposals(game.events, "us")[0][1]
        led += first.get("alignment") == "military_neutrality"
    assert led >= 4
    lev = play(start(scenario, seed=0, lens="leverage", sequence="framework_first"), bots(scenario), rounds=2)
    assert not any(t.get("alignment") == "military_neutrality" for _, t in proposals(lev.events, "us"))


def test_no_bot_reopens_a_term_a_signed_agreement_settled(scenario: Scenario) -> None:
    for seed in range(3):
        game = play(start(scenario, seed=seed, lens="restraint", sequence="framework_first"), bots(scenario))
        assert not any(isinstance(ev, e.RuleFired) and ev.rule == "framework.terms_reopened" for ev in game.events)
        signed = [ev for ev in game.events if isinstance(ev, e.AgreementSigned)]
        for later in signed[1:]:
            # a ceasefire's terms are about the ceasefire: a later text may refine them
            for earlier in [x for x in signed[: signed.index(later)] if x.phase != "ceasefire"]:
                shared = set(earlier.terms) & set(later.terms)
                assert all(earlier.terms[i] == later.terms[i] for i in shared), (seed, earlier.phase, later.phase)
