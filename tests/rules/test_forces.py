"""European forces, the wedge, chain-ganging, trainers and strategic ambiguity
(src-001, src-002, src-004). Each test is named after the rule id."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.rules.helpers import Table, fired, fired_ids, seed_where
from wargame.bots.voter import vote as bot_vote
from wargame.rules.engine import durability, red_lines, rejections

New = Callable[..., Table]

WEDGE = "wedge.eu_troops_without_us_backstop"
CHAIN = "chain_ganging.attack_on_european_troops"


# ---- wedge.eu_troops_without_us_backstop --------------------------------------


def test_wedge_eu_troops_without_us_backstop_fires_when_tabled_and_splits_the_allies(new: New) -> None:
    t = new()
    t.table({"ceasefire": "linked_to_framework", "foreign_forces": "european_peacekeepers"})
    assert WEDGE in t.modifiers("russia").because, "Russia's hand strengthens while it is on the table"
    before = t.modifiers("russia").reservation
    events = t.round()
    (ev,) = fired(events, WEDGE)
    assert ev.deltas == {"transatlantic_cohesion": -15, "escalation_risk": 10}
    assert ev.sources == ["src-002"] and "wedge" in ev.explanation
    assert t.ind("transatlantic_cohesion") == 45
    assert before >= 5


def test_wedge_eu_troops_without_us_backstop_fires_for_a_training_contingent(new: New) -> None:
    t = new()
    events = t.round(propose={"us": {"ceasefire": "linked_to_framework", "foreign_forces": "training_contingent"}})
    assert WEDGE in fired_ids(events)


@pytest.mark.parametrize(
    "terms",
    [{"dmz": "peacekeeping_force"}, {"foreign_forces": "capped_training_contingent"}],
)
def test_wedge_eu_troops_without_us_backstop_fires_for_a_nato_dmz_force_or_capped_trainers(
    new: New, terms: dict[str, str]
) -> None:
    """A DMZ force drawn from NATO countries is European troops, for the wedge too."""
    t = new()
    events = t.round(propose={"us": {"ceasefire": "linked_to_framework", **terms}})
    assert WEDGE in fired_ids(events)


def test_wedge_eu_troops_without_us_backstop_does_not_fire_for_un_peacekeepers(new: New) -> None:
    t = new()
    events = t.round(propose={"us": {"ceasefire": "linked_to_framework", "dmz": "un_peacekeepers"}})
    assert WEDGE not in fired_ids(events)


def test_wedge_eu_troops_without_us_backstop_fires_once_while_it_stays_on_the_table(new: New) -> None:
    t = new()
    first = t.round(propose={"us": {"ceasefire": "linked_to_framework", "foreign_forces": "european_peacekeepers"}})
    again = t.quiet(2)
    assert fired(first, WEDGE) and not fired(again, WEDGE)


def test_wedge_eu_troops_without_us_backstop_fires_an_incident_once_signed(new: New) -> None:
    """Once signed, an incident against the troops can happen in any round,
    and Washington must then answer it (chain-ganging)."""
    t = new(seed=seed_where(1, WEDGE, 1, 0.15))
    events = t.sign({"ceasefire": "linked_to_framework", "foreign_forces": "european_peacekeepers"})
    (ev,) = fired(events, WEDGE)
    assert ev.set_flags == ["incident_european_troops"]
    assert "attacked" in ev.explanation
    assert "incident_european_troops" in t.state.flags
    assert CHAIN in fired_ids(t.quiet())


def test_wedge_eu_troops_without_us_backstop_does_not_fire_with_a_us_backstop(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.round(propose={"us": {"foreign_forces": "european_peacekeepers", "us_backstop": "enablers"}})
    assert WEDGE not in fired_ids(events)


def test_wedge_eu_troops_without_us_backstop_does_not_fire_for_un_monitors(new: New) -> None:
    t = new()
    events = t.round(propose={"us": {"ceasefire": "thirty_day", "foreign_forces": "un_monitors"}})
    assert WEDGE not in fired_ids(events)
    assert t.ind("transatlantic_cohesion") == 60


def test_wedge_eu_troops_without_us_backstop_does_not_fire_an_incident_before_signing(new: New) -> None:
    t = new(seed=seed_where(1, WEDGE, 1, 0.15))
    events = t.round(propose={"us": {"ceasefire": "linked_to_framework", "foreign_forces": "european_peacekeepers"}})
    assert fired(events, WEDGE)[0].set_flags == []


# ---- europe.force_needs_us_enablers ---------------------------------------------


def test_europe_force_needs_us_enablers_fires_and_weakens_a_signed_european_guarantee(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.sign({"security_guarantee": "european_guarantee"})
    assert "europe.force_needs_us_enablers" in fired_ids(events)
    assert _parts(t)["europe.force_needs_us_enablers"] == -10
    assert t.state.durability_terms == 25 - 10


def test_europe_force_needs_us_enablers_fires_for_a_european_coalition_without_the_us(new: New) -> None:
    t = new(sequence="framework_first")
    t.sign({"security_guarantee": "article5_like_coalition"})
    assert _parts(t).get("europe.force_needs_us_enablers") == -10


def test_europe_force_needs_us_enablers_counts_only_once_signed(new: New) -> None:
    """A force on the table does not weaken a deal not yet signed."""
    t = new(sequence="framework_first")
    events = t.round(propose={"us": {"foreign_forces": "european_peacekeepers"}})
    assert "europe.force_needs_us_enablers" in fired_ids(events)
    assert t.state.durability_terms == 0


def test_europe_force_needs_us_enablers_does_not_fire_with_us_enablers(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.sign({"security_guarantee": "european_guarantee", "us_backstop": "enablers"})
    assert "europe.force_needs_us_enablers" not in fired_ids(events)
    assert "europe.force_needs_us_enablers" not in _parts(t)


def _parts(t: Table) -> dict[str, float]:
    return durability(t.scenario, t.state)[1]


# ---- chain_ganging.attack_on_european_troops ---------------------------------------


def test_chain_ganging_attack_on_european_troops_fires_and_the_us_stands_aside(new: New) -> None:
    """With US commitment below 50, Washington stays out: the alliance frays."""
    t = new()
    t.inject("attack_on_european_troops")
    events = t.round()
    (ev,) = fired(events, CHAIN)
    assert ev.deltas == {"transatlantic_cohesion": -20}
    assert "stands aside" in ev.explanation and "Article 5" in ev.explanation
    assert "incident_european_troops" not in t.state.flags


def test_chain_ganging_attack_on_european_troops_fires_and_pulls_a_committed_us_in(new: New) -> None:
    t = new()
    t.set("us_commitment", 60)
    t.inject("attack_on_european_troops")
    (ev,) = fired(t.round(), CHAIN)
    assert ev.deltas == {"escalation_risk": 20, "us_commitment": -10}
    assert "pulled in" in ev.explanation


def test_chain_ganging_attack_on_european_troops_does_not_fire_without_an_incident(new: New) -> None:
    t = new()
    events = t.round(propose={"us": {"ceasefire": "linked_to_framework", "foreign_forces": "european_peacekeepers"}})
    events += t.quiet(2)
    assert CHAIN not in fired_ids(events)


# ---- training_contingent.verification_demanded ----------------------------------------


def test_training_contingent_verification_demanded_fires_and_a_russia_bot_rejects(new: New) -> None:
    t = new()
    t.table({"ceasefire": "linked_to_framework", "foreign_forces": "training_contingent", "dmz": "none"})
    assert [r.id for r in rejections(t.scenario, t.state, "russia")] == ["training_contingent.verification_demanded"]
    r = bot_vote(t.scenario, t.state, "russia")
    assert r.response == "reject" and "training_contingent.verification_demanded" in r.reasons
    assert "training_contingent.verification_demanded" in fired_ids(t.round())


def test_training_contingent_verification_demanded_does_not_fire_for_a_capped_contingent(new: New) -> None:
    """Verification means caps on the contingent itself (src-004): a capped
    team is not refused outright (Moscow may still find the deal too poor)."""
    t = new()
    t.table({"ceasefire": "linked_to_framework", "foreign_forces": "capped_training_contingent"})
    assert not rejections(t.scenario, t.state, "russia")
    assert "training_contingent.verification_demanded" not in fired_ids(t.round())


def test_training_contingent_verification_demanded_fires_even_with_dmz_monitors(new: New) -> None:
    """Monitors in the DMZ, or limits on Ukraine's army, do not cap the trainers: no loophole."""
    t = new()
    t.table({"ceasefire": "linked_to_framework", "foreign_forces": "training_contingent"})
    t.table({"dmz": "international_monitoring"}, seat="us")
    assert [r.id for r in rejections(t.scenario, t.state, "russia")] == ["training_contingent.verification_demanded"]


# ---- strategic_ambiguity.acceptable_price -----------------------------------------------


def test_strategic_ambiguity_acceptable_price_fires_when_russia_is_paid_enough(new: New) -> None:
    t = new(sequence="framework_first")
    terms = {
        "foreign_forces": "reinvasion_only",
        "sanctions": "phased_relief",
        "nato_expansion": "written_no_expansion",
    }
    t.table(terms)
    mods = t.modifiers("russia")
    assert mods.option_bonus[("foreign_forces", "reinvasion_only")] == 4
    assert "redline.western_troops_in_ukraine" not in _red(t)
    events = t.round(votes="accept")
    assert "strategic_ambiguity.acceptable_price" in fired_ids(events)
    assert _parts(t)["strategic_ambiguity.acceptable_price"] == 5


def test_strategic_ambiguity_acceptable_price_does_not_fire_for_one_price_only(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.round(propose={"us": {"security_guarantee": "strategic_ambiguity", "sanctions": "phased_relief"}})
    assert "strategic_ambiguity.acceptable_price" not in fired_ids(events)


def _red(t: Table) -> list[str]:
    return [r.id for r in red_lines(t.scenario, t.state, "russia")]
