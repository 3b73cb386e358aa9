"""Red lines: a bot always rejects across its own, naming the rule; a human
seat that accepts pays the cost (standing at home, the deal's durability) and
the rule fires as `crossed`. Each test is named after the rule id."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.rules.conftest import QUIET_CEASEFIRE, to_treaty
from tests.rules.helpers import Table, fired, votes
from wargame.bots.voter import vote as bot_vote
from wargame.rules.engine import ALREADY_SIGNED, red_lines

New = Callable[..., Table]


def bot_reasons(t: Table, seat: str) -> tuple[str, list[str]]:
    """How `seat`'s bot would vote on the text now on the table."""
    r = bot_vote(t.scenario, t.state, seat)
    return r.response, list(r.reasons)


def crossed_by(t: Table, seat: str) -> list[str]:
    return [r.id for r in red_lines(t.scenario, t.state, seat)]


# ---- redline.western_troops_in_ukraine ---------------------------------------


@pytest.mark.parametrize("force", ["european_peacekeepers", "european_tripwire"])
def test_redline_western_troops_in_ukraine_bot_rejects_nato_country_forces(new: New, force: str) -> None:
    t = new()
    t.table({"ceasefire": "linked_to_framework", "foreign_forces": force})
    response, reasons = bot_reasons(t, "russia")
    assert response == "reject"
    assert "redline.western_troops_in_ukraine" in reasons


def test_redline_western_troops_in_ukraine_crossed_by_human_costs_standing_and_durability(new: New) -> None:
    """The April 2025 plan: Russia gets much, but European peacekeepers stay in."""
    t = new()
    events = t.sign(
        {
            "ceasefire": "linked_to_framework",
            "dmz": "international_monitoring",
            "foreign_forces": "european_peacekeepers",
        }
    )
    russia = votes(events, "russia")[0]
    assert russia.response == "accept" and russia.crossed == ["redline.western_troops_in_ukraine"]
    (ev,) = fired(events, "redline.western_troops_in_ukraine", "crossed")
    assert ev.seat == "russia"
    assert ev.standing == {"russia": -12}
    assert ev.deltas == {"deal_durability": -15}
    assert t.state.standing["russia"] == -12
    # the ceasefire's 30, less the missing US enablers (10), less the crossing (15)
    assert t.state.durability_terms == 20
    assert t.ind("deal_durability") == 5


def test_redline_western_troops_in_ukraine_crossed_is_paid_once_when_carried_forward(new: New) -> None:
    t = new()
    t.sign({"ceasefire": "linked_to_framework", "foreign_forces": "european_peacekeepers"})
    assert t.state.status == "framework" and t.state.table_terms() == {"foreign_forces": "european_peacekeepers"}
    events = t.sign({"territory": "freeze_no_recognition"})
    (ev,) = fired(events, "redline.western_troops_in_ukraine", "crossed")
    assert ev.standing == {} and ev.deltas == {}
    assert ALREADY_SIGNED in ev.explanation
    assert t.state.standing["russia"] == -12


@pytest.mark.parametrize("force", ["none", "un_monitors", "reinvasion_only"])
def test_redline_western_troops_in_ukraine_does_not_fire_without_a_standing_nato_force(new: New, force: str) -> None:
    """UN monitors are not NATO troops; troops sent only after a new invasion
    are not a pre-emptive deployment (src-004)."""
    t = new()
    t.table({"ceasefire": "linked_to_framework", "foreign_forces": force})
    assert "redline.western_troops_in_ukraine" not in crossed_by(t, "russia")
    assert "redline.western_troops_in_ukraine" not in bot_reasons(t, "russia")[1]
    events = t.round(votes="accept")
    assert not fired(events, "redline.western_troops_in_ukraine")


# ---- redline.nato_membership -------------------------------------------------


