"""The facilitator's controls: every one is an action through `Game.submit`,
saved with its reason; refusals change nothing; the queue of injects is kept
beside the game and rebuilt from its save."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.facilitator.helpers import pass_round
from wargame.engine.game import Setup
from wargame.errors import GameOver, RefusedAction, UnknownId
from wargame.model import events as e
from wargame.model.actions import EndTurn, FireInject
from wargame.model.scenario import Scenario
from wargame.session.facilitation import Facilitator, InjectQueue, Queued, facilitator_for, seat_messages
from wargame.session.runner import Session, start_session
from wargame.store.savefile import load_save

HUMANS = {"us": "human", "russia": "human", "ukraine": "human", "europe": "human"}


@pytest.fixture
def session(scenario: Scenario, texts, tmp_path: Path) -> Session:  # type: ignore[no-untyped-def]
    return start_session(scenario, texts, Setup(seed=5, seats=HUMANS), str(tmp_path / "game.jsonl"))


def test_every_action_is_saved_with_its_reason(session: Session, tmp_path: Path) -> None:
    fac = facilitator_for(session.game)
    fac.fire("kursk_ground_lost", "to raise the stakes")
    fac.queue_inject("eu_sanctions_package", 3, "Europe answers")
    fac.set_indicator("momentum", 12, "the front stabilised over the break")
    fac.pause("lunch")
    fac.resume("back from lunch")
    fac.force_phase("framework", "the class wants the core questions first")
    fac.veto_phase("back to the ceasefire after all")
    fac.note("Team Russia never used its levers.")
    session.writer.close()  # type: ignore[union-attr]
    events = load_save(str(tmp_path / "game.jsonl")).events
    acted = [(ev.command, ev.reason) for ev in events if isinstance(ev, e.FacilitatorActed)]
    queued = [(ev.inject, ev.round, ev.reason) for ev in events if isinstance(ev, e.InjectQueued)]
    assert queued == [("eu_sanctions_package", 3, "Europe answers")]
    assert acted == [
        ("set_indicator", "the front stabilised over the break"),
        ("pause", "lunch"),
        ("resume", "back from lunch"),
        ("force_phase", "the class wants the core questions first"),
        ("veto_phase", "back to the ceasefire after all"),
        ("note", "Team Russia never used its levers."),
    ]
    injects = [(ev.inject, ev.reason) for ev in events if isinstance(ev, e.InjectFired)]
    assert injects == [("kursk_ground_lost", "to raise the stakes")]
    # The reasons are the facilitator's: the phase changes the teams read say who, not why.
    changes = [(ev.from_, ev.to, ev.reason) for ev in events if isinstance(ev, e.PhaseChanged)]
    assert changes == [
        ("ceasefire", "framework", "by the facilitator"),
        ("framework", "ceasefire", "by the facilitator"),
    ]


def test_a_reason_reaches_the_teams_only_if_announced(session: Session) -> None:
    from wargame.tui.views import news

    fac = facilitator_for(session.game)
    fac.pause("Team Russia is stalling: I want to talk to them", announce=False)
    fac.resume("Back to the table", announce=True)
    fac.force_phase("framework", "secret plan", announce=False)
    fac.veto_phase("We go back: the ceasefire first", announce=True)
    lines = "\n".join(news(session.game, "russia", 0))
    assert "The facilitator paused the game" in lines
    assert "stalling" not in lines and "secret plan" not in lines
    assert "Back to the table" in lines and "the ceasefire first" in lines
    changes = [ev.reason for ev in session.game.events if isinstance(ev, e.PhaseChanged)]
    assert changes == ["by the facilitator", "We go back: the ceasefire first"]


def test_out_of_range_values_are_refused_with_the_range(session: Session) -> None:
    fac = facilitator_for(session.game)
    ind = next(i for i in session.game.scenario.indicators if i.max is not None)
    before = len(session.game.events)
    with pytest.raises(RefusedAction, match=rf"{ind.min:g}\.\.{ind.max:g}; 500 is out of range"):
        fac.set_indicator(ind.id, 500, "range test")
    with pytest.raises(RefusedAction, match="out of range"):
        fac.set_indicator(ind.id, ind.min - 1, "range test")
    with pytest.raises(RefusedAction, match="give a finite number"):
        fac.set_indicator(ind.id, float("nan"), "range test")
    assert len(session.game.events) == before
    fac.set_indicator(ind.id, ind.max, "the top of the range is fine")
    assert session.game.state.indicators[ind.id] == ind.max


def test_a_veto_voids_what_was_signed_to_get_here(scenario: Scenario, texts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.facilitator.test_effects import sign_ceasefire

    game = sign_ceasefire(scenario)
    assert game.state.status != "ceasefire" and "ceasefire" in game.state.agreements
    fac = facilitator_for(game)
    events = fac.veto_phase("the class wants to redo the ceasefire")
    assert [ev.kind for ev in events] == ["facilitator", "agreement_voided", "phase_changed"]
    assert game.state.status == "ceasefire" and "ceasefire" not in game.state.agreements
    # Forcing forward again keeps nothing signed that the talks did not sign.
    fac.force_phase("treaty", "skip ahead")
    assert game.state.status == "treaty" and game.state.agreements == {}


def test_refused_actions_change_nothing(session: Session) -> None:
    fac = facilitator_for(session.game)
    before = len(session.game.events)
    with pytest.raises(RefusedAction, match="needs a reason"):
        fac.force_phase("framework", "  ")
    with pytest.raises(RefusedAction, match="needs a reason"):
        fac.set_indicator("momentum", 3, "")
    with pytest.raises(UnknownId):
        fac.set_indicator("morale", 3, "why not")
    with pytest.raises(UnknownId):
        fac.fire("no_such_inject")
    with pytest.raises(RefusedAction, match="has already started"):
        fac.queue_inject("kursk_ground_lost", 1)
    with pytest.raises(RefusedAction, match="rounds"):
        fac.queue_inject("kursk_ground_lost", 99)
    with pytest.raises(RefusedAction, match="not paused"):
        fac.resume()
    with pytest.raises(RefusedAction, match="no phase change to veto"):
        fac.veto_phase("nothing happened")
    with pytest.raises(RefusedAction, match="some text"):
        fac.note(" ")
    assert len(session.game.events) == before


def test_a_pause_stops_the_seats_not_the_facilitator(session: Session) -> None:
    fac = facilitator_for(session.game)
    fac.pause()
    with pytest.raises(RefusedAction, match="paused"):
        session.game.submit(EndTurn(kind="end_turn", seat="us"))
    fac.fire("north_korean_troops")
    fac.resume()
    session.game.submit(EndTurn(kind="end_turn", seat="us"))


def test_a_non_repeatable_inject_is_queued_once(session: Session) -> None:
    fac = facilitator_for(session.game)
    fac.queue_inject("kursk_ground_lost", 2)
    with pytest.raises(RefusedAction, match="not repeatable"):
        fac.queue_inject("kursk_ground_lost", 3)
    fac.cancel("kursk_ground_lost", 2)
    fac.queue_inject("kursk_ground_lost", 3)
    with pytest.raises(RefusedAction, match="not queued"):
        fac.cancel("kursk_ground_lost", 2)


def test_the_queue_fires_when_its_round_comes(session: Session) -> None:
    fac = facilitator_for(session.game)
    calls: list[int] = []
    fac.on_due = lambda: calls.append(session.game.state.round)
    fac.queue_inject("deep_drone_strike", 2)
    assert fac.fire_due() == []
    pass_round(session.game)
    assert calls == [2], "the listener asks for the queue to be fired; it does not fire it itself"
    assert "deep_drone_strike" not in [i for _, i in session.game.state.injects]
    events = fac.fire_due()
    assert [ev.kind for ev in events] == ["inject_fired"]
    assert fac.queue.entries == [] and fac.fire_due() == []


def test_a_queued_inject_the_game_refuses_is_reported(session: Session) -> None:
    fac = facilitator_for(session.game)
    fac.queue_inject("congress_blocks_relief", 2)
    session.game.submit(FireInject(kind="inject", inject="congress_blocks_relief"))
    pass_round(session.game)
    assert fac.fire_due() == []
    assert fac.problems and "already been fired" in fac.problems[0]
    assert fac.queue.entries == [] and session.game.state.queued == []
    unqueued = [ev for ev in session.game.events if isinstance(ev, e.InjectUnqueued)]
    assert [(ev.inject, ev.round) for ev in unqueued] == [("congress_blocks_relief", 2)]
    assert "already been fired" in unqueued[0].reason


def test_the_queue_is_rebuilt_from_the_save(session: Session, tmp_path: Path) -> None:
    fac = facilitator_for(session.game)
    fac.queue_inject("deep_drone_strike", 2, "a drone week")
    fac.queue_inject("winter_energy_strikes", 4)
    fac.queue_inject("north_korean_troops", 5)
    fac.cancel("north_korean_troops", 5)
    pass_round(session.game)
    fac.fire_due()
    session.writer.close()  # type: ignore[union-attr]
    events = load_save(str(tmp_path / "game.jsonl")).events
    assert InjectQueue.from_events(events).entries == [Queued(4, "winter_energy_strikes", "")]
    reopened = Facilitator(session.game)
    assert reopened.queue.entries == [Queued(4, "winter_energy_strikes", "")]


def test_one_facilitator_per_game(session: Session) -> None:
    assert facilitator_for(session.game) is facilitator_for(session.game)


def test_the_seats_never_read_the_facilitators_notes(session: Session) -> None:
    fac = facilitator_for(session.game)
    fac.note("Ukraine's team is struggling.")
    fac.queue_inject("deep_drone_strike", 2)
    fac.fire("kremlin_back_channel")  # to the US only
    for seat in session.game.scenario.seat_ids:
        texts = " ".join(m.text for m in seat_messages(session.game.state, seat))
        assert "struggling" not in texts and "Queued" not in texts
        assert ("back channel" in texts) == (seat == "us")


def test_after_the_game_only_notes_and_phase_changes(session: Session) -> None:
    fac = facilitator_for(session.game)
    fac.fire("talks_fall_flat")
    assert session.game.over
    with pytest.raises(GameOver):
        fac.fire("deep_drone_strike")
    with pytest.raises(RefusedAction, match="over"):
        fac.queue_inject("deep_drone_strike", 3)
    fac.note("They walked out in round 1.")
    fac.force_phase("ceasefire", "resume the talks for the second half of the class")
    assert not session.game.over and session.game.state.status == "ceasefire"


def test_a_queue_saved_as_notes_by_an_older_version_is_queued_again_typed(session: Session) -> None:
    from wargame.model.actions import Note

    note = "Queued the inject deep_drone_strike for round 2: a drone week"
    session.game.submit(Note(kind="facilitator", command="note", reason=note))
    fac = Facilitator(session.game)  # as when such a save is reopened
    assert fac.queue.entries == [Queued(2, "deep_drone_strike", "a drone week")]
    assert session.game.state.queued == [(2, "deep_drone_strike", "a drone week")]
    assert isinstance(session.game.events[-1], e.InjectQueued)
    assert Facilitator(session.game).queue.entries == fac.queue.entries, "queued again once, not twice"
