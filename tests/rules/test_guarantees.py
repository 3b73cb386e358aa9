"""Guarantees, alignment and what each side values: credibility, political
cover, neutrality, the Israel model, defensive defence, arms limits, the NATO
pledge, the EU path, minority rights, territory (src-000 .. src-004). Each
test is named after the rule id."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.rules.conftest import to_treaty
from tests.rules.helpers import Table, fired, fired_ids, seed_where
from wargame.rules.engine import durability

New = Callable[..., Table]


def parts(t: Table) -> dict[str, float]:
    return durability(t.scenario, t.state)[1]


# ---- guarantee.us_credibility_discount -----------------------------------------------


@pytest.mark.parametrize(
    "terms",
    [
        {"security_guarantee": "us_arms_pledge"},
        {"us_backstop": "full_guarantee"},
        {"security_guarantee": "article5_like_coalition", "us_backstop": "enablers"},
    ],
)
def test_guarantee_us_credibility_discount_fires_for_a_guarantee_resting_on_the_us(
    new: New, terms: dict[str, str]
) -> None:
    t = new(sequence="framework_first")
    t.table(terms)
    assert t.modifiers("ukraine").issue_scale["security_guarantee"] == 0.75
    events = t.round(votes="accept")
    assert "guarantee.us_credibility_discount" in fired_ids(events)
    assert parts(t)["guarantee.us_credibility_discount"] == -5


def test_guarantee_us_credibility_discount_fires_milder_under_the_leverage_lens(new: New) -> None:
    """With the US standing by Kyiv (src-002), its promise is discounted less."""
    t = new(sequence="framework_first", lens="leverage")
    t.sign({"security_guarantee": "us_arms_pledge"})
    assert t.modifiers("ukraine").issue_scale["security_guarantee"] == 0.9
    assert parts(t)["guarantee.us_credibility_discount"] == -2


@pytest.mark.parametrize(
    "terms",
    [
        {"security_guarantee": "european_guarantee"},
        {"security_guarantee": "article5_like_coalition", "us_backstop": "none"},
    ],
)
def test_guarantee_us_credibility_discount_does_not_fire_without_the_us(new: New, terms: dict[str, str]) -> None:
    t = new(sequence="framework_first")
    events = t.sign(terms)
    assert "guarantee.us_credibility_discount" not in fired_ids(events)
    assert "security_guarantee" not in t.modifiers("ukraine").issue_scale


# ---- guarantee.european_political_cover ----------------------------------------------------


def test_guarantee_european_political_cover_fires_and_eases_kyivs_reservation(new: New) -> None:
    t = new(sequence="framework_first")
    before = t.modifiers("ukraine").reservation
    t.table({"security_guarantee": "european_guarantee"})
    assert t.modifiers("ukraine").reservation <= before - 8
    assert "guarantee.european_political_cover" in fired_ids(t.round())


def test_guarantee_european_political_cover_does_not_fire_for_other_guarantees(new: New) -> None:
    t = new(sequence="framework_first")
    t.table({"security_guarantee": "israel_model"})
    assert "guarantee.european_political_cover" not in t.modifiers("ukraine").because
    assert "guarantee.european_political_cover" not in fired_ids(t.round())


# ---- neutrality.no_enforcement -----------------------------------------------------------------


@pytest.mark.parametrize("guarantee", ["none", "coalition_with_russian_veto"])
def test_neutrality_no_enforcement_fires_and_weakens_the_deal(new: New, guarantee: str) -> None:
    t = new(sequence="framework_first")
    events = t.sign({"alignment": "neutrality_istanbul", "security_guarantee": guarantee})
    assert "neutrality.no_enforcement" in fired_ids(events)
    assert parts(t)["neutrality.no_enforcement"] == -20


def test_neutrality_no_enforcement_fires_when_the_text_is_silent_on_guarantees(new: New) -> None:
    t = new(sequence="framework_first")
    t.sign({"alignment": "neutrality_istanbul"})
    assert parts(t)["neutrality.no_enforcement"] == -20


def test_neutrality_no_enforcement_does_not_fire_with_an_enforceable_guarantee(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.sign({"alignment": "neutrality_istanbul", "security_guarantee": "european_guarantee"})
    assert "neutrality.no_enforcement" not in fired_ids(events)


def test_neutrality_no_enforcement_does_not_fire_for_military_neutrality_alone(new: New) -> None:
    """The src-003 neutrality keeps Ukraine's army: not the Istanbul formula."""
    t = new(sequence="framework_first")
    events = t.sign({"alignment": "military_neutrality"})
    assert "neutrality.no_enforcement" not in fired_ids(events)


# ---- israel_model.armed_insecure_ukraine -------------------------------------------------------


def test_israel_model_armed_insecure_ukraine_fires_deters_and_brings_covert_incidents(new: New) -> None:
    rule = "israel_model.armed_insecure_ukraine"
    t = new(sequence="framework_first", seed=seed_where(2, rule, 0, 0.15))
    events = t.sign({"security_guarantee": "israel_model"})
    assert rule in fired_ids(events)
    assert parts(t)[rule] == 10
    (ev,) = fired(t.quiet(), rule)
    assert ev.deltas == {"escalation_risk": 5} and "Sabotage" in ev.explanation


