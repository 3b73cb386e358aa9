"""Small dialogs: confirm, PIN, a text to read, and the help for a screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Static

from wargame.tui.pin import PinGate
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


class PinScreen(ModalScreen[bool]):
    """Asks for the facilitator's PIN and checks it: dismissed with True once
    it is right, False on Escape. Wrong tries make the next one wait
    (`PinGate`), so guessing at the keyboard is slow."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pin.cancel", tooltip="Close; nothing is opened"),
    ]

    def __init__(self, check: Callable[[str], bool], gate: PinGate | None = None, purpose: str = "") -> None:
        super().__init__(classes="dialog")
        self.check = check
        self.gate = gate if gate is not None else PinGate()
        self.purpose = purpose

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Facilitator's PIN", classes="dialog-title")
            if self.purpose:
                yield Static(self.purpose, classes="dialog-text")
            yield Input(password=True, placeholder="PIN, then Enter", id="pin")
            yield Static("", id="pin-problem", classes="dialog-text")

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.query_one("#pin-problem", Static)
        box = self.query_one("#pin", Input)
        wait = self.gate.wait()
        if wait > 0:
            problem.update(f"[b $error]Too many wrong tries: wait {wait:.0f} s.[/]")
            return
        if self.check(event.value):
            self.gate.passed()
            self.dismiss(True)
            return
        box.value = ""
        delay = self.gate.failed()
        more = f" The next try in {delay:.0f} s." if delay else ""
        problem.update(f"[b $error]Wrong PIN.[/]{more}")
        self.notify("Wrong PIN." + more, severity="error", timeout=3)


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


def screen_help(app: App[Any], screen: Screen[Any]) -> TextScreen:
    """The help for a screen: its guide, then its keys (each action once)."""
    guide = getattr(screen, "GUIDE", "") or "Use the keys in the footer, or the mouse."
    keys: list[tuple[str, str, str]] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        # Ours all have an id; Textual's own (focus next, copy) are not the game's keys.
        if binding.description and binding.id and isinstance(active.node, Screen):
            keys.append((binding.key_display or app.get_key_display(binding), binding.description, binding.tooltip))
    text = help_text(guide, keys, everywhere=hasattr(app, "action_facilitator"))
    return TextScreen(f"Help: {getattr(screen, 'TITLE_TEXT', '') or 'wargame'}", text)


def _literal(text: str) -> str:
    """Text shown as it is inside markup: every bracket escaped (a key can be `[`)."""
    return text.replace("[", "\\[")


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


def help_text(guide: str, keys: list[tuple[str, str, str]], everywhere: bool = True) -> str:
    """A screen's guide followed by its keys (key, what, longer tooltip)."""
    out = [reflow(guide), "", "[b]Keys on this screen[/]"]
    seen: set[str] = set()
    for key, what, tip in keys:
        if what in seen:  # one action bound to two keys is listed once
            continue
        seen.add(what)
        out.append(
            f"  [b]{_literal(f'{key:<10}')}[/] {escape(what)}"
            + (f" [dim]— {escape(tip)}[/]" if tip and tip != what else "")
        )
    if not everywhere:
        return "\n".join([*out, "", "  [b]F1[/]         this help. The mouse works too."])
    out += [
        "",
        "[b]Everywhere[/]",
        "  [b]F1[/]         this help",
        "  [b]F2[/]         the facilitator's console (may ask for a PIN)",
        "  [b]F3[/]         projector mode: high contrast, bold (also enlarge the terminal's font)",
        "  [b]ctrl+p[/]     the command palette: this screen's actions, help, projector, quit",
        "  [b]ctrl+q[/]     quit (asks first; the game is always saved)",
        "  The mouse works too: click tabs, lists and buttons.",
    ]
    return "\n".join(out)