@pytest.mark.parametrize("variant", ["nato_membership", "nato_west_germany", "nato_norway"])
def test_redline_nato_membership_bot_rejects_every_variant(new: New, variant: str) -> None:
    t = new(sequence="framework_first")
    t.table({"alignment": variant, "nato_expansion": "written_no_expansion"})
    response, reasons = bot_reasons(t, "russia")
    assert response == "reject" and "redline.nato_membership" in reasons


@pytest.mark.parametrize(
    ("terms", "cost"),
    [
        ({"alignment": "nato_membership"}, 15),
        ({"alignment": "nato_west_germany"}, 15),
        ({"alignment": "nato_norway"}, 8),
    ],
)
def test_redline_nato_membership_crossed_cost_is_graded_by_variant(new: New, terms: dict[str, str], cost: int) -> None:
    """Norway is the least unacceptable variant (src-002)."""
    t = new(sequence="framework_first")
    events = t.sign(terms)
    (ev,) = fired(events, "redline.nato_membership", "crossed")
    assert ev.standing == {"russia": -cost}
    assert ev.deltas == {"deal_durability": -cost}


def test_redline_nato_membership_does_not_fire_for_norway_with_security_architecture_talks(new: New) -> None:
    """Paired with talks on Europe's security order the Norway model is a
    matter of price: no longer refused outright, weighed against Russia's
    reservation, which it still falls far short of (src-002)."""
    t = new(sequence="framework_first")
    t.table({"alignment": "nato_norway", "nato_expansion": "security_architecture_talks"})
    assert "redline.nato_membership" not in crossed_by(t, "russia")
    assert "redline.nato_membership" not in bot_reasons(t, "russia")[1]
    assert t.scenario.seat("russia").profile.values["alignment"]["nato_norway"] < 0
    assert not fired(t.round(votes="accept"), "redline.nato_membership")


def test_redline_nato_membership_does_not_fire_for_norway_with_arms_limits(new: New) -> None:
    t = to_treaty(new())
    t.table({"alignment": "nato_norway", "arms_limits": "offensive_weapons_ban"})
    assert "redline.nato_membership" not in crossed_by(t, "russia")
    assert t.modifiers("russia").option_bonus[("alignment", "nato_norway")] > 0, "limits make Norway discussable"


@pytest.mark.parametrize("alignment", ["no_nato", "military_neutrality", "neutrality_istanbul"])
def test_redline_nato_membership_does_not_fire_outside_nato(new: New, alignment: str) -> None:
    t = new(sequence="framework_first")
    t.table({"alignment": alignment})
    assert "redline.nato_membership" not in crossed_by(t, "russia")
    assert "redline.nato_membership" not in bot_reasons(t, "russia")[1]
    assert not fired(t.round(votes="accept"), "redline.nato_membership")


# ---- redline.russian_veto_over_guarantee --------------------------------------


def test_redline_russian_veto_over_guarantee_bot_rejects_the_istanbul_clause(new: New) -> None:
    t = new(sequence="framework_first")
    t.table({"security_guarantee": "coalition_with_russian_veto", "alignment": "neutrality_istanbul"})
    response, reasons = bot_reasons(t, "ukraine")
    assert response == "reject" and "redline.russian_veto_over_guarantee" in reasons