def test_israel_model_armed_insecure_ukraine_does_not_fire_for_other_guarantees(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.sign({"security_guarantee": "defensive_defense"}) + t.quiet(2)
    assert "israel_model.armed_insecure_ukraine" not in fired_ids(events)


# ---- defensive_defense.cheap_deterrence ------------------------------------------------------


def test_defensive_defense_cheap_deterrence_fires_and_russia_objects_less(new: New) -> None:
    t = new(sequence="framework_first")
    t.table({"security_guarantee": "defensive_defense"})
    assert t.modifiers("russia").option_bonus[("security_guarantee", "defensive_defense")] == 3
    events = t.round(votes="accept")
    assert "defensive_defense.cheap_deterrence" in fired_ids(events)
    assert parts(t)["defensive_defense.cheap_deterrence"] == 5


def test_defensive_defense_cheap_deterrence_does_not_fire_for_a_western_guarantee(new: New) -> None:
    t = new(sequence="framework_first")
    t.table({"security_guarantee": "article5_like_coalition"})
    assert ("security_guarantee", "defensive_defense") not in t.modifiers("russia").option_bonus
    assert "defensive_defense.cheap_deterrence" not in fired_ids(t.round())


# ---- arms_limits.deterrence_tradeoff -------------------------------------------------------------


@pytest.mark.parametrize("limits", ["frontline_limits", "offensive_weapons_ban"])
def test_arms_limits_deterrence_tradeoff_fires_and_costs_durability_without_a_guarantee(new: New, limits: str) -> None:
    t = to_treaty(new())
    t.table({"arms_limits": limits})
    assert t.modifiers("russia").option_bonus[("alignment", "nato_norway")] == 3
    events = t.round(votes="accept")
    assert "arms_limits.deterrence_tradeoff" in fired_ids(events)
    assert parts(t)["arms_limits.deterrence_tradeoff"] == -5


def test_arms_limits_deterrence_tradeoff_fires_without_cost_when_a_guarantee_compensates(new: New) -> None:
    t = to_treaty(new())
    events = t.sign({"arms_limits": "frontline_limits", "security_guarantee": "european_guarantee"})
    assert "arms_limits.deterrence_tradeoff" in fired_ids(events)
    assert "arms_limits.deterrence_tradeoff" not in parts(t)


@pytest.mark.parametrize("limits", ["none", "strict_caps"])
def test_arms_limits_deterrence_tradeoff_does_not_fire_for_no_limits_or_strict_caps(new: New, limits: str) -> None:
    """Strict caps are a red line of Ukraine's, not a trade-off."""
    t = to_treaty(new())
    events = t.round(propose={"us": {"arms_limits": limits}})
    assert "arms_limits.deterrence_tradeoff" not in fired_ids(events)


# ---- nato_expansion.written_guarantee --------------------------------------------------------------


def test_nato_expansion_written_guarantee_fires_and_russia_values_it(new: New) -> None:
    t = new(sequence="framework_first")
    before = t.modifiers("russia").reservation
    t.table({"nato_expansion": "written_no_expansion"})
    assert t.modifiers("russia").reservation <= before - 5
    assert "nato_expansion.written_guarantee" in fired_ids(t.round())


def test_nato_expansion_written_guarantee_does_not_fire_for_architecture_talks(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.round(propose={"us": {"nato_expansion": "security_architecture_talks"}})
    assert "nato_expansion.written_guarantee" not in fired_ids(events)


# ---- eu_path.low_cost_for_russia ----------------------------------------------------------------------


def test_eu_path_low_cost_for_russia_fires_and_ukraine_values_it(new: New) -> None:
    t = new(sequence="framework_first")
    t.table({"eu_membership": "russia_endorses_path"})
    assert "eu_path.low_cost_for_russia" in t.modifiers("ukraine").because
    profile = {s.id: s.profile for s in t.scenario.seats}
    assert profile["ukraine"].values["eu_membership"]["russia_endorses_path"] >= 8
    assert abs(profile["russia"].values["eu_membership"]["russia_endorses_path"]) <= 2
    assert "eu_path.low_cost_for_russia" in fired_ids(t.round())


def test_eu_path_low_cost_for_russia_does_not_fire_when_the_path_is_blocked(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.round(propose={"us": {"eu_membership": "blocked"}})
    assert "eu_path.low_cost_for_russia" not in fired_ids(events)


# ---- political.via_eu_accession ---------------------------------------------------------------------------


def test_political_via_eu_accession_fires_and_both_sides_can_accept_it(new: New) -> None:
    t = to_treaty(new())
    t.table({"political": "minority_rights_via_eu"})
    assert t.modifiers("russia").option_bonus[("political", "minority_rights_via_eu")] == 3
    assert t.modifiers("ukraine").option_bonus[("political", "minority_rights_via_eu")] == 2
    assert "political.via_eu_accession" in fired_ids(t.round())


def test_political_via_eu_accession_does_not_fire_for_elections_dictated_by_moscow(new: New) -> None:
    t = to_treaty(new())
    events = t.round(propose={"us": {"political": "new_elections"}})
    assert "political.via_eu_accession" not in fired_ids(events)


# ---- territory.easiest_issue ----------------------------------------------------------------------------------


@pytest.mark.parametrize("territory", ["freeze_no_recognition", "de_facto_control"])
def test_territory_easiest_issue_fires_and_both_sides_weigh_it_low(new: New, territory: str) -> None:
    t = new(sequence="framework_first")
    t.table({"territory": territory})
    assert t.modifiers("russia").issue_scale["territory"] == 0.6
    assert t.modifiers("ukraine").issue_scale["territory"] == 0.6
    assert t.modifiers("ukraine").option_bonus[("territory", territory)] > 0
    assert "territory.easiest_issue" in fired_ids(t.round())


@pytest.mark.parametrize("territory", ["full_restoration", "de_jure_crimea", "cede_four_oblasts"])
def test_territory_easiest_issue_does_not_fire_away_from_the_line(new: New, territory: str) -> None:
    t = new(sequence="framework_first")
    events = t.round(propose={"us": {"territory": territory}})
    assert "territory.easiest_issue" not in fired_ids(events)
