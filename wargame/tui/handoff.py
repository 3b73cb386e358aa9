"""The handoff: pass the keyboard to the next seat, showing nothing private."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle, Vertical
from textual.widgets import Footer, Static

from wargame.tui.base import Advance, GameScreen
from wargame.tui.views import esc, phase_title, seat_name


class HandoffScreen(GameScreen):
    """Names the seat to move next and waits for it to be at the keyboard."""

    TITLE_TEXT = "Handoff"
    GUIDE = """[b]Handoff[/]

The keyboard passes to the next delegation. This screen shows nothing
private: everyone may look. When the named team is at the keyboard (and the
others have looked away), press Enter to open its private view.

Nothing of the previous seat's view is left behind: its screen is closed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "ready", "Ready", id="handoff.ready", tooltip="The named seat is at the keyboard"),
    ]

    def compose(self) -> ComposeResult:
        ex, step = self.exercise, self.step
        scenario, st = ex.scenario, ex.game.state
        seat = step.seat or ""
        doing = "to vote on the text" if step.kind == "vote" else "for its turn"
        where = f"Round {st.round} of {st.max_rounds} · {phase_title(scenario, st.status)}"
        if step.kind == "turn":
            where += f" · turn {st.turn + 1} of {len(scenario.turn_order)}"
        with Middle(), Center(), Vertical(id="handoff-box"):
            yield Static("Pass the keyboard to", classes="handoff-line")
            yield Static(f"[b]{esc(seat_name(scenario, seat).upper())}[/]", id="handoff-seat")
            yield Static(doing, classes="handoff-line")
            yield Static(f"[dim]{esc(where)}[/]", classes="handoff-line")
            yield Static("Everyone else, please look away.", classes="handoff-line")
            yield Static(f"[b]Press Enter when {esc(seat_name(scenario, seat))} is ready[/]", id="handoff-go")
        yield Footer()

    def action_ready(self) -> None:
        self.post_message(Advance(handed_off=True))