def test_redline_russian_veto_over_guarantee_crossed_by_human_costs_standing_and_durability(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.sign({"security_guarantee": "coalition_with_russian_veto"})
    (ev,) = fired(events, "redline.russian_veto_over_guarantee", "crossed")
    assert ev.seat == "ukraine" and ev.standing == {"ukraine": -15} and ev.deltas == {"deal_durability": -15}


def test_redline_russian_veto_over_guarantee_does_not_fire_for_a_coalition_without_veto(new: New) -> None:
    t = new(sequence="framework_first")
    t.table({"security_guarantee": "article5_like_coalition"})
    assert "redline.russian_veto_over_guarantee" not in crossed_by(t, "ukraine")
    assert not fired(t.round(votes="accept"), "redline.russian_veto_over_guarantee")


# ---- redline.regime_change_or_disarmament ------------------------------------


@pytest.mark.parametrize(
    "terms",
    [{"political": "denazification_regime_change"}, {"arms_limits": "strict_caps"}],
)
def test_redline_regime_change_or_disarmament_bot_rejects_putins_june_2024_terms(
    new: New, terms: dict[str, str]
) -> None:
    t = to_treaty(new())
    t.table(terms)
    response, reasons = bot_reasons(t, "ukraine")
    assert response == "reject" and "redline.regime_change_or_disarmament" in reasons


def test_redline_regime_change_or_disarmament_bot_rejects_a_demilitarized_ukraine(new: New) -> None:
    t = new(sequence="framework_first")
    t.table({"alignment": "nonaligned_demilitarized"})
    assert "redline.regime_change_or_disarmament" in bot_reasons(t, "ukraine")[1]


def test_redline_regime_change_or_disarmament_crossed_by_human_costs_standing_and_durability(new: New) -> None:
    t = to_treaty(new())
    events = t.sign({"political": "denazification_regime_change"})
    (ev,) = fired(events, "redline.regime_change_or_disarmament", "crossed")
    assert ev.standing == {"ukraine": -20} and ev.deltas == {"deal_durability": -10}
    assert t.state.status == "peace"


@pytest.mark.parametrize(
    "terms",
    [{"political": "new_elections"}, {"arms_limits": "frontline_limits"}, {"political": "minority_rights_via_eu"}],
)
def test_redline_regime_change_or_disarmament_does_not_fire_for_lesser_demands(new: New, terms: dict[str, str]) -> None:
    t = to_treaty(new())
    t.table(terms)
    assert "redline.regime_change_or_disarmament" not in crossed_by(t, "ukraine")


# ---- redline.legal_recognition_of_annexation ----------------------------------


@pytest.mark.parametrize("territory", ["de_jure_crimea", "cede_four_oblasts"])
def test_redline_legal_recognition_of_annexation_bot_rejects(new: New, territory: str) -> None:
    t = new(sequence="framework_first")
    t.table({"territory": territory})
    response, reasons = bot_reasons(t, "ukraine")
    assert response == "reject" and "redline.legal_recognition_of_annexation" in reasons


def test_redline_legal_recognition_of_annexation_crossed_by_human_costs_standing_and_durability(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.sign({"territory": "de_jure_crimea"})
    (ev,) = fired(events, "redline.legal_recognition_of_annexation", "crossed")
    assert ev.standing == {"ukraine": -15} and ev.deltas == {"deal_durability": -5}


@pytest.mark.parametrize("territory", ["freeze_no_recognition", "de_facto_control"])
def test_redline_legal_recognition_of_annexation_does_not_fire_for_a_freeze(new: New, territory: str) -> None:
    """A freeze without recognition is what Kyiv could live with (src-002)."""
    t = new(sequence="framework_first")
    t.table({"territory": territory})
    assert "redline.legal_recognition_of_annexation" not in crossed_by(t, "ukraine")
    assert not fired(t.round(votes="accept"), "redline.legal_recognition_of_annexation")


# ---- redline.us_troops -------------------------------------------------------------


def test_redline_us_troops_bot_rejects_a_full_us_guarantee(new: New) -> None:
    t = new(sequence="framework_first")
    t.table({"foreign_forces": "european_peacekeepers", "us_backstop": "full_guarantee"})
    response, reasons = bot_reasons(t, "us")
    assert response == "reject" and "redline.us_troops" in reasons


def test_redline_us_troops_crossed_by_human_costs_standing_and_durability(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.sign({"us_backstop": "full_guarantee"})
    (ev,) = fired(events, "redline.us_troops", "crossed")
    assert ev.seat == "us" and ev.standing == {"us": -15} and ev.deltas == {"deal_durability": -10}


@pytest.mark.parametrize("backstop", ["none", "enablers"])
def test_redline_us_troops_does_not_fire_for_support_from_outside(new: New, backstop: str) -> None:
    """Intelligence, reconnaissance and logistics are no combat role (src-001)."""
    t = new(sequence="framework_first")
    t.table({"foreign_forces": "european_peacekeepers", "us_backstop": backstop})
    assert "redline.us_troops" not in crossed_by(t, "us")
    assert "redline.us_troops" not in bot_reasons(t, "us")[1]


def test_redline_us_troops_bot_rejects_air_support(new: New) -> None:
    """Air support and no-fly zones are a US combat commitment (src-001, src-004): no loophole."""
    t = new(sequence="framework_first")
    t.table({"foreign_forces": "european_peacekeepers", "us_backstop": "air_support"})
    response, reasons = bot_reasons(t, "us")
    assert response == "reject" and "redline.us_troops" in reasons


@pytest.mark.parametrize(
    "terms",
    [{"us_backstop": "air_support"}, {"dmz": "peacekeeping_force"}],
)
def test_redline_western_troops_in_ukraine_bot_rejects_air_support_and_a_nato_dmz_force(
    new: New, terms: dict[str, str]
) -> None:
    """US aircraft over Ukraine and a DMZ force from NATO countries are NATO-country forces (src-003, src-004)."""
    t = new(sequence="framework_first" if "us_backstop" in terms else None)
    t.table({**({} if "us_backstop" in terms else {"ceasefire": "linked_to_framework"}), **terms})
    response, reasons = bot_reasons(t, "russia")
    assert response == "reject" and "redline.western_troops_in_ukraine" in reasons


def test_redline_western_troops_in_ukraine_does_not_fire_for_un_peacekeepers(new: New) -> None:
    """Neutral contributors under a UN mandate are not NATO-country troops."""
    t = new()
    t.table({"ceasefire": "linked_to_framework", "dmz": "un_peacekeepers"})
    assert "redline.western_troops_in_ukraine" not in crossed_by(t, "russia")
    assert "redline.western_troops_in_ukraine" not in bot_reasons(t, "russia")[1]


# ---- redline.war_without_us ---------------------------------------------------------


def test_redline_war_without_us_bot_rejects_a_tripwire_without_backstop(new: New) -> None:
    t = new(sequence="framework_first")
    t.table({"foreign_forces": "european_tripwire", "us_backstop": "none"})
    response, reasons = bot_reasons(t, "europe")
    assert response == "reject" and "redline.war_without_us" in reasons


def test_redline_war_without_us_bot_rejects_a_tripwire_in_a_ceasefire(new: New) -> None:
    """In the ceasefire talks there is no US backstop on the agenda: none."""
    t = new()
    t.table({**QUIET_CEASEFIRE, "foreign_forces": "european_tripwire"})
    assert "redline.war_without_us" in crossed_by(t, "europe")


def test_redline_war_without_us_crossed_by_human_costs_standing_resolve_and_durability(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.sign({"foreign_forces": "european_tripwire", "us_backstop": "none"})
    (ev,) = fired(events, "redline.war_without_us", "crossed")
    assert ev.seat == "europe" and ev.standing == {"europe": -15}
    assert ev.deltas == {"europe_resolve": -10, "deal_durability": -10}


@pytest.mark.parametrize(
    "terms",
    [
        {"foreign_forces": "european_tripwire", "us_backstop": "enablers"},
        {"foreign_forces": "european_peacekeepers", "us_backstop": "none"},
    ],
)
def test_redline_war_without_us_does_not_fire_with_a_backstop_or_without_a_tripwire(
    new: New, terms: dict[str, str]
) -> None:
    t = new(sequence="framework_first")
    t.table(terms)
    assert "redline.war_without_us" not in crossed_by(t, "europe")


# ---- all red lines ----------------------------------------------------------------


def test_a_rejecting_human_vote_names_the_red_lines_it_refuses(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.round(propose={"us": {"alignment": "nato_membership", "territory": "cede_four_oblasts"}})
    assert "redline.nato_membership" in votes(events, "russia")[0].reasons
    assert "redline.legal_recognition_of_annexation" in votes(events, "ukraine")[0].reasons
    assert not fired(events, outcome="crossed")
