"""Ceasefires that lapse, deadlines that punish talks that produced nothing,
settled terms that stay settled, entangled chain-ganging and src-002's
dilemmas (issue 10). Each test is named after the rule id."""

from __future__ import annotations

from collections.abc import Callable

from tests.rules.helpers import Table, fired, fired_ids, phase_changes, seed_where
from wargame.model import events as e

New = Callable[..., Table]

LAPSE = "ceasefire.thirty_day_lapses"
CLOCK = "attrition.clock"
DEADLINE = "deadline.window_closing"
REOPENED = "framework.terms_reopened"
ENTANGLED = "chain_ganging.entangled_us"
ATTACK = "chain_ganging.attack_on_european_troops"
PLAN_A = "dilemmas.plan_a_refused"
THIRTY = {"ceasefire": "thirty_day", "dmz": "international_monitoring"}


# ---- ceasefire.thirty_day_lapses ---------------------------------------------------------


def test_ceasefire_thirty_day_lapses_fires_after_thirty_days_and_the_war_resumes(new: New) -> None:
    t = new()
    t.sign(THIRTY)  # round 1: signed, the guns fall silent
    assert t.state.status == "framework"
    quiet = t.quiet(1)  # round 2: 14 days
    assert CLOCK not in fired_ids(quiet) and LAPSE not in fired_ids(quiet)
    third = t.quiet(1)  # round 3: 28 days; the 30th falls in the next fortnight
    (ev,) = fired(third, LAPSE)
    assert ev.phase_trigger == "lapse" and "src-000" in ev.sources and "lapsed" in ev.explanation
    (voided,) = [x for x in third if isinstance(x, e.AgreementVoided)]
    assert voided.phase == "ceasefire" and "lapsed" in voided.reason
    assert [p.to for p in phase_changes(third)] == ["ceasefire"]
    assert "ceasefire" not in t.state.agreements
    assert CLOCK in fired_ids(t.quiet(1)), "the fighting and the clock resume"


def test_ceasefire_thirty_day_lapses_does_not_fire_when_russia_extends_it(new: New) -> None:
    t = new()
    t.sign(THIRTY)
    t.quiet(1)
    events = t.round(levers={"russia": "extend_ceasefire"})
    events += t.quiet(1)
    assert LAPSE not in fired_ids(events)
    assert "ceasefire" in t.state.agreements
    assert LAPSE in fired_ids(t.quiet(2)), "an extension buys about another month, not for ever"


def test_ceasefire_thirty_day_lapses_does_not_fire_once_a_framework_is_signed(new: New) -> None:
    t = new()
    t.sign(THIRTY)
    t.sign({"territory": "freeze_no_recognition"})
    events = t.quiet(3)
    assert LAPSE not in fired_ids(events)
    assert "ceasefire" in t.state.agreements


def test_ceasefire_thirty_day_lapses_does_not_fire_for_an_unconditional_ceasefire(new: New) -> None:
    t = new()
    t.sign({"ceasefire": "unconditional", "dmz": "international_monitoring"})
    assert LAPSE not in fired_ids(t.quiet(4))
    assert "ceasefire" in t.state.agreements


# ---- deadline.window_closing -----------------------------------------------------------


def test_deadline_window_closing_fires_when_the_talks_produced_nothing(new: New) -> None:
    t = new(deadline_round=1)
    t.quiet(1)
    assert DEADLINE in fired_ids(t.quiet(1))


def test_deadline_window_closing_does_not_fire_while_a_ceasefire_holds(new: New) -> None:
    """A ceasefire that holds is something: the deadline punishes talks that produced nothing."""
    t = new(deadline_round=1)
    t.sign({"ceasefire": "unconditional", "dmz": "international_monitoring"})
    assert DEADLINE not in fired_ids(t.quiet(3))


# ---- framework.terms_reopened ------------------------------------------------------------


def _to_treaty_with(t: Table, framework: dict[str, str]) -> None:
    t.sign({"ceasefire": "unconditional", "dmz": "international_monitoring"})
    t.sign(framework)
    assert t.state.status == "treaty"


def test_framework_terms_reopened_fires_when_every_signatory_signs_a_change(new: New) -> None:
    t = new()
    _to_treaty_with(t, {"territory": "freeze_no_recognition", "alignment": "military_neutrality"})
    events = t.sign({"territory": "de_facto_control"})
    (ev,) = fired(events, REOPENED)
    assert ev.deltas == {"deal_durability": -5}
    assert t.state.status == "peace"


def test_framework_terms_reopened_does_not_fire_when_the_treaty_keeps_them(new: New) -> None:
    t = new()
    _to_treaty_with(t, {"territory": "freeze_no_recognition", "alignment": "military_neutrality"})
    events = t.sign({"arms_limits": "frontline_limits"})
    assert REOPENED not in fired_ids(events)


