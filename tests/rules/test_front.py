"""The front and its causes (issue 10): mean reversion to the lens's balance,
Ukraine's manpower, Russia's strain, Europe filling an aid gap; each stops
under a ceasefire in force. Each test is named after the rule id."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.rules.helpers import Table, fired, fired_ids

New = Callable[..., Table]

REVERTS = "front.momentum_reverts"
MANPOWER = "front.manpower_shortage"
STRAIN = "front.russian_strain"
EUROPE = "front.europe_fills_gap"
STOPS_FIGHTING = {"ceasefire": "unconditional", "dmz": "international_monitoring"}


# ---- front.momentum_reverts ----------------------------------------------------------


@pytest.mark.parametrize(("lens", "anchor"), [("restraint", 30), ("leverage", 5)])
def test_front_momentum_reverts_fires_toward_the_lens_balance(new: New, lens: str, anchor: float) -> None:
    """A quarter of the way back to where the lens says the war rests, from either side."""
    for start in (60.0, -20.0):
        t = new(lens=lens)
        t.set("momentum", start)
        (ev,) = fired(t.quiet(), REVERTS)
        assert ev.deltas["momentum"] == pytest.approx(0.25 * (anchor - start))


def test_front_momentum_reverts_fires_so_a_shock_fades(new: New) -> None:
    """Bounded, not a ratchet: an offensive's gain is mostly gone in a few rounds."""
    t = new(lens="restraint")
    t.set("ukraine_manpower", 100)  # no shortage to push it on
    t.round(levers={"russia": "offensive"})
    after = t.ind("momentum")
    t.quiet(4)
    assert abs(t.ind("momentum") - 30) < abs(after - 30) / 2


def test_front_momentum_reverts_does_not_fire_under_a_ceasefire(new: New) -> None:
    t = new()
    t.sign(STOPS_FIGHTING)
    t.set("momentum", 60)
    events = t.quiet(2)
    assert REVERTS not in fired_ids(events)
    assert t.ind("momentum") == 60


# ---- front.manpower_shortage ---------------------------------------------------------


def test_front_manpower_shortage_fires_shifts_the_front_and_makes_kyiv_readier(new: New) -> None:
    t = new()
    t.set("ukraine_manpower", 30)
    assert MANPOWER in t.modifiers("ukraine").because
    assert t.modifiers("ukraine").reservation <= -6
    (ev,) = fired(t.quiet(), MANPOWER)
    assert ev.deltas == {"momentum": 3}


def test_front_manpower_shortage_fires_harder_when_the_line_is_thin(new: New) -> None:
    t = new()
    t.set("ukraine_manpower", 15)
    (ev,) = fired(t.quiet(), MANPOWER)
    assert ev.deltas == {"momentum": 6}


def test_front_manpower_shortage_does_not_fire_with_enough_men_or_under_a_ceasefire(new: New) -> None:
    t = new()
    t.set("ukraine_manpower", 45)
    assert MANPOWER not in fired_ids(t.quiet())
    c = new()
    c.sign(STOPS_FIGHTING)
    c.set("ukraine_manpower", 10)
    assert MANPOWER not in fired_ids(c.quiet())


def test_front_manpower_shortage_fires_more_ground_than_a_full_strength_front(new: New) -> None:
    """The cause moves the front: short of men, Russia gains more in the same rounds."""
    short, full = new(), new()
    short.set("ukraine_manpower", 15)
    full.set("ukraine_manpower", 100)
    short.quiet(4)
    full.quiet(4)
    assert short.ind("territory_occupied_pct") > full.ind("territory_occupied_pct")


# ---- front.russian_strain --------------------------------------------------------------


def test_front_russian_strain_fires_slows_russia_and_makes_it_readier(new: New) -> None:
    t = new()
    t.set("russia_economy", 30)
    assert t.modifiers("russia").reservation <= -6 or STRAIN in t.modifiers("russia").because
    (ev,) = fired(t.quiet(), STRAIN)
    assert ev.deltas == {"momentum": -3}
    t.set("russia_casualties_k", 900)
    (ev,) = fired(t.quiet(), STRAIN)
    assert ev.deltas == {"momentum": -5}


def test_front_russian_strain_does_not_fire_with_an_adequate_economy_or_under_a_ceasefire(new: New) -> None:
    t = new()
    t.set("russia_economy", 55)
    assert STRAIN not in fired_ids(t.quiet())
    assert STRAIN not in t.modifiers("russia").because
    c = new()
    c.sign(STOPS_FIGHTING)
    c.set("russia_economy", 10)
    assert STRAIN not in fired_ids(c.quiet())


# ---- front.europe_fills_gap ------------------------------------------------------------


def test_front_europe_fills_gap_fires_while_us_aid_is_paused(new: New) -> None:
    t = new()
    t.round(levers={"us": "pause_aid", "europe": "increase_aid"})
    (ev,) = fired(t.quiet(), EUROPE)
    assert ev.deltas == {"momentum": -2}


def test_front_europe_fills_gap_does_not_fire_without_a_pause_or_without_european_aid(new: New) -> None:
    paused = new()
    paused.round(levers={"us": "pause_aid"})
    assert EUROPE not in fired_ids(paused.quiet())
    aided = new()
    aided.round(levers={"europe": "increase_aid"})
    assert EUROPE not in fired_ids(aided.quiet())
