"""The turning points of a saved game, as a list to jump from (`t` in the replay).

A small modal over the replay screen: the three to seven moments that changed
the game (`wargame.review.turning`), each with its move and what it did;
Enter takes the replay's cursor to that event, Esc closes the list.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from wargame.review.timeline import Timeline
from wargame.review.turning import TurningPoint, turning_points


def prompt(tp: TurningPoint) -> Text:
    text = Text()
    text.append(f"Round {tp.round} · {tp.phase}\n", style="dim")
    text.append(tp.headline, style="bold")
    text.append(f"\n  the move: {tp.move}")
    if tp.effects:
        text.append(f"\n  what it did: {'; '.join(tp.effects)}", style="italic")
    if tp.sources:
        text.append(f"\n  sources: {', '.join(s.split(':')[0] for s in tp.sources)}", style="dim")
    return text


class TurningPointsScreen(ModalScreen[int | None]):
    """Pick a turning point; the replay goes to its event."""

    DEFAULT_CSS = """
    TurningPointsScreen { align: center middle; }
    TurningPointsScreen > Vertical { width: 90%; height: 80%; border: thick $primary; background: $surface; }
    TurningPointsScreen #turning-title { height: 1; padding: 0 1; background: $boost; text-style: bold; }
    TurningPointsScreen OptionList { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,t", "close", "Close", id="turning.close", tooltip="Back to the replay"),
    ]

    def __init__(self, timeline: Timeline, view: str) -> None:
        super().__init__()
        self.points = turning_points(timeline, None, view)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Turning points: Enter goes to the moment in the timeline, Esc closes", id="turning-title")
            options = [Option(prompt(tp), id=str(tp.index)) for tp in self.points]
            yield OptionList(*options, id="turning-list")

    def on_mount(self) -> None:
        if not self.points:
            self.query_one("#turning-title", Static).update("No turning points yet: nothing has changed the game")
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id) if event.option.id is not None else None)

    def action_close(self) -> None:
        self.dismiss(None)
