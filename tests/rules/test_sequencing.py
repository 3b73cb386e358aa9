"""The order of the talks: a premature ceasefire, the neutrality-for-EU
framework, maximal demands, the deadline, an unmonitored ceasefire (src-000,
src-002, src-003, src-004). Each test is named after the rule id."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.rules.helpers import Table, fired, fired_ids, phase_changes, seed_where_all, votes
from wargame.bots.voter import vote as bot_vote
from wargame.model import events as e
from wargame.rules.engine import durability, rejections

New = Callable[..., Table]

PREMATURE = "ceasefire.premature_unconditional"
SWAP = "framework.neutrality_for_eu_path"
MAXIMAL = "russia.maximalist_stance"
VIOLATIONS = "ceasefire.violations_without_monitoring"

NEUTRALITY_FOR_EU = {
    "alignment": "military_neutrality",
    "eu_membership": "russia_endorses_path",
    "foreign_forces": "none",
    "territory": "freeze_no_recognition",
}


# ---- ceasefire.premature_unconditional ------------------------------------------


@pytest.mark.parametrize("ceasefire", ["unconditional", "thirty_day"])
def test_ceasefire_premature_unconditional_fires_and_a_russia_bot_rejects(new: New, ceasefire: str) -> None:
    t = new(lens="restraint")
    t.table({"ceasefire": ceasefire, "dmz": "international_monitoring", "foreign_forces": "un_monitors"})
    r = bot_vote(t.scenario, t.state, "russia")
    assert r.response == "reject" and PREMATURE in r.reasons
    assert t.modifiers("russia").reservation >= 10, "Russia's price for a ceasefire rises"
    events = t.round(votes={"ukraine": "accept", "russia": "reject"})
    assert PREMATURE in fired_ids(events)
    assert PREMATURE in votes(events, "russia")[0].reasons


def test_ceasefire_premature_unconditional_does_not_fire_for_a_ceasefire_tied_to_a_framework(new: New) -> None:
    t = new()
    t.table({"ceasefire": "linked_to_framework"})
    assert PREMATURE not in [r.id for r in rejections(t.scenario, t.state, "russia")]
    assert PREMATURE not in fired_ids(t.round())


def test_ceasefire_premature_unconditional_does_not_fire_when_russia_is_stuck(new: New) -> None:
    """Under the leverage lens momentum is about 5: fighting on is not Russia's
    leverage, so the early ceasefire is not premature in this sense."""
    t = new(lens="leverage")
    events = t.round(propose={"us": {"ceasefire": "unconditional", "dmz": "international_monitoring"}})
    assert PREMATURE not in fired_ids(events)


def test_ceasefire_premature_unconditional_does_not_fire_once_a_framework_is_signed(new: New) -> None:
    t = new(sequence="framework_first")
    t.sign({"territory": "freeze_no_recognition"})
    assert t.state.status == "ceasefire"
    events = t.round(propose={"us": {"ceasefire": "unconditional", "dmz": "international_monitoring"}})
    assert PREMATURE not in fired_ids(events)


# ---- framework.neutrality_for_eu_path ------------------------------------------------


def test_framework_neutrality_for_eu_path_fires_when_signed_and_opens_the_ceasefire(new: New) -> None:
    t = new(sequence="framework_first")
    russia_before = t.modifiers("russia")
    events = t.sign(NEUTRALITY_FOR_EU)
    (ev,) = fired(events, SWAP)
    assert ev.deltas == {"ukraine_manpower": 4, "escalation_risk": -5}
    assert "refugees" in ev.explanation
    mods = t.modifiers("russia")
    assert mods.reservation <= russia_before.reservation - 10
    assert mods.option_bonus[("ceasefire", "unconditional")] == 6
    assert t.modifiers("ukraine").option_bonus[("political", "minority_rights_via_eu")] == 8
    assert durability(t.scenario, t.state)[1][SWAP] == 10
    # the ceasefire that was premature before the framework is not any more
    t.table({"ceasefire": "unconditional", "dmz": "international_monitoring"})
    assert PREMATURE not in bot_vote(t.scenario, t.state, "russia").reasons
    ceasefire = t.round(votes="accept")
    assert PREMATURE not in fired_ids(ceasefire)
    assert t.state.status == "treaty"


def test_framework_neutrality_for_eu_path_does_not_fire_without_the_eu_path(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.sign({**NEUTRALITY_FOR_EU, "eu_membership": "not_addressed"})
    assert SWAP not in fired_ids(events)


def test_framework_neutrality_for_eu_path_does_not_fire_with_european_troops(new: New) -> None:
    """The swap is neutrality with no NATO-country forces (src-003)."""
    t = new(sequence="framework_first")
    events = t.sign({**NEUTRALITY_FOR_EU, "foreign_forces": "european_peacekeepers"})
    assert SWAP not in fired_ids(events)


def test_framework_neutrality_for_eu_path_does_not_fire_while_only_on_the_table(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.round(propose={"us": NEUTRALITY_FOR_EU})
    assert SWAP not in fired_ids(events)


def test_framework_neutrality_for_eu_path_stops_holding_if_european_troops_are_signed_later(new: New) -> None:
    t = new(sequence="framework_first")
    t.sign(NEUTRALITY_FOR_EU)
    t.sign({"ceasefire": "linked_to_framework", "foreign_forces": "european_peacekeepers"})
    assert SWAP not in durability(t.scenario, t.state)[1]
    assert SWAP not in t.modifiers("russia").because


# ---- russia.maximalist_stance -----------------------------------------------------------


def test_russia_maximalist_stance_fires_hardens_the_others_and_collapses_the_talks(new: New) -> None:
    t = new(sequence="framework_first")
    first = t.round(propose={"russia": {"territory": "cede_four_oblasts", "alignment": "nonaligned_demilitarized"}})
    (ev,) = fired(first, MAXIMAL)
    assert ev.deltas == {}
    assert MAXIMAL in t.modifiers("ukraine").because and MAXIMAL in t.modifiers("europe").because
    second = t.quiet()
    (ev2,) = fired(second, MAXIMAL)
    assert ev2.deltas == {"transatlantic_cohesion": 5, "europe_resolve": 5}
    third = t.quiet()
    (ev3,) = fired(third, MAXIMAL)
    assert ev3.phase_trigger == "collapse"
    assert [p.to for p in phase_changes(third)] == ["collapse"]
    assert t.state.status == "collapse" and t.game.over


def test_russia_maximalist_stance_does_not_fire_when_another_seat_tables_it(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.round(propose={"us": {"territory": "cede_four_oblasts", "alignment": "nonaligned_demilitarized"}})
    events += t.quiet(3)
    assert MAXIMAL not in fired_ids(events)
    assert t.state.status == "framework"


def test_russia_maximalist_stance_does_not_fire_for_one_demand_alone(new: New) -> None:
    t = new(sequence="framework_first")
    events = t.round(propose={"russia": {"territory": "cede_four_oblasts"}})
    events += t.quiet(3)
    assert MAXIMAL not in fired_ids(events)


def test_russia_maximalist_stance_does_not_collapse_the_talks_if_russia_relents(new: New) -> None:
    t = new(sequence="framework_first")
    t.round(propose={"russia": {"territory": "cede_four_oblasts", "alignment": "nonaligned_demilitarized"}})
    t.quiet()
    events = t.round(propose={"russia": {"alignment": "no_nato"}})
    events += t.quiet(2)
    assert all(ev.phase_trigger is None for ev in fired(events, MAXIMAL))
    assert t.state.status == "framework"


# ---- deadline.window_closing ------------------------------------------------------------


def test_deadline_window_closing_fires_after_the_deadline_without_a_framework(new: New) -> None:
    t = new(deadline_round=2)
    events = t.quiet(2)
    assert "deadline.window_closing" not in fired_ids(events)
    (ev,) = fired(t.quiet(), "deadline.window_closing")
    assert ev.deltas == {"escalation_risk": 10, "russia_economy": -3}
    assert "deadline.window_closing" not in fired_ids(t.quiet())


def test_deadline_window_closing_fires_at_the_bundled_scenarios_fifty_days(new: New) -> None:
    """Four rounds of 14 days is about the 50-day window (src-003)."""
    t = new()
    assert t.state.deadline_round == 4
    rounds = [fired_ids(t.quiet()) for _ in range(5)]
    assert ["deadline.window_closing" in r for r in rounds] == [False] * 4 + [True]


def test_deadline_window_closing_does_not_fire_once_a_framework_is_signed(new: New) -> None:
    t = new(sequence="framework_first", deadline_round=2)
    events = t.sign({"territory": "freeze_no_recognition"})
    events += t.quiet(3)
    assert "deadline.window_closing" not in fired_ids(events)


# ---- ceasefire.violations_without_monitoring -----------------------------------------------


def _violations(up: list[bool]) -> int:
    """A seed whose violation draws come up in rounds 1, 2, ... as listed."""
    return seed_where_all((r, VIOLATIONS, 0, 0.35, u) for r, u in enumerate(up, start=1))


def test_ceasefire_violations_without_monitoring_fires_and_breaks_the_ceasefire_down(new: New) -> None:
    """A bare ceasefire (durability 30) loses its credibility with one
    violation (20, below the threshold of 40) and breaks down the round after."""
    t = new(seed=_violations([True, False]))
    events = t.sign({"ceasefire": "linked_to_framework", "dmz": "none"})
    (ev,) = fired(events, VIOLATIONS)
    assert ev.deltas == {"deal_durability": -10, "escalation_risk": 5} and ev.set_flags == ["ceasefire_violation"]
    assert t.ind("deal_durability") == 20 and t.state.status == "framework"
    second = t.quiet()
    assert any(ev.phase_trigger == "breakdown" for ev in fired(second, VIOLATIONS))
    assert [x.phase for x in second if isinstance(x, e.AgreementVoided)] == ["ceasefire"]
    assert t.state.status == "ceasefire" and "ceasefire" not in t.state.agreements


def test_ceasefire_violations_without_monitoring_does_not_break_down_without_a_violation(new: New) -> None:
    t = new(seed=_violations([False, False, False, False]))
    t.sign({"ceasefire": "linked_to_framework", "dmz": "unmonitored_line"})
    events = t.quiet(3)
    assert not any(ev.phase_trigger for ev in fired(events, VIOLATIONS))
    assert t.state.status == "framework" and "ceasefire" in t.state.agreements


def test_ceasefire_violations_without_monitoring_does_not_fire_with_monitors(new: New) -> None:
    t = new(seed=_violations([True, True, True]))
    events = t.sign({"ceasefire": "linked_to_framework", "dmz": "international_monitoring"})
    events += t.quiet(2)
    assert VIOLATIONS not in fired_ids(events)


def test_ceasefire_violations_without_monitoring_a_framework_first_ceasefire_holds_longer(new: New) -> None:
    """Underpinned by a signed framework (src-003, durability 55), the ceasefire
    survives its first violation (45) and breaks down only after a second (35)."""
    seed = seed_where_all(
        [(2, VIOLATIONS, 0, 0.35, True), (3, VIOLATIONS, 0, 0.35, False), (4, VIOLATIONS, 0, 0.35, True)]
    )
    t = new(sequence="framework_first", seed=seed)
    t.sign({"territory": "freeze_no_recognition"})
    events = t.sign({"ceasefire": "linked_to_framework", "dmz": "none"})
    events += t.quiet(1)
    assert len(fired(events, VIOLATIONS)) == 1
    assert not any(ev.phase_trigger for ev in fired(events, VIOLATIONS))
    assert "ceasefire" in t.state.agreements and t.ind("deal_durability") == 30 + 25 - 10
    events = t.quiet(2)
    assert any(ev.phase_trigger == "breakdown" for ev in fired(events, VIOLATIONS))
