"""Levers and the war going on: the aid pause, talks over Kyiv's head, empty
tariff threats, the burden shifting to Europe, the attrition clock (src-000,
src-001, src-002, src-003). Each test is named after the rule id."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.rules.conftest import to_treaty
from tests.rules.helpers import Table, fired, fired_ids, phase_changes
from wargame.model import events as e

New = Callable[..., Table]

PAUSE = "us.aid_pause_pressure"
BURDEN = "burden.shift_to_europe"
CLOCK = "attrition.clock"


# ---- us.aid_pause_pressure -----------------------------------------------------------


def test_us_aid_pause_pressure_fires_pushes_kyiv_and_costs_the_front(new: New) -> None:
    t = new()
    control = new()
    t.lever("pause_aid")
    assert t.modifiers("ukraine").reservation <= -10, "Kyiv's reservation drops"
    (ev,) = fired(t.round(), PAUSE)
    assert ev.deltas == {"momentum": 10, "transatlantic_cohesion": -10}
    control.round()
    assert t.ind("momentum") - control.ind("momentum") == 10
    assert t.ind("transatlantic_cohesion") == control.ind("transatlantic_cohesion") - 10
    (ev2,) = fired(t.quiet(), PAUSE)
    assert ev2.deltas == {"momentum": 3, "ukraine_manpower": -1}
    assert PAUSE in t.modifiers("ukraine").because


def test_us_aid_pause_pressure_does_not_fire_once_aid_resumes(new: New) -> None:
    t = new()
    t.round(levers={"us": "pause_aid"})
    events = t.round(levers={"us": "resume_aid"}) + t.quiet()
    assert PAUSE not in fired_ids(events)
    assert PAUSE not in t.modifiers("ukraine").because


def test_us_aid_pause_pressure_does_not_fire_for_other_us_levers(new: New) -> None:
    t = new()
    events = t.round(levers={"us": "fund_munitions_production"})
    assert PAUSE not in fired_ids(events)


# ---- us.bilateral_talks_sideline ---------------------------------------------------------


def test_us_bilateral_talks_sideline_fires_moves_russia_and_alarms_the_others(new: New) -> None:
    t = new()
    before = {s: t.modifiers(s).reservation for s in ("russia", "ukraine", "europe")}
    t.lever("bilateral_talks_with_russia")
    after = {s: t.modifiers(s).reservation for s in ("russia", "ukraine", "europe")}
    assert after["russia"] == before["russia"] - 5
    assert after["ukraine"] == before["ukraine"] + 5 and after["europe"] == before["europe"] + 5
    (ev,) = fired(t.round(), "us.bilateral_talks_sideline")
    assert ev.deltas == {"transatlantic_cohesion": -10}
    assert "Riyadh" in ev.explanation


def test_us_bilateral_talks_sideline_does_not_fire_without_the_talks(new: New) -> None:
    t = new()
    t.round(levers={"us": "bilateral_talks_with_russia"})
    events = t.quiet()
    assert "us.bilateral_talks_sideline" not in fired_ids(events)
    assert "us.bilateral_talks_sideline" not in t.modifiers("russia").because


# ---- tariffs.empty_threat -------------------------------------------------------------------


def test_tariffs_empty_threat_fires_and_changes_nothing_for_russia(new: New) -> None:
    t = new()
    control = new()
    t.lever("threaten_secondary_tariffs")
    assert "tariffs.empty_threat" not in t.modifiers("russia").because
    (ev,) = fired(t.round(), "tariffs.empty_threat")
    assert ev.deltas == {}
    control.round()
    assert t.state.indicators == control.state.indicators


def test_tariffs_empty_threat_does_not_fire_once_tariffs_have_been_imposed(new: New) -> None:
    """Imposing them does cost Russia; a threat after that is not empty."""
    t = new()
    control = new()
    t.round(levers={"us": "impose_secondary_tariffs"})
    control.round()
    assert t.ind("russia_economy") == control.ind("russia_economy") - 5
    events = t.round(levers={"us": "threaten_secondary_tariffs"})
    assert "tariffs.empty_threat" not in fired_ids(events)


# ---- burden.shift_to_europe -----------------------------------------------------------------------


def test_burden_shift_to_europe_fires_when_us_support_runs_dry(new: New) -> None:
    t = new()
    t.set("us_commitment", 20)
    (ev,) = fired(t.quiet(), BURDEN)
    assert ev.deltas == {"us_commitment": -5, "europe_resolve": -5, "ukraine_manpower": -1, "momentum": 1}
    (ev2,) = fired(t.quiet(), BURDEN)
    assert ev2.deltas == {"ukraine_manpower": -1, "momentum": 1}


def test_burden_shift_to_europe_fires_faster_decline_when_europe_is_weak(new: New) -> None:
    t = new()
    t.set("us_commitment", 20)
    t.set("europe_resolve", 30)
    (ev,) = fired(t.quiet(), BURDEN)
    assert ev.deltas["ukraine_manpower"] == -2 and ev.deltas["momentum"] == 3
    assert "too weak" in ev.explanation


def test_burden_shift_to_europe_fires_in_the_round_the_talks_collapse(new: New) -> None:
    t = new(sequence="framework_first")
    t.round(propose={"russia": {"territory": "cede_four_oblasts", "alignment": "nonaligned_demilitarized"}})
    t.quiet()
    last = t.quiet()
    assert t.state.status == "collapse"
    kinds = [(type(x).__name__, getattr(x, "rule", getattr(x, "to", ""))) for x in last]
    assert kinds.index(("PhaseChanged", "collapse")) < kinds.index(("RuleFired", BURDEN))
    assert kinds.index(("RuleFired", BURDEN)) < [k for k, _ in kinds].index("RoundEnded")
    (ev,) = fired(last, BURDEN)
    assert ev.deltas["europe_resolve"] == -5
    ended = next(x for x in last if isinstance(x, e.RoundEnded))
    assert ended.indicators == t.state.indicators, "the round's indicators include the closing rule"
    assert ended.streaks.get(BURDEN) == 1


def test_burden_shift_to_europe_fires_when_time_runs_out(new: New) -> None:
    t = new(max_rounds=2)
    events = t.quiet(2)
    assert t.state.status == "expired"
    assert [p.to for p in phase_changes(events)] == ["expired"]
    assert BURDEN in fired_ids(events)


def test_burden_shift_to_europe_fires_when_an_inject_ends_the_talks(new: New) -> None:
    t = new()
    t.quiet()
    events = t.inject("talks_fall_flat")
    assert t.state.status == "collapse" and t.game.over
    (ev,) = fired(events, BURDEN)
    assert ev.deltas["us_commitment"] == -5
    assert isinstance(events[-1], e.GameEnded)


def test_burden_shift_to_europe_does_not_fire_while_the_talks_go_on(new: New) -> None:
    t = new()
    assert BURDEN not in fired_ids(t.quiet(3))


def test_burden_shift_to_europe_does_not_fire_at_peace(new: New) -> None:
    t = to_treaty(new())
    events = t.sign({"dmz": "international_monitoring"})
    assert t.state.status == "peace"
    assert BURDEN not in fired_ids(events)


def test_burden_shift_to_europe_does_not_fire_twice_in_the_closing_round(new: New) -> None:
    """Already holding (US support below 25) when the talks run out: one event."""
    t = new(max_rounds=1)
    t.set("us_commitment", 20)
    events = t.quiet()
    assert t.state.status == "expired"
    assert len(fired(events, BURDEN)) == 1
    assert len(fired(events, CLOCK)) == 1


# ---- attrition.clock --------------------------------------------------------------------------------


def test_attrition_clock_fires_each_round_without_a_ceasefire_restraint(new: New) -> None:
    t = new(lens="restraint")
    for n in (1, 2):
        momentum = t.ind("momentum")
        (ev,) = fired(t.quiet(), CLOCK)
        assert ev.deltas == pytest.approx(
            {
                "russia_casualties_k": 21,
                "ukraine_manpower": -2,
                "russia_economy": -1,
                "territory_occupied_pct": 0.0009 * momentum,
            }
        )
        assert t.ind("russia_casualties_k") == 700 + 21 * n


def test_attrition_clock_fires_with_the_leverage_lens_parameters(new: New) -> None:
    """Russia stuck (src-002): its economy decays twice as fast, the front barely moves."""
    t = new(lens="leverage")
    (ev,) = fired(t.quiet(), CLOCK)
    assert ev.deltas == pytest.approx(
        {"russia_casualties_k": 21, "ukraine_manpower": -1, "russia_economy": -2, "territory_occupied_pct": 0.0009 * 5}
    )


@pytest.mark.parametrize("momentum", [60, 30, 0, -30])
def test_attrition_clock_fires_territory_with_the_momentum(new: New, momentum: float) -> None:
    """Slivers in proportion to the momentum: 0.7% a year at 30 (the 2024 pace)."""
    t = new()
    t.set("momentum", momentum)
    (ev,) = fired(t.quiet(), CLOCK)
    assert ev.deltas["territory_occupied_pct"] == pytest.approx(0.0009 * momentum)
    if momentum == 30:
        assert 26 * ev.deltas["territory_occupied_pct"] == pytest.approx(0.7, abs=0.01)


def test_attrition_clock_does_not_fire_under_a_ceasefire(new: New) -> None:
    t = new()
    t.sign({"ceasefire": "unconditional", "dmz": "international_monitoring"})
    casualties = t.ind("russia_casualties_k")
    events = t.quiet(3)
    assert CLOCK not in fired_ids(events)
    assert t.ind("russia_casualties_k") == casualties


def test_attrition_clock_runs_on_under_a_ceasefire_that_waits_for_a_framework(new: New) -> None:
    """A ceasefire 'linked to a framework' stops nothing until the framework is signed."""
    t = new()
    t.sign({"ceasefire": "linked_to_framework", "dmz": "international_monitoring"})
    casualties = t.ind("russia_casualties_k")
    events = t.quiet(1)
    assert CLOCK in fired_ids(events)
    assert t.ind("russia_casualties_k") > casualties
