"""Two small parts of the replay screen: the timeline window and the jump box.

Kept apart from `wargame.tui.replay` so that module stays about the screen's
flow (cursor, tabs, branching) rather than its widgets.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

from wargame.review import panels
from wargame.review.describe import PUBLIC
from wargame.review.timeline import Timeline


class TimelineView(Widget):
    """A window of the timeline around the cursor (never more lines than fit)."""

    DEFAULT_CSS = "TimelineView { height: 1fr; }"

    def __init__(self, timeline: Timeline, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timeline = timeline
        self.indices: list[int] = []
        self.pos = 0
        self.view = PUBLIC

    def show(self, indices: list[int], pos: int, view: str) -> None:
        self.indices, self.pos, self.view = indices, pos, view
        self.refresh()

    def render(self) -> Text:
        size = self.content_region
        return panels.timeline_window(self.timeline, self.indices, self.pos, size.height, size.width, self.view)


class JumpScreen(ModalScreen[str | None]):
    """Asks where to go: a round (`3`), an event (`#120`), or a phase (`treaty`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="jump.cancel", tooltip="Close without moving"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="jump-box"):
            yield Static("Go to a round (3), an event (#120) or the start of a phase (treaty)", id="jump-title")
            yield Input(placeholder="round, #event or phase, then Enter", id="jump-input")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())
