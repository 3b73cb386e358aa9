"""The bots at the table: their moves and public statements, not their reasoning.

The bots play in a worker thread, one move after another, so the screen
stays responsive; each move is posted back to the screen as it is made. A
bot's vote is sealed like everyone's: the screen says that it voted, and the
round's result says how and why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, LoadingIndicator, Static

from wargame.model import events as e
from wargame.tui.base import GameScreen
from wargame.tui.prose import Prose
from wargame.tui.views import describe, esc, phase_title, seat_name

if TYPE_CHECKING:
    from wargame.tui.exercise import BotMove, Exercise, Step


class BotMovesScreen(GameScreen):
    """Runs the bots until a person is to move, showing what each did."""

    TITLE_TEXT = "The bots move"
    GUIDE = """[b]The bots move[/]

Seats played by bots take their turns here: what each does and says, as a
delegation across the table would show it (their reasoning is kept for the
debrief). Their votes are sealed until the round's result.
When they are done, press Enter to carry on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "carry_on", "Continue", id="bots.continue", tooltip="Carry on when the bots are done"),
    ]

    busy = True
    """True while the bots are playing (the facilitator's console waits)."""

    def compose(self) -> ComposeResult:
        st = self.exercise.game.state
        yield Static(
            f"[b]The bots at the table[/] · round {st.round} · {esc(phase_title(self.exercise.scenario, st.status))}",
            classes="bar",
        )
        with VerticalScroll(id="bot-log-box"):
            yield Prose(id="bot-log")
        yield LoadingIndicator(id="bot-working")
        yield Static("", id="bot-done")
        yield Footer()

    def __init__(self, exercise: Exercise, step: Step | None = None) -> None:
        super().__init__(exercise, step)
        self.lines: list[str] = []

    def on_mount(self) -> None:
        self.play()

    def on_screen_resume(self) -> None:
        if not self.busy:  # the worker is moving the game on: no checks until it is done
            super().on_screen_resume()

    @work(thread=True, exclusive=True, exit_on_error=False, group="bots")
    def play(self) -> None:
        """Let the bots move until a person is to act, the round ends or the game does."""
        from wargame.errors import RefusedAction

        ex = self.exercise
        try:
            while ex.next_step().kind == "bots":
                moves = ex.play_bot()
                if not moves:
                    break
                self.app.call_from_thread(self.show_moves, moves)
        except RefusedAction as exc:
            self.app.call_from_thread(self.finish, f"The bots had to stop: {exc}")
            return
        except Exception as exc:  # never freeze the table on a bug
            self.app.call_from_thread(self.finish, f"The bots had to stop ({exc.__class__.__name__}: {exc})")
            return
        self.app.call_from_thread(self.finish, "")

    def show_moves(self, moves: list[BotMove]) -> None:
        scenario = self.exercise.scenario
        for move in moves:
            event = move.event
            name = esc(seat_name(scenario, move.seat))
            persona = self.exercise.session.controllers.get(move.seat, "bot").partition(":")[2]
            who = f"[b]{name}[/]" + (f" [dim]({esc(persona)})[/]" if persona else "")
            if isinstance(event, e.VoteCast):
                self.lines.append(f"• {who} has voted [dim](sealed until the round's result)[/]")
                continue
            if isinstance(event, e.TurnEnded):
                if not any(isinstance(m.event, (e.Proposed, e.LeverUsed)) for m in moves if m.seat == move.seat):
                    self.lines.append(f"• {who} passes")
                continue
            line = describe(scenario, event, None, actor=False)
            if line is None or not _is_own(event, move.seat):
                continue
            # What the bot does and says, never its reasoning (its numbers and
            # reservation): that is for the debrief, as a person's would be.
            self.lines.append(f"• {who} {line}")
        self.query_one("#bot-log", Prose).update("\n".join(self.lines))
        self.query_one("#bot-log-box", VerticalScroll).scroll_end(animate=False)

    def finish(self, problem: str) -> None:
        self.busy = False
        self.seen_events = len(self.exercise.game.events)
        self.query_one("#bot-working", LoadingIndicator).display = False
        if not self.lines:
            self.lines.append("[i]The bots had nothing to do.[/]")
            self.query_one("#bot-log", Prose).update("\n".join(self.lines))
        note = f"[b $warning]{esc(problem)}[/]\n" if problem else ""
        self.query_one("#bot-done", Static).update(f"{note}[b]The bots are done. Press Enter to carry on.[/]")

    def action_carry_on(self) -> None:
        if self.busy:
            self.notify("The bots are still moving ...", timeout=2)
            return
        self.done()


def _is_own(event: e.Event, seat: str) -> bool:
    """Only the bot's own moves (not the round's adjudication its vote set off)."""
    return getattr(event, "seat", None) == seat