def test_framework_terms_reopened_does_not_fire_for_an_unsigned_change(new: New) -> None:
    """Proposing a change is not reopening: only every signatory signing it is."""
    t = new()
    _to_treaty_with(t, {"territory": "freeze_no_recognition"})
    events = t.round(propose={"russia": {"territory": "cede_four_oblasts"}}, votes={"russia": "accept"})
    assert REOPENED not in fired_ids(events)
    assert t.state.agreed_terms()["territory"] == "freeze_no_recognition"


# ---- chain_ganging.entangled_us ------------------------------------------------------------


def _european_force(t: Table, backstop: str) -> None:
    t.sign({"ceasefire": "linked_to_framework", "dmz": "international_monitoring"})
    t.sign({"foreign_forces": "european_peacekeepers", "us_backstop": backstop})


def test_chain_ganging_entangled_us_fires_and_pulls_harder_than_standing_aside(new: New) -> None:
    """With US enablers behind the troops, an incident pulls the US in at once."""
    t = new(seed=seed_where(3, ENTANGLED, 0, 0.08))
    _european_force(t, "enablers")
    incident = t.quiet(1)  # round 3: the incident
    (ev,) = fired(incident, ENTANGLED)
    assert "incident_european_troops" in ev.set_flags
    pulled = t.quiet(1)  # round 4: the pull
    (attack,) = fired(pulled, ATTACK)
    assert attack.deltas == {"escalation_risk": 20, "us_commitment": -10}, "entangled, it cannot stand aside"
    (pull,) = fired(pulled, ENTANGLED)
    assert pull.deltas["escalation_risk"] == 10 and pull.deltas["us_commitment"] == -5


def test_chain_ganging_entangled_us_does_not_fire_without_us_enablers_or_air_support(new: New) -> None:
    """With no backstop there is no entanglement: the US (commitment below 50) stands aside."""
    t = new(seed=seed_where(3, ENTANGLED, 0, 0.08))
    _european_force(t, "none")
    assert ENTANGLED not in fired_ids(t.quiet(3))
    t.inject("attack_on_european_troops")
    (attack,) = fired(t.quiet(1), ATTACK)
    assert attack.deltas == {"transatlantic_cohesion": -20}


# ---- dilemmas.plan_a_refused ----------------------------------------------------------------


def test_dilemmas_plan_a_refused_fires_when_the_norway_model_is_turned_down(new: New) -> None:
    t = new(sequence="framework_first", lens="leverage")
    events = t.round(propose={"ukraine": {"alignment": "nato_norway", "nato_expansion": "security_architecture_talks"}})
    assert PLAN_A in fired_ids(events)
    assert "plan_a_refused" in t.state.flags


def test_dilemmas_plan_a_refused_does_not_fire_when_the_norway_model_is_signed(new: New) -> None:
    t = new(sequence="framework_first", lens="leverage")
    events = t.sign({"alignment": "nato_norway", "nato_expansion": "security_architecture_talks"})
    assert PLAN_A not in fired_ids(events)
    assert "plan_a_refused" not in t.state.flags


def test_ceasefire_thirty_day_lapses_does_not_fire_at_once_for_a_ceasefire_signed_again(new: New) -> None:
    """After a lapse, a new 30-day ceasefire gets its own thirty days."""
    t = new()
    t.sign(THIRTY)
    t.quiet(2)  # lapses at the end of round 3
    assert t.state.status == "ceasefire"
    events = t.sign(THIRTY)  # round 4: signed again
    events += t.quiet(1)  # round 5
    assert LAPSE not in fired_ids(events) and "ceasefire" in t.state.agreements
    assert LAPSE in fired_ids(t.quiet(1)), "round 6: its thirty days are up"


def test_chain_ganging_entangled_us_fires_for_an_attack_while_enablers_are_in_the_deal(new: New) -> None:
    """An attack (the inject) on European troops with US enablers on the table pulls harder
    than the same attack with no backstop (the control)."""
    pulled, control = new(sequence="framework_first"), new(sequence="framework_first")
    pulled.table({"foreign_forces": "european_peacekeepers", "us_backstop": "enablers"})
    control.table({"foreign_forces": "european_peacekeepers", "us_backstop": "none"})
    pulled.inject("attack_on_european_troops")
    control.inject("attack_on_european_troops")
    events = pulled.round()
    assert ENTANGLED in fired_ids(events)
    assert ENTANGLED not in fired_ids(control.round())
    assert pulled.ind("escalation_risk") > control.ind("escalation_risk")
