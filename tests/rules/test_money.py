"""Money and the minerals deal: sanctions relief and Congress, military
technology, the frozen assets, US miners in the east (src-000, src-001,
src-002). Each test is named after the rule id."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.rules.helpers import Table, fired, fired_ids, seed_where
from wargame.rules.engine import durability
from wargame.rules.valuation import value_of

New = Callable[..., Table]

CONGRESS = "us.sanctions_relief_needs_congress"
ASSETS = "europe.assets_unilateral"
MINERS = "minerals.personnel_become_targets"


# ---- us.sanctions_relief_needs_congress --------------------------------------------


@pytest.mark.parametrize("relief", ["phased_relief", "full_relief"])
def test_us_sanctions_relief_needs_congress_fires_and_russia_counts_the_offer_at_half(new: New, relief: str) -> None:
    t = new(sequence="framework_first")
    t.table({"sanctions": relief})
    mods = t.modifiers("russia")
    assert mods.issue_scale["sanctions"] == 0.5
    full = value_of(t.scenario, t.state, "russia", {"sanctions": relief}, mods=type(mods)()).value
    discounted = value_of(t.scenario, t.state, "russia", {"sanctions": relief}).value
    assert discounted < full
    assert CONGRESS in fired_ids(t.round())


def test_us_sanctions_relief_needs_congress_fires_a_block_once_signed(new: New) -> None:
    t = new(sequence="framework_first", seed=seed_where(1, CONGRESS, 0, 0.2))
    events = t.sign({"sanctions": "phased_relief"})
    (ev,) = fired(events, CONGRESS)
    assert ev.deltas == {"deal_durability": -15, "us_commitment": -5}
    assert "Congress blocks" in ev.explanation
    assert "congress_blocked_relief" in t.state.flags
    assert t.ind("deal_durability") == 25 - 15
    # blocked once is blocked: no second block
    assert not fired(t.quiet(3), CONGRESS)


def test_us_sanctions_relief_needs_congress_does_not_block_relief_not_yet_signed(new: New) -> None:
    t = new(sequence="framework_first", seed=seed_where(1, CONGRESS, 0, 0.2))
    (ev,) = fired(t.round(propose={"us": {"sanctions": "phased_relief"}}), CONGRESS)
    assert ev.deltas == {} and "congress_blocked_relief" not in t.state.flags


def test_us_sanctions_relief_needs_congress_does_not_fire_while_sanctions_stay(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.sign({"sanctions": "maintained"})
    assert CONGRESS not in fired_ids(events)
    assert "sanctions" not in t.modifiers("russia").issue_scale


def test_us_sanctions_relief_needs_congress_fires_for_relief_that_keeps_the_tech_curbs(new: New) -> None:
    """Any relief needs Congress (src-001), the commonest kind included: no loophole."""
    t = new(sequence="framework_first")
    events = t.sign({"sanctions": "relief_keep_military_tech"})
    assert CONGRESS in fired_ids(events)
    assert t.modifiers("russia").issue_scale["sanctions"] == 0.5


# ---- sanctions.military_tech_kept ----------------------------------------------------------


def test_sanctions_military_tech_kept_fires_and_makes_the_signed_deal_more_durable(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.sign({"sanctions": "relief_keep_military_tech"})
    assert "sanctions.military_tech_kept" in fired_ids(events)
    assert durability(t.scenario, t.state)[1]["sanctions.military_tech_kept"] == 5
    assert t.state.durability_terms == 30


def test_sanctions_military_tech_kept_does_not_fire_for_full_relief(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.sign({"sanctions": "full_relief"})
    assert "sanctions.military_tech_kept" not in fired_ids(events)
    assert "sanctions.military_tech_kept" not in durability(t.scenario, t.state)[1]


# ---- europe.assets_unilateral --------------------------------------------------------------


def test_europe_assets_unilateral_fires_and_funds_ukraine_over_four_rounds(new: New) -> None:
    """Ukraine's manpower +5 in all, as the money reaches the front."""
    t = new()
    first = t.round(levers={"europe": "transfer_frozen_assets"})
    (ev,) = fired(first, ASSETS)
    assert ev.deltas == {"ukraine_manpower": 2, "escalation_risk": 5}
    later = [fired(t.quiet(), ASSETS) for _ in range(5)]
    assert [x[0].deltas if x else None for x in later] == [{"ukraine_manpower": 1}] * 3 + [None, None]


def test_europe_assets_unilateral_fires_and_russia_values_deals_without_the_assets_less(new: New) -> None:
    t = new()
    t.round(levers={"europe": "transfer_frozen_assets"})
    mods = t.modifiers("russia")
    assert ASSETS in mods.because and mods.reservation >= 3
    assert mods.option_bonus[("frozen_assets", "frozen")] == -3
    assert ("frozen_assets", "returned_to_russia") not in mods.option_bonus


def test_europe_assets_unilateral_does_not_fire_without_the_transfer(new: New) -> None:
    t = new()
    events = t.round(levers={"europe": "sanctions_package"})
    events += t.quiet(2)
    assert ASSETS not in fired_ids(events)
    assert ASSETS not in t.modifiers("russia").because


# ---- minerals.personnel_become_targets -----------------------------------------------------------


def test_minerals_personnel_become_targets_fires_when_us_staff_deploy(new: New) -> None:
    t = new(seed=seed_where(1, MINERS, 1, 0.2, comes_up=False))
    (ev,) = fired(t.round(levers={"us": "deploy_mining_personnel"}), MINERS)
    assert ev.deltas == {} and "stay" in ev.explanation
    bonus = t.modifiers("us").option_bonus
    assert bonus[("us_backstop", "enablers")] == 2, "pressure for a US guarantee or presence"


def test_minerals_personnel_become_targets_fires_a_proxy_attack_by_chance(new: New) -> None:
    t = new(seed=seed_where(2, MINERS, 1, 0.2))
    t.round(levers={"us": "deploy_mining_personnel"})
    (ev,) = fired(t.quiet(), MINERS)
    assert ev.deltas == {"escalation_risk": 10, "us_commitment": -5}
    assert "proxy attack" in ev.explanation


def test_minerals_personnel_become_targets_attacks_stay_possible_every_round(new: New) -> None:
    """The personnel stay: over twelve rounds some attack is near certain."""
    t = new(seed=3)
    events = t.round(levers={"us": "deploy_mining_personnel"}) + t.quiet(11)
    assert any(ev.deltas for ev in fired(events, MINERS))


def test_minerals_personnel_become_targets_does_not_fire_for_the_minerals_deal_alone(new: New) -> None:
    t = new(seed=seed_where(1, MINERS, 1, 0.2))
    events = t.round(levers={"us": "sign_minerals_deal"}) + t.quiet(2)
    assert MINERS not in fired_ids(events)
