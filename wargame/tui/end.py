"""The end of the game: the outcome and each seat's score, then the review."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from wargame.tui.base import GameScreen
from wargame.tui.prose import Prose
from wargame.tui.results import end_report
from wargame.tui.start import OpenSave
from wargame.tui.views import esc


class EndScreen(GameScreen):
    """The outcome, the agreements, each seat's score and why."""

    TITLE_TEXT = "The end"
    GUIDE = """[b]The end of the game[/]

The outcome, the agreements signed, and each seat's score against its own
brief (50 means no better and no worse than the war going on), with what
moved it. In solo practice, the coaching debrief below reveals what each bot
wanted (its reservation) and why it refused. The save is complete; its seal (the hash of its last line) lets the
facilitator check later that nobody edited it (`wargame verify SAVE`).

[b]r[/] replays the game for the debrief; [b]Escape[/] goes back to the start menu."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "replay", "Replay", id="end.replay", tooltip="Go through this game for the debrief"),
        Binding("escape", "menu", "Menu", id="end.menu", tooltip="Back to the start menu"),
    ]

    def compose(self) -> ComposeResult:
        ex = self.exercise
        yield Static("[b]The game is over[/]", classes="bar")
        with VerticalScroll(id="end-box"):
            yield Prose(end_report(ex.game), id="end-text")
            student = ex.rules.solo_seat
            if student is not None:
                from wargame.tui.coaching import coaching

                text = coaching(ex.game, student)
                if text:
                    yield Prose("\n" + text, id="end-coaching")
            writer = ex.session.writer
            if ex.save_path:
                seal = f"\nSeal: {writer.head}" if writer is not None else ""
                yield Static(f"\n[dim]Saved in {esc(ex.save_path)}{seal}[/]", id="end-save")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#end-box", VerticalScroll).focus()

    def action_replay(self) -> None:
        if self.exercise.save_path is None:
            self.notify("This game was not saved.", timeout=3)
            return
        self.post_message(OpenSave(self.exercise.save_path, "replay"))

    def action_menu(self) -> None:
        from wargame.tui.app import WargameApp

        if isinstance(self.app, WargameApp):
            self.app.back_to_menu()
