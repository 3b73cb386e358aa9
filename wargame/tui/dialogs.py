"""Small dialogs: confirm, PIN, a text to read, and the help for a screen."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from wargame.tui.prose import Prose


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; y says yes, Escape or n says no.

    Enter presses the focused button: "yes" by default, "no" with
    `careful=True` (a vote, say), so Enter alone never commits to it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Answer yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="Answer no"),
    ]

    def __init__(
        self, question: str, detail: str = "", yes: str = "Yes", no: str = "No", careful: bool = False
    ) -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no
        self.careful = careful
        """Focus "no": only y (or a click on yes) says yes."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.question, classes="dialog-title")
            if self.detail:
                yield Static(self.detail, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="primary")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no" if self.careful else "#yes", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class QuitScreen(ConfirmScreen):
    """Quitting asks first; ctrl+q again quits."""

    def __init__(self) -> None:
        super().__init__(
            "Quit wargame?",
            "Every move is already saved. `wargame resume` picks the game up exactly where it stands.",
            yes="Quit",
            no="Stay",
        )


class PinScreen(ModalScreen[str | None]):
    """Asks for the facilitator's PIN (the answer is checked by the caller)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pin.cancel", tooltip="Close without opening the console"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Facilitator's PIN", classes="dialog-title")
            yield Input(password=True, placeholder="PIN, then Enter", id="pin")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class TextScreen(ModalScreen[None]):
    """A text to read (help, a hint); any of Escape, Enter or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q,f1", "close", "Close", id="text.close", tooltip="Close this and go back"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        # a short text (a hint) gets a box that fits it; a long one (help) the screen
        with Vertical(classes="dialog-box wide" + (" tall" if self.text.count("\n") > 12 else "")):
            yield Static(self.title_text, classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Prose(self.text, classes="dialog-text")
            yield Static("[dim]↑↓ scroll · Escape or Enter closes[/]", classes="dialog-foot")

    def action_close(self) -> None:
        self.dismiss(None)


def reflow(text: str) -> str:
    """Join the lines of each paragraph (the wrapping is the screen's job); a
    line that starts with bold text or a bullet starts a new line."""
    out: list[str] = []
    for line in text.strip().split("\n"):
        line = line.strip()
        if out and out[-1] and line and not line.startswith(("[b]", "•", "-")):
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)


def help_text(guide: str, keys: list[tuple[str, str, str]]) -> str:
    """A screen's guide followed by its keys (key, what, longer tooltip)."""
    out = [reflow(guide), "", "[b]Keys on this screen[/]"]
    for key, what, tip in keys:
        out.append(f"  [b]{key:<10}[/] {what}" + (f" [dim]— {tip}[/]" if tip and tip != what else ""))
    out += [
        "",
        "[b]Everywhere[/]",
        "  [b]F1[/]         this help",
        "  [b]F2[/]         the facilitator's console (may ask for a PIN)",
        "  [b]F3[/]         projector mode: high contrast, bold (also enlarge the terminal's font)",
        "  [b]ctrl+p[/]     the command palette",
        "  [b]ctrl+q[/]     quit (asks first; the game is always saved)",
        "  The mouse works too: click tabs, lists and buttons.",
    ]
    return "\n".join(out)
