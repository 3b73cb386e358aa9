"""The start menu, and the list of saved games to resume or replay.

Imports nothing of the engine: this is the first screen, and it must be up fast.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.markup import escape as esc
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from wargame.tui.exercise import SAVES_DIR, list_saves, save_info


class NewGame(Message):
    """Set up a new game (a seminar game, or solo practice)."""

    def __init__(
        self, solo: bool, scenario_path: str | None = None, decks: tuple[str, ...] = (), moves: str | None = None
    ) -> None:
        super().__init__()
        self.solo = solo
        self.scenario_path = scenario_path
        self.decks = decks
        """Extra inject decks to play with."""
        self.moves = moves
        """A prepared opening: a moves file whose rounds are played first."""


class OpenSave(Message):
    """Open a saved game, to resume it or to replay it."""

    def __init__(self, path: str, purpose: str) -> None:
        super().__init__()
        self.path = path
        self.purpose = purpose


MENU = [
    ("new", "New seminar game", "four delegations take turns at one keyboard"),
    ("solo", "Solo practice", "play one seat; bots play the other three"),
    ("resume", "Resume a game", "carry on a saved game exactly where it stood"),
    ("replay", "Replay a game", "go through a saved game for the debrief"),
    ("quit", "Quit", ""),
]


class StartScreen(Screen[None]):
    """What to do: a new game, solo practice, resume, replay, quit."""

    TITLE_TEXT = "Start"
    GUIDE = """[b]The start menu[/]

A negotiation exercise: the United States, Russia, Ukraine and Europe try to
end the war over a term sheet, through a ceasefire, a framework and a treaty.
Rules drawn from published analysis decide what each move does, and each
rule says why.

[b]New seminar game[/]: up to four teams share this keyboard. Each seat plays
in turn; between seats a handoff screen hides everything private.
[b]Solo practice[/]: you play one seat, bots play the others.
[b]Resume[/]: every move is saved as it is made; pick the game up where it stood.
[b]Replay[/]: go through a saved game for the after-action review."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "choose('new')", "New game", id="start.new", tooltip="Set up a seminar game"),
        Binding("s", "choose('solo')", "Solo", id="start.solo", tooltip="Practise one seat against bots"),
        Binding("r", "choose('resume')", "Resume", id="start.resume", tooltip="Carry on a saved game"),
        Binding("p", "choose('replay')", "Replay", id="start.replay", tooltip="Go through a saved game"),
        Binding("q", "choose('quit')", "Quit", id="start.quit", tooltip="Leave wargame", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="start-box"):
            yield Static("[b]wargame[/]", id="start-title")
            yield Static("Negotiating an end to the Russia-Ukraine war: a seminar exercise", id="start-sub")
            yield OptionList(
                *[
                    Option(f"[b]{title}[/]" + (f"\n  [dim]{hint}[/]" if hint else ""), id=key)
                    for key, title, hint in MENU
                ],
                id="start-menu",
            )
        yield Footer()

    @on(OptionList.OptionSelected, "#start-menu")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_choose(event.option.id)

    def action_choose(self, what: str) -> None:
        if what == "quit":
            self.app.exit()
        elif what in ("new", "solo"):
            self.post_message(NewGame(solo=what == "solo"))
        elif what in ("resume", "replay"):
            if not list_saves(SAVES_DIR):
                self.notify(f"No saved games in {SAVES_DIR}/ yet.", timeout=4)
                return
            self.app.push_screen(SavesScreen(what))


class SavesScreen(Screen[None]):
    """The saved games, most recent first."""

    TITLE_TEXT = "Saved games"
    GUIDE = """[b]Saved games[/]

Every game is saved in the saves folder as it is played, one line per move.
Choose one with the arrows and Enter. Resuming carries on exactly where the
game stood, with the same seat to move; replaying goes through it for the debrief."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="saves.back", tooltip="Back to the start menu"),
    ]

    def __init__(self, purpose: str) -> None:
        super().__init__()
        self.purpose = purpose

    def compose(self) -> ComposeResult:
        verb = "resume" if self.purpose == "resume" else "replay"
        yield Static(f"[b]Choose a game to {verb}[/] (most recent first)", classes="screen-title")
        saves = list_saves(SAVES_DIR)[:200]
        options = []
        for path in saves:
            info = save_info(path)
            if self.purpose == "resume" and info.over:
                continue  # nothing to resume in a game that is over
            options.append(Option(f"{esc(info.line())}\n  [dim]{esc(path)}[/]", id=path))
        if not options:
            options.append(Option("[i]No game to resume: every saved game is over.[/]", disabled=True))
        yield OptionList(*options, id="saves-list")
        yield Footer()

    @on(OptionList.OptionSelected, "#saves-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss()
            self.post_message(OpenSave(event.option.id, self.purpose))

    def action_back(self) -> None:
        self.dismiss()
