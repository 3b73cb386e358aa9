"""The facilitator's console, driven through Textual's Pilot: each action goes
through the game and is saved with its reason, refusals show as
notifications, and nothing of the console stays on the seats' screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Input, RichLog, Select, Static

from wargame.engine.game import Setup
from wargame.errors import RefusedAction
from wargame.model import events as e
from wargame.model.actions import EndTurn, Message
from wargame.model.scenario import Scenario
from wargame.session.facilitation import facilitator_for
from wargame.session.runner import Session, start_session
from wargame.store.savefile import load_save
from wargame.tui.console import ConsoleForm, ConsoleScreen

SIZE = (100, 30)


class SeatScreen(Screen[None]):
    """Stands for a seat's screen: the console is pushed over it."""

    def compose(self) -> ComposeResult:
        yield Static("The US delegation's screen", id="seat-view")


class Harness(App[None]):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def on_mount(self) -> None:
        self.push_screen(SeatScreen())
        self.push_screen(ConsoleScreen(self.session))


@pytest.fixture
def session(scenario: Scenario, texts, tmp_path: Path) -> Session:  # type: ignore[no-untyped-def]
    seats = {s: "human" for s in scenario.seat_ids}
    return start_session(scenario, texts, Setup(seed=3, seats=seats), str(tmp_path / "game.jsonl"))


def _notes(app: App[None]) -> list[str]:
    return [n.message for n in app._notifications]  # noqa: SLF001 - Textual has no public list


def _log_text(log: RichLog) -> str:
    return "\n".join(line.text for line in log.lines)


async def test_fire_the_selected_inject_with_a_reason(session: Session) -> None:
    app = Harness(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        table = app.screen.query_one("#console-injects", DataTable)
        assert table.row_count == len(session.game.scenario.injects)
        await pilot.press("down")  # the second inject of the deck
        second = session.game.scenario.injects[1].id
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleForm)
        await pilot.press(*"the class is stuck")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        fired = [ev for ev in session.game.events if isinstance(ev, e.InjectFired)]
        assert [(ev.inject, ev.reason) for ev in fired] == [(second, "the class is stuck")]
        assert "fired R1" in str(table.get_row(second)[3])
    saved = load_save(session.writer.path).events  # type: ignore[union-attr]
    assert saved[-1] == session.game.events[-1]


