"""What every screen of a game in progress shares.

A game screen stands for one step of the exercise (a seat's turn, a vote, the
bots playing, a round's result, the end). It is handed the exercise (an
attribute, down) and, when its step is done, posts `Advance` (a message, up);
the app then asks the exercise what comes next and switches screens. Screens
replace one another (`switch_screen`), so nothing of a seat's private view
stays behind in the screen stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.message import Message
from textual.screen import Screen

if TYPE_CHECKING:
    from wargame.tui.exercise import Exercise, Step


class Advance(Message):
    """This step is done: the app should show what comes next."""

    def __init__(self, handed_off: bool = False) -> None:
        super().__init__()
        self.handed_off = handed_off
        """The keyboard has just been handed to the seat to move: show its screen."""


class GameReady(Message):
    """A new game has been made and saved: play it."""

    def __init__(self, exercise: Exercise) -> None:
        super().__init__()
        self.exercise = exercise


class GameScreen(Screen[None]):
    """A screen for one step of a game in progress."""

    GUIDE: ClassVar[str] = ""
    """What this screen is for and how to use it (the help screen shows it)."""

    def __init__(self, exercise: Exercise, step: Step | None = None) -> None:
        super().__init__()
        self.exercise = exercise
        self.step = step if step is not None else exercise.next_step()
        self.seen_events = len(exercise.game.events)

    def done(self) -> None:
        self.post_message(Advance())

    def on_screen_resume(self) -> None:
        """Back on top (after the help, a dialog or the facilitator's console)."""
        self.game_changed()

    def game_changed(self) -> None:
        """The game may have moved under this screen (the facilitator's console,
        a queued inject): if what comes next changed, move on; else refresh."""
        if len(self.exercise.game.events) == self.seen_events:
            return
        self.seen_events = len(self.exercise.game.events)
        if self.exercise.next_step() != self.step:
            self.done()
        else:
            self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw what may have changed in the game (drafts are kept)."""