async def test_a_refused_action_shows_as_a_notification(session: Session) -> None:
    app = Harness(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(2):
            await pilot.press("f")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert any("already been fired" in n for n in _notes(app))
        assert len([ev for ev in session.game.events if isinstance(ev, e.InjectFired)]) == 1


async def test_queue_an_inject_and_it_fires_when_its_round_starts(session: Session) -> None:
    app = Harness(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        inject = session.game.scenario.injects[0].id
        await pilot.press("q")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ConsoleForm)
        assert form.query_one("#field-round", Input).value == "2"
        await pilot.press("tab")
        form.query_one("#field-reason", Input).value = "after the break"
        await pilot.press("enter")
        await pilot.pause()
        assert facilitator_for(session.game).queue.rounds_of(inject) == [2]
        title = session.game.scenario.inject(inject).title
        assert "round 2: " + title in str(app.screen.query_one("#console-queue", Static).render())
        await pilot.press("escape")  # back to the seats, who play round 1
        await pilot.pause()
        for seat in session.game.scenario.turn_order:
            session.game.submit(EndTurn(kind="end_turn", seat=seat))
        await pilot.pause()
        fired = [ev for ev in session.game.events if isinstance(ev, e.InjectFired)]
        assert [(ev.inject, ev.reason) for ev in fired] == [(inject, "queued for round 2: after the break")]
        assert session.game.state.injects == [(2, inject)]


async def test_set_an_indicator_with_a_reason(session: Session) -> None:
    app = Harness(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ConsoleForm)
        form.query_one("#field-indicator", Select).value = "escalation_risk"
        form.query_one("#field-value", Input).value = "55"
        form.query_one("#field-reason", Input).focus()
        form.query_one("#field-reason", Input).value = "a missile strays into Poland"
        await pilot.press("enter")
        await pilot.pause()
        assert session.game.state.indicators["escalation_risk"] == 55
        last = session.game.events[-1]
        assert isinstance(last, e.FacilitatorActed) and last.reason == "a missile strays into Poland"
        indicators = app.screen.query_one("#console-indicators", DataTable)
        assert [session.game.scenario.indicator("escalation_risk").name, "55"] in [
            [str(c) for c in indicators.get_row_at(i)] for i in range(indicators.row_count)
        ]


async def test_a_form_insists_on_a_reason_and_escape_does_nothing(session: Session) -> None:
    app = Harness(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = len(session.game.events)
        await pilot.press("n", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleForm), "a note needs its text"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert len(session.game.events) == before


async def test_pause_and_resume(session: Session) -> None:
    app = Harness(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert session.game.state.paused
        assert "PAUSED" in str(app.screen.query_one("#console-status", Static).render())
        with pytest.raises(RefusedAction):
            session.game.submit(EndTurn(kind="end_turn", seat="us"))
        await pilot.press("p")
        await pilot.pause()
        assert not session.game.state.paused


async def test_force_and_veto_a_phase_change_with_reasons(session: Session) -> None:
    app = Harness(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ConsoleForm)
        form.query_one("#field-phase", Select).value = "framework"
        form.query_one("#field-reason", Input).value = "core questions first"
        form.query_one("#field-reason", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert session.game.state.status == "framework"
        await pilot.press("v")
        await pilot.pause()
        app.screen.query_one("#field-reason", Input).value = "the class voted to go back"
        await pilot.press("enter")
        await pilot.pause()
        assert session.game.state.status == "ceasefire"
    changes = [(ev.to, ev.trigger, ev.reason) for ev in session.game.events if isinstance(ev, e.PhaseChanged)]
    assert changes == [
        ("framework", "force_phase", "by the facilitator"),
        ("ceasefire", "veto_phase", "by the facilitator"),
    ]


async def test_notes_go_on_the_timeline(session: Session) -> None:
    app = Harness(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#field-text", Input).value = "Russia bluffed well"
        await pilot.press("enter")
        await pilot.pause()
        assert [n.text for n in session.game.state.notes] == ["Russia bluffed well"]
        await pilot.press("2")
        await pilot.pause()
        assert "Russia bluffed well" in _log_text(app.screen.query_one("#console-timeline", RichLog))


async def test_the_console_sees_every_message_and_every_brief(session: Session) -> None:
    session.game.submit(Message(kind="message", seat="us", to="russia", text="A private offer."))
    app = Harness(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert "United States -> Russia: A private offer." in _log_text(
            app.screen.query_one("#console-messages", RichLog)
        )
        await pilot.press("4")
        await pilot.pause()
        briefs = _log_text(app.screen.query_one("#console-briefs", RichLog))
        for seat in session.game.scenario.seats:
            assert f"{seat.name} ({seat.id})" in briefs


async def test_closing_the_console_leaves_nothing_on_the_seats_screen(session: Session) -> None:
    app = Harness(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f", "enter")  # leaves a notification behind
        await pilot.pause()
        assert _notes(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SeatScreen)
        assert not any(isinstance(s, ConsoleScreen | ConsoleForm) for s in app.screen_stack)
        assert not app.screen.query("#console-status, #console-injects, #console-messages")
        assert _notes(app) == []
        assert not app.query(ConsoleScreen)


class BotsScreen(Screen[None]):
    """Stands for the screen whose worker thread plays the bots."""

    busy = True

    def compose(self) -> ComposeResult:
        yield Static("The bots are moving", id="bots")


async def test_a_queued_inject_waits_for_the_bots_to_finish(session: Session) -> None:
    import threading

    app = Harness(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        facilitator_for(session.game).queue_inject("north_korean_troops", 2)
        await pilot.press("escape")
        await pilot.pause()
        bots = BotsScreen()
        await app.push_screen(bots)

        def play_round_one() -> None:  # as the app's bot worker does, off the app's thread
            for seat in session.game.scenario.turn_order:
                session.game.submit(EndTurn(kind="end_turn", seat=seat))

        worker = threading.Thread(target=play_round_one)
        worker.start()
        worker.join()
        await pilot.pause(0.6)
        assert session.game.state.round == 2
        assert session.game.state.injects == [], "nothing fires while a worker may be moving the game"
        bots.busy = False
        await pilot.pause(0.6)
        assert session.game.state.injects == [(2, "north_korean_troops")]
